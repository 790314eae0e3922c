/// The gate of `refbits fuzz --check`: every claim of every layout fuzzed
/// must hold. A broken claim fails it (exit status 1), with the first
/// witness of the outcome that broke it and the command that replays it.
public struct ClaimsGate: Sendable {
  /// A claim that a campaign broke.
  public struct Failure: Sendable {
    var result: FuzzResult
    var claim: FuzzResult.ClaimResult
  }

  /// Every broken claim, layout by layout in the order of the results.
  public var failures: [Failure]

  /// The gate over campaign results: each broken claim of each result.
  ///
  /// - Complexity: O(claims of all the results).
  public init(_ results: [FuzzResult]) {
    failures = results.flatMap { r in r.brokenClaims.map { Failure(result: r, claim: $0) } }
  }

  /// Whether every claim held.
  public var passed: Bool { failures.isEmpty }

  /// GitHub Actions workflow commands, one `::error file=…,line=…::` per
  /// broken claim, located at the claim's `never` in the layout file that
  /// `inputs` (the layouts fuzzed) resolved to, so that the run's summary
  /// and the pull request's diff show it.
  public func githubAnnotations(_ inputs: [ResolvedInput<Layout>]) -> String {
    func property(_ s: String) -> String {
      s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        .replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
    func message(_ s: String) -> String {
      s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
    return failures.map { f in
      let r = f.result, c = f.claim
      let input = inputs.first { $0.argument == r.layout && $0.digest == r.layoutDigest }
      var where_ = ""
      if let input {
        where_ = " file=\(property(input.path))"
        if let line = input.value.claims.first(where: { "never \($0.text)" == c.claim })?.line { where_ += ",line=\(line)" }
        where_ += ","
      } else {
        where_ = " "
      }
      var text = "\(c.claim) broken: \(c.count) of \(r.tally.steps) steps under \(r.workload), seed \(r.seed)"
      if let o = c.witness, let w = r.witness(o) { text += "\nwitness (\(o)): \(w.script)" }
      return "::error\(where_)title=\(property("claim broken: \(r.layoutName)"))::\(message(text))\n"
    }.joined()
  }

  /// Results whose claims were checked in 0 steps (a time limit or Ctrl-C
  /// before the first chunk of lifetimes finished): never "held", an error
  /// (exit status 2) with the reason.
  ///
  /// - Returns: one diagnostic per such result, or nil when every claim was
  ///   checked in at least one step.
  public static func unchecked(_ results: [FuzzResult], timeLimit: Double? = nil) -> Diagnostics? {
    let problems = results.filter { !$0.claims.isEmpty && $0.tally.steps == 0 }.map { r in
      let why: String
      switch r.stoppedBy {
      case .timeLimit: why = "the time limit\(timeLimit.map { " (\($0) s)" } ?? "") stopped the campaign before its first chunk of lifetimes (about 65,536 operations) finished"
      case .interrupted: why = "it was interrupted before its first chunk of lifetimes finished"
      case nil: why = "the workload ran no operation on it"
      }
      return Diagnostic(
        file: r.layout, message: "the claims of \(r.layoutName) were checked in 0 steps under \(r.workload): \(why); nothing was tested",
        hint: r.stoppedBy == .timeLimit ? "raise --time-limit, or lower --ops" : nil)
    }
    return problems.isEmpty ? nil : Diagnostics(problems)
  }

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
