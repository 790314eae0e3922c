import Foundation

extension Analysis.Aftermath {
  /// "refused at every further attempt", "sticky: saturated", ...
  public var text: String {
    func list(_ o: [Outcome]) -> String { o.isEmpty ? "ok" : o.map(\.description).joined(separator: ", ") }
    switch self {
    case .sameForever(let o): return "every further attempt: \(list(o)) (the state does not change)"
    case .sticky(let o): return "sticky: every further attempt \(list(o)), the word stays put"
    case .next(let o): return "next attempt: \(list(o))"
    case .none: return "-"
    }
  }
}

/// Renders analyses as text, markdown or JSON.
public struct AnalysisRenderer: ResultRenderer, Sendable {
  public var analyses: [Analysis]

  public init(_ analyses: [Analysis]) {
    self.analyses = analyses
  }

  /// `1024 (2^10)`, `2147482623 (~2^31.0)`: exact decimal with its size.
  static func number(_ n: BigInt) -> String {
    guard n > 1024 else { return n.description }
    let l = n.log2Value
    if n.signum > 0, (n & (n - 1)).isZero { return "\(n) (2^\(n.bitWidth - 1))" }
    return "\(n) (~2^\(String(format: "%.1f", l)))"
  }

  public func text() -> String {
    analyses.map { a in
      var out = ["\(a.layout.label): \(a.layout.title)", "source: \(a.layout.source)", "", "capacity per kind (acquires from the initial state until the first event):"]
      let kw = a.capacities.map(\.kind.count).max() ?? 0
      for c in a.capacities {
        let cap = c.capacity.map { Self.number($0) } ?? "no event within \(Self.number(c.limit)) acquires"
        let stop = c.stoppedBy.isEmpty ? "" : "  stopped by \(c.stoppedBy.map(\.description).joined(separator: ", "))"
        out.append("  \(c.kind.padding(toLength: kw, withPad: " ", startingAt: 0))  \(cap)\(stop)")
        if c.capacity != nil { out.append("  \(String(repeating: " ", count: kw))  then \(c.then.text)") }
      }
      if !a.onsets.isEmpty {
        out += ["", "predicate onsets (shortest sequence that makes it lie):"]
        for o in a.onsets {
          out.append("  \(o.outcome): " + (o.after.map { "after \($0) (\(Self.number($0.operations)) operations)" } ?? "not reachable in the searched class"))
        }
      }
      out += ["", "reachable outcomes:"]
      for r in a.reachable {
        out.append("  \(r.outcome): " + (r.sequence.map { "yes, after \($0) (\(Self.number($0.operations)) operations)" } ?? (r.impossible ? "no (no condition of the layout produces it)" : "no (not in the searched class)")))
      }
      out += ["", "searched: \(a.searchClass)\(a.incomplete ? "; INCOMPLETE: \(Analysis.incompleteExplanation)" : "")"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  public func markdown() -> String {
    analyses.map { a in
      var out = ["## \(a.layout.label)", "", a.layout.title, "", "Source: \(a.layout.source)", "", "| kind | capacity | stopped by | then |", "|---|---|---|---|"]
      for c in a.capacities {
        out.append("| `\(c.kind)` | \(c.capacity.map { Self.number($0) } ?? "none within \(Self.number(c.limit))") | \(c.stoppedBy.map { "`\($0)`" }.joined(separator: ", ")) | \(c.then.text) |")
      }
      if !a.onsets.isEmpty {
        out += ["", "| predicate | lie | after |", "|---|---|---|"]
        for o in a.onsets { out.append("| `\(o.predicate)` | `\(o.outcome)` | \(o.after.map { "`\($0)` (\(Self.number($0.operations)) ops)" } ?? "not reachable") |") }
      }
      out += ["", "| outcome | reachable | sequence |", "|---|---|---|"]
      for r in a.reachable { out.append("| `\(r.outcome)` | \(r.sequence == nil ? (r.impossible ? "no (nothing produces it)" : "no") : "yes") | \(r.sequence.map { "`\($0)` (\(Self.number($0.operations)) ops)" } ?? "") |") }
      out += ["", "_Searched: \(a.searchClass)\(a.incomplete ? " (incomplete: \(Analysis.incompleteExplanation))" : "")._"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n") + "\n"
  }

  public func json() -> String {
    JSONOutput.encode(analyses.map(AnalysisDocument.init))
  }
}
