/// The gate of `refbits fuzz --check`: every claim of every layout fuzzed
/// must hold. A broken claim fails it (exit status 1), with the first
/// witness of the outcome that broke it and the command that replays it.
public struct ClaimsGate: Sendable {
  /// A claim that a campaign broke.
  public struct Failure: Sendable {
    public var result: FuzzResult
    public var claim: FuzzResult.ClaimResult
  }

  /// Every broken claim, layout by layout in the order of the results.
  public var failures: [Failure]

  public init(_ results: [FuzzResult]) {
    failures = results.flatMap { r in r.brokenClaims.map { Failure(result: r, claim: $0) } }
  }

  /// Whether every claim held.
  public var passed: Bool { failures.isEmpty }

  /// One paragraph per broken claim: the claim, how often it broke, the
  /// shrunk witness and the command that replays it from `witnesses`.
  public func text(witnesses: WitnessDirectory) -> String {
    failures.map { f in
      let r = f.result, c = f.claim
      var lines = ["claim broken: \(r.layoutName): \(c.claim) (\(c.count) of \(r.tally.steps) steps under \(r.workload), seed \(r.seed))"]
      if let o = c.witness, let w = r.witness(o) {
        lines.append("  witness (\(o), shrunk from \(w.originalOperations ?? 0) operations): \(w.script)")
        if let file = c.witnessFile { lines.append("  replay: \(witnesses.replayCommand(file))") }
      }
      return lines.joined(separator: "\n")
    }.joined(separator: "\n")
  }
}
