/// Verdicts as the text and markdown renderings write them.
extension Verdict {
  /// `reachable after pin*2097152, get_page*2147483647 (2149580799 (~2^31.0)
  /// operations, shortest found; ...)`; `impossible`; `unknown: ...`.
  func line(_ layout: Layout, code: Bool = false) -> String {
    func quoted(_ s: String) -> String { code ? "`\(s)`" : s }
    switch self {
    case .reachable(let r):
      return "reachable after \(quoted(r.sequence.description)) (\(AnalysisRenderer.number(r.sequence.operations)) operations, \(r.lengthText))"
    case .impossible:
      return "impossible"
    case .unknown(let u):
      return "unknown" + (u.atLeast.map { ": no sequence of fewer than \(AnalysisRenderer.number($0)) operations produces it" } ?? "")
    }
  }

  /// An unknown's reason: what was tried, and what would settle it.
  var reason: String? {
    if case .unknown(let u) = self { return u.reason }
    return nil
  }
}

extension Reach {
  /// `shortest`, or `shortest found` with the proven lower bound.
  var lengthText: String {
    switch length {
    case .shortest: "shortest"
    case .shortestFound(let b?): "shortest found; no sequence of fewer than \(AnalysisRenderer.number(b)) operations produces it"
    case .shortestFound(nil): "cheapest found"
    }
  }
}
