/// What the lenses say about one claim of a layout (`never P`): the exact
/// lens's verdict (a witness, a certificate, or unknown), and whether a fuzz
/// campaign saw it.
struct ClaimVerdict: Sendable, Hashable {
  /// `never premature_free`.
  var claim: String
  var description: String
  /// The exact lens's verdict on the outcome the claim excludes.
  var exact: Verdict
  /// Per workload, in the evaluation's order: the fuzz result's verdict.
  var fuzz: [FuzzResult.ClaimResult]

  /// Whether a fuzz campaign broke the claim.
  var brokenByFuzz: Bool { fuzz.contains { $0.broken } }

  /// `broken` (a witness: the exact lens's sequence or a campaign's),
  /// `proved` (a checked certificate) or `unknown`.
  var summary: String {
    if brokenByFuzz || exact.isReachable { return "broken" }
    return exact.isImpossible ? "proved" : "unknown"
  }

  /// The exact lens's word on it.
  func exactText(_ layout: Layout) -> String {
    switch exact {
    case .reachable(let r): "broken by `\(r.sequence)` (\(AnalysisRenderer.number(r.sequence.operations)) ops); replay: `refbits trace \(layout.name) \"\(r.sequence)\"`"
    case .impossible(let c): "proved: \(AnalysisRenderer.escaped(c.text(layout)))"
    case .unknown(let u): "unknown: \(AnalysisRenderer.escaped(u.reason))"
    }
  }
}

extension LayoutEvaluation {
  /// The verdict on each claim of the layout, in file order.
  var claimVerdicts: [ClaimVerdict] {
    analysis.claims.map { claim in
      let fuzz = self.fuzz.compactMap { r in r.claims.first { $0.claim == claim.claim } }
      return ClaimVerdict(claim: claim.claim, description: claim.description, exact: claim.verdict, fuzz: fuzz)
    }
  }
}
