/// The fuzzer's fast engine: the state of one object in fixed native buffers
/// (words as `UInt128`, truth as `Int64` counts, ideal values as `Int128`),
/// stepped by a ``NativeMachine`` with no allocation per step.
///
/// Bursts of more than a few steps, and everything after the truth leaves
/// the native range (a count of 2^61 or more, an ideal value beyond 2^125),
/// run on the exact ``Machine``; the state moves back to the native buffers
/// when it fits again. A reference type: one engine per job, not shared.
final class NativeEngine: LifetimeEngine {
  let native: NativeMachine
  var machine: Machine { native.machine }
  let initial: State

  let words: UnsafeMutablePointer<UInt128>
  let newWords: UnsafeMutablePointer<UInt128>
  let midWords: UnsafeMutablePointer<UInt128>
  let held: UnsafeMutablePointer<Int64>
  var total: Int64 = 0
  var byActor: UnsafeMutablePointer<Int64>
  var actorCapacity: Int
  let ideal: UnsafeMutablePointer<Int128>
  let idealNew: UnsafeMutablePointer<Int128>
  let expected: UnsafeMutablePointer<Int128>
  let setValues: UnsafeMutablePointer<Int128>
  let lies: UnsafeMutablePointer<UInt8>
  let emitted: UnsafeMutablePointer<Int32>
  var emittedCount = 0
  // The machine's geometry and compiled operations, in flat buffers: the hot
  // path reads them without copying arrays or retaining.
  let wordCount: Int
  let fieldCount: Int
  let kindCount: Int
  let predicateCount: Int
  let wordMask: UnsafeMutablePointer<UInt128>
  let gapMask: UnsafeMutablePointer<UInt128>
  let fieldWord: UnsafeMutablePointer<Int>
  let fieldLSB: UnsafeMutablePointer<Int>
  let fieldMask: UnsafeMutablePointer<UInt128>
  let fieldMaskInPlace: UnsafeMutablePointer<UInt128>
  let fieldSign: UnsafeMutablePointer<UInt128>
  let fieldOverflow: UnsafeMutablePointer<Int32>
  let wordOverflow: UnsafeMutablePointer<Int32>
  let operations: UnsafeMutablePointer<NativeMachine.Operation>
  let predicates: UnsafeMutablePointer<NativeMachine.Predicate>
  let trapped: Int32, saturated: Int32, spilled: Int32
  /// Every operation's main effects, flat: operation `i`'s are
  /// `effects[effectStart[i] ..< effectStart[i + 1]]`.
  let effects: UnsafeMutablePointer<NativeMachine.Effect>
  let effectStart: UnsafeMutablePointer<Int>
  let effectCount: Int
  /// Set while the state lives in the exact machine.
  var exact: State?

  /// Counts and ideal values must stay below these to step natively.
  static let truthLimit: Int64 = 1 << 61
  static let idealLimit: Int128 = 1 << 125
  /// Bursts up to this many steps run as native single steps.
  static let nativeBurstLimit = 16

  init(native: NativeMachine, initial: State, actors: Int) {
    self.native = native
    self.initial = initial
    let w = max(1, native.wordCount), f = max(1, native.fieldCount), k = max(1, native.kindCount)
    words = .allocate(capacity: w)
    newWords = .allocate(capacity: w)
    midWords = .allocate(capacity: w)
    held = .allocate(capacity: k)
    actorCapacity = max(1, actors)
    byActor = .allocate(capacity: actorCapacity * k)
    ideal = .allocate(capacity: f)
    idealNew = .allocate(capacity: f)
    expected = .allocate(capacity: f)
    setValues = .allocate(capacity: f + 8)
    lies = .allocate(capacity: max(1, native.predicates.count))
    emitted = .allocate(capacity: native.outcomes.count + 8)
    func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
      let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
      p.initialize(from: a, count: a.count)
      return p
    }
    wordCount = native.wordCount
    fieldCount = native.fieldCount
    kindCount = native.kindCount
    predicateCount = native.predicates.count
    wordMask = copy(native.wordMask)
    gapMask = copy(native.gapMask)
    fieldWord = copy(native.fieldWord)
    fieldLSB = copy(native.fieldLSB)
    fieldMask = copy(native.fieldMask)
    fieldMaskInPlace = copy(native.fieldMaskInPlace)
    fieldSign = copy(native.fieldSign)
    fieldOverflow = copy(native.outcomes.fieldOverflow)
    wordOverflow = copy(native.outcomes.wordOverflow)
    operations = copy(native.operations)
    predicates = copy(native.predicates)
    trapped = native.outcomes.trapped
    saturated = native.outcomes.saturated
    spilled = native.outcomes.spilled
    let flat = native.operations.flatMap(\.effects)
    effects = copy(flat)
    effectCount = flat.count
    var starts = [0]
    for o in native.operations { starts.append(starts.last! + o.effects.count) }
    effectStart = copy(starts)
    reset()
  }

  deinit {
    words.deallocate(); newWords.deallocate(); midWords.deallocate()
    held.deallocate(); byActor.deallocate()
    ideal.deallocate(); idealNew.deallocate(); expected.deallocate(); setValues.deallocate()
    lies.deallocate(); emitted.deallocate()
    wordMask.deallocate(); gapMask.deallocate()
    fieldWord.deallocate(); fieldLSB.deallocate(); fieldMask.deallocate(); fieldMaskInPlace.deallocate(); fieldSign.deallocate()
    fieldOverflow.deallocate(); wordOverflow.deallocate()
    operations.deinitialize(count: native.operations.count); operations.deallocate()
    predicates.deinitialize(count: native.predicates.count); predicates.deallocate()
    effects.deinitialize(count: effectCount); effects.deallocate()
    effectStart.deallocate()
  }

  /// The reading of field `f` in `words`, as declared.
  @inline(__always)
  func reading(_ f: Int, _ words: UnsafePointer<UInt128>) -> Int128 {
    let raw = (words[fieldWord[f]] >> fieldLSB[f]) & fieldMask[f]
    let s = fieldSign[f]
    return Int128(truncatingIfNeeded: (raw ^ s) &- s)
  }

  func reset() {
    if !load(initial) { exact = initial }
  }

  /// Loads an exact state into the native buffers; false if it does not fit.
  func load(_ s: State) -> Bool {
    let k = native.kindCount
    guard s.truth.total < BigInt(Self.truthLimit) else { return false }
    for v in s.truth.held { guard !v.isNegative, v < BigInt(Self.truthLimit) else { return false } }
    for v in s.truth.ideal { guard let x = v.int128, x.magnitude < Self.idealLimit.magnitude else { return false } }
    if let top = s.truth.byActor.keys.max(), top >= actorCapacity { growActors(top + 1) }
    for i in 0..<native.wordCount { words[i] = s.words[i] }
    for i in 0..<k { held[i] = s.truth.held[i].int64! }
    total = s.truth.total.int64!
    byActor.update(repeating: 0, count: actorCapacity * k)
    for (a, counts) in s.truth.byActor {
      for i in 0..<k { byActor[a * k + i] = counts[i].int64! }
    }
    for i in 0..<native.fieldCount { ideal[i] = s.truth.ideal[i].int128! }
    let l = machine.lies(on: s)
    for (p, lie) in l.enumerated() { lies[p] = lie == .none ? 0 : (lie == .falsePositive ? 1 : 2) }
    exact = nil
    return true
  }

  func growActors(_ n: Int) {
    let k = max(1, native.kindCount)
    let bigger = UnsafeMutablePointer<Int64>.allocate(capacity: n * k)
    bigger.update(repeating: 0, count: n * k)
    bigger.update(from: byActor, count: actorCapacity * k)
    byActor.deallocate()
    byActor = bigger
    actorCapacity = n
  }

  func exactState() -> State {
    if let exact { return exact }
    let k = native.kindCount
    var byActorDict: [Int: [BigInt]] = [:]
    for a in 0..<actorCapacity {
      var any = false
      for i in 0..<k where byActor[a * k + i] != 0 { any = true }
      if any { byActorDict[a] = (0..<k).map { BigInt(byActor[a * k + $0]) } }
    }
    return State(
      words: (0..<native.wordCount).map { words[$0] },
      truth: Truth(held: (0..<k).map { BigInt(held[$0]) }, byActor: byActorDict, ideal: (0..<native.fieldCount).map { BigInt(ideal[$0]) }))
  }

  func held(_ kind: Int, by actor: Int) -> BigInt {
    if let exact { return exact.truth.held(kind, by: actor) }
    return actor < actorCapacity ? BigInt(byActor[actor * native.kindCount + kind]) : 0
  }

  func step(_ op: Op, recorder: inout OutcomeRecorder) -> Bool {
    if exact != nil {
      return exactStep(op, recorder: &recorder)
    }
    if op.actor >= actorCapacity { growActors(op.actor + 1) }
    let applied = nativeStep(op)
    for i in 0..<emittedCount { recorder.recordSingle(emitted[i]) }
    return applied
  }

  func exactStep(_ op: Op, recorder: inout OutcomeRecorder) -> Bool {
    let r: StepResult
    do { r = try machine.step(exact!, op) } catch { preconditionFailure("fuzz: \(error)") }
    for o in r.outcomes { recorder.recordSingle(Int32(native.outcomes.ids[o]!)) }
    if !load(r.state) { exact = r.state }
    return r.applied
  }

  func burst(_ op: Op, count: BigInt, recorder: inout OutcomeRecorder) -> (applied: BigInt, steps: BigInt) {
    if exact == nil, let n = count.int, n <= Self.nativeBurstLimit {
      if op.actor >= actorCapacity { growActors(op.actor + 1) }
      var applied = 0
      for j in 1...n {
        if nativeStep(op) { applied += 1 }
        for i in 0..<emittedCount { recorder.record(emitted[i], stepInOperation: BigInt(j)) }
      }
      return (BigInt(applied), count)
    }
    var s = exactState()
    let (applied, steps) = machine.fuzzBurst(&s, op, count: count, table: native.outcomes, recorder: &recorder)
    if !load(s) { exact = s }
    return (op.direction == .acquire ? applied : -applied, steps)
  }

  @inline(__always)
  func emit(_ id: Int32) {
    emitted[emittedCount] = id
    emittedCount += 1
  }

  /// One step on the native buffers: exactly ``Machine/step(_:_:)``.
  /// The outcomes are left in `emitted[0..<emittedCount]`.
  @inline(__always)
  func nativeStep(_ op: Op) -> Bool {
    emittedCount = 0
    let index = op.kind &* 2 &+ (op.direction == .acquire ? 0 : 1)
    let o = operations + index
    let wc = wordCount, fc = fieldCount
    let inputsOld = NativeInputs(old: words, new: words, held: held, total: total)
    if let refuse = o.pointee.refuse, refuse.evaluate(inputsOld) != 0 {
      emit(o.pointee.refused)
      return false
    }
    newWords.update(from: words, count: wc)
    for f in 0..<fc {
      expected[f] = reading(f, words)
      idealNew[f] = ideal[f]
    }
    for i in effectStart[index]..<effectStart[index &+ 1] { apply(effects + i, env: inputsOld) }
    let after = NativeInputs(old: words, new: newWords, held: held, total: total)
    if let trap = o.pointee.trap, trap.evaluate(after) != 0 {
      emit(trapped)
      return false
    }
    var applied = true
    if !o.pointee.fixups.isEmpty {
      for fx in o.pointee.fixups where fx.when.evaluate(after) != 0 {
        if fx.readsMid {
          midWords.update(from: newWords, count: wc)
          apply(fx.effects, env: NativeInputs(old: words, new: midWords, held: held, total: total))
        } else {
          apply(fx.effects, env: after)
        }
        switch fx.outcome {
        case .ok: break
        case .saturated: emit(saturated)
        case .spilled: emit(spilled)
        case .refused:
          emit(o.pointee.refused)
          applied = false
        case .trapped:
          emittedCount = 0
          emit(trapped)
          return false
        }
        break
      }
    }
    for f in 0..<fc where reading(f, newWords) != expected[f] { emit(fieldOverflow[f]) }
    for w in 0..<wc {
      if (words[w] ^ newWords[w]) & gapMask[w] != 0 { emit(wordOverflow[w]) }
      words[w] = newWords[w]
    }
    for f in 0..<fc { ideal[f] = idealNew[f] }
    if applied {
      let sign = o.pointee.sign
      held[op.kind] &+= sign
      total &+= sign
      byActor[op.actor &* kindCount &+ op.kind] &+= sign
    }
    let now = NativeInputs(old: words, new: words, held: held, total: total)
    for p in 0..<predicateCount {
      let pred = predicates + p
      let w = pred.pointee.when.evaluate(now) != 0, means = pred.pointee.means.evaluate(now) != 0
      let lie: UInt8 = w == means ? 0 : (w ? 1 : 2)
      if lie != lies[p] {
        if lie == 1 { emit(pred.pointee.falsePositive) } else if lie == 2 { emit(pred.pointee.falseNegative) }
        lies[p] = lie
      }
    }
    if emittedCount == 0 { emit(0) }
    return applied
  }

  /// Applies effects to `newWords`, `expected` and `idealNew`; set values are
  /// read from `env` (all before any is stored, as the exact machine does).
  @inline(__always)
  func apply(_ effects: [NativeMachine.Effect], env: NativeInputs) {
    effects.withUnsafeBufferPointer { b in
      for i in b.indices { apply(UnsafeMutablePointer(mutating: b.baseAddress! + i), env: env) }
    }
  }

  /// Applies one effect.
  @inline(__always)
  func apply(_ e: UnsafeMutablePointer<NativeMachine.Effect>, env: NativeInputs) {
    let w = e.pointee.word, f = e.pointee.field
    guard let s = e.pointee.set else {
      newWords[w] = (newWords[w] &+ e.pointee.delta) & wordMask[w]
      expected[f] &+= e.pointee.add
      idealNew[f] &+= e.pointee.add
      return
    }
    let v = s.evaluate(env)
    let bits = UInt128(truncatingIfNeeded: v) & fieldMask[f]
    newWords[w] = (newWords[w] & ~fieldMaskInPlace[f]) | (bits << fieldLSB[f])
    expected[f] = v
    idealNew[f] = v
  }
}
