extension Machine {
  /// Most single steps one burst may take (a condition that is not linear
  /// makes bulk stepping go one step at a time); the rest of the burst is
  /// dropped and counted in ``FuzzTally/truncatedBursts``.
  static let fuzzBurstSingleStepBudget = 1 << 16

  /// Runs a burst exactly, in bulk, pausing at each outcome not yet seen in
  /// the recorder's range to record where it first happened. Returns the
  /// number of steps that moved the truth (0 for an operation) and the steps
  /// actually run.
  func fuzzBurst(_ state: inout State, _ op: Op, count: BigInt, table: OutcomeTable, recorder: inout OutcomeRecorder) -> (applied: BigInt, steps: BigInt) {
    let before = op.kind.map { state.truth.held($0, by: op.actor) } ?? 0
    var done = BigInt(0)
    var budget = Self.fuzzBurstSingleStepBudget
    while done < count {
      let firsts = recorder.firsts
      let ids = table.ids
      let rule = StopRule { o in ids[o].map { firsts[$0] == nil } ?? true }
      let r = bulk(state, op, count: count - done, stopOn: rule, singleStepBudget: budget)
      // The lifetime driver and the replays release only what is held, and
      // start an acquire burst only on an object it does not bring back; a
      // burst that would bring it back later (an object that died during the
      // burst) ends there.
      if case .notHeld? = r.failure { preconditionFailure("fuzz: \(r.failure!)") }
      for (o, n) in r.tally { recorder.add(ids[o]!, n) }
      done += r.completed
      state = r.state
      if r.failure != nil { break }
      budget -= r.singleSteps
      if r.exhausted || (budget <= 0 && r.stop == nil && done < count) {
        recorder.truncatedBursts += 1
        break
      }
      guard let stop = r.stop else { break }
      for o in stop.result.outcomes { recorder.record(Int32(ids[o]!), stepInOperation: done + 1) }
      done += 1
      state = stop.result.state
    }
    return ((op.kind.map { state.truth.held($0, by: op.actor) } ?? 0) - before, done)
  }
}

/// The exact engine: ``Machine/step(_:_:)`` and
/// ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)`` on GMP integers. The
/// reference the native engine must equal, and the fallback for layouts the
/// native engine cannot take.
struct ExactEngine: FuzzEngine {
  let machine: Machine
  let table: OutcomeTable
  let initial: State
  var state: State

  init(machine: Machine, table: OutcomeTable, initial: State) {
    self.machine = machine
    self.table = table
    self.initial = initial
    state = initial
  }

  mutating func reset() { state = initial }

  mutating func step(_ op: Op, recorder: inout OutcomeRecorder) -> Bool {
    let r: StepResult
    do { r = try machine.step(state, op) } catch { preconditionFailure("fuzz: \(error)") }
    for o in r.outcomes { recorder.recordSingle(Int32(table.ids[o]!)) }
    state = r.state
    return r.applied
  }

  mutating func burst(_ op: Op, count: BigInt, recorder: inout OutcomeRecorder) -> (applied: BigInt, steps: BigInt) {
    let (applied, steps) = machine.fuzzBurst(&state, op, count: count, table: table, recorder: &recorder)
    return (op.isRelease ? -applied : applied, steps)
  }

  func held(_ kind: Int, by actor: Int) -> BigInt { state.truth.held(kind, by: actor) }

  func admits(_ op: Op) -> Bool { !machine.revives(op, state.truth) }

  func exactState() -> State { state }
}
