/// The fuzzer's fast engine: the state of one object in fixed native buffers
/// (words as `UInt128`, truth as `Int64` counts in `UInt128` slots, ideal
/// values as `Int128`),
/// stepped by a ``NativeMachine`` with no allocation per step.
///
/// Bursts are jumped natively where their conditions allow
/// (``jumpingBurst(_:count:plan:probes:repeatingSegments:startingAt:recorder:)``); the rest of a burst of
/// at most ``nativeBurstLimit`` steps is stepped natively, that of a longer
/// one runs on the exact ``Machine``, and so does
/// everything after a burst leaves the truth outside the native range (a
/// count of 2^61 or more, an ideal value beyond 2^125); the state moves back
/// to the native buffers when it fits again. (Native single steps move a
/// count by one: from below 2^61 they never reach the 2^62 up to which the
/// compiled conditions are exact.) A noncopyable value that owns its
/// buffers: one engine per job, moved, never shared.
///
/// The hot path touches no class reference, closure or array: the compiled
/// machine lives in raw buffers (a flat program of ``NativeInstruction``s,
/// plain operation, effect, fixup and predicate records), conditions run
/// through a ``NativeEvaluator`` (fused tests inline, other programs in a
/// switch loop), and the lifetime driver's single steps count their outcomes
/// in a local buffer flushed to the recorder at the end of each lifetime
/// (``countedStep(_:recorder:)``).
///
/// Built with `REFBITS_INTERNAL_CHECKS`, every native step is compared with
/// ``Machine/step(_:_:)`` from the same state, and every hand-off to the
/// native buffers with the state handed off (``InternalChecks``).
struct NativeEngine: ~Copyable {
  let native: NativeMachine
  var machine: Machine { native.machine }
  let initial: State

  let words: UnsafeMutablePointer<UInt128>
  let newWords: UnsafeMutablePointer<UInt128>
  let midWords: UnsafeMutablePointer<UInt128>
  /// Truth slots, as the program reads them: held counts by kind, then the
  /// total, each an `Int64` in two's complement.
  let truth: UnsafeMutablePointer<UInt128>
  var byActor: UnsafeMutablePointer<Int64>
  var actorCapacity: Int
  let ideal: UnsafeMutablePointer<Int128>
  let idealNew: UnsafeMutablePointer<Int128>
  let expected: UnsafeMutablePointer<Int128>
  /// Per predicate, its standing on the current state: `when << 1 | means`
  /// (code that writes it calls ``standingBytesChanged()``); and on the
  /// state after the step being taken.
  let standing: UnsafeMutablePointer<UInt8>
  let standingAfter: UnsafeMutablePointer<UInt8>
  /// Per predicate: whether it is `freed` (``NativeMachine/freed``).
  let freedPredicate: UnsafeMutablePointer<Bool>
  /// Whether the object is dead on the current state (``Machine/isDead(_:)``).
  var dead = false
  /// The standings as a bit set (predicate `p`'s byte at bits `2p...2p+1`),
  /// kept with ``standing`` when there are at most 32 predicates, for
  /// ``flatStep(_:kind:actor:)``; and the bits of the `freed` predicates'
  /// `means`.
  var standingBits: UInt64 = 0
  let freedMeans: UInt64
  /// ``FlatStep/records(_:)``: per operation record, its flat step.
  let flatSteps: UnsafeMutablePointer<FlatStep>
  let flatChecks: UnsafeMutablePointer<FlatStep.Check>
  /// ``FlatStep/tests``, reading this engine's buffers.
  let flatTests: UnsafeMutablePointer<FlatStep.BoundTest>
  /// ``NativeMachine/onsets`` and ``NativeMachine/quietWhenUnchanged``.
  let onsets: UnsafeMutablePointer<Int32>
  let quietWhenUnchanged: Bool
  let emitted: UnsafeMutablePointer<Int32>
  var emittedCount = 0
  /// Single-step outcome counts not yet given to the recorder, and which
  /// outcomes the recorder is known to have seen (see ``countedStep``).
  let pending: UnsafeMutablePointer<UInt64>
  let seen: UnsafeMutablePointer<Bool>
  let outcomeCount: Int
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
  /// ``NativeMachine/narrowFields``.
  let narrowFields: UnsafeMutablePointer<NativeMachine.NarrowField>
  /// ``NativeMachine/rereads``.
  let rereads: UnsafeMutablePointer<UInt8>
  /// ``NativeMachine/wordDeltas`` and ``NativeMachine/fieldChecks``.
  let wordDeltas: UnsafeMutablePointer<NativeMachine.WordDelta>
  let fieldChecks: UnsafeMutablePointer<NativeMachine.FieldCheck>
  /// ``NativeMachine/predicateTests``.
  let predicateTests: UnsafeMutablePointer<NativeMachine.PredicateTest>
  let fieldOverflow: UnsafeMutablePointer<Int32>
  let wordOverflow: UnsafeMutablePointer<Int32>
  let operations: UnsafeMutablePointer<NativeMachine.Operation>
  let effects: UnsafeMutablePointer<NativeMachine.Effect>
  let fixups: UnsafeMutablePointer<NativeMachine.Fixup>
  let predicates: UnsafeMutablePointer<NativeMachine.Predicate>
  let program: UnsafeMutablePointer<NativeInstruction>
  let registers: UnsafeMutablePointer<Int128>
  let bases: UnsafeMutablePointer<UnsafePointer<UInt128>>
  let evaluator: NativeEvaluator
  let trapped: Int32, saturated: Int32, spilled: Int32
  /// Set while the state lives in the exact machine.
  var exact: State?
  /// The flat steps compiled ahead of time for this engine's records, if
  /// any (``ShippedFlatSteps/matching(_:)``), for the fused loop of
  /// ``singleStepLifetime(_:operations:rng:queues:recorder:stop:)``.
  var compiledSteps: (any CompiledFlatSteps.Type)? = nil
  /// Single steps one burst may take (``Machine/fuzzBurstSingleStepBudget``).
  let burstBudget: Int
  /// The exact bulk runs of its bursts so far, and its jumping bursts
  /// with segment repeats (``BurstMemo``).
  var bulkRunMemo = BurstMemo<BulkRunKey, BulkResult>()
  var jumpingBurstMemo = BurstMemo<JumpingBurstKey, JumpingBurst>()
  #if REFBITS_INTERNAL_CHECKS
  /// The reference step's view of the native state, when known (after a
  /// checked step or a load), and the predicates' standing on it: a checked
  /// step then costs one reference step.
  var reference: (state: State, standing: [Standing]?)? = nil
  #endif

  /// Counts and ideal values must stay below these to step natively.
  static let truthLimit: Int64 = 1 << 61
  static let idealLimit: Int128 = 1 << 125
  /// Bursts up to this many steps run as native steps (jumped, then single
  /// steps: ``shortJumpLength``): a native
  /// step costs tens of nanoseconds, a burst on the exact machine tens of
  /// microseconds whatever its count (measured in release on the shipped
  /// flood workloads), so up to here stepping is the cheaper of the two.
  static let nativeBurstLimit = 1024

  /// An engine for `native` in state `initial`, for `actors` actors (more
  /// as they come); with `flatSteps` false, it never takes a flat step (for
  /// tests comparing the two paths).
  init(native: NativeMachine, initial: State, actors: Int, burstBudget: Int = Machine.fuzzBurstSingleStepBudget, flatSteps useFlatSteps: Bool = true) {
    self.native = native
    self.burstBudget = burstBudget
    self.initial = initial
    let w = max(1, native.wordCount), f = max(1, native.fieldCount), k = max(1, native.kindCount)
    words = .allocate(capacity: w)
    newWords = .allocate(capacity: w)
    midWords = .allocate(capacity: w)
    words.initialize(repeating: 0, count: w)
    newWords.initialize(repeating: 0, count: w)
    midWords.initialize(repeating: 0, count: w)
    truth = .allocate(capacity: native.kindCount + 1)
    truth.initialize(repeating: 0, count: native.kindCount + 1)
    actorCapacity = max(1, actors)
    byActor = .allocate(capacity: actorCapacity * k)
    byActor.initialize(repeating: 0, count: actorCapacity * k)
    ideal = .allocate(capacity: f)
    idealNew = .allocate(capacity: f)
    expected = .allocate(capacity: f)
    standing = .allocate(capacity: max(1, native.predicates.count))
    standing.initialize(repeating: 0, count: max(1, native.predicates.count))
    standingAfter = .allocate(capacity: max(1, native.predicates.count))
    standingAfter.initialize(repeating: 0, count: max(1, native.predicates.count))
    outcomeCount = native.outcomes.count
    emitted = .allocate(capacity: native.outcomes.count + native.fieldCount + native.wordCount + 8)
    pending = .allocate(capacity: max(1, outcomeCount))
    pending.initialize(repeating: 0, count: max(1, outcomeCount))
    seen = .allocate(capacity: max(1, outcomeCount))
    seen.initialize(repeating: false, count: max(1, outcomeCount))
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
    narrowFields = copy(native.narrowFields)
    rereads = copy(native.rereads)
    predicateTests = copy(native.predicateTests)
    wordDeltas = copy(native.wordDeltas)
    fieldChecks = copy(native.fieldChecks)
    fieldOverflow = copy(native.outcomes.fieldOverflow)
    wordOverflow = copy(native.outcomes.wordOverflow)
    operations = copy(native.operations)
    effects = copy(native.effects)
    fixups = copy(native.fixups)
    predicates = copy(native.predicates)
    onsets = copy(native.onsets)
    quietWhenUnchanged = native.quietWhenUnchanged
    freedPredicate = copy(native.freed)
    freedMeans = native.freed.indices.reduce(0) { m, p in native.freed[p] && p < 32 ? m | 1 << (2 * p) : m }
    let flat = FlatStep.records(native)
    flatSteps = copy(useFlatSteps ? flat.steps : flat.steps.map { _ in FlatStep() })
    flatChecks = copy(flat.checks)
    let (w0, t0) = (UnsafeRawPointer(words), UnsafeRawPointer(truth))
    flatTests = copy(flat.tests.map { $0.bound(words: w0, truth: t0) })
    program = copy(native.program.instructions)
    registers = .allocate(capacity: native.program.registerCount)
    registers.initialize(repeating: 0, count: native.program.registerCount)
    bases = .allocate(capacity: 3)
    bases.initialize(to: UnsafePointer(words))
    (bases + 1).initialize(to: UnsafePointer(words))
    (bases + 2).initialize(to: UnsafePointer(truth))
    evaluator = NativeEvaluator(program: program, registers: registers, bases: bases)
    trapped = native.outcomes.trapped
    saturated = native.outcomes.saturated
    spilled = native.outcomes.spilled
    reset()
  }

  deinit {
    words.deallocate(); newWords.deallocate(); midWords.deallocate()
    truth.deallocate(); byActor.deallocate()
    ideal.deallocate(); idealNew.deallocate(); expected.deallocate()
    standing.deallocate(); standingAfter.deallocate(); freedPredicate.deallocate(); onsets.deallocate(); emitted.deallocate(); pending.deallocate(); seen.deallocate()
    wordMask.deallocate(); gapMask.deallocate()
    fieldWord.deallocate(); fieldLSB.deallocate(); fieldMask.deallocate(); fieldMaskInPlace.deallocate(); fieldSign.deallocate()
    narrowFields.deallocate(); rereads.deallocate(); predicateTests.deallocate(); wordDeltas.deallocate(); fieldChecks.deallocate()
    fieldOverflow.deallocate(); wordOverflow.deallocate()
    operations.deallocate(); effects.deallocate(); fixups.deallocate(); predicates.deallocate()
    program.deallocate(); registers.deallocate(); bases.deallocate()
    flatSteps.deallocate(); flatChecks.deallocate(); flatTests.deallocate()
  }

  /// The reading of field `f` in `words`, as declared: from one 64-bit half
  /// of its word when the field lies in one (``NativeMachine/NarrowField``).
  @inline(__always)
  func reading(_ f: Int, _ words: UnsafePointer<UInt128>) -> Int128 {
    let n = narrowFields + f
    if n.pointee.offset >= 0 {
      let half = UnsafeRawPointer(words).load(fromByteOffset: n.pointee.offset, as: UInt64.self)
      let raw = (half &>> n.pointee.shift) & n.pointee.mask
      let s = n.pointee.sign
      return Int128(Int64(bitPattern: (raw ^ s) &- s))
    }
    let raw = (words[fieldWord[f]] &>> fieldLSB[f]) & fieldMask[f]
    let s = fieldSign[f]
    return Int128(truncatingIfNeeded: (raw ^ s) &- s)
  }

  /// Held count of a kind (native state).
  @inline(__always)
  func heldCount(_ kind: Int) -> Int64 { Int64(truncatingIfNeeded: truth[kind]) }

  var total: Int64 { Int64(truncatingIfNeeded: truth[kindCount]) }

  mutating func reset() {
    if !load(initial) { exact = initial }
  }

  /// Loads an exact state into the native buffers; false if it does not fit.
  mutating func load(_ s: State) -> Bool {
    #if REFBITS_INTERNAL_CHECKS
    let loaded = uncheckedLoad(s)
    InternalChecks.verify(loaded && exactState() != s ? "the native buffers read back \(exactState()) after loading \(s)" : nil)
    reference = loaded ? (s, nil) : nil
    return loaded
    #else
    return uncheckedLoad(s)
    #endif
  }

  @inline(__always)
  mutating func uncheckedLoad(_ s: State) -> Bool {
    let k = native.kindCount
    guard s.truth.total < BigInt(Self.truthLimit) else { return false }
    for v in s.truth.held { guard !v.isNegative, v < BigInt(Self.truthLimit) else { return false } }
    for v in s.truth.ideal { guard let x = v.int128, x.magnitude < Self.idealLimit.magnitude else { return false } }
    if let top = s.truth.byActor.keys.max(), top >= actorCapacity { growActors(top + 1) }
    for i in 0..<native.wordCount { words[i] = s.words[i] }
    for i in 0..<k { truth[i] = UInt128(truncatingIfNeeded: s.truth.held[i].int64!) }
    truth[k] = UInt128(truncatingIfNeeded: s.truth.total.int64!)
    byActor.update(repeating: 0, count: actorCapacity * max(1, k))
    for (a, counts) in s.truth.byActor {
      for i in 0..<k { byActor[a * k + i] = counts[i].int64! }
    }
    for i in 0..<native.fieldCount { ideal[i] = s.truth.ideal[i].int128! }
    dead = false
    for p in 0..<predicateCount {
      let (w, m) = machine.predicate(p, on: s)
      standing[p] = (w ? 2 : 0) | (m ? 1 : 0)
      if m && freedPredicate[p] { dead = true }
    }
    standingBytesChanged()
    exact = nil
    return true
  }

  /// Brings ``standingBits`` back in line with ``standing``, after code
  /// outside the engine wrote it (a search restoring a state it kept).
  mutating func standingBytesChanged() {
    standingBits = 0
    for p in 0..<predicateCount { standingBits |= UInt64(standing[p]) << (2 * p) }
  }

  mutating func growActors(_ n: Int) {
    let k = max(1, native.kindCount)
    let bigger = UnsafeMutablePointer<Int64>.allocate(capacity: n * k)
    bigger.initialize(repeating: 0, count: n * k)
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
      truth: Truth(held: (0..<k).map { BigInt(heldCount($0)) }, byActor: byActorDict, ideal: (0..<native.fieldCount).map { BigInt(ideal[$0]) }))
  }

  @inline(__always)
  mutating func emit(_ id: Int32) {
    emitted[emittedCount] = id
    emittedCount &+= 1
  }

  /// One step on the native buffers: exactly ``Machine/step(_:_:)``.
  /// The outcomes are left in `emitted[0..<emittedCount]`.
  @inline(__always)
  mutating func nativeStep(_ op: Op) -> Bool {
    #if REFBITS_INTERNAL_CHECKS
    return checkedStep(op) { $0.uncheckedStep(op) }
    #else
    return uncheckedStep(op)
    #endif
  }

  #if REFBITS_INTERNAL_CHECKS
  /// `step`, which takes `op` on the native buffers, compared with
  /// ``Machine/step(_:_:)`` from the same state.
  mutating func checkedStep(_ op: Op, _ step: (inout NativeEngine) -> Bool) -> Bool {
    let before = reference ?? (exactState(), nil)
    let applied = step(&self)
    let (discrepancy, after) = check(op, from: before.state, standing: before.standing, applied: applied)
    InternalChecks.verify(discrepancy)
    reference = after.map { ($0.state, $0.standing) }
    return applied
  }
  #endif

  /// How the step just taken differs from ``Machine/step(_:_:)`` from
  /// `before`, if it does: whether it applied, its outcomes, the state after.
  func stepDiscrepancy(_ op: Op, from before: State, applied: Bool) -> String? {
    check(op, from: before, standing: nil, applied: applied).discrepancy
  }

  /// ``stepDiscrepancy(_:from:applied:)`` given the predicates' standing on
  /// `before` when known, with the reference step's result.
  func check(_ op: Op, from before: State, standing: [Standing]?, applied: Bool) -> (discrepancy: String?, reference: StepResult?) {
    let r: StepResult
    do { r = try machine.step(before, op, standingBefore: standing) } catch {
      return ("the native engine took a step the machine refuses: \(error)", nil)
    }
    let expected = r.outcomes.map { native.outcomes.id(of: $0) ?? -1 }.sorted()
    let got = (0..<emittedCount).map { Int(emitted[$0]) }.sorted()
    guard applied == r.applied, got == expected, holds(r.state, actor: op.actor) else {
      return ("native step \(op) from \(before): applied \(applied), outcomes \(got), state \(exactState()); the machine: applied \(r.applied), outcomes \(expected), state \(r.state)", r)
    }
    return (nil, r)
  }

  /// Whether the native buffers hold `s`: its words, held counts, ideal
  /// values, and what `actor` holds (a native step changes no other
  /// actor's counts). Cheaper than comparing with ``exactState()``.
  func holds(_ s: State, actor: Int) -> Bool {
    for w in 0..<wordCount where words[w] != s.words[w] { return false }
    for k in 0..<kindCount {
      guard BigInt(heldCount(k)) == s.truth.held[k], BigInt(byActor[actor * kindCount + k]) == s.truth.held(k, by: actor) else { return false }
    }
    for f in 0..<fieldCount where BigInt(ideal[f]) != s.truth.ideal[f] { return false }
    return BigInt(total) == s.truth.total
  }

  @inline(__always)
  mutating func uncheckedStep(_ op: Op) -> Bool {
    emittedCount = 0
    // The record of the action, and the kind whose truth it moves (an
    // operation's `sign` is 0: it moves kind 0's slots by nothing).
    let index = native.index(op.action)
    let kind = op.kind ?? 0
    let flat = flatSteps + index
    if flat.pointee.usable { return flatStep(flat, kind: kind, actor: op.actor) }
    let o = operations + index
    // `bases[0]` is always the words; the last step may have left
    // `bases[1]` on the new or mid words.
    bases[1] = UnsafePointer(words)
    if o.pointee.refuse.exists && evaluator.test(o.pointee.refuse) {
      emit(o.pointee.refused)
      return false
    }
    if o.pointee.simple {
      simpleStep(o, index: index, kind: kind, actor: op.actor)
      return true
    }
    return fullStep(o, index: index, kind: kind, actor: op.actor)
  }

  /// The rest of a step of a ``NativeMachine/Operation/simple`` operation
  /// that was not refused: adds only, so nothing can stop it now. Only the
  /// words the operation adds to change, and only their fields are checked.
  /// Kept apart from ``fullStep(_:index:kind:actor:)`` so that the predicate
  /// checks inline into it.
  @inline(__always)
  mutating func simpleStep(_ o: UnsafeMutablePointer<NativeMachine.Operation>, index: Int, kind: Int, actor: Int) {
    let d0 = Int(o.pointee.wordDeltaFirst), d1 = Int(o.pointee.wordDeltaEnd)
    var i = d0
    while i < d1 {
      let d = wordDeltas + i
      let w = d.pointee.word
      newWords[w] = (words[w] &+ d.pointee.delta) & wordMask[w]
      i &+= 1
    }
    i = Int(o.pointee.fieldCheckFirst)
    let c1 = Int(o.pointee.fieldCheckEnd)
    while i < c1 {
      let c = fieldChecks + i
      let f = c.pointee.field, add = c.pointee.add
      if reading(f, newWords) != reading(f, words) &+ add { emit(fieldOverflow[f]) }
      ideal[f] &+= add
      i &+= 1
    }
    i = d0
    while i < d1 {
      let w = wordDeltas[i].word
      if (words[w] ^ newWords[w]) & gapMask[w] != 0 { emit(wordOverflow[w]) }
      words[w] = newWords[w]
      i &+= 1
    }
    let sign = o.pointee.sign
    let d = UInt128(truncatingIfNeeded: sign)
    truth[kind] &+= d
    truth[kindCount] &+= d
    byActor[actor &* kindCount &+ kind] &+= sign
    checkPredicates(index, frees: sign <= 0)
  }

  /// The rest of a step of any other operation that was not refused: main
  /// effects, trap, the first fixup whose condition holds, overflow checks,
  /// commit, predicates.
  @inline(never)
  mutating func fullStep(_ o: UnsafeMutablePointer<NativeMachine.Operation>, index: Int, kind: Int, actor: Int) -> Bool {
    let wc = wordCount, fc = fieldCount
    let ev = evaluator
    for w in 0..<wc { newWords[w] = words[w] }
    for f in 0..<fc {
      expected[f] = reading(f, words)
      idealNew[f] = ideal[f]
    }
    // Set values read the words before the step.
    apply(o.pointee.effectFirst, o.pointee.effectEnd)
    bases[1] = UnsafePointer(newWords)
    if o.pointee.trap.exists && ev.test(o.pointee.trap) {
      emit(trapped)
      return false
    }
    var applied = true
    var x = Int(o.pointee.fixupFirst)
    let fixupEnd = Int(o.pointee.fixupEnd)
    while x < fixupEnd {
      let fx = fixups + x
      x &+= 1
      guard ev.test(fx.pointee.when) else { continue }
      if fx.pointee.readsMid {
        for w in 0..<wc { midWords[w] = newWords[w] }
        bases[1] = UnsafePointer(midWords)
      }
      apply(fx.pointee.effectFirst, fx.pointee.effectEnd)
      switch fx.pointee.outcome {
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
    for f in 0..<fc where reading(f, newWords) != expected[f] { emit(fieldOverflow[f]) }
    for w in 0..<wc {
      if (words[w] ^ newWords[w]) & gapMask[w] != 0 { emit(wordOverflow[w]) }
      words[w] = newWords[w]
    }
    for f in 0..<fc { ideal[f] = idealNew[f] }
    if applied {
      let sign = o.pointee.sign
      let d = UInt128(truncatingIfNeeded: sign)
      truth[kind] &+= d
      truth[kindCount] &+= d
      byActor[actor &* kindCount &+ kind] &+= sign
    }
    checkPredicates(index, frees: o.pointee.sign <= 0)
    return applied
  }

  /// Emits the outcomes of the predicates' lies that start now, after a step
  /// of operation record `index`: every predicate's standing after the step
  /// first (whether the object is dead after it depends on all of them),
  /// then each one's entry in the onset table. A part of a predicate that
  /// the step cannot change (``NativeMachine/rereads``) keeps its standing
  /// without running its code. When no standing changed and the object is
  /// as dead or alive as before, the table is not read if it charges nothing
  /// for such steps (``NativeMachine/quietWhenUnchanged``): most steps.
  @inline(__always)
  mutating func checkPredicates(_ index: Int, frees: Bool) {
    let ev = evaluator
    bases[1] = UnsafePointer(words)
    var deadAfter = false
    var changed: UInt8 = 0
    var p = 0
    let reread = rereads + index &* predicateCount
    while p < predicateCount {
      let tests = predicateTests + (p &<< 1)
      let r = reread[p], before = standing[p]
      let when: UInt8 = r & 2 == 0 ? before & 2 : (test(tests, ev) ? 2 : 0)
      let means: UInt8 = r & 1 == 0 ? before & 1 : (test(tests + 1, ev) ? 1 : 0)
      let after = when | means
      standingAfter[p] = after
      changed |= after ^ before
      if after & 1 != 0 && freedPredicate[p] { deadAfter = true }
      p &+= 1
    }
    if changed == 0 && deadAfter == dead && quietWhenUnchanged {
      if emittedCount == 0 { emit(0) }
      return
    }
    let context = (frees ? 64 : 0) | (dead ? 32 : 0) | (deadAfter ? 16 : 0)
    var bits: UInt64 = 0
    p = 0
    while p < predicateCount {
      let after = standingAfter[p]
      let id = onsets[p &* 128 &+ (context | Int(standing[p] &<< 2 | after))]
      if id >= 0 { emit(id) }
      standing[p] = after
      // Beyond 32 predicates the bits are not used (no flat step).
      bits |= UInt64(after) << (2 &* p)
      p &+= 1
    }
    standingBits = bits
    dead = deadAfter
    if emittedCount == 0 { emit(0) }
  }

  /// Whether a predicate's condition holds on the current `bases`.
  @inline(__always)
  func test(_ t: UnsafePointer<NativeMachine.PredicateTest>, _ ev: NativeEvaluator) -> Bool {
    guard t.pointee.narrow else { return ev.test(t.pointee.code) }
    let word = UnsafeRawPointer(bases[Int(t.pointee.source)]).load(fromByteOffset: Int(t.pointee.offset), as: UInt64.self)
    let raw = (word &>> t.pointee.shift) & t.pointee.mask
    let s = t.pointee.sign
    let v = (raw ^ s) &- s
    return ((v &- t.pointee.lo) <= t.pointee.span) != t.pointee.invert
  }

  /// Applies effects `first..<end` to `newWords`, `expected` and `idealNew`;
  /// set values are read through `bases` (all before any is stored, as the
  /// exact machine does: they read the old or the mid words, never
  /// `newWords`).
  @inline(__always)
  mutating func apply(_ first: Int32, _ end: Int32) {
    var i = Int(first)
    let e = Int(end)
    while i < e {
      let eff = effects + i
      i &+= 1
      let w = Int(eff.pointee.word), f = Int(eff.pointee.field)
      if !eff.pointee.set.exists {
        newWords[w] = (newWords[w] &+ eff.pointee.delta) & wordMask[w]
        expected[f] &+= eff.pointee.add
        idealNew[f] &+= eff.pointee.add
        continue
      }
      let v = evaluator.run(eff.pointee.set)
      let bits = UInt128(truncatingIfNeeded: v) & fieldMask[f]
      newWords[w] = (newWords[w] & ~fieldMaskInPlace[f]) | (bits << fieldLSB[f])
      expected[f] = v
      idealNew[f] = v
    }
  }
}
