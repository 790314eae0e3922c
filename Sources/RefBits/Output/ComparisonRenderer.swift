import Foundation

/// Renders a ``Comparison`` as an aligned text table (best cells marked `*`,
/// and in bold green when colour is asked for), markdown (best in bold) or
/// JSON (docs/json.md, `refbits compare`).
public struct ComparisonRenderer: ResultRenderer, Sendable {
  var comparison: Comparison
  /// Whether the text marks the best values in colour as well.
  public var colour: Bool

  /// Creates a renderer of `comparison`; with `colour`, the text also marks
  /// the best cells in bold green.
  public init(_ comparison: Comparison, colour: Bool = false) {
    self.comparison = comparison
    self.colour = colour
  }

  static let bold = "\u{1B}[1m", green = "\u{1B}[1;32m", dim = "\u{1B}[2m", reset = "\u{1B}[0m"

  /// The header lines: what was compared, under what.
  var context: [String] {
    let c = comparison
    var out: [String] = []
    if let a = c.attacker { out.append("attacker: \(a)") }
    if let w = c.workload { out.append("workload: \(w), seed \(c.seed ?? 0), \(c.operations ?? 0) operations per layout") }
    return out
  }

  /// The text, with the best value of each row in colour (ANSI escapes)
  /// when ``colour`` is set.
  public func text() -> String {
    let c = comparison
    let marked = { (row: Comparison.Row, i: Int) -> String in
      guard let cell = row.cells[i] else { return "-" }
      return cell.text + (row.best.contains(i) ? " *" : "")
    }
    var labelWidth = 0
    var widths = c.layouts.map(\.count)
    for s in c.sections {
      for r in s.rows {
        labelWidth = max(labelWidth, r.label.count + 2)
        for i in c.layouts.indices { widths[i] = max(widths[i], marked(r, i).count) }
      }
    }
    func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    var out: [String] = []
    var header = pad("", labelWidth)
    for (i, l) in c.layouts.enumerated() { header += "  " + (i == c.layouts.count - 1 ? l : pad(l, widths[i])) }
    out.append(colour ? Self.bold + header + Self.reset : header)
    for s in c.sections {
      out.append("")
      out.append(colour ? Self.bold + s.title + Self.reset : s.title)
      for r in s.rows {
        var line = pad("  " + r.label, labelWidth)
        for i in c.layouts.indices {
          let text = marked(r, i)
          let shown = i == c.layouts.count - 1 ? text : pad(text, widths[i])
          if colour && r.best.contains(i) {
            line += "  " + Self.green + text + Self.reset + String(repeating: " ", count: shown.count - text.count)
          } else if colour && r.cells[i] == nil {
            line += "  " + Self.dim + text + Self.reset + String(repeating: " ", count: shown.count - text.count)
          } else {
            line += "  " + shown
          }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        out.append(line)
      }
    }
    out.append("")
    out += context
    out.append("* best in its row (none marked where every layout agrees):")
    out += c.sections.map { "    \($0.key): \($0.preference.legend)" }
    out.append("- the layout has no such kind, predicate, goal or claim")
    return out.joined(separator: "\n")
  }

  /// The table in markdown, the best cells in bold.
  public func markdown() -> String {
    let c = comparison
    var out = [Markdown.row([""] + c.layouts.map(Markdown.code)), Markdown.rule(c.layouts.count + 1)]
    for s in c.sections {
      out.append(Markdown.row(["**\(Markdown.text(s.title))**"] + c.layouts.map { _ in "" }))
      for r in s.rows {
        let cells = c.layouts.indices.map { i -> String in
          guard let cell = r.cells[i] else { return "-" }
          return r.best.contains(i) ? "**\(Markdown.text(cell.text))**" : Markdown.text(cell.text)
        }
        out.append(Markdown.row([Markdown.code(r.label)] + cells))
      }
    }
    out.append("")
    if !context.isEmpty { out.append(context.joined(separator: "; ") + ".") ; out.append("") }
    out.append("Best in bold: " + c.sections.map { "\($0.key): \($0.preference.legend)" }.joined(separator: "; ") + ". `-`: the layout has no such row.")
    return out.joined(separator: "\n") + "\n"
  }

  /// The table as JSON (schema: docs/schema/compare.schema.json).
  public func json() -> String {
    JSONOutput.encode(ComparisonDocument(comparison))
  }
}

/// The JSON form of `refbits compare` (schema: docs/schema/compare.schema.json).
