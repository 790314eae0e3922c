extension Machine {
  /// Most single steps one burst may take (a condition that is not linear
  /// makes bulk stepping go one step at a time); the rest of the burst is
  /// dropped and counted in ``FuzzTally/truncatedBursts``.
  static let fuzzBurstSingleStepBudget = 1 << 16
  /// Single steps of one bulk call of a burst: between calls the burst asks
  /// ``OutcomeRecorder/stop``, so that Ctrl-C is seen within a fraction of a
  /// second even inside a burst that steps 2^16 times. Splitting a bulk run
  /// leaves it exact; it only adds two probing steps per call.
  static let fuzzBurstChunk = 1 << 10

  /// Runs a burst exactly, in bulk, pausing at each outcome not yet seen in
  /// the recorder's range to record where it first happened, and cutting it
  /// short after `budget` single steps. Returns the number of steps that
  /// moved the truth (0 for an operation) and the steps actually run (fewer
  /// than `count` when the budget is spent, or a stop was asked: the
  /// lifetime is then dropped). With `startingAt`, the burst is the rest of
  /// one whose first `startingAt` steps already ran: steps are numbered
  /// from there. Bulk runs found in `memo` are not run again (it changes
  /// no result: ``BurstMemo``).
  func fuzzBurst(_ state: inout State, _ op: Op, count: BigInt, table: OutcomeTable, budget: Int, recorder: inout OutcomeRecorder, startingAt offset: BigInt = 0, memo: inout BurstMemo<BulkRunKey, BulkResult>) -> (applied: BigInt, steps: BigInt) {
    let before = op.kind.map { state.truth.held($0, by: op.actor) } ?? 0
    var done = BigInt(0)
    var budget = budget
    while done < count {
      if let stop = recorder.stop, stop() { break }
      let firsts = recorder.firsts
      let ids = table.ids
      let rule = StopRule { o in ids[o].map { firsts[$0] == nil } ?? true }
      let rest = count - done, chunk = Swift.min(budget, Self.fuzzBurstChunk)
      let key = BulkRunKey(state: state, op: op, count: rest, budget: chunk, stops: table.ids.values.filter { firsts[$0] == nil }.sorted())
      let r = memo.run(key) { bulk(state, op, count: rest, stopOn: rule, singleStepBudget: chunk) }
      // The lifetime driver and the replays release only what is held, and
      // start an acquire burst only on an object it does not bring back; a
      // burst that would bring it back later (an object that died during the
      // burst) ends there. Every outcome of a step is in the layout's table
      // (``OutcomeTable`` numbers them all: refusals, overflows, lies and
      // events).
      if case .notHeld? = r.failure { preconditionFailure("fuzz: \(r.failure!)") }
      for (o, n) in r.tally { recorder.add(ids[o]!, n) }
      done += r.completed
      state = r.state
      if r.failure != nil { break }
      budget -= r.singleSteps
      recorder.burstSingleSteps += r.singleSteps
      if r.exhausted && budget > 0 { continue }  // the next chunk
      if r.exhausted || (budget <= 0 && r.stop == nil && done < count) {
        recorder.truncatedBursts += 1
        break
      }
      guard let stop = r.stop else { break }
      for o in stop.result.outcomes { recorder.record(Int32(ids[o]!), stepInOperation: offset + done + 1) }
      done += 1
      state = stop.result.state
    }
    return ((op.kind.map { state.truth.held($0, by: op.actor) } ?? 0) - before, done)
  }

  /// ``fuzzBurst(_:_:count:table:budget:recorder:startingAt:memo:)`` with a
  /// memo of its own.
  func fuzzBurst(_ state: inout State, _ op: Op, count: BigInt, table: OutcomeTable, budget: Int, recorder: inout OutcomeRecorder, startingAt offset: BigInt = 0) -> (applied: BigInt, steps: BigInt) {
    var memo = BurstMemo<BulkRunKey, BulkResult>()
    return fuzzBurst(&state, op, count: count, table: table, budget: budget, recorder: &recorder, startingAt: offset, memo: &memo)
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
  /// Single steps one burst may take (``Machine/fuzzBurstSingleStepBudget``).
  let burstBudget: Int
  /// The bulk runs of its bursts so far.
  var bulkRunMemo = BurstMemo<BulkRunKey, BulkResult>()

  init(machine: Machine, table: OutcomeTable, initial: State, burstBudget: Int = Machine.fuzzBurstSingleStepBudget) {
    self.machine = machine
    self.table = table
    self.initial = initial
    self.burstBudget = burstBudget
    state = initial
  }

  mutating func reset() { state = initial }

  mutating func restore(_ state: State) { self.state = state }

  mutating func step(_ op: Op, recorder: inout OutcomeRecorder) -> Bool {
    let r: StepResult
    // Never throws: releases are of held references (see fuzzBurst).
    do { r = try machine.step(state, op) } catch { preconditionFailure("fuzz: \(error)") }
    for o in r.outcomes { recorder.recordSingle(Int32(table.ids[o]!)) }
    state = r.state
    return r.applied
  }

  mutating func burst(_ op: Op, count: BigInt, recorder: inout OutcomeRecorder) -> (applied: BigInt, steps: BigInt) {
    let (applied, steps) = machine.fuzzBurst(&state, op, count: count, table: table, budget: burstBudget, recorder: &recorder, memo: &bulkRunMemo)
    return (op.isRelease ? -applied : applied, steps)
  }

  func held(_ kind: Int, by actor: Int) -> BigInt { state.truth.held(kind, by: actor) }

  mutating func admits(_ op: Op) -> Bool { !machine.revives(op, state.truth) }

  func exactState() -> State { state }
}
