/// The distinct certificates of one rendering (a layout's analysis, an
/// attack), numbered in order of first use, so that each is printed once and
/// the rows name it: `premature_free: impossible (certificate 1)`.
///
/// Rows whose certificates rest on the same argument over the same
/// operations share a number: one invariant usually proves most of a
/// layout's impossible rows, and a reviewer reads it once.
struct CertificateList {
  struct Entry {
    /// The first certificate with this argument (the others differ only in
    /// what they exclude).
    var certificate: Certificate
    /// The rows that cite it, in order, each once.
    var rows: [String]
  }

  private(set) var entries: [Entry] = []
  private var index: [Key: Int] = [:]

  private struct Key: Hashable {
    var argument: Certificate.Argument
    var operations: Set<Op>
    var kept: [Int: BigInt]
  }

  /// The certificate's number (from 1), recording `row` as citing it.
  mutating func number(_ c: Certificate, row: String) -> Int {
    let key = Key(argument: c.argument, operations: Set(c.operations.map(CertificateChecker.unattributed)), kept: c.kept)
    if let i = index[key] {
      // An onset and an outcome row can name the same outcome.
      if !entries[i].rows.contains(row) { entries[i].rows.append(row) }
      return i + 1
    }
    index[key] = entries.count
    entries.append(Entry(certificate: c, rows: [row]))
    return entries.count
  }

  /// ` (certificate 2)` for an impossible verdict, recording the row; empty
  /// otherwise.
  mutating func reference(_ v: Verdict, row: String) -> String {
    v.certificate.map { " (certificate \(number($0, row: row)))" } ?? ""
  }

  static let heading = "checked by the independent checker: the initial state satisfies the invariant, every operation it covers keeps it, and no step from it produces what it excludes"

  /// The text section: each certificate, its invariant one zone a line.
  func text(_ layout: Layout, all: [Op]) -> [String] {
    guard !entries.isEmpty else { return [] }
    var out = ["", "certificates (\(Self.heading)):"]
    for (i, e) in entries.enumerated() {
      let c = e.certificate
      let head = "  [\(i + 1)] \(c.coverage(layout, all: all)): "
      switch c.argument {
      case .noCondition(let why):
        out.append(head + "no condition produces it: \(why)")
      case .invariant(let inv):
        out.append(head + "invariant" + Self.stated(c))
        let zones = Self.zoneLines(inv, layout)
        for (j, z) in zones.enumerated() { out.append("        \(j == 0 ? "   " : "|| ")\(z)") }
      }
      out.append("      excludes: \(e.rows.joined(separator: ", "))")
    }
    return out
  }

  /// The markdown section: a paragraph per certificate, invariants in code
  /// blocks (one zone a line).
  func markdown(_ layout: Layout, all: [Op]) -> [String] {
    guard !entries.isEmpty else { return [] }
    var out = ["", "Certificates (\(Self.heading)):"]
    for (i, e) in entries.enumerated() {
      let c = e.certificate
      let head = "**Certificate \(i + 1)** (\(c.coverage(layout, all: all))), excludes \(e.rows.map { "`\($0)`" }.joined(separator: ", "))"
      switch c.argument {
      case .noCondition(let why):
        out += ["", "\(head): no condition produces it: \(why)."]
      case .invariant(let inv):
        out += ["", "\(head): the invariant below\(Self.stated(c)) (a state satisfies it when it satisfies one of its lines).", "", "```text"] + Self.zoneLines(inv, layout) + ["```"]
      }
    }
    return out
  }

  /// ` stated in the layout (line 97)` for an invariant the layout states;
  /// empty for one RefBits found.
  static func stated(_ c: Certificate) -> String {
    guard case .stated(let line) = c.origin else { return "" }
    return " stated in the layout" + (line.map { " (line \($0))" } ?? "")
  }

  /// One line per zone: its constraints joined by `&&`.
  static func zoneLines(_ inv: Invariant, _ layout: Layout) -> [String] {
    let parts = inv.parts(layout)
    return parts.isEmpty ? ["false"] : parts.map { $0.isEmpty ? "true" : $0.joined(separator: " && ") }
  }
}
