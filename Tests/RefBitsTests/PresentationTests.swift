import Foundation
import Testing

@testable import RefBits

/// How results meet readers: markdown escaped in generated pages, charts
/// readable at any number of layouts and never all zeros, text wrapped to
/// the terminal, colour by `--color` and the environment, suggestions that
/// never negate, `^` refused in a count, and `report --check` re-running
/// the recorded options (issue 11).
@Suite struct PresentationTests {
  // MARK: markdown

  @Test func markdownTextEscapesEveryMarkupCharacter() {
    // Before: the search class `op*n ... op1*n1` was written as is inside
    // `_..._` and rendered as italics.
    let searched = "sequences of one phase op*n, or two phases op1*n1, op2*n2 where n1 <= 8"
    #expect(Markdown.text(searched) == #"sequences of one phase op\*n, or two phases op1\*n1, op2\*n2 where n1 &lt;= 8"#)
    #expect(Markdown.text("a_b _c_ | `c` <d> [e] ~2^31") == #"a_b \_c\_ \| \`c\` &lt;d&gt; \[e\] &#126;2^31"#)
    #expect(Markdown.text("two\nlines") == "two lines")
  }

  @Test func markdownCodeSpanHoldsBackticksAndRowsHoldPipes() {
    #expect(Markdown.code("ref*3") == "`ref*3`")
    #expect(Markdown.code("a`b") == "``a`b``")
    #expect(Markdown.code("`x`") == "`` `x` ``")
    #expect(Markdown.row(["`a | b`", #"c \| d"#]) == #"| `a \| b` | c \| d |"#)
    #expect(Markdown.rule(3) == "|---|---|---|")
  }

  @Test func reportPagesEscapeTheSearchClass() throws {
    let dir = try CompareFixtures.temporaryDirectory("presentation-escape")
    defer { try? FileManager.default.removeItem(at: dir) }
    let files = try ReportTests.report(in: dir).files()
    let page = try #require(files["small.md"])
    let searched = try #require(page.split(separator: "\n").first { $0.hasPrefix("_Searched: ") && $0.contains("op") })
    #expect(searched.contains(#"op\*n"#) && !searched.contains(" op*n"), "\(searched)")
  }

  // MARK: charts

  @Test func chartsAreHorizontalAndGrowWithTheirCategories() {
    let names = (1...19).map { "layout-with-a-long-name-\($0)" }
    let chart = MermaidChart(title: "t", valueLabel: "v", categories: names, values: names.indices.map(Double.init), colour: MermaidChart.safe)
    let text = chart.markdown
    #expect(text.contains("xychart-beta horizontal"))
    #expect(text.contains(#""height": \#(150 + 30 * 19)"#))
    #expect(text.contains(##""plotColorPalette": "#2ca02c""##))
    #expect(chart.isInformative)
    #expect(!MermaidChart(title: "t", valueLabel: "v", categories: ["a", "b"], values: [0, 0]).isInformative)
  }

  /// Every bar line of the report's README has a value that is not zero.
  @Test func reportDrawsNoChartOfZeros() throws {
    let dir = try CompareFixtures.temporaryDirectory("presentation-zeros")
    defer { try? FileManager.default.removeItem(at: dir) }
    let readme = try #require(try ReportTests.report(in: dir).files()["README.md"])
    let bars = readme.split(separator: "\n").filter { $0.hasPrefix("  bar [") }
    #expect(!bars.isEmpty, "\(readme)")
    for bar in bars {
      let values = bar.dropFirst("  bar [".count).dropLast().split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
      #expect(values.contains { $0 != 0 }, "\(bar)")
    }
    #expect(!readme.contains("xychart-beta\n"), "only horizontal charts")
  }

  /// A count that overflows is drawn apart from one that refuses: the
  /// 3-bit unchecked counter wraps (red), a saturating one refuses (green).
  @Test func capacityChartsSeparateOverflowFromRefusal() throws {
    // Capacity 6: six acquires succeed, the seventh stops the run.
    let layout = try ShippedLayouts.resolve("linux-refcount-t")
    let seventh = Verdict.reachable(Reach(sequence: OpSequence(phases: [Phase(op: Op(kind: 0, direction: .acquire, actor: 0), count: 7)], layout: layout), length: .shortest))
    let wrap = Analysis.Capacity(kind: "ref", stoppedBy: [.fieldOverflow(field: "count")], then: .next([.ok]), limit: 100, verdict: seventh)
    let refuse = Analysis.Capacity(kind: "ref", stoppedBy: [.refused(kind: "ref")], then: .sameForever([.refused(kind: "ref")]), limit: 100, verdict: seventh)
    let lie = Analysis.Capacity(kind: "ref", stoppedBy: [.falseNegative(predicate: "unique")], then: .next([.ok]), limit: 100, verdict: seventh)
    let none = Analysis.Capacity(kind: "ref", stoppedBy: [], then: .none, limit: 100, verdict: .unknown(Unknown(reason: "test: no event within the limit")))
    #expect(wrap.capacity == 6)
    #expect(ReportIndex.end(of: wrap) == .overflow)
    #expect(ReportIndex.end(of: lie) == .overflow)
    #expect(ReportIndex.end(of: refuse) == .safe)
    #expect(ReportIndex.end(of: none) == .none)
    let dir = try CompareFixtures.temporaryDirectory("presentation-capacity")
    defer { try? FileManager.default.removeItem(at: dir) }
    let readme = try #require(try ReportTests.report(in: dir).files()["README.md"])
    #expect(readme.contains(#"title "ref: overflows (log2 of acquires)""#), "\(readme)")
    #expect(readme.contains("No layout stops safely."))
  }

  // MARK: report --check

  @Test func recordedCommandRoundTrips() {
    let words = ["refbits", "report", "my layout.toml", "--workload", "it's", "--ops", "500", "--set", "BIAS=2^10"]
    let line = ReportCommandLine.line(words)
    #expect(line == #"refbits report 'my layout.toml' --workload 'it'\''s' --ops 500 --set BIAS=2^10"#)
    #expect(ReportCommandLine.words(line) == words)
    let readme = "# RefBits reports\n\n```sh\n\(line)\n```\n\n```sh\nrefbits report other\n```\n"
    #expect(ReportCommandLine.recorded(inReadme: readme) == Array(words.dropFirst(2)))
    #expect(ReportCommandLine.recorded(inReadme: "no command\n") == nil)
    #expect(ReportCommandLine.words("'open") == nil)
  }

  // MARK: terminal

  @Test func wrapsLongLinesUnderTheSecondColumn() {
    let line = "chromium-refcounted   Chromium base::RefCounted (64-bit): uint32_t count, CHECK(++ref_count_ != 0) traps on wrap"
    let wrapped = Terminal.wrapped(line, width: 80).split(separator: "\n").map(String.init)
    #expect(wrapped.count == 2, "\(wrapped)")
    #expect(wrapped.allSatisfy { $0.count <= 80 })
    #expect(wrapped[1].hasPrefix(String(repeating: " ", count: 22)) && wrapped[1].dropFirst(22).first != " ")
    // Nothing is lost: the words are the same, in order.
    #expect(wrapped.joined(separator: " ").split(separator: " ") == line.split(separator: " "))
    // Short lines and words longer than the width.
    #expect(Terminal.wrapped("short\n\nlines", width: 80) == "short\n\nlines")
    let long = "x " + String(repeating: "y", count: 200)
    #expect(Terminal.wrapped(long, width: 40).split(separator: "\n").allSatisfy { $0.count <= 40 })
    // Colour escapes take no columns.
    let coloured = "\u{1B}[1;32m" + String(repeating: "a", count: 30) + "\u{1B}[0m"
    #expect(Terminal.wrapped(coloured, width: 30) == coloured)
  }

  @Test func colourFollowsTheFlagAndTheEnvironment() {
    // Before: an empty NO_COLOR= turned colour off, TERM=dumb got escapes.
    #expect(Terminal.wantsColour(.auto, isTerminal: true, environment: ["NO_COLOR": ""]))
    #expect(!Terminal.wantsColour(.auto, isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(!Terminal.wantsColour(.auto, isTerminal: true, environment: ["TERM": "dumb"]))
    #expect(!Terminal.wantsColour(.auto, isTerminal: false, environment: [:]))
    #expect(Terminal.wantsColour(.always, isTerminal: false, environment: ["NO_COLOR": "1"]))
    #expect(!Terminal.wantsColour(.never, isTerminal: true, environment: [:]))
    #expect(Terminal.width(fd: nil, environment: [:]) == 80)
    #expect(Terminal.width(fd: nil, environment: ["COLUMNS": "120"]) == 120)
    #expect(Terminal.width(fd: nil, environment: ["COLUMNS": "wide"]) == 80)
  }

  // MARK: suggestions

  @Test func suggestionsNeverNegate() {
    // Before: `--attacker unprivileged` suggested `privileged`.
    #expect(NameSuggestion.closest(to: "unprivileged", among: ["privileged", "runtime-process"]) == nil)
    #expect(NameSuggestion.closest(to: "privleged", among: ["unprivileged-linux", "privileged"]) == "privileged")
    #expect(closestName(to: "unprivileged-linux-fuse", among: ["unprivileged-linux-no-fuse"], within: 4) == nil)
    #expect(NameSuggestion.closest(to: "unprivileged-linx", among: ["privileged", "unprivileged-linux"]) == "unprivileged-linux")
    #expect(NameSuggestion.closest(to: "analyse", among: ["analyze", "attack"]) == "analyze")
    #expect(flipsMeaning("safe", "unsafe") && flipsMeaning("pinned", "not-pinned") && !flipsMeaning("pin", "pins"))
  }

  // MARK: scripts

  @Test func caretInACountIsRefused() throws {
    // Before: `get_page*2^31` ran 29 steps (2 XOR 31).
    let layout = try ShippedLayouts.load("linux-gup-bias")
    do {
      _ = try Script.parse("get_page*2^31", layout: layout)
      Issue.record("accepted")
    } catch {
      #expect(error.message.contains("(1 << 31)"), "\(error.message)")
      #expect(error.offset == 10)
    }
    #expect(try Script.parse("get_page*(1 << 31)", layout: layout).phases.first?.count == BigInt.power(of2: 31))
  }

  // MARK: the executable

  @Test(.disabled(if: InternalChecks.isEnabled, "the checked executable is too slow for the runner's time limits"))
  func commandLineConventions() throws {
    let runner = CommandRunner()
    let dir = try CommandRunner.temporaryDirectory("presentation-cli")
    defer { try? FileManager.default.removeItem(at: dir) }
    // Subcommand typos are suggested.
    let typo = try runner.run(["analyse", "linux-gup-bias"], in: dir)
    #expect(typo.ending == .exit(2))
    #expect(typo.stderr.contains("did you mean 'analyze'?"), "\(typo.stderr)")
    // Text fits 80 columns when the width is unknown.
    for args in [["list"], ["show", "linux-gup-bias"], ["analyze", "linux-gup-bias"]] {
      let r = try runner.run(args, in: dir, environment: ["COLUMNS": nil])
      #expect(r.ending == .exit(0), "\(args): \(r.stderr)")
      let widest = r.stdout.split(separator: "\n").map(\.count).max() ?? 0
      #expect(widest <= 80, "\(args): \(widest) columns")
    }
    // --color: never an escape under TERM=dumb or --color never; always when asked.
    let plain = try runner.run(["compare", "linux-gup-bias", "linux-refcount-t", "--color", "auto"], in: dir, environment: ["TERM": "dumb", "NO_COLOR": nil])
    #expect(plain.ending == .exit(0) && !plain.stdout.contains("\u{1B}"))
    let forced = try runner.run(["compare", "linux-gup-bias", "linux-refcount-t", "--color", "always"], in: dir)
    #expect(forced.ending == .exit(0) && forced.stdout.contains("\u{1B}["))
    // The trace help says how to pass a script that starts with '-'.
    let help = try runner.run(["trace", "--help"], in: dir)
    #expect(help.stdout.contains("--") && help.stdout.contains("starts with `-`"), "\(help.stdout)")
    // Completions: shipped names and .toml files (before: flags only).
    try "".write(to: dir.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)
    let layouts = try runner.run(["---completion", "analyze", "--", "positional@0", "2", "2", "refbits", "analyze", "linux-gup"], in: dir)
    #expect(layouts.stdout.split(separator: "\n").contains("linux-gup-bias"), "\(layouts.stdout)\(layouts.stderr)")
    let files = try runner.run(["---completion", "analyze", "--", "positional@0", "2", "2", "refbits", "analyze", "mi"], in: dir)
    #expect(files.stdout.split(separator: "\n") == ["mine.toml"], "\(files.stdout)")
    let attackers = try runner.run(["---completion", "attack", "--", "--attacker", "4", "4", "refbits", "attack", "x", "--attacker", "unpr"], in: dir)
    #expect(attackers.stdout.split(separator: "\n") == ["unprivileged-linux", "unprivileged-linux-no-fuse"], "\(attackers.stdout)")
    let dashed = try runner.run(["trace", "linux-gup-bias", "--", "-get_page"], in: dir)
    #expect(dashed.ending == .exit(2) && dashed.stderr.contains("<script>:1:1"), "\(dashed.stderr)")
  }

  /// `report --check` with no input named re-runs the options recorded in
  /// the README, and suggests the command with them.
  @Test(.disabled(if: InternalChecks.isEnabled, "the checked executable is too slow for the runner's time limits"))
  func reportCheckRerunsTheRecordedOptions() throws {
    let runner = CommandRunner(cpuSeconds: 60)
    let dir = try CommandRunner.temporaryDirectory("presentation-report")
    defer { try? FileManager.default.removeItem(at: dir) }
    try CompareFixtures.counter(bits: 3).write(to: dir.appendingPathComponent("small.toml"), atomically: true, encoding: .utf8)
    try CompareFixtures.attacker.write(to: dir.appendingPathComponent("test-attacker.toml"), atomically: true, encoding: .utf8)
    try ReportTests.workload.write(to: dir.appendingPathComponent("test-workload.toml"), atomically: true, encoding: .utf8)
    let options = ["small.toml", "--workload", "test-workload.toml", "--attacker", "test-attacker.toml", "--ops", "300", "--seed", "5"]
    let write = try runner.run(["report"] + options + ["--out", "custom"], in: dir)
    #expect(write.ending == .exit(0), "\(write.stderr)")
    let check = try runner.run(["report", "--check", "--out", "custom"], in: dir)
    #expect(check.ending == .exit(0), "\(check.stderr)")
    #expect(check.stderr.contains("options recorded in custom/README.md"), "\(check.stderr)")
    // A stale page: the suggestion carries the options.
    try "edited\n".write(to: dir.appendingPathComponent("custom/small.md"), atomically: true, encoding: .utf8)
    let stale = try runner.run(["report", "--check", "--out", "custom"], in: dir)
    #expect(stale.ending == .exit(1))
    #expect(stale.stderr.contains("regenerate with: refbits report " + options.joined(separator: " ") + " --out custom"), "\(stale.stderr)")
  }
}
