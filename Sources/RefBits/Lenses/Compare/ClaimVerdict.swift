/// What the lenses say about one claim of a layout (`never P`): whether the
/// exact lens found a sequence that produces P, and whether a fuzz campaign
/// saw it.
public struct ClaimVerdict: Sendable, Hashable {
  /// `never premature_free`.
  public var claim: String
  public var description: String
  /// The shortest sequence the exact lens found that produces the outcome,
  /// if any (one actor's operations, in its searched class).
  public var exactSequence: OpSequence?
  /// No condition of the layout can produce the outcome (a proof).
  public var impossible: Bool
  /// Per workload, in the evaluation's order: the fuzz result's verdict.
  public var fuzz: [FuzzResult.ClaimResult]

  /// Whether a fuzz campaign broke the claim.
  public var brokenByFuzz: Bool { fuzz.contains { $0.broken } }

  /// The one-word verdict: `broken` (a campaign saw it), `breakable` (the
  /// exact lens reaches it, no campaign saw it), `held`.
  public var summary: String {
    if brokenByFuzz { return "broken" }
    if exactSequence != nil { return "breakable" }
    return "held"
  }

  /// The exact lens's word on it.
  public var exactText: String {
    if let s = exactSequence { return "reachable after `\(s)` (\(AnalysisRenderer.number(s.operations)) ops)" }
    return impossible ? "impossible (no condition produces it)" : "not reached in the searched class"
  }
}

extension LayoutEvaluation {
  /// The verdict on each claim of the layout, in file order.
  public var claimVerdicts: [ClaimVerdict] {
    layout.claims.map { claim in
      let p = claim.never
      var found: OpSequence?
      var impossible = false
      for o in analysis.onsets where p.matches(o.outcome) {
        if let s = o.after, found.map({ s.operations < $0.operations }) ?? true { found = s }
      }
      for r in analysis.reachable where r.outcome.category == p.category && (p.argument == nil || r.outcome.argument == p.argument) {
        if let s = r.sequence, p.argument == nil, found.map({ s.operations < $0.operations }) ?? true { found = s }
        if r.impossible { impossible = true }
      }
      let text = "never \(claim.text)"
      let fuzz = self.fuzz.compactMap { r in r.claims.first { $0.claim == text } }
      return ClaimVerdict(claim: text, description: claim.description, exactSequence: found, impossible: impossible && found == nil, fuzz: fuzz)
    }
  }
}
