extension NativeEngine {
  /// Native single steps one jumping burst may take before it goes on
  /// with segment repeats (``repeatingBurst(_:count:plan:startingAt:recorder:)``):
  /// most long bursts are over long before.
  static let jumpingBurstProbes = 8
  /// Native single steps a jumping burst with segment repeats may take
  /// before it gives the rest to the exact machine.
  static let repeatingBurstProbes = 1024
  /// Probes without a segment repeat after which a jumping burst with
  /// segment repeats gives the rest to the exact machine: a stretch of
  /// single steps (a condition the jumps cannot solve) costs less there.
  static let repeatingBurstPatience = 48

  /// Bursts of at least this many steps (and at most ``nativeBurstLimit``)
  /// are jumped before they are stepped: a probe and its jump cost about as
  /// much as a few dozen native single steps (in release on the shipped
  /// flood workloads, 4, 16 and 64 here gave the same times within noise).
  static let shortJumpLength = 16

  /// Probes a short burst may take before the rest of it is stepped
  /// natively: a burst whose jumps are cut every few steps costs little
  /// more than stepping it.
  static let shortJumpProbes = 4

  /// A burst after ``jumpingBurst(_:count:plan:probes:repeatingSegments:startingAt:recorder:)``: the steps that
  /// applied and ran, the native single steps taken, and whether the burst
  /// is over (all steps ran, or it ended early as the exact burst would:
  /// a stop was asked, or an acquire would bring a dead object back).
  struct JumpingBurst: Equatable, Sendable {
    var applied = 0
    var done = 0
    var probes = 0
    var over = false
    /// Whether it ended because a stop was asked.
    var stopped = false
    /// With segment repeats: the outcomes of its steps, the step at which
    /// each first appeared (1-based), and the state it ended in once over.
    var tally: [Outcome: BigInt] = [:]
    var firsts: [Outcome: Int] = [:]
    var state: State? = nil
  }

  /// Runs up to `count` steps of `op` on the native buffers, recording
  /// their outcomes as ``Machine/fuzzBurst(_:_:count:table:budget:recorder:startingAt:)``
  /// does: one native step (the probe), then a jump over every following
  /// step that provably repeats it, and again. The jump is
  /// ``NativeBurstPlan``'s closed form: the probe moved every field by a
  /// constant and took one path; the steps after it take the same path and
  /// move the same way as long as no field leaves its range, nor, if
  /// anything reads it signed, the half of its range it is in (no carry, no
  /// wrap, no sign change), no followed test changes its
  /// answer, set fields stay where the probe left them, the predicates keep
  /// their standing and the truth stays native. Each of these is an
  /// interval of a linear value, solved for the step number.
  ///
  /// With `repeatingSegments`, the probes and jumps are the iterations of
  /// a ``SegmentFinder``: when the last few moved the state, the step count
  /// and the outcomes by what the few before them did, and
  /// ``Machine/repeatSegment(_:_:watch:limit:)`` proves from the exact
  /// states at their ends that the stretch repeats, translated, the burst
  /// jumps over the repeats (a jump over a carry into the next field, then
  /// over the carries of that field into the one after it, and so on).
  ///
  /// Stops after `limit` probes (``JumpingBurst/over`` false), or with
  /// segment repeats after ``repeatingBurstPatience`` probes without one:
  /// the caller runs the rest on the exact machine (a burst longer than
  /// ``nativeBurstLimit``) or as native single steps (a shorter one, after
  /// ``shortJumpProbes``). Steps are numbered from `startingAt`.
  ///
  /// - Complexity: O(probes × (fields + tests)), independent of `count`.
  ///
  /// Built with `REFBITS_INTERNAL_CHECKS`, every probe is checked as a
  /// native step, and every jump and segment repeat against
  /// ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)`` from the same state.
  mutating func jumpingBurst(_ op: Op, count n: Int, plan: NativeBurstPlan, probes limit: Int, repeatingSegments: Bool = false, startingAt offset: Int = 0, recorder: inout OutcomeRecorder) -> JumpingBurst {
    if op.actor >= actorCapacity { growActors(op.actor + 1) }
    let index = native.index(op.action)
    let o = operations + index
    let kind = op.kind ?? 0
    let slot = op.actor * kindCount + kind
    let wc = wordCount, fc = fieldCount, tc = kindCount + 1
    let readsSigned = machine.readsSigned
    // The state before the probe: words, words after the main effects
    // (from it and from the state after the probe), truth slots.
    let scratch = UnsafeMutablePointer<UInt128>.allocate(capacity: 3 * max(1, wc) + tc)
    defer { scratch.deallocate() }
    let wordsA = scratch, midA = scratch + max(1, wc), midB = midA + max(1, wc), truthA = midB + max(1, wc)
    var idealA = [Int128](repeating: 0, count: fc), standingA = [UInt8](repeating: 0, count: predicateCount)
    var registersA = [Int128](repeating: 0, count: native.program.registerCount)
    var r = JumpingBurst()
    // With `repeatingSegments`: the iterations (a probe and its jump) so
    // far, and the outcomes of the burst so far, for segment repeats.
    var finder = repeatingSegments ? SegmentFinder(machine: machine, op: op, watch: nil) : nil
    let reader = machine.reader
    var lastRepeat = 0
    func buffer(_ p: UnsafeMutablePointer<UInt128>) -> [UInt128] { Array(UnsafeBufferPointer(start: p, count: wc)) }
    func over() -> JumpingBurst {
      r.over = true
      if finder != nil { r.state = exactState() }
      return r
    }
    while r.done < n {
      if let stop = recorder.stop, stop() { r.stopped = true; r.over = true; return r }
      // As the exact burst: an object that died in the burst is not brought back.
      if dead && op.isAcquire && !admits(op) { return over() }
      if r.probes >= limit { return r }
      // Segment repeats: given up after ``repeatingBurstPatience`` probes
      // without one.
      if finder != nil && r.probes - lastRepeat >= Self.repeatingBurstPatience { return r }
      if finder != nil, let jump = segmentJump(op, finder: &finder!, done: r.done, count: n, tally: r.tally) {
        // The iterations since the segment's start, repeated: the tally,
        // the held count and the state move as they did over it.
        for (o, k) in jump.tally {
          r.tally[o, default: 0] += k
          recorder.add(native.outcomes.ids[o]!, k)
        }
        r.done += jump.steps
        r.applied += jump.applied
        lastRepeat = r.probes
        if !load(jump.state) {
          // Outside the native range: the caller goes on from it exactly.
          exact = jump.state
          return r
        }
        continue
      }
      // The state before the probe, and the path the probe takes.
      for w in 0..<wc { wordsA[w] = words[w] }
      for t in 0..<tc { truthA[t] = truth[t] }
      for f in 0..<fc { idealA[f] = ideal[f] }
      for p in 0..<predicateCount { standingA[p] = standing[p] }
      let deadA = dead, actorA = byActor[slot]
      // The fields it sets: none when it is refused or traps, else those
      // of its main effects and of the fixup it takes.
      var sets: [Int] = []
      var taken = StepPath(refused: false, trapped: false, fixup: nil)
      if !o.pointee.simple {
        mid(o, into: midA)
        taken = stepPath(o, mid: midA)
        if !taken.refused && !taken.trapped { sets = plan.mainSets + (taken.fixup.map { plan.fixupSets[$0] } ?? []) }
      }
      // What the finder keeps of the probe: its words before, after the
      // main effects (a simple operation has nothing after them) and after,
      // and its fixup.
      var probe: (before: [UInt128], mid: [UInt128]?, fixup: Int?)? = nil
      if finder != nil { probe = (buffer(wordsA), o.pointee.simple || taken.refused ? nil : buffer(midA), taken.fixup) }
      let applied = nativeStep(op)
      r.probes += 1
      r.done += 1
      if applied { r.applied += 1 }
      for i in 0..<emittedCount {
        recorder.record(emitted[i], stepInOperation: BigInt(offset + r.done))
        if finder != nil {
          let o = native.outcomes.outcomes[Int(emitted[i])]
          r.tally[o, default: 0] += 1
          if r.firsts[o] == nil { r.firsts[o] = r.done }
        }
      }
      if let probe { finder!.include(before: probe.before, mid: probe.mid, after: buffer(words), fixup: probe.fixup, reader: reader) }
      if r.done == n { break }
      // How many more steps repeat the probe.
      // (An acquire on a dead object is admitted step by step: not jumped.)
      guard dead == deadA, !(dead && op.isAcquire), (0..<predicateCount).allSatisfy({ standing[$0] == standingA[$0] }) else { continue }
      var length = Int128(n - r.done)
      for f in sets where raw(f, words) != raw(f, wordsA) || ideal[f] != idealA[f] { length = 0 }
      func within(_ v0: Int128, _ d: Int128, _ lo: Int128, _ hi: Int128) {
        length = min(length, NativeBurstPlan.stepsInside(v0, d, lo: lo, hi: hi))
      }
      /// Every field of `b` moved from `a` by its difference each step,
      /// counted from `a` (words read before a step: the mid words) or
      /// from `b` (the state after the probe, and after the jump). With
      /// `ideals` (the words before and after the probe), a field nothing
      /// reads signed that moved as its ideal value did (it did not wrap)
      /// keeps moving so while it stays in its range, across the halves.
      func halves(_ a: UnsafeMutablePointer<UInt128>, _ b: UnsafeMutablePointer<UInt128>, fromSecond: Bool, ideals: Bool) {
        for f in 0..<fc {
          let ra = raw(f, a), rb = raw(f, b)
          guard ra != rb else { continue }
          if ideals && !readsSigned[f] && Int128(rb) - Int128(ra) == ideal[f] &- idealA[f] {
            within(Int128(rb), Int128(rb) - Int128(ra), 0, Int128(fieldMask[f]))
            continue
          }
          let half = (fieldMask[f] >> 1) &+ 1
          guard ra & half == rb & half else { length = 0; return }
          let lo = Int128(ra & half)
          within(Int128(fromSecond ? rb : ra), Int128(rb) - Int128(ra), lo, lo + Int128(half) - 1)
        }
      }
      halves(wordsA, words, fromSecond: true, ideals: true)
      if !o.pointee.simple && length > 0 {
        mid(o, into: midB)
        halves(midA, midB, fromSecond: false, ideals: false)
      }
      for c in plan.conditions where length > 0 {
        length = min(length, unchangedSteps(c, plan: plan, before: (wordsA, midA, truthA), after: (words, midB, truth), registers: &registersA))
      }
      // The truth stays in the native range (single steps may have taken
      // it just past the limit: then no jump).
      func inside(_ v0: Int128, _ d: Int128, _ lo: Int128, _ hi: Int128) {
        if v0 < lo || v0 > hi { length = 0 } else { within(v0, d, lo, hi) }
      }
      let limit = Int128(Self.truthLimit) - 1
      for t in 0..<tc {
        let b = Int128(Int64(truncatingIfNeeded: truth[t]))
        inside(b, b - Int128(Int64(truncatingIfNeeded: truthA[t])), 0, limit)
      }
      inside(Int128(byActor[slot]), Int128(byActor[slot]) - Int128(actorA), 0, limit)
      for f in 0..<fc { inside(ideal[f], ideal[f] &- idealA[f], -Self.idealLimit + 1, Self.idealLimit - 1) }
      guard length > 0 else { continue }
      #if REFBITS_INTERNAL_CHECKS
      let before = exactState()
      #endif
      let steps = Int(length)
      let k = UInt128(truncatingIfNeeded: steps)
      for w in 0..<wc { words[w] = words[w] &+ k &* (words[w] &- wordsA[w]) }
      for t in 0..<tc { truth[t] = truth[t] &+ k &* (truth[t] &- truthA[t]) }
      byActor[slot] += Int64(steps) * (byActor[slot] - actorA)
      for f in 0..<fc { ideal[f] += length * (ideal[f] - idealA[f]) }
      for i in 0..<emittedCount {
        recorder.add(Int(emitted[i]), BigInt(steps))
        if finder != nil { r.tally[native.outcomes.outcomes[Int(emitted[i])], default: 0] += BigInt(steps) }
      }
      r.done += steps
      if applied { r.applied += steps }
      if let probe {
        // Every field after the main effects moved by its difference from
        // the probe's at each step (checked above), so the jump's first
        // and last steps bound them.
        var ends: (first: [BigInt], last: [BigInt])? = nil
        if probe.mid != nil {
          let first = (0..<fc).map { BigInt(raw($0, midB)) }
          ends = (first, (0..<fc).map { f in first[f] + BigInt(steps - 1) * (first[f] - BigInt(raw(f, midA))) })
        }
        finder!.include(runTo: buffer(words), midEnds: ends, reader: reader)
      }
      #if REFBITS_INTERNAL_CHECKS
      InternalChecks.verify(jumpDiscrepancy(op, from: before, steps: steps))
      reference = nil
      #endif
    }
    return over()
  }

  /// ``jumpingBurst(_:count:plan:probes:repeatingSegments:startingAt:recorder:)`` with
  /// segment repeats, up to ``repeatingBurstProbes`` probes; a burst that
  /// ran to its end is kept in ``jumpingBurstMemo`` and, run again from the same
  /// state, replayed from there: the same outcomes, first sightings (of
  /// those the recorder has not seen), state and probes.
  mutating func repeatingBurst(_ op: Op, count n: Int, plan: NativeBurstPlan, startingAt offset: Int, recorder: inout OutcomeRecorder) -> JumpingBurst {
    let key = JumpingBurstKey(state: exactState(), op: op, count: n)
    guard let kept = jumpingBurstMemo[key], let end = kept.state else {
      let r = jumpingBurst(op, count: n, plan: plan, probes: Self.repeatingBurstProbes, repeatingSegments: true, startingAt: offset, recorder: &recorder)
      if r.over && !r.stopped && r.state != nil { jumpingBurstMemo.keep(key, r) }
      return r
    }
    #if REFBITS_INTERNAL_CHECKS
    var scratch = recorder
    scratch.stop = nil
    let again = jumpingBurst(op, count: n, plan: plan, probes: Self.repeatingBurstProbes, repeatingSegments: true, startingAt: offset, recorder: &scratch)
    InternalChecks.verify(again == kept ? nil : "jumping burst memo: kept burst \(kept) differs from \(again) for \(key)")
    #endif
    for (o, k) in kept.tally {
      let id = native.outcomes.ids[o]!
      recorder.add(id, k)
      if !recorder.seen[id] { recorder.first(id, stepInOperation: BigInt(offset + kept.firsts[o]!)) }
    }
    // It was loaded once, after the run that was kept.
    _ = load(end)
    return kept
  }

  /// The raw bits of field `f` in `words`.
  @inline(__always)
  func raw(_ f: Int, _ words: UnsafePointer<UInt128>) -> UInt128 {
    (words[fieldWord[f]] &>> fieldLSB[f]) & fieldMask[f]
  }

  /// The most steps `n` such that condition `c` answers the same on the
  /// states `k` steps after `before` for every k in 0...n (for a condition
  /// read after the step, after `after`), when every value it reads moves
  /// by its difference between `before` and `after` each step; 0 when it
  /// applies something other than sums, differences, products by a
  /// constant, interval tests, comparisons and logic to a changing value.
  /// The sources are words, words after the main effects, and truth slots.
  func unchangedSteps(
    _ c: NativeBurstPlan.Condition, plan: NativeBurstPlan,
    before: (UnsafeMutablePointer<UInt128>, UnsafeMutablePointer<UInt128>, UnsafeMutablePointer<UInt128>),
    after: (UnsafeMutablePointer<UInt128>, UnsafeMutablePointer<UInt128>, UnsafeMutablePointer<UInt128>),
    registers a: inout [Int128]
  ) -> Int128 {
    let ev = evaluator
    let first = Int(c.code.first), count = Int(c.code.end) - first
    func point(_ s: (UnsafeMutablePointer<UInt128>, UnsafeMutablePointer<UInt128>, UnsafeMutablePointer<UInt128>)) {
      bases[0] = UnsafePointer(s.0)
      bases[1] = UnsafePointer(c.point == .beforeMid ? s.1 : s.0)
      bases[2] = UnsafePointer(s.2)
    }
    defer {
      bases[0] = UnsafePointer(words)
      bases[1] = UnsafePointer(words)
      bases[2] = UnsafePointer(truth)
    }
    // Every register on the two states: `a` on the first, `b` on the second.
    point(before)
    _ = ev.run(c.code)
    for n in 0..<count { a[n] = registers[n] }
    point(after)
    _ = ev.run(c.code)
    let b = registers
    var steps = Int128.max
    var linear = [Bool](repeating: false, count: count)
    /// Limits the steps to those over which a linear value, `va` on the
    /// first state and `vb` on the second, keeps the answer `answer` gives
    /// (from the first state for a condition read before the step, from
    /// the second after it).
    func keep(_ va: Int128, _ vb: Int128, _ answer: (Int128, Int128) -> Int128) -> Bool {
      let (d, o) = vb.subtractingReportingOverflow(va)
      guard !o else { return false }
      steps = min(steps, answer(c.point == .after ? vb : va, d))
      return true
    }
    func constant(_ r: Int) -> Bool { linear[r] && a[r] == b[r] }
    for n in 0..<count {
      let p = program + (first + n)
      let i = Int(p.pointee.a), j = Int(p.pointee.b)
      switch p.pointee.opcode {
      case .test:
        guard plan.changes[first + n] else { linear[n] = true; continue }
        guard plan.linear[first + n] else { return 0 }
        // The tested value on each state.
        point(before)
        let va = Int128(bitPattern: ev.load(p))
        point(after)
        let vb = Int128(bitPattern: ev.load(p))
        guard keep(va, vb, { NativeBurstPlan.unchangedSteps($0, $1, lo: p.pointee.constant, span: p.pointee.span) }) else { return 0 }
        linear[n] = true
      case .read:
        linear[n] = !plan.changes[first + n] || plan.linear[first + n]
      case .constant:
        linear[n] = true
      case .negate:
        linear[n] = linear[i]
      case .add, .subtract:
        linear[n] = linear[i] && linear[j]
      case .not, .complement:
        // A value used as a truth value must not change at all.
        linear[n] = constant(i)
      case .and, .or:
        linear[n] = constant(i) && constant(j)
      case .shiftLeft:
        linear[n] = linear[i]
      case .multiply:
        linear[n] = linear[i] && linear[j] && (a[i] == b[i] || a[j] == b[j])
      case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
        guard linear[i] && linear[j] else { return 0 }
        // The difference keeps its sign.
        let (da, o1) = a[i].subtractingReportingOverflow(a[j]), (db, o2) = b[i].subtractingReportingOverflow(b[j])
        guard !o1, !o2 else { return 0 }
        guard keep(da, db, { NativeBurstPlan.samePiece($0, $1, cuts: 0, 1) }) else { return 0 }
        linear[n] = true
      case .shiftRight:
        linear[n] = constant(i)
      case .divide, .remainder, .bitAnd, .bitXor, .bitOr, .min, .max:
        linear[n] = constant(i) && constant(j)
      }
      if !linear[n] { return 0 }
    }
    return steps
  }

  /// The segment repeat ``SegmentFinder`` proves at the start of an
  /// iteration of a jumping burst (`done` of its `count` steps taken),
  /// with the held count it moves; nil if none.
  mutating func segmentJump(_ op: Op, finder: inout SegmentFinder, done: Int, count: Int, tally: [Outcome: BigInt]) -> (steps: Int, applied: Int, state: State, tally: [Outcome: BigInt])? {
    let s = exactState()
    guard let jump = finder.mark(s, done: BigInt(done), tally: tally, remaining: BigInt(count - done)) else { return nil }
    // At most `count - done` steps: they fit in an Int.
    let steps = jump.steps.int!
    let applied = op.kind.map { k in (jump.state.truth.held(k, by: op.actor) - s.truth.held(k, by: op.actor)).magnitude.int! } ?? 0
    #if REFBITS_INTERNAL_CHECKS
    let bulk = machine.bulk(s, op, count: jump.steps, stopOn: StopRule { _ in false })
    InternalChecks.verify(bulk.failure == nil && bulk.completed == jump.steps && bulk.state == jump.state && bulk.tally == jump.tally.filter { !$0.value.isZero } ? nil : "native segment repeat of \(jump.steps) steps of \(op) from \(s): state \(jump.state), tally \(jump.tally); bulk: \(bulk.completed) steps, state \(bulk.state), tally \(bulk.tally)")
    #endif
    return (steps, applied, jump.state, jump.tally)
  }

  /// The path a step takes: refused by the operation's `refuse`, trapped,
  /// or through its main effects and the fixup it takes (its index among
  /// the operation's), if any.
  struct StepPath {
    var refused: Bool
    var trapped: Bool
    var fixup: Int?
  }

  /// The path a step of `o` from the current words takes, given `mid`,
  /// the words after its main effects.
  func stepPath(_ o: UnsafeMutablePointer<NativeMachine.Operation>, mid: UnsafeMutablePointer<UInt128>) -> StepPath {
    let ev = evaluator
    bases[1] = UnsafePointer(words)
    if o.pointee.refuse.exists && ev.test(o.pointee.refuse) { return StepPath(refused: true, trapped: false, fixup: nil) }
    bases[1] = UnsafePointer(mid)
    defer { bases[1] = UnsafePointer(words) }
    if o.pointee.trap.exists && ev.test(o.pointee.trap) { return StepPath(refused: false, trapped: true, fixup: nil) }
    for x in Int(o.pointee.fixupFirst)..<Int(o.pointee.fixupEnd) where ev.test(fixups[x].when) {
      return StepPath(refused: false, trapped: false, fixup: x - Int(o.pointee.fixupFirst))
    }
    return StepPath(refused: false, trapped: false, fixup: nil)
  }

  /// The words after the main effects of a step of `o` from the current
  /// state (set values read the words before the step), into `mid`.
  mutating func mid(_ o: UnsafeMutablePointer<NativeMachine.Operation>, into mid: UnsafeMutablePointer<UInt128>) {
    for w in 0..<wordCount { newWords[w] = words[w] }
    for f in 0..<fieldCount { expected[f] = 0; idealNew[f] = 0 }
    bases[1] = UnsafePointer(words)
    apply(o.pointee.effectFirst, o.pointee.effectEnd)
    for w in 0..<wordCount { mid[w] = newWords[w] }
  }


  /// How a jump of `steps` steps of `op` from `before` to the current
  /// native state, each with the outcomes in `emitted`, differs from
  /// ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)``, if it does.
  func jumpDiscrepancy(_ op: Op, from before: State, steps: Int) -> String? {
    let bulk = machine.bulk(before, op, count: BigInt(steps), stopOn: StopRule { _ in false })
    var tally: [Outcome: BigInt] = [:]
    for i in 0..<emittedCount { tally[native.outcomes.outcomes[Int(emitted[i])], default: 0] += BigInt(steps) }
    guard bulk.failure == nil, bulk.completed == BigInt(steps), bulk.state == exactState(), bulk.tally == tally else {
      return "native jump of \(steps) steps of \(op) from \(before): state \(exactState()), tally \(tally); bulk: \(bulk.completed) steps, state \(bulk.state), tally \(bulk.tally), failure \(String(describing: bulk.failure))"
    }
    return nil
  }
}
