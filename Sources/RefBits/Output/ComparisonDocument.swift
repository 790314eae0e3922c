import Foundation

struct ComparisonDocument: Codable, Sendable, Hashable {
  var tool = "refbits"
  var version = RefBitsVersion.current
  var layouts: [String]
  var attacker: String?
  var workload: String?
  var seed: UInt64?
  var operations: Int?
  var sections: [SectionEntry]

  struct SectionEntry: Codable, Sendable, Hashable {
    var section: String
    var title: String
    var prefer: String
    var rows: [RowEntry]
  }

  struct RowEntry: Codable, Sendable, Hashable {
    var row: String
    /// Layout names of the best cells.
    var best: [String]
    var cells: [CellEntry]
  }

  struct CellEntry: Codable, Sendable, Hashable {
    var layout: String
    var present: Bool
    var text: String?
    var exact: String?
    var best: Bool

    func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(layout, forKey: .layout)
      try c.encode(present, forKey: .present)
      try c.encode(text, forKey: .text)
      try c.encode(exact, forKey: .exact)
      try c.encode(best, forKey: .best)
    }
  }

  init(_ c: Comparison) {
    layouts = c.layouts
    attacker = c.attacker
    workload = c.workload
    seed = c.seed
    operations = c.operations
    sections = c.sections.map { s in
      SectionEntry(section: s.key, title: s.title, prefer: s.preference.rawValue, rows: s.rows.map { r in
        RowEntry(row: r.label, best: r.best.map { c.layouts[$0] }, cells: c.layouts.indices.map { i in
          CellEntry(layout: c.layouts[i], present: r.cells[i] != nil, text: r.cells[i]?.text, exact: r.cells[i]?.exact, best: r.best.contains(i))
        })
      })
    }
  }

  // Optional values are written as explicit nulls: every key is always present.
  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(tool, forKey: .tool)
    try c.encode(version, forKey: .version)
    try c.encode(layouts, forKey: .layouts)
    try c.encode(attacker, forKey: .attacker)
    try c.encode(workload, forKey: .workload)
    try c.encode(seed, forKey: .seed)
    try c.encode(operations, forKey: .operations)
    try c.encode(sections, forKey: .sections)
  }
}
