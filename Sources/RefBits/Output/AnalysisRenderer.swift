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
  var figure: String {
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
  var searchText: String {
    "\(searchClass); impossible = a certificate the independent checker accepted"
  }
}

/// Renders analyses as text, markdown or JSON.
public struct AnalysisRenderer: ResultRenderer, Sendable {
  /// The analyses, one per layout, in output order.
  var analyses: [Analysis]

  /// Creates a renderer of `analyses`.
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

  /// Each layout's capacities, predicate onsets and outcomes, as `refbits
  /// analyze` prints them.
  public func text() -> String {
    analyses.map { a in
      let l = a.layout
      var certificates = CertificateList()
      var out = ["\(l.label): \(l.title)", "source: \(l.source)", "", "capacity per kind (acquires from the initial state until the first event):"]
      let kw = a.capacities.map(\.kind.count).max() ?? 0
      let pad = String(repeating: " ", count: kw)
      for c in a.capacities {
        let stop = c.stoppedBy.isEmpty ? "" : "  stopped by \(c.stoppedBy.map(\.description).joined(separator: ", "))"
        out.append("  \(c.kind.padding(toLength: kw, withPad: " ", startingAt: 0))  \(c.figure)\(stop)")
        out.append("  \(pad)  \(c.verdict.isReachable ? "then " : "")\(Self.capacityNote(c, &certificates))")
      }
      func row(_ label: String, _ v: Verdict) {
        out.append("  \(label): \(v.line(l))\(certificates.reference(v, row: label))")
        if let why = v.reason { out.append("      \(why)") }
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
          let by = c.verdict.sequence.map { " by \($0) (\(Self.number($0.operations)) operations); replay: refbits trace \(l.name) \"\($0)\"" } ?? ""
          out.append("  \(c.claim): \(c.word)\(by)\(certificates.reference(c.verdict, row: c.claim))")
          if let why = c.verdict.reason { out.append("      \(why)") }
        }
      }
      out += certificates.text(l, all: a.operations)
      out += ["", "searched: \(a.searchText)"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  /// The same as ``text()`` with headings and tables, for reports.
  public func markdown() -> String {
    analyses.map { a in
      let l = a.layout
      var certificates = CertificateList()
      var out = ["## \(Markdown.text(l.label))", "", Markdown.text(l.title), "", "Source: \(Markdown.text(l.source))", "", "| kind | capacity | stopped by | then |", "|---|---|---|---|"]
      for c in a.capacities {
        out.append("| `\(c.kind)` | \(c.figure) | \(c.stoppedBy.map { "`\($0)`" }.joined(separator: ", ")) | \(Self.escaped(Self.capacityNote(c, &certificates))) |")
      }
      if !a.onsets.isEmpty {
        out += ["", "| predicate | lie | verdict |", "|---|---|---|"]
        for o in a.onsets { out.append("| `\(o.predicate)` | `\(o.outcome)` | \(Self.cell(o.verdict, a, row: o.outcome.description, &certificates)) |") }
      }
      out += ["", "| outcome | verdict |", "|---|---|"]
      for r in a.reachable { out.append("| `\(r.outcome)` | \(Self.cell(r.verdict, a, row: r.outcome.description, &certificates)) |") }
      if !a.claims.isEmpty {
        out += ["", "| claim | status | verdict |", "|---|---|---|"]
        for c in a.claims { out.append("| `\(c.claim)` | **\(c.word)** | \(Self.cell(c.verdict, a, row: c.claim, &certificates)) |") }
      }
      out += certificates.markdown(l, all: a.operations)
      out += ["", "_Searched: \(Markdown.text(a.searchText))._"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n") + "\n"
  }

  /// A verdict in one table cell: the line, the certificate's number, and
  /// an unknown's reason.
  static func cell(_ v: Verdict, _ a: Analysis, row: String, _ certificates: inout CertificateList) -> String {
    let line = v.line(a.layout, code: true) + certificates.reference(v, row: row)
    guard let why = v.reason else { return line }
    return "\(line)<br>\(escaped(why))"
  }

  /// What follows a capacity: what the next acquires do, the certificate
  /// that none ever stops, or why it is unknown.
  static func capacityNote(_ c: Analysis.Capacity, _ certificates: inout CertificateList) -> String {
    switch c.verdict {
    case .reachable: c.then.text
    case .impossible(let cert): "no acquire ever stops (certificate \(certificates.number(cert, row: "capacity(\(c.kind))")))"
    case .unknown(let u): "unknown beyond: \(u.reason)"
    }
  }

  /// Text safe inside a markdown table cell.
  static func escaped(_ s: String) -> String {
    s.replacingOccurrences(of: "|", with: "\\|")
  }

  /// An array of analyses (schema: docs/schema/analyze.schema.json).
  public func json() -> String {
    JSONOutput.encode(analyses.map(AnalysisDocument.init))
  }
}
