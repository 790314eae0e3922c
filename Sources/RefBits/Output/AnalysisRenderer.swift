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

extension Analysis.Capacity {
  /// `2147483646 (~2^31.0)`, `unbounded`, `at least 17179869184 (2^34)`.
  public var figure: String {
    switch verdict {
    case .reachable: AnalysisRenderer.number(capacity!)
    case .impossible: "unbounded"
    case .unknown(let u): "at least \(AnalysisRenderer.number((u.atLeast ?? 1) - 1))"
    }
  }
}

extension Analysis {
  /// The operations every certificate of an analysis covers.
  var operations: [Op] { PhaseSearch.allOps(layout) }

  /// How the sequences were looked for, in one sentence.
  public var searchText: String {
    "every sequence of at most \(exhaustiveDepth) operations (exhaustive), and \(searchClass) (phase search); impossible = a certificate the independent checker accepted"
  }
}

/// Renders analyses as text, markdown or JSON.
public struct AnalysisRenderer: Sendable {
  public var analyses: [Analysis]

  public init(_ analyses: [Analysis]) {
    self.analyses = analyses
  }

  /// `1024 (2^10)`, `2147482623 (~2^31.0)`: exact decimal with its size.
  static func number(_ n: BigInt) -> String {
    guard n > 1024 else { return n.description }
    let l = Foundation.log2(n.doubleValue)
    if n.signum > 0, (n & (n - 1)).isZero { return "\(n) (2^\(n.bitWidth - 1))" }
    return "\(n) (~2^\(String(format: "%.1f", l)))"
  }

  public func text() -> String {
    analyses.map { a in
      let l = a.layout
      var out = ["\(l.name): \(l.title)", "source: \(l.source)", "", "capacity per kind (acquires from the initial state until the first event):"]
      let kw = a.capacities.map(\.kind.count).max() ?? 0
      let pad = String(repeating: " ", count: kw)
      for c in a.capacities {
        let stop = c.stoppedBy.isEmpty ? "" : "  stopped by \(c.stoppedBy.map(\.description).joined(separator: ", "))"
        out.append("  \(c.kind.padding(toLength: kw, withPad: " ", startingAt: 0))  \(c.figure)\(stop)")
        switch c.verdict {
        case .reachable: out.append("  \(pad)  then \(c.then.text)")
        case .impossible(let cert): out.append("  \(pad)  no acquire ever stops: certificate (\(cert.coverage(l, all: a.operations))): \(cert.text(l))")
        case .unknown(let u): out.append("  \(pad)  unknown beyond: \(u.reason)")
        }
      }
      func row(_ label: String, _ v: Verdict) {
        out.append("  \(label): \(v.line(l))")
        if let b = v.backing(l, operations: a.operations) { out.append("      \(b)") }
      }
      if !a.onsets.isEmpty {
        out += ["", "predicate onsets (the shortest sequence that makes each predicate lie):"]
        for o in a.onsets { row(o.outcome.description, o.verdict) }
      }
      out += ["", "outcomes:"]
      for r in a.reachable { row(r.outcome.description, r.verdict) }
      if !a.claims.isEmpty {
        out += ["", "claims:"]
        for c in a.claims {
          out.append("  \(c.claim): \(c.word)\(c.verdict.sequence.map { " by \($0) (\(Self.number($0.operations)) operations); replay: refbits trace \(l.name) \"\($0)\"" } ?? "")")
          if let b = c.verdict.backing(l, operations: a.operations) { out.append("      \(b)") }
        }
      }
      out += ["", "searched: \(a.searchText)"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  public func markdown() -> String {
    analyses.map { a in
      let l = a.layout
      var out = ["## \(l.name)", "", l.title, "", "Source: \(l.source)", "", "| kind | capacity | stopped by | then |", "|---|---|---|---|"]
      for c in a.capacities {
        out.append("| `\(c.kind)` | \(c.figure) | \(c.stoppedBy.map { "`\($0)`" }.joined(separator: ", ")) | \(Self.capacityNote(c, a)) |")
      }
      if !a.onsets.isEmpty {
        out += ["", "| predicate | lie | verdict |", "|---|---|---|"]
        for o in a.onsets { out.append("| `\(o.predicate)` | `\(o.outcome)` | \(Self.cell(o.verdict, a)) |") }
      }
      out += ["", "| outcome | verdict |", "|---|---|"]
      for r in a.reachable { out.append("| `\(r.outcome)` | \(Self.cell(r.verdict, a)) |") }
      if !a.claims.isEmpty {
        out += ["", "| claim | status | verdict |", "|---|---|---|"]
        for c in a.claims { out.append("| `\(c.claim)` | **\(c.word)** | \(Self.cell(c.verdict, a)) |") }
      }
      out += ["", "_Searched: \(a.searchText)._"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n") + "\n"
  }

  /// A verdict in one table cell: the line, and what backs it.
  static func cell(_ v: Verdict, _ a: Analysis) -> String {
    let line = v.line(a.layout, code: true)
    guard let b = v.backing(a.layout, operations: a.operations) else { return line }
    return "\(line)<br>\(escaped(b))"
  }

  static func capacityNote(_ c: Analysis.Capacity, _ a: Analysis) -> String {
    switch c.verdict {
    case .reachable: c.then.text
    case .impossible(let cert): "no acquire ever stops: certificate (\(cert.coverage(a.layout, all: a.operations))): \(escaped(cert.text(a.layout)))"
    case .unknown(let u): "unknown beyond: \(escaped(u.reason))"
    }
  }

  /// Text safe inside a markdown table cell.
  static func escaped(_ s: String) -> String {
    s.replacingOccurrences(of: "|", with: "\\|")
  }

  public func json() -> String {
    JSONOutput.encode(analyses.map(AnalysisDocument.init))
  }
}
