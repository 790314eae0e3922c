/// The native engine as the fuzzer drives it: single steps whose outcomes go
/// to a recorder (counted locally between ``beginCounting(_:)`` and
/// ``endCounting(_:)``), bursts stepped or jumped natively where they can be
/// (``jumpingBurst(_:count:plan:probes:repeatingSegments:startingAt:recorder:)``) and in bulk on the exact machine
/// otherwise, and the hand-off
/// to the exact machine when the truth leaves the native range.
extension NativeEngine: FuzzEngine {
  func held(_ kind: Int, by actor: Int) -> BigInt {
    if let exact { return exact.truth.held(kind, by: actor) }
    return actor < actorCapacity ? BigInt(byActor[actor * native.kindCount + kind]) : 0
  }

  mutating func restore(_ state: State) {
    if !load(state) { exact = state }
  }

  /// Only a dead object can be brought back: the common case (native, not
  /// dead) costs two tests.
  @inline(__always)
  mutating func admits(_ op: Op) -> Bool {
    if !dead && exact == nil { return true }
    return admitsSlowly(op)
  }

  @inline(never)
  func admitsSlowly(_ op: Op) -> Bool {
    if let exact { return !machine.revives(op, exact.truth) }
    return !dead || !machine.revives(op, exactState().truth)
  }

  mutating func step(_ op: Op, recorder: inout OutcomeRecorder) -> Bool {
    if exact != nil {
      return exactStep(op, recorder: &recorder)
    }
    if op.actor >= actorCapacity { growActors(op.actor + 1) }
    let applied = nativeStep(op)
    for i in 0..<emittedCount { recorder.recordSingle(emitted[i]) }
    return applied
  }

  /// Starts counting single steps locally for `recorder`.
  mutating func beginCounting(_ recorder: inout OutcomeRecorder) {
    for i in 0..<outcomeCount {
      seen[i] = recorder.seen[i]
      pending[i] = 0
    }
  }

  /// Gives the locally counted single steps to `recorder`.
  mutating func endCounting(_ recorder: inout OutcomeRecorder) {
    for i in 0..<outcomeCount where pending[i] != 0 {
      recorder.counts[i] &+= pending[i]
      pending[i] = 0
    }
  }

  /// ``step(_:recorder:)``, counting outcomes already seen in `pending`;
  /// an outcome the recorder has not seen is recorded there at once (where
  /// it was first seen does not wait for ``endCounting(_:)``).
  @inline(__always)
  mutating func countedStep(_ op: Op, recorder: inout OutcomeRecorder) -> Bool {
    if exact != nil || op.actor >= actorCapacity { return step(op, recorder: &recorder) }
    let applied = nativeStep(op)
    var i = 0
    while i < emittedCount {
      let id = Int(emitted[i])
      pending[id] &+= 1
      if !seen[id] { firstSeen(id, recorder: &recorder) }
      i &+= 1
    }
    return applied
  }

  @inline(never)
  mutating func firstSeen(_ id: Int, recorder: inout OutcomeRecorder) {
    // A burst may have recorded it since the mirror was filled.
    if !recorder.seen[id] { recorder.first(id, stepInOperation: 1) }
    seen[id] = true
  }

  mutating func exactStep(_ op: Op, recorder: inout OutcomeRecorder) -> Bool {
    let r: StepResult
    // Called only when `exact` is set (see step); never throws: releases
    // are of held references (see Machine.fuzzBurst).
    do { r = try machine.step(exact!, op) } catch { preconditionFailure("fuzz: \(error)") }
    for o in r.outcomes { recorder.recordSingle(Int32(native.outcomes.ids[o]!)) }
    if !load(r.state) { exact = r.state }
    return r.applied
  }

  mutating func burst(_ op: Op, count: BigInt, recorder: inout OutcomeRecorder) -> (applied: BigInt, steps: BigInt) {
    // Within the budget of single steps: the exact burst would not be cut
    // short either.
    // Jumped natively first when long enough for a jump to pay (its probes
    // are not counted against the budget: the burst is stepped natively
    // either way), then stepped.
    if exact == nil, let n = count.int, n <= Self.nativeBurstLimit, n <= burstBudget {
      if op.actor >= actorCapacity { growActors(op.actor + 1) }
      var head = JumpingBurst()
      if n >= Self.shortJumpLength, let plan = native.burstPlans[native.index(op.action)] {
        head = jumpingBurst(op, count: n, plan: plan, probes: Self.shortJumpProbes, recorder: &recorder)
        if head.over { return (op.kind == nil ? 0 : BigInt(head.applied), BigInt(head.done)) }
      }
      var applied = head.applied
      for j in (head.done + 1)...n {
        // As the exact burst: an object that died in the burst is not brought back.
        if dead && op.isAcquire && !admits(op) { return (BigInt(applied), BigInt(j - 1)) }
        if nativeStep(op) { applied += 1 }
        for i in 0..<emittedCount { recorder.record(emitted[i], stepInOperation: BigInt(j)) }
      }
      return (op.kind == nil ? 0 : BigInt(applied), count)
    }
    // Within the native range: jumped natively, as far as the closed form
    // goes; the rest on the exact machine.
    var head = JumpingBurst()
    if exact == nil, let n = count.int, Int64(n) < Self.truthLimit, let plan = native.burstPlans[native.index(op.action)] {
      head = jumpingBurst(op, count: n, plan: plan, probes: Self.jumpingBurstProbes, recorder: &recorder)
      if !head.over {
        // Then with segment repeats (worth their cost only on bursts the
        // plain jumps do not finish).
        let rest = repeatingBurst(op, count: n - head.done, plan: plan, startingAt: head.done, recorder: &recorder)
        head.done += rest.done
        head.applied += rest.applied
        head.probes += rest.probes
        head.over = rest.over
      }
      recorder.burstSingleSteps += head.probes
      if head.over { return (op.kind == nil ? 0 : BigInt(head.applied), BigInt(head.done)) }
    }
    var s = exactState()
    let (applied, steps) = machine.fuzzBurst(&s, op, count: count - BigInt(head.done), table: native.outcomes, budget: burstBudget - head.probes, recorder: &recorder, startingAt: BigInt(head.done), memo: &bulkRunMemo)
    if !load(s) { exact = s }
    let tail = op.isRelease ? -applied : applied
    return ((op.kind == nil ? 0 : BigInt(head.applied)) + tail, BigInt(head.done) + steps)
  }
}
