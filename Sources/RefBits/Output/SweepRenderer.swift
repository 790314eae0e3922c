import Foundation

/// Renders a sweep as text, markdown, CSV or JSON: one row per point, the
/// varied parameters, the objectives (or, without objectives, the metrics
/// the conditions read, else every capacity and predicate onset), where the
/// point stands (`*` on the Pareto front), and its label.
public struct SweepRenderer: Sendable {
  var result: SweepResult

  /// A renderer of `result` (a whole sweep, a shard, or merged shards).
  public init(_ result: SweepResult) {
    self.result = result
  }

  /// Messages of invalid points shown before "and N more".
  static let invalidShown = 10

  /// The metrics the table shows, in order.
  var columns: [SweepMetric] {
    let spec = result.spec
    var out: [SweepMetric] = []
    for m in spec.objectives.map(\.metric) + spec.conditions.flatMap(\.metrics) where !out.contains(m) { out.append(m) }
    if out.isEmpty {
      out = result.metricKeys.compactMap { key in
        guard key.hasPrefix("capacity(") || key.hasPrefix("onset(false_") || key.hasPrefix("onset(premature_free") else { return nil }
        return try? SweepMetric(parsing: key)
      }
    }
    return out
  }

  /// `* front` on the front, else the standing's name.
  static func mark(_ s: SweepPoint.Standing) -> String {
    s == .front ? "* front" : s.rawValue
  }

  /// What the header says: the sweep, the layout, the axes, the attacker,
  /// the conditions and objectives, and how the points stand.
  func header() -> [String] {
    let r = result, s = r.spec
    var out: [String] = []
    out.append("sweep \(s.name)\(s.title.isEmpty ? "" : ": \(s.title)")")
    out.append("layout: \(s.layout) (\(s.layoutDigest))\(s.fixed.isEmpty ? "" : ", with " + s.fixed.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))")
    out.append("varying: " + s.axes.map { "\($0.parameter) = \($0.spec) (\($0.values.count) value\($0.values.count == 1 ? "" : "s"))" }.joined(separator: "; ") + "; \(r.total) point\(r.total == 1 ? "" : "s")")
    if let a = s.attacker { out.append("attacker: \(a) (\(s.attackerDigest ?? "-"))") }
    if !s.conditions.isEmpty { out.append("where: " + s.conditions.map(\.text).joined(separator: "; ")) }
    if !s.objectives.isEmpty { out.append("objectives: " + s.objectives.map(\.description).joined(separator: ", ")) }
    out.append(summary())
    return out
  }

  /// "front: 12 of 30 points; 3 invalid; ...".
  public func summary() -> String {
    let r = result
    var parts: [String] = []
    if let shard = r.shardText {
      parts.append("shard \(shard): \(r.points.count) of \(r.total) points; the front is computed once the shards are merged (refbits merge)")
    } else if r.spec.objectives.isEmpty {
      parts.append("\(r.count(.kept)) of \(r.total) points kept (no objectives: no front)")
    } else {
      parts.append("front: \(r.count(.front)) of \(r.total) points (\(r.count(.dominated)) dominated)")
    }
    for s in [SweepPoint.Standing.filtered, .undecided, .unknown, .bounded, .incomplete, .invalid] where r.count(s) > 0 {
      parts.append("\(r.count(s)) \(Self.standingText(s))")
    }
    return parts.joined(separator: "; ")
  }

  static func standingText(_ s: SweepPoint.Standing) -> String {
    switch s {
    case .front: "on the front"
    case .dominated: "dominated"
    case .kept: "kept"
    case .filtered: "filtered out by --where"
    case .undecided: "undecided by --where (it reads an unknown measure)"
    case .unknown: "with an unknown objective (kept off the front)"
    case .bounded: "with an objective known only within bounds (kept off the front)"
    case .incomplete: "with an incomplete search (kept off the front)"
    case .invalid: "invalid"
    }
  }

  /// The cells of every point's row: parameters, metrics, standing, label.
  func rows() -> (header: [String], rows: [[String]]) {
    let r = result, s = r.spec
    let cols = columns
    let header = s.axes.map(\.parameter) + cols.map(\.description) + ["standing", "label"]
    var rows: [[String]] = []
    for (i, p) in r.points.enumerated() {
      let cells = cols.map { m in p.measures?[m]?.shortDescription ?? "-" }
      rows.append(p.values.map(\.description) + cells + [Self.mark(r.standings[i]), s.label(for: p.values) ?? ""])
    }
    return (header, rows)
  }

  /// The notes under the table: what unknown means, the invalid points.
  func notes() -> [String] {
    let r = result
    var out: [String] = []
    let cols = columns
    var meanings: [String] = []
    for m in cols where r.points.contains(where: { $0.measures?[m] == .unknown }) {
      let line = "unknown \(m): \(m.unknownMeaning)"
      if !meanings.contains(line) { meanings.append(line) }
    }
    out += meanings
    if cols.contains(where: { m in r.points.contains { if case .atMost? = $0.measures?[m] { true } else { false } } }) {
      out.append("L..U (or <=U): a bound, not a value: the shortest sequence found has U operations but is not proved shortest, and none of fewer than L exists (the breadth-first search's proof); a condition is decided only when every value in the bound gives the same answer, and an objective that is a bound keeps its point off the front (standing bounded)")
    }
    if cols.contains(where: { m in r.points.contains { $0.measures?[m] == .never } }) {
      out.append("never: impossible, by a certificate the independent checker accepted; onsets and attacks are the shortest (cheapest) sequences the exact lens found")
    }
    let invalid = r.points.filter { if case .invalid = $0.evaluation { return true }; return false }
    for p in invalid.prefix(Self.invalidShown) {
      if case .invalid(let messages) = p.evaluation {
        out.append("invalid point \(p.index): " + (messages.first?.split(separator: "\n").first.map(String.init) ?? "?"))
      }
    }
    if invalid.count > Self.invalidShown { out.append("and \(invalid.count - Self.invalidShown) more invalid points (every message is in --format json)") }
    return out
  }

  /// What `refbits sweep` prints: the header (sweep, layout, axes,
  /// attacker, conditions, objectives, summary), an aligned table with one
  /// row per point, and the notes.
  ///
  /// - Complexity: O(points × columns).
  public func text() -> String {
    let (header, rows) = self.rows()
    var widths = header.map(\.count)
    for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
      var s = "  " + zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
      while s.hasSuffix(" ") { s.removeLast() }
      return s
    }
    var out = self.header() + ["", line(header)]
    out += rows.map(line)
    let notes = self.notes()
    if !notes.isEmpty { out += [""] + notes }
    return out.joined(separator: "\n") + "\n"
  }

  /// The same as ``text()`` as a markdown section headed `## Sweep NAME`,
  /// the header as a list and the front's standing in bold.
  ///
  /// - Complexity: O(points × columns).
  public func markdown() -> String {
    markdownLines(title: "## Sweep `\(result.spec.name)`").joined(separator: "\n") + "\n"
  }

  /// The markdown table and notes, under a heading line.
  func markdownLines(title: String) -> [String] {
    let (header, rows) = self.rows()
    var out = [title, ""]
    out += self.header().dropFirst().map { "- \(Markdown.text($0))" }
    out += ["", Markdown.row(header.map(Markdown.code)), Markdown.rule(header.count)]
    for row in rows {
      var cells = row.map(Markdown.text)
      if row[row.count - 2] == Self.mark(.front) { cells[cells.count - 2] = "**front**" }
      out.append(Markdown.row(cells))
    }
    let notes = self.notes()
    if !notes.isEmpty { out += [""] + notes.map { "- \(Markdown.text($0))" } }
    return out
  }

  /// One row per point: `index`, the varied parameters, `standing`,
  /// `label`, `error`, then every metric the points record (decimal
  /// integers, reals, `never`, `unknown`), for plotting elsewhere.
  public func csv() -> String {
    let r = result
    let keys = r.metricKeys
    var lines = [(["index"] + r.spec.axes.map(\.parameter) + ["standing", "label", "error"] + keys).map(Self.csvField).joined(separator: ",")]
    for (i, p) in r.points.enumerated() {
      var error = ""
      if case .invalid(let m) = p.evaluation { error = m.first?.split(separator: "\n").first.map(String.init) ?? "" }
      let row = [String(p.index)] + p.values.map(\.description) + [r.standings[i].rawValue, r.spec.label(for: p.values) ?? "", error]
        + keys.map { p.measures?.values[$0]?.description ?? "" }
      lines.append(row.map(Self.csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// RFC 4180: quoted when it holds a comma, quote or line break.
  static func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// `refbits sweep --format json` (docs/schema/sweep.schema.json): the
  /// spec, every point and its measures, what `refbits merge` reads back.
  public func json() -> String { SweepDocument(result).json }
}
