import Foundation
import Testing

@testable import RefBits

/// `refbits report`: the same inputs give byte-identical files; a failed
/// run leaves the previous directory as it was; `--check` names stale files.
@Suite struct ReportTests {
  /// The small layouts of the compare tests, fuzzed briefly (seed 11) with a
  /// workload of their single kind.
  static let workload = """
    title = "Test: one actor taking refs in bursts and holding them"
    source = "Tests/RefBitsTests/ReportTests.swift"
    lifetime = 200

    [actors.user]
    weight = 1
    kinds = ["ref"]
    acquire = 0.6
    burst = { uniform = [1, 4] }
    hold = { geometric = 20 }
    """

  static func report(in dir: URL, display: String = "reports") throws -> Report {
    let small = try CompareFixtures.input("small", CompareFixtures.counter(bits: 3), in: dir)
    let large = try CompareFixtures.input("large", CompareFixtures.counter(bits: 8), in: dir)
    let profile = try AttackerProfile.parse(toml: CompareFixtures.attacker, name: "test-attacker", file: "test-attacker.toml")
    let wurl = dir.appendingPathComponent("test-workload.toml")
    try workload.write(to: wurl, atomically: true, encoding: .utf8)
    let w = try ShippedWorkloads.resolveWithDigest(wurl.path)
    let settings = EvaluationSettings(attackers: [profile], workloads: [w], operations: 4000, seed: 11)
    let evaluations = try LayoutEvaluation.evaluate([small, large], settings: settings)
    return Report(evaluations: evaluations, settings: settings, command: "refbits report (test)", directory: display)
  }

  @Test func sameInputsGiveByteIdenticalFiles() throws {
    let dir = try CompareFixtures.temporaryDirectory("report-inputs")
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
    try ReportDirectory.write(try Self.report(in: dir).files(), to: a.path)
    try ReportDirectory.write(try Self.report(in: dir).files(), to: b.path)
    let names = ReportDirectory.existingFiles(in: a.path)
    #expect(names == ReportDirectory.existingFiles(in: b.path))
    #expect(names.contains("README.md") && names.contains("small.md") && names.contains("large.md"))
    #expect(names.contains { $0.hasPrefix("witnesses/test-workload/small/") }, "the 3-bit count wraps under the workload: \(names)")
    for n in names {
      #expect(FileManager.default.contents(atPath: a.appendingPathComponent(n).path) == FileManager.default.contents(atPath: b.appendingPathComponent(n).path), "\(n) differs")
    }
    let readme = try String(contentsOf: a.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(readme.contains("xychart-beta") && readme.contains("log2"))
    let page = try String(contentsOf: a.appendingPathComponent("small.md"), encoding: .utf8)
    #expect(page.contains("`refbits replay reports/witnesses/test-workload/small/"))
  }

  @Test func failedWriteLeavesThePreviousDirectory() throws {
    let dir = try CompareFixtures.temporaryDirectory("report-atomic")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("reports")
    try ReportDirectory.write(["README.md": "old\n", "x.md": "old page\n"], to: out.path)
    // "a" is a file, so "a/b" cannot be written: the run fails half-way.
    #expect(throws: Diagnostics.self) {
      try ReportDirectory.write(["README.md": "new\n", "a": "file\n", "a/b": "under a file\n"], to: out.path)
    }
    #expect(ReportDirectory.existingFiles(in: out.path) == ["README.md", "x.md"])
    #expect(FileManager.default.contents(atPath: out.appendingPathComponent("README.md").path) == Data("old\n".utf8))
    // No staging directory is left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["reports"])
  }

  @Test func layoutFailingMidWayWritesNothing() throws {
    let dir = try CompareFixtures.temporaryDirectory("report-badlayout")
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = try CompareFixtures.input("good", CompareFixtures.counter(bits: 3), in: dir)
    // Its stored count is 0 with one reference held, so `freed` lies on the
    // initial state: the evaluation of this layout fails (loading checks
    // this too, so the layout is built by hand).
    var bad = good
    bad.argument = "bad"
    bad.value.name = "bad"
    bad.value.initial = Layout.Initial(held: [0: 1], fields: [0: 0])
    let out = dir.appendingPathComponent("reports")
    try ReportDirectory.write(["README.md": "old\n"], to: out.path)
    let settings = EvaluationSettings(attackers: [], workloads: [], operations: 1, seed: 1)
    #expect(throws: Diagnostics.self) {
      let e = try LayoutEvaluation.evaluate([good, bad], settings: settings)
      try ReportDirectory.write(Report(evaluations: e, settings: settings, command: "test", directory: "reports").files(), to: out.path)
    }
    #expect(ReportDirectory.existingFiles(in: out.path) == ["README.md"])
    #expect(FileManager.default.contents(atPath: out.appendingPathComponent("README.md").path) == Data("old\n".utf8))
  }

  @Test func checkNamesStaleFiles() throws {
    let dir = try CompareFixtures.temporaryDirectory("report-check")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("reports")
    let files = ["README.md": "index\n", "a.md": "page a\n", "witnesses/w/a/leak.json": "{}\n"]
    try ReportDirectory.write(files, to: out.path)
    #expect(ReportDirectory.stale(files, in: out.path).isEmpty)
    try "edited\n".write(to: out.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
    try "extra\n".write(to: out.appendingPathComponent("extra.md"), atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(at: out.appendingPathComponent("witnesses/w/a/leak.json"))
    let stale = ReportDirectory.stale(files, in: out.path)
    #expect(stale.map(\.file) == ["a.md", "extra.md", "witnesses/w/a/leak.json"])
    #expect(stale.map(\.reason) == ["differs", "not produced by the report", "missing"])
  }

  @Test("a layout with steps gets a races section: a verdict per scenario, linked to its timelines")
  func racesSection() throws {
    let layout = try ShippedLayouts.load("glisse-pagepin-lock-page")
    let input = ResolvedInput(value: layout, argument: "glisse-pagepin-lock-page", path: "", digest: "")
    let settings = EvaluationSettings(attackers: [], workloads: [], operations: 1, seed: 1, races: true)
    let e = try LayoutEvaluation.evaluate([input], settings: settings)
    #expect(e[0].races.count == layout.scenarios.count && !layout.scenarios.isEmpty)
    let page = ReportPage(report: Report(evaluations: e, settings: settings, command: "test", directory: "reports"), evaluation: e[0]).markdown()
    #expect(page.contains("## Races"))
    // The lock removes GUP's transient lie, but an unmap racing the count
    // clears the flag of a pinned page (RaceTests checks the exploration).
    let row = page.split(separator: "\n").first { $0.hasPrefix("| [`unmap-vs-mkclean`]") }
    #expect(row?.hasSuffix("| **violated** |") == true, "\(row ?? "no row")")
    let gup = page.split(separator: "\n").first { $0.hasPrefix("| [`gup-vs-mkclean`]") }
    #expect(gup?.hasSuffix("| **proved** |") == true, "\(gup ?? "no row")")
    #expect(page.contains("### Scenario `unmap-vs-mkclean`"))
    #expect(page.contains("**Claim `never false_negative(maybe_pinned)`"))
    // Without races in the settings (compare), nothing is explored.
    let plain = try LayoutEvaluation.evaluate([input], settings: EvaluationSettings(attackers: [], workloads: [], operations: 1, seed: 1))
    #expect(plain[0].races.isEmpty)
  }

  @Test("heading anchors are GitHub's: lowercase, punctuation and backticks dropped, spaces as hyphens")
  func headingAnchors() {
    #expect(ReportPage.anchor("Scenario `T1`: Glisse's T1: GUP is done before [C1]; [C3] sees its increment") == "scenario-t1-glisses-t1-gup-is-done-before-c1-c3-sees-its-increment")
    #expect(ReportPage.anchor("Racers `x_y`: NOREF -> DEAD") == "racers-x_y-noref---dead")
  }
}
