import Foundation

extension FuzzRun {
  /// The first witness of each outcome seen (but `ok`), shrunk.
  ///
  /// Each is rebuilt by running its lifetime again up to the step where the
  /// outcome was first seen, then shrunk (``WitnessShrinker``). Witnesses
  /// are independent and are built concurrently; the result does not depend
  /// on how. After an interruption (Ctrl-C) the rebuilding stops at once and
  /// shrinking at its next replay: what is shrunk so far is kept. Past the
  /// campaign's time limit, shrinking stops at its next replay as well (the
  /// lifetime is still rebuilt, so that every outcome keeps a witness).
  public func witnesses() -> [Outcome: Witness] {
    let entries = tally.outcomes.compactMap { e in e.first.flatMap { e.outcome == .ok ? nil : (e.outcome, $0) } }
    let run = self
    let traces = ParallelMap.map(entries) { e in run.witness(for: e.0, at: e.1) }
    var out: [Outcome: Witness] = [:]
    for (e, w) in zip(entries, traces) { if let w { out[e.0] = w } }
    return out
  }

  /// Rebuilds and shrinks the witness of `outcome`, first seen at `first`.
  public func witness(for outcome: Outcome, at first: FirstSeen) -> Witness? {
    witness(for: outcome, at: first, resumes: true).witness
  }

  /// ``witness(for:at:)``; without `resumes`, every candidate of the
  /// shrinker is replayed from the initial state, phase by phase (the
  /// reference its shortcuts must equal: ``WitnessShrinker/test(_:)``).
  func witness(for outcome: Outcome, at first: FirstSeen, resumes: Bool) -> (witness: Witness?, statistics: ShrinkStatistics) {
    let p = prepared
    if let native = p.native {
      return open(p.nativeEngine(native), p.nativeEngine(native))
    }
    return open(p.exactEngine(), p.exactEngine())
    func open<A: FuzzEngine & ~Copyable, B: FuzzEngine & ~Copyable>(_ a: consuming A, _ b: consuming B) -> (witness: Witness?, statistics: ShrinkStatistics) {
      var driver = WorkloadDriver(workload: p.bound, engine: a)
      driver.log = []
      var recorder = OutcomeRecorder(table: p.table)
      let control = self.control
      let interrupted = { control.stopReason == .interrupted }
      let deadline = self.deadline
      let pastTime = { interrupted() || deadline.map { Date() >= $0 } == true }
      guard driver.run(lifetime: first.lifetime, operations: first.operation + 1, seed: campaign.seed, recorder: &recorder, stop: interrupted),
        var phases = driver.log, !phases.isEmpty, var shrinker = WitnessShrinker(engine: b, table: p.table, target: outcome, resumes: resumes, stop: pastTime)
      else { return (nil, ShrinkStatistics()) }
      phases[phases.count - 1].count = first.stepInOperation
      let shrunk = shrinker.shrink(phases)
      let c = campaign
      let witness = Witness(
        layout: c.layoutArgument, layoutName: c.layout.name, layoutDigest: c.layoutDigest,
        parameters: c.layout.overriddenParameters.isEmpty ? nil : Dictionary(c.layout.overriddenParameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
        outcome: outcome,
        operations: Witness.operations(shrunk, layout: c.layout),
        workload: c.workload.name, workloadDigest: c.workloadDigest, seed: c.seed, found: first,
        originalOperations: phases.count, originalSteps: first.stepInLifetime)
      return (witness, shrinker.statistics)
    }
  }

  /// The result, with the witnesses shrunk.
  public func result() -> FuzzResult {
    FuzzResult(campaign: campaign, tally: tally, complete: complete, stoppedBy: stopReason, witnesses: witnesses())
  }
}
