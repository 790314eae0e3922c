import Foundation

/// Renders fuzz results as text, markdown or JSON.
public struct FuzzRenderer: ResultRenderer, Sendable {
  /// The results, one per layout and workload, in output order.
  var results: [FuzzResult]
  /// Where the witnesses were written (`--out`): the text names their files
  /// under it.
  var witnessDirectory: String?

  /// Creates a renderer of `results`; `witnessDirectory` is where the
  /// witnesses were written, nil when they were not.
  public init(_ results: [FuzzResult], witnessDirectory: String? = nil) {
    self.results = results
    self.witnessDirectory = witnessDirectory
  }

  /// `1.23e+04`-style numbers with 3 significant digits.
  static func rate(_ x: Double) -> String {
    if x == 0 { return "0" }
    if x >= 0.01 && x < 1e6 { return String(format: "%.3g", x) }
    return String(format: "%.2e", x)
  }

  static func interval(_ i: ConfidenceInterval) -> String {
    "[\(rate(i.lower)), \(rate(i.upper))]" + (i.method == "rule-of-three" ? " (rule of three)" : "")
  }

  /// Each run's steps, outcome counts and rates with intervals, and its witnesses.
  public func text() -> String {
    let witnesses = witnessDirectory.map(WitnessDirectory.init)
    return results.map { r in
      var out = ["\(r.layoutName) under \(r.workload), seed \(r.seed)\(r.shard.map { ", shard \($0)" } ?? "")"]
      out.append("  \(r.tally.operations) operations, \(r.tally.steps) steps, \(r.tally.lifetimes) lifetimes of \(r.lifetime) operations")
      if !r.complete { out.append("  STOPPED EARLY (\(r.stoppedBy?.rawValue ?? "stopped")): the counts are those of the first \(r.tally.lifetimes) lifetimes") }
      if !r.skippedActors.isEmpty { out.append("  actors with no kind in this layout (skipped): \(r.skippedActors.joined(separator: ", "))") }
      if r.tally.truncatedBursts > 0 { out.append("  \(r.tally.truncatedBursts) bursts cut short: a condition that is not linear made them step one at a time") }
      out.append("")
      let rows = r.outcomes.map { o -> [String] in
        let first = o.first.map { "step \($0.step) (lifetime \($0.lifetime), op \($0.operation + 1))" } ?? "-"
        return [o.outcome.description, o.count.description, Self.rate(o.ratePerMillion), Self.interval(o.interval), first]
      }
      out += Self.table(header: ["outcome", "count", "per million steps", "95% interval", "first seen"], rows).map { "  " + $0 }
      let witnessed = r.outcomes.compactMap { o in o.witnessFile.map { (o, $0) } }
      if !witnessed.isEmpty {
        out += ["", "  witnesses (shrunk):"]
        for (o, witnessFile) in witnessed {
          guard let w = r.witness(o.outcome) else { continue }
          let file = witnesses.map { $0.path(of: witnessFile) } ?? witnessFile
          let script = w.script.count > 120 ? String(w.script.prefix(117)) + "..." : w.script
          out.append("    \(o.outcome): \(script)  (\(w.operations.count) op\(w.operations.count == 1 ? "" : "s"), \(w.steps) steps; from \(w.originalOperations ?? 0) ops)  -> \(file)")
        }
      }
      if !r.claims.isEmpty {
        out += ["", "  claims:"]
        for c in r.claims {
          if r.tally.steps == 0 {
            out.append("    UNCHECKED \(c.claim): 0 steps ran")
          } else if c.broken {
            out.append("    BROKEN    \(c.claim): \(c.count) steps, \(Self.interval(c.interval)) per million; first witness \(c.witness?.description ?? "-")")
          } else {
            out.append("    not seen  \(c.claim): in \(r.tally.steps) steps (95% upper bound \(Self.rate(c.interval.upper)) per million)")
          }
        }
      }
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  /// The same as ``text()`` as markdown tables, for reports.
  public func markdown() -> String {
    results.map { r in
      var out = ["## \(Markdown.text(r.layoutName)) under \(Markdown.code(r.workload))", "", "Seed \(r.seed); \(r.tally.operations) operations, \(r.tally.steps) steps\(r.complete ? "" : " (stopped early: \(r.stoppedBy?.rawValue ?? "stopped"))").", "", "| outcome | count | per million steps | 95% interval | first seen | witness |", "|---|---|---|---|---|---|"]
      for o in r.outcomes {
        let w = r.witness(o.outcome).map { "`\($0.script.count > 80 ? String($0.script.prefix(77)) + "..." : $0.script)`" } ?? ""
        out.append("| `\(o.outcome)` | \(o.count) | \(Self.rate(o.ratePerMillion)) | \(Self.interval(o.interval)) | \(o.first.map { "step \($0.step)" } ?? "-") | \(w) |")
      }
      if !r.claims.isEmpty {
        out += ["", "| claim | status |", "|---|---|"]
        for c in r.claims { out.append("| `\(c.claim)` | \(r.tally.steps == 0 ? "**unchecked** (0 steps)" : c.broken ? "**broken** (\(c.count) steps)" : "not seen") |") }
      }
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n") + "\n"
  }

  /// An array of results, one per layout, whatever their number (one
  /// shape for scripts: docs/json.md, docs/schema/fuzz.schema.json).
  public func json() -> String {
    JSONOutput.encode(results)
  }

  static func table(header: [String], _ rows: [[String]]) -> [String] {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
    return all.map { row in
      row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  ")
    }
  }
}
