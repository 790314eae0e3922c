
extension FuzzRun {
  /// The first witness of each outcome seen (but `ok`), shrunk.
  ///
  /// Each is rebuilt by running its lifetime again up to the step where the
  /// outcome was first seen, then shrunk (``WitnessShrinker``). Witnesses
  /// are independent and are built concurrently; the result does not depend
  /// on how.
  public func witnesses() -> [Outcome: Witness] {
    let entries = tally.outcomes.filter { $0.outcome != .ok && $0.first != nil }
    let run = self
    let traces = ParallelMap.map(entries) { e in run.witness(for: e.outcome, at: e.first!) }
    var out: [Outcome: Witness] = [:]
    for (e, w) in zip(entries, traces) { if let w { out[e.outcome] = w } }
    return out
  }

  /// Rebuilds and shrinks the witness of `outcome`, first seen at `first`.
  public func witness(for outcome: Outcome, at first: FirstSeen) -> Witness? {
    let p = prepared
    if let native = p.native {
      return open(NativeEngine(native: native, initial: p.initial, actors: p.bound.actorCount), NativeEngine(native: native, initial: p.initial, actors: p.bound.actorCount))
    }
    return open(ExactEngine(machine: p.machine, table: p.table, initial: p.initial), ExactEngine(machine: p.machine, table: p.table, initial: p.initial))
    func open<A: FuzzEngine, B: FuzzEngine>(_ a: A, _ b: B) -> Witness? {
      var driver = WorkloadDriver(workload: p.bound, engine: a)
      driver.log = []
      var recorder = OutcomeRecorder(table: p.table)
      _ = driver.run(lifetime: first.lifetime, operations: first.operation + 1, seed: campaign.seed, recorder: &recorder)
      guard var phases = driver.log, !phases.isEmpty else { return nil }
      phases[phases.count - 1].count = first.stepInOperation
      var shrinker = WitnessShrinker(engine: b, table: p.table, target: outcome)
      let shrunk = shrinker.shrink(phases)
      let c = campaign
      return Witness(
        layout: c.layoutArgument, layoutName: c.layout.name, layoutDigest: c.layoutDigest,
        parameters: c.layout.overriddenParameters.isEmpty ? nil : Dictionary(c.layout.overriddenParameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
        outcome: outcome,
        operations: Witness.operations(shrunk, layout: c.layout),
        workload: c.workload.name, workloadDigest: c.workloadDigest, seed: c.seed, found: first,
        originalOperations: phases.count, originalSteps: first.stepInLifetime)
    }
  }

  /// The result, with the witnesses shrunk.
  public func result() -> FuzzResult {
    FuzzResult(campaign: campaign, tally: tally, complete: complete, stoppedBy: stopReason, witnesses: witnesses())
  }
}
