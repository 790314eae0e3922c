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
    // Both claims are broken (a sequence produces the premature free): no winner.
    let claim = try row("claim", "never premature_free")
    #expect(claim.cells.allSatisfy { $0?.text == "broken" })
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

  @Test("an unknown cell is never best, and beside one only a ceiling is")
  func unknownIsNeverBest() {
    let unknown = Comparison.Cell(text: "unknown", rank: nil, exact: nil)
    let reachable = Comparison.Cell(text: "12 ops", rank: CellRank(tier: 0, count: 12), exact: "ref*12")
    let shorter = Comparison.Cell(text: "3 ops", rank: CellRank(tier: 0, count: 3), exact: "ref*3")
    let impossible = Comparison.Cell(text: "impossible", rank: .ceiling(tier: 1), exact: nil)
    // The unknown one might be impossible: the reachable one is not best.
    #expect(Comparison.Row(label: "x", cells: [unknown, reachable, shorter]).best.isEmpty)
    #expect(Comparison.Row(label: "x", cells: [unknown, unknown]).best.isEmpty)
    // Nothing beats impossible, unknown or not.
    #expect(Comparison.Row(label: "x", cells: [unknown, impossible, reachable]).best == [1])
    #expect(Comparison.Row(label: "x", cells: [reachable, shorter]).best == [0])
  }

  @Test("at the same capacity, a refusal ranks above a field overflow")
  func refusalBeatsOverflow() {
    let refused = Comparison.stopQuality([.refused(kind: "ref")])
    let overflow = Comparison.stopQuality([.fieldOverflow(field: "count")])
    let saturated = Comparison.stopQuality([.saturated])
    #expect(overflow < saturated && saturated < refused)
    let row = Comparison.Row(label: "ref", cells: [
      .init(text: "15 (field_overflow)", rank: CellRank(tier: 0, count: 15, quality: overflow), exact: "15"),
      .init(text: "15 (refused)", rank: CellRank(tier: 0, count: 15, quality: refused), exact: "15"),
    ])
    #expect(row.best == [1])
    // Size first: a larger capacity that overflows still ranks above.
    #expect(CellRank(tier: 0, count: 16, quality: overflow) > CellRank(tier: 0, count: 15, quality: refused))
  }

  @Test("an impossible attack ranks above one beyond the budget")
  func impossibleAttackIsBest() throws {
    let dir = try CompareFixtures.temporaryDirectory("compare-impossible")
    defer { try? FileManager.default.removeItem(at: dir) }
    // The same 3-bit count, once unchecked (8 acquires wrap it back to 1, and
    // the attacker's release of one of them frees with 8 held: a premature
    // free, beyond a budget of 2 bytes) and once refusing at 6.
    let unchecked = try CompareFixtures.input("unchecked", CompareFixtures.counter(bits: 3), in: dir)
    let guarded = try CompareFixtures.input("guarded", CompareFixtures.counter(bits: 3).replacingOccurrences(of: "acquire.effects", with: "acquire.refuse = \"count >= 6\"\nacquire.effects"), in: dir)
    let poor = CompareFixtures.attacker.replacingOccurrences(of: "budget = 1000000", with: "budget = 2").replacingOccurrences(of: "rate = 1000", with: "rate = 1000\nrelease = true")
    let profile = try AttackerProfile.parse(toml: poor, name: "poor", file: "poor.toml")
    let settings = EvaluationSettings(attackers: [profile], workloads: [], operations: 1, seed: 7)
    let c = Comparison(try LayoutEvaluation.evaluate([unchecked, guarded], settings: settings))
    let row = try #require(c.sections.first { $0.key == "attack" }?.rows.first { $0.label == "premature_free" })
    #expect(row.cells[0]?.text.contains("over budget") == true, "\(row.cells[0]?.text ?? "-")")
    #expect(row.cells[1]?.text == "impossible")
    #expect(row.best == [1])
  }

  @Test("a sequence only found is best only when its proven lower bound beats the others")
  func foundSequencesAreMarkedOnlyWhenSettled() {
    let proved2 = Comparison.Cell(text: "2 ops", rank: CellRank(tier: 0, count: 2), exact: "a*2")
    let proved50 = Comparison.Cell(text: "50 ops", rank: CellRank(tier: 0, count: 50), exact: "a*50")
    // 2^32 found, none under 1000: later than 2 and 50 whatever the truth.
    let found = Comparison.Cell(text: "2^32 ops", rank: CellRank(tier: 0, count: BigInt.power(of2: 32), floor: 1000), exact: "a*4294967296")
    #expect(Comparison.Row(label: "x", cells: [proved2, found, proved50]).best == [1])
    // 100 found, none under 12: the true figure may be under 50.
    let weak = Comparison.Cell(text: "100 ops", rank: CellRank(tier: 0, count: 100, floor: 12), exact: "a*100")
    #expect(Comparison.Row(label: "x", cells: [proved50, weak]).best.isEmpty)
    // A proved figure above a found one is best: the found one can only be shorter.
    #expect(Comparison.Row(label: "x", cells: [proved50, Comparison.Cell(text: "30 ops", rank: CellRank(tier: 0, count: 30, floor: 12), exact: "a*30")]).best == [0])
  }
}
