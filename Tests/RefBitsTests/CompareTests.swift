import Foundation
import Testing

@testable import RefBits

/// Two small layouts with a known ordering: a 3-bit and an 8-bit unchecked
/// count. The 8-bit one holds more references, lies later, and costs an
/// attacker more; both break their claim, so that row has no winner.
enum CompareFixtures {
  static func counter(bits: Int) -> String {
    """
    title = "Test: \(bits)-bit unchecked count"
    source = "Tests/RefBitsTests/CompareTests.swift"

    [words.count]
    bits = \(bits)

    [kinds.ref]
    acquire.effects = ["count += 1"]
    release.effects = ["count -= 1"]

    [predicates.freed]
    role = "freed"
    when = "count == 0"
    means = "total == 0"

    [initial]
    held = { ref = 1 }

    [[claims]]
    never = "premature_free"
    """
  }

  static let attacker = """
    title = "Test attacker: one byte per reference"
    source = "Tests/RefBitsTests/CompareTests.swift"

    [resources.memory]
    unit = "bytes"
    budget = 1000000
    source = "test"

    [ops.ref]
    via = "test"
    cost = { memory = 1 }
    rate = 1000
    source = "test"
    """

  /// Writes `text` as `NAME.toml` in a fresh temporary directory and
  /// resolves it like a command-line path.
  static func input(_ name: String, _ text: String, in directory: URL) throws -> ResolvedInput<Layout> {
    let url = directory.appendingPathComponent("\(name).toml")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return try ShippedLayouts.resolveWithDigest(url.path)
  }

  static func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("refbits-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func evaluations(in dir: URL) throws -> [LayoutEvaluation] {
    let small = try input("small", counter(bits: 3), in: dir)
    let large = try input("large", counter(bits: 8), in: dir)
    let profile = try AttackerProfile.parse(toml: attacker, name: "test-attacker", file: "test-attacker.toml")
    let settings = EvaluationSettings(attackers: [profile], workloads: [], operations: 1, seed: 7)
    return try LayoutEvaluation.evaluate([small, large], settings: settings)
  }
}

@Suite struct CompareTests {
  @Test func bestValuesFollowTheRowRules() throws {
    let dir = try CompareFixtures.temporaryDirectory("compare")
    defer { try? FileManager.default.removeItem(at: dir) }
    let c = Comparison(try CompareFixtures.evaluations(in: dir))
    #expect(c.layouts == ["small", "large"])
    func row(_ section: String, _ label: String) throws -> Comparison.Row {
      let s = try #require(c.sections.first { $0.key == section }, "no section \(section)")
      return try #require(s.rows.first { $0.label == label }, "no row \(label) in \(section)")
    }
    // Larger capacity wins: 6 acquires vs 254 before the count wraps.
    let cap = try row("capacity", "ref")
    #expect(cap.cells[0]?.exact == "6")
    #expect(cap.cells[1]?.exact == "254")
    #expect(cap.best == [1])
    // A later onset wins.
    #expect(try row("onset", "premature_free").best == [1])
    // Reachable on both: the one needing more operations wins.
    #expect(try row("reachable", "premature_free").best == [1])
    // Impossible everywhere: equal, no winner.
    #expect(try row("reachable", "trapped").best.isEmpty)
    // The more expensive attack wins.
    #expect(try row("attack", "field_overflow").best == [1])
    // Both claims are breakable: no winner.
    let claim = try row("claim", "never premature_free")
    #expect(claim.cells.allSatisfy { $0?.text == "breakable" })
    #expect(claim.best.isEmpty)
  }

  @Test func rendersMarksInEveryFormat() throws {
    let dir = try CompareFixtures.temporaryDirectory("compare-render")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = ComparisonRenderer(Comparison(try CompareFixtures.evaluations(in: dir)))
    let plain = r.text()
    #expect(!plain.contains("\u{1B}["))
    // The 255th acquire wraps the 8-bit count to 0: an overflow, not a free
    // (only a release frees).
    #expect(plain.contains("254 (field_overflow) *"))
    #expect(ComparisonRenderer(r.comparison, colour: true).text().contains("\u{1B}[1;32m254 (field_overflow) *"))
    #expect(r.markdown().contains("**254 (field_overflow)**"))
    let json = try JSONSerialization.jsonObject(with: Data(r.json().utf8)) as? [String: Any]
    let sections = try #require(json?["sections"] as? [[String: Any]])
    let capacity = try #require(sections.first { $0["section"] as? String == "capacity" })
    let rows = try #require(capacity["rows"] as? [[String: Any]])
    #expect(rows.first?["best"] as? [String] == ["large"])
  }

  @Test func rankOrdersTierThenMeasureThenCount() {
    #expect(CellRank(tier: 0, measure: 5, count: 9) < CellRank(tier: 1))
    #expect(CellRank(tier: 0, measure: 1, count: 9) < CellRank(tier: 0, measure: 2, count: 0))
    #expect(CellRank(tier: 0, measure: 1, count: 3) < CellRank(tier: 0, measure: 1, count: 4))
    let row = Comparison.Row(label: "x", cells: [nil, .init(text: "a", rank: CellRank(tier: 1), exact: nil), .init(text: "b", rank: CellRank(tier: 1), exact: nil)])
    #expect(row.best.isEmpty, "equal cells: no winner")
  }
}
