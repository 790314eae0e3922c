import Foundation
import RefBitsTestSupport
import Testing

/// The built `refbits` binary, run as a user runs it: exit statuses, a
/// binary copied away from its build folder, names resolved in the working
/// directory, the gates of `fuzz --check`, and the shape of the JSON.
///
/// Each test here fails on the code before issue 11 (a copied binary
/// crashed, a layout edited in `./layouts` was ignored, 0 steps "held",
/// Ctrl-C exited 0, the JUnit lacked `errors`, one layout's JSON was an
/// object).
@Suite("End to end: the refbits binary")
struct EndToEndTests {
  static let runner = CommandRunner(cpuSeconds: 120, wallSeconds: 180)

  /// The repository's root (this file is Tests/RefBitsEndToEndTests/…).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  /// Whether the suite runs in the checked build (`.ci/run` sets
  /// `REFBITS_INTERNAL_CHECKS=1` for it, as Package.swift reads it).
  static let checkedBuild = ProcessInfo.processInfo.environment["REFBITS_INTERNAL_CHECKS"].map { $0 != "" && $0 != "0" } ?? false
  static let brokenClaimLayout = root.appendingPathComponent("Tests/RefBitsTests/Fixtures/broken-claim.toml").path

  /// Runs `refbits ARGUMENTS` in a fresh directory holding `files`.
  func run(_ arguments: [String], files: [String: String] = [:], in dir: URL? = nil, runner: CommandRunner = EndToEndTests.runner) throws -> (CommandRunner.Run, URL) {
    try #require(CommandRunner.binary != nil, "the refbits executable is not built next to the tests")
    let dir = try dir ?? CommandRunner.temporaryDirectory("e2e")
    for (name, text) in files {
      let url = dir.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return (try runner.run(arguments, in: dir), dir)
  }

  static func shippedText(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  // MARK: Install

  /// Problem 1: the binary copied to a directory of its own and run from
  /// another, with HOME there and a PATH without the build folder, works:
  /// the shipped files are compiled in (it used to need the resource bundle
  /// beside it and died with a backtrace on every command).
  @Test func copiedBinaryWorksAwayFromTheCheckout() throws {
    let install = try CommandRunner.temporaryDirectory("install")
    let home = try CommandRunner.temporaryDirectory("home")
    let copy = install.appendingPathComponent("refbits")
    try FileManager.default.copyItem(atPath: try #require(CommandRunner.binary), toPath: copy.path)
    var runner = Self.runner
    runner.executable = copy.path
    runner.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
    #expect(!FileManager.default.fileExists(atPath: install.appendingPathComponent("RefBits_RefBits.resources").path))

    let (version, _) = try run(["--version"], in: home, runner: runner)
    #expect(version.ending == .exit(0), "\(version.stderr)")
    #expect(version.stdout.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+"#, options: .regularExpression) != nil)

    let (list, _) = try run(["list"], in: home, runner: runner)
    #expect(list.ending == .exit(0), "\(list.stderr)")
    for name in ["linux-gup-bias", "hildenbrand-split-4-4-24", "swift-native-64"] { #expect(list.stdout.contains(name)) }

    let (analyze, _) = try run(["analyze", "linux-gup-bias"], in: home, runner: runner)
    #expect(analyze.ending == .exit(0), "\(analyze.stderr)")
    // include/linux/mm.h: GUP_PIN_COUNTING_BIAS (1U << 10): 1023 get_page()
    // calls make folio_maybe_dma_pinned() report a pin that is not there.
    #expect(analyze.stdout.contains("false_positive(maybe_pinned): reachable after get_page*1023 (1023 operations"))
    #expect(analyze.stdout.contains("layout: layouts/linux-gup-bias.toml (shipped copy, fnv1a64:"))
    #expect(!analyze.stderr.contains("Fatal error"))
  }

  // MARK: Names

  /// Problem 2: a name is `./layouts/NAME.toml` when the working directory
  /// has it (an edited bias changes the answer), else the shipped copy;
  /// the output names the file and its digest either way.
  @Test func namesResolveInTheWorkingDirectoryFirst() throws {
    let text = try Self.shippedText("layouts/linux-gup-bias.toml")
    let edited = text.replacingOccurrences(of: #"default = "1 << 10""#, with: #"default = "1 << 11""#)
    try #require(edited != text)
    let (local, _) = try run(["analyze", "linux-gup-bias"], files: ["layouts/linux-gup-bias.toml": edited])
    #expect(local.ending == .exit(0), "\(local.stderr)")
    #expect(local.stdout.contains("false_positive(maybe_pinned): reachable after get_page*2047 (2047 (~2^11.0)"))
    #expect(local.stdout.contains("layout: layouts/linux-gup-bias.toml (working directory, fnv1a64:"))

    let (shipped, _) = try run(["analyze", "linux-gup-bias"])
    #expect(shipped.stdout.contains("reachable after get_page*1023 (1023 operations"))
    #expect(shipped.stdout.contains("(shipped copy, fnv1a64:"))
    let digest = { (s: String) in s.range(of: #"fnv1a64:[0-9a-f]{16}"#, options: .regularExpression).map { String(s[$0]) } }
    #expect(digest(local.stdout) != nil && digest(local.stdout) != digest(shipped.stdout))

    // The same rule in every command: show, trace, check, fuzz (workloads too).
    let workload = try Self.shippedText("workloads/benign-mixed.toml") + "\n# edited: another digest\n"
    let files = ["layouts/linux-gup-bias.toml": edited, "workloads/benign-mixed.toml": workload]
    let (show, _) = try run(["show", "linux-gup-bias"], files: files)
    #expect(show.stdout.contains("(working directory,"))
    let (trace, _) = try run(["trace", "linux-gup-bias", "get_page*2047"], files: files)
    #expect(trace.stdout.contains("false_positive(maybe_pinned)"), "\(trace.stdout)")
    let (fuzz, _) = try run(["fuzz", "linux-gup-bias", "--ops", "2000", "--format", "json"], files: files)
    #expect(fuzz.ending == .exit(0), "\(fuzz.stderr)")
    #expect(fuzz.stderr.contains("workload: workloads/benign-mixed.toml (working directory,"))
  }

  // MARK: Gates

  /// Problem 3: a campaign stopped before any step ran is an error with the
  /// reason (it printed "held" and exited 0), and its JUnit case is an
  /// `<error>`, never a pass.
  @Test func claimsCheckedInZeroStepsAreAnError() throws {
    // hubbard-split-4-4 (which makes claims) under attacker-ref-flood steps
    // its bursts of up to 2^34 slowly: no chunk of lifetimes finishes in 0.2 s.
    let (r, dir) = try run(["fuzz", "--check", "hubbard-split-4-4", "--workload", "attacker-ref-flood", "--time-limit", "0.2", "--junit", "claims.xml"])
    #expect(r.ending == .exit(2), "\(r.stdout)\(r.stderr)")
    #expect(r.stderr.contains("checked in 0 steps"))
    #expect(r.stderr.contains("time limit"))
    #expect(r.stdout.contains("UNCHECKED never"), "\(r.stdout)")
    #expect(!r.stdout.contains("not seen") && !r.stdout.contains("held "))
    let xml = try String(contentsOf: dir.appendingPathComponent("claims.xml"), encoding: .utf8)
    #expect(xml.contains("<error message=\"checked in 0 steps\""))
    try Self.validateJUnit(dir.appendingPathComponent("claims.xml"))
  }

  /// Problem 3: a workload none of whose actors names a kind or operation of
  /// the layout is an error naming both (it ran 0 operations and exited 0).
  @Test func aWorkloadThatExercisesNoKindIsAnError() throws {
    let workload = """
      title = "names no kind of linux-gup-bias"
      source = "test"
      lifetime = 100
      [actors.a]
      kinds = ["strong"]
      acquire = 0.5
      hold = { geometric = 3 }
      """
    let (r, _) = try run(["fuzz", "--check", "linux-gup-bias", "--workload", "w.toml", "--ops", "1000"], files: ["w.toml": workload])
    #expect(r.ending == .exit(2), "\(r.stdout)\(r.stderr)")
    #expect(r.stderr.contains("exercises none of layout 'linux-gup-bias''s kinds or operations"))
    #expect(r.stderr.contains("strong"))
  }

  /// Problem 3: Ctrl-C prints the partial results and exits 130 (it exited 0).
  @Test func interruptExits130AfterPartialResults() throws {
    var runner = Self.runner
    runner.interruptAfter = 3
    let (r, _) = try run(["fuzz", "linux-gup-bias", "--ops", "1000000000000", "--jobs", "1"], runner: runner)
    #expect(r.ending == .exit(130), "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("STOPPED EARLY (interrupted)"))
    #expect(r.stdout.contains("linux-gup-bias under benign-mixed"))
  }

  /// Problem 3: `--time-limit` is honoured within 10% even on a layout whose
  /// bursts are long stretches of steps (the shrinking of witnesses stops at
  /// the limit too), plus the start-up, measured beside it: the same command
  /// with one operation (the suite runs tests in parallel on few cores).
  /// Not in the checked build (`REFBITS_INTERNAL_CHECKS`): its executable
  /// re-steps every fast path against the reference, so one burst can take
  /// longer than the 10% margin; the promise is about the shipped build.
  @Test(.disabled(if: Self.checkedBuild, "the checked executable re-steps every burst; the time limit's margin is about the shipped build"))
  func timeLimitIsHonoured() throws {
    let limit = 3.0
    let command = ["fuzz", "hubbard-split-4-4", "--workload", "attacker-ref-flood", "--jobs", "1"]
    let (startup, _) = try run(command + ["--ops", "1"])
    #expect(startup.ending == .exit(0), "\(startup.stderr)")
    let (r, _) = try run(command + ["--time-limit", String(limit), "--ops", "100000000"])
    // 0 steps in 3 s on this layout (an error, status 2), or some.
    #expect(r.ending == .exit(0) || r.ending == .exit(2), "\(r.stderr)")
    #expect(r.seconds < limit * 1.1 + max(0.5, 2 * startup.seconds), "took \(r.seconds) s for --time-limit \(limit) (start-up \(startup.seconds) s)")
    #expect(r.stdout.contains("STOPPED EARLY (time limit)"))
  }

  /// Problem 3: a broken claim fails the gate (exit 1) with a GitHub
  /// annotation at the claim's line, and the JUnit file holds a `<failure>`
  /// and validates against junit-10.xsd's rules.
  @Test func brokenClaimsFailWithAnnotationsAndValidJUnit() throws {
    let (r, dir) = try run(["fuzz", "--check", "--github", Self.brokenClaimLayout, "--ops", "2000", "--junit", "claims.xml"])
    #expect(r.ending == .exit(1), "\(r.stderr)")
    // Fixtures/broken-claim.toml: `never = "premature_free"` is on line 25.
    #expect(r.stdout.contains("::error file=\(Self.brokenClaimLayout),line=25,title=claim broken%3A broken-claim::never premature_free broken"))
    let xml = try String(contentsOf: dir.appendingPathComponent("claims.xml"), encoding: .utf8)
    #expect(xml.contains("<failure message=\"never premature_free broken\">"))
    #expect(xml.contains("errors=\"0\""))
    try Self.validateJUnit(dir.appendingPathComponent("claims.xml"))

    let (held, heldDir) = try run(["fuzz", "--check", "--github", "linux-gup-bias", "--ops", "20000", "--junit", "claims.xml"])
    #expect(held.ending == .exit(0), "\(held.stderr)")
    #expect(!held.stdout.contains("::error"))
    try Self.validateJUnit(heldDir.appendingPathComponent("claims.xml"))
  }

  /// Validates a JUnit file with xmllint against docs/schema/junit.xsd
  /// (.ci/run installs Debian's libxml2-utils when it is missing).
  static func validateJUnit(_ file: URL) throws {
    let xmllint = try #require(["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }, "xmllint is needed (apt-get install libxml2-utils)")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: xmllint)
    p.arguments = ["--noout", "--schema", root.appendingPathComponent("docs/schema/junit.xsd").path, file.path]
    let err = Pipe()
    p.standardError = err
    try p.run()
    p.waitUntilExit()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(p.terminationStatus == 0, "\(message)")
  }

  // MARK: JSON

  /// Problem 6: `fuzz --format json` is an array for one layout as for two
  /// (it was an object for one).
  @Test func fuzzJSONIsAnArrayWhateverTheNumberOfLayouts() throws {
    for layouts in [["linux-gup-bias"], ["linux-gup-bias", "linux-rcuref"]] {
      let (r, _) = try run(["fuzz", "--ops", "2000", "--format", "json"] + layouts)
      #expect(r.ending == .exit(0), "\(r.stderr)")
      let array = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
      #expect(array?.count == layouts.count)
      #expect(array?.map { $0["layout_name"] as? String } == layouts)
    }
  }

  // MARK: Exit statuses

  /// Every subcommand: 0 on success, 1 for a failed claim or gate, 2 for
  /// bad input or usage, never a signal.
  @Test func everySubcommandsExitStatus() throws {
    let badLayout = "title = \"x\"\n[words.w]\nbits = 0\n"
    let files = ["bad.toml": badLayout]
    var cases: [(arguments: [String], status: Int32)] = [
      (["--version"], 0), (["--help"], 0), (["no-such-command"], 2),
      (["list"], 0), (["list", "--no-such-option"], 2),
      (["show", "linux-gup-bias"], 0), (["show", "no-such-layout"], 2), (["show", "bad.toml"], 2),
      (["check", "linux-gup-bias", "rust-arc"], 0), (["check", "bad.toml"], 2),
      (["trace", "linux-gup-bias", "ref*3, pin"], 0), (["trace", "linux-gup-bias", "no_such_op"], 2),
      (["analyze", "linux-rcuref"], 0), (["analyze", "bad.toml"], 2), (["analyze", "--first-phase", "0"], 2),
      (["attack", "linux-gup-bias", "--attacker", "unprivileged-linux"], 0), (["attack", "linux-gup-bias", "--attacker", "nobody"], 2),
      (["fuzz", "linux-gup-bias", "--ops", "2000"], 0), (["fuzz", "--check", Self.brokenClaimLayout, "--ops", "2000"], 1),
      (["fuzz", "linux-gup-bias", "--ops", "0"], 2), (["fuzz", "linux-gup-bias", "--workload", "nothing"], 2),
      (["replay", "missing.json"], 2),
      (["merge", "missing.json"], 2),
      (["sweep", "refcount-saturation-point"], 0), (["sweep", "no-such-sweep"], 2),
      (["compare", "linux-gup-bias", "hubbard-bias-23"], 0), (["compare"], 2),
      (["bench", "linux-gup-bias", "--ops", "20000", "--jobs", "1"], 0), (["bench", "bad.toml"], 2),
      (["report", "linux-rcuref", "--ops", "2000", "--out", "r"], 0),
      (["report", "linux-rcuref", "--ops", "2000", "--out", "r", "--check"], 0),
      (["report", "linux-rcuref", "--ops", "2000", "--out", "never-written", "--check"], 1),
      (["report", "--no-such-option"], 2),
      // The race lens: a claim that holds, one that a race violates, a
      // layout without scenarios.
      (["races", "glisse-pagepin-mapcount"], 0), (["races", "glisse-pagepin-lock-page"], 1), (["races", "linux-rcuref"], 2),
    ]
    // replay and merge on real files: a witness replays (0); shards merge
    // (0), and a broken claim's shards fail the merged gate (1).
    let dir = try CommandRunner.temporaryDirectory("e2e-status")
    for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
    let (fuzz, _) = try run(["fuzz", Self.brokenClaimLayout, "--ops", "2000", "--out", "w", "--shard", "1/1", "--format", "json"], in: dir)
    #expect(fuzz.ending == .exit(0), "\(fuzz.stderr)")
    try Data(fuzz.stdout.utf8).write(to: dir.appendingPathComponent("shard.json"))
    cases += [
      (["replay", "w/broken-claim/premature_free.json"], 0),
      (["merge", "shard.json"], 0), (["merge", "--check", "shard.json"], 1), (["merge", "bad.toml"], 2),
    ]
    for c in cases {
      let (r, _) = try run(c.arguments, in: dir)
      #expect(r.ending == .exit(c.status), "refbits \(c.arguments.joined(separator: " ")): \(r.ending)\n\(r.stderr.prefix(400))")
    }
  }
}
