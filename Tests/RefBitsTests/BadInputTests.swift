import Foundation
import RefBitsTestSupport
import Synchronization
import Testing

@testable import RefBits

/// Each crash, hang and unbounded growth found on bad input (issue 9), as a
/// library call that used to trap, loop or allocate without bound, and now
/// gives a located error or finishes.
@Suite("Bad input: located errors, never a trap, a hang or unbounded memory")
struct BadInputTests {
  static let header = "title = \"t\"\nsource = \"BadInputTests\"\n"

  /// The diagnostics `body` throws (none if it returns; any other error is
  /// recorded as an issue).
  static func diagnostics(_ body: () throws -> Void) -> [Diagnostic] {
    do { try body() } catch let d as Diagnostics { return d.all } catch { Issue.record("not Diagnostics: \(error)") }
    return []
  }

  // MARK: Traps

  /// The issue's reproducer: a 64-bit word, `when = "(2 >> count) == 0"`,
  /// `count` stored as 2^63.
  static let shiftReproducer = header + """
    [words.count]
    bits = 64
    [kinds.ref.acquire]
    effects = ["count += 1"]
    [kinds.ref.release]
    effects = ["count -= 1"]
    [predicates.p]
    when = "(2 >> count) == 0"
    means = "total == 0"
    [initial]
    held = { ref = 0 }
    fields = { count = "1 << 63" }
    """

  /// `abs(n)` trapped on a shift count of exactly -2^63: `2 >> count` where
  /// count reads 2^63 (`refbits check` crashed).
  @Test func shiftByTwoToThe63DoesNotTrap() throws {
    let text = Self.shiftReproducer
    let layout = try Layout.parse(toml: text, name: "abs", file: "abs.toml")
    let two = BigInt(2), big = BigInt.power(of2: 63)
    // Far past any word: >> gives the sign, << gives 0.
    #expect(Expression.apply(.shiftRight, two, big) == 0)
    #expect(Expression.apply(.shiftRight, -two, big) == -1)
    #expect(Expression.apply(.shiftLeft, two, -big) == 0)
    #expect(Expression.apply(.shiftLeft, -two, -big) == -1)
    #expect(Expression.apply(.shiftLeft, two, big) == 0)
    // The predicate reads true on the initial state, as the truth says.
    let machine = Machine(layout)
    #expect(machine.predicate(0, on: try machine.initialState()).0)
  }

  /// Weights whose sum is not a finite number trapped converting to UInt64.
  @Test func hugeWeightsAreRefusedAndNeverTrap() {
    let text = Self.header + """
      [actors.a]
      weight = 1.7976931348623157e+308
      kinds = ["ref"]
      [actors.b]
      weight = 1.7976931348623157e+308
      kinds = { ref = 1.7976931348623157e+308, pin = 1 }
      """
    let d = Self.diagnostics { _ = try Workload.parse(toml: text, name: "w", file: "w.toml") }
    #expect(d.contains { $0.keyPath == "actors.a.weight" && $0.line == 4 && $0.message.contains("at most 1000000000000.0") })
    #expect(d.contains { $0.keyPath == "actors.b.kinds.ref" && $0.line == 8 })
    // Built in code, such weights are clamped, not a trap.
    let t = BoundWorkload.thresholds([.greatestFiniteMagnitude, .greatestFiniteMagnitude, .nan, .infinity])
    #expect(t.allSatisfy { (1...(UInt64(1) << 53)).contains($0) })
    #expect(BoundWorkload.thresholds([1, 3]) == [1 << 51, 1 << 53])
  }

  // MARK: Sizes

  /// A table header dotted thousands of levels deep made TOMLKit and the key
  /// paths grow to gigabytes; nesting past the limit is refused where it
  /// starts.
  @Test func nestingPastTheLimitIsRefusedWhereItStarts() {
    let limit = InputLimits.tomlNesting
    func header(_ depth: Int) -> String { Self.header + "[" + Array(repeating: "a", count: depth).joined(separator: ".") + "]\nx = 1\n" }
    // The key under the header is one level more.
    #expect(TOMLInput.unsafeTOML(in: header(limit - 1)) == nil)
    #expect(TOMLInput.unsafeTOML(in: header(limit))?.line == 4)
    let deep = TOMLInput.unsafeTOML(in: header(limit + 1))
    #expect(deep?.line == 3 && deep?.message.contains("nesting deeper than \(limit)") == true)
    let thousands = Self.diagnostics { _ = try Layout.parse(toml: header(5000), name: "d", file: "d.toml") }
    #expect(thousands.count == 1 && thousands.first?.line == 3)
    // Arrays, inline tables and dotted keys count too.
    #expect(TOMLInput.unsafeTOML(in: "x = " + String(repeating: "[", count: 100_000))?.line == 1)
    let inline = "x = " + String(repeating: "{ a = ", count: limit) + "1" + String(repeating: " }", count: limit)
    #expect(TOMLInput.unsafeTOML(in: inline) != nil)
    #expect(TOMLInput.unsafeTOML(in: "[a.b]\n" + Array(repeating: "k", count: limit).joined(separator: ".") + " = 1\n")?.line == 2)
    // Every shipped file is far within.
    for files in [BundledFiles.layouts, .workloads, .attackers] {
      for n in files.names {
        let text = files.text(named: n) ?? ""
        #expect(TOMLInput.unsafeTOML(in: text) == nil, "\(n)")
      }
    }
  }

  /// Layouts with hundreds of kinds, predicates or words made `analyze` run
  /// for minutes: past the limits they are refused before any work, at the
  /// table that holds them.
  @Test func layoutPartsPastTheLimitsAreRefused() {
    func layout(kinds: Int = 1, predicates: Int = 0, words: Int = 1, fields: Int = 0) -> String {
      var t = Self.header
      for w in 0..<words { t += "[words.w\(w)]\nbits = 32\n" }
      if fields > 0 {
        t += "[words.f]\nbits = 128\n"
        for f in 0..<fields { t += "[words.f.fields.f\(f)]\nbits = \"\(f)\"\n" }
      }
      for k in 0..<kinds { t += "[kinds.k\(k).acquire]\neffects = [\"w0 += 1\"]\n[kinds.k\(k).release]\neffects = [\"w0 -= 1\"]\n" }
      for p in 0..<predicates { t += "[predicates.p\(p)]\nwhen = \"w0 > 0\"\nmeans = \"total > 0\"\n" }
      return t + "[initial]\nheld = {}\n"
    }
    for (text, key, line) in [
      (layout(kinds: InputLimits.kinds + 1), "kinds", 5), (layout(predicates: InputLimits.predicates + 1), "predicates", 9),
      (layout(words: InputLimits.words + 1), "words", 3), (layout(fields: InputLimits.fields + 1), "words", 3),
    ] {
      let d = Self.diagnostics { _ = try Layout.parse(toml: text, name: "big", file: "big.toml") }
      #expect(d.count == 1, "\(key): \(d)")
      #expect(d.first?.keyPath == key && d.first?.line == line && d.first?.message.contains("at most") == true, "\(d)")
    }
    #expect(throws: Never.self) { try Layout.parse(toml: layout(kinds: 8, predicates: 8, words: 4, fields: 100), name: "ok", file: "ok.toml") }
  }

  /// Steps, operations and race scenarios are bounded like the other parts:
  /// refused at the key that holds them, before any is read.
  @Test func stepsOperationsAndScenariosPastTheLimitsAreRefused() {
    func layout(steps: Int = 1, operations: Int = 0, scenarios: Int = 0) -> String {
      var t = Self.header + "[words.w0]\nbits = 32\n"
      t += "[kinds.k0.acquire]\nsteps = [" + Array(repeating: "\"w0 += 1\"", count: steps).joined(separator: ", ") + "]\n"
      t += "[kinds.k0.release]\neffects = [\"w0 -= 1\"]\n"
      for o in 0..<operations { t += "[operations.o\(o)]\neffects = []\n" }
      t += "[initial]\nheld = {}\n"
      for s in 0..<scenarios { t += "[[scenarios]]\nname = \"s\(s)\"\nthreads = [\"k0\"]\n" }
      return t
    }
    for (text, key) in [
      (layout(steps: InputLimits.steps + 1), "kinds.k0.acquire.steps"), (layout(operations: InputLimits.layoutOperations + 1), "operations"),
      (layout(scenarios: InputLimits.scenarios + 1), "scenarios"),
    ] {
      let d = Self.diagnostics { _ = try Layout.parse(toml: text, name: "big", file: "big.toml") }
      #expect(d.count == 1, "\(key): \(d)")
      #expect(d.first?.keyPath == key && d.first?.message.contains("at most") == true, "\(d)")
    }
    #expect(throws: Never.self) { try Layout.parse(toml: layout(steps: 4, operations: 2, scenarios: 2), name: "ok", file: "ok.toml") }
  }

  /// Resolving a chain of constants was cubic (6,000 constants: 53 s); it is
  /// linear now, and past the limit the table is refused.
  @Test func constantChainsResolveInLinearTime() throws {
    func chain(_ n: Int) -> String {
      var t = Self.header + "[constants]\n"
      for c in 0..<n { t += "c\(c) = \"\(c + 1 < n ? "c\(c + 1) + 1" : "1")\"\n" }
      return t + "[words.count]\nbits = 32\n[kinds.ref.acquire]\neffects = [\"count += 1\"]\n[kinds.ref.release]\neffects = [\"count -= 1\"]\n[initial]\nheld = {}\n"
    }
    let start = Date()
    let layout = try Layout.parse(toml: chain(InputLimits.constants), name: "chain", file: "chain.toml")
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(layout.constants.count == InputLimits.constants)
    #expect(layout.constants.first?.name == "c0" && layout.constants.first?.value == BigInt(InputLimits.constants))
    let d = Self.diagnostics { _ = try Layout.parse(toml: chain(InputLimits.constants + 1), name: "chain", file: "chain.toml") }
    #expect(d.count == 1 && d.first?.keyPath == "constants" && d.first?.line == 3)
  }

  /// "Did you mean" compared every pair of names by edit distance: a name of
  /// a megabyte against a thousand candidates took minutes.
  @Test func suggestionsForHugeNamesAreFast() {
    let candidates = (0..<1000).map { "name\($0)" }
    let start = Date()
    #expect(closestName(to: String(repeating: "x", count: 500_000), among: candidates, within: 166_666) == nil)
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(closestName(to: "name7", among: candidates, within: 2) == "name7")
    #expect(closestName(to: "nmae7", among: ["name7", "nmae", "other"], within: 2) == "nmae")
    #expect(closestName(to: "b", among: ["c", "a"], within: 2, firstOnTies: true) == "c")
    #expect(closestName(to: "b", among: ["c", "a"], within: 2) == "a")
  }

  // MARK: Locations

  @Test func everyLayoutErrorHasALine() {
    let d = Self.diagnostics { _ = try Layout.parse(toml: "[words.count]\nbits = 32\n", name: "x", file: "x.toml") }
    #expect(!d.isEmpty)
    #expect(d.allSatisfy { $0.line != nil && $0.column != nil }, "\(d)")
    #expect(d.contains { $0.message == "missing required key 'title'" && $0.line == 1 && $0.column == 1 })
  }

  @Test func textThatIsNotUTF8IsLocated() throws {
    let dir = try CommandRunner.temporaryDirectory("utf8")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("bad.toml").path
    try Data(Array("title = \"ok\"\nsource = \"é\u{e9}".utf8) + [0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
    let d = Self.diagnostics { _ = try Layout.load(contentsOf: path) }
    #expect(d.count == 1)
    #expect(d.first?.line == 2 && d.first?.column == 13, "\(d)")
    #expect(d.first?.message.contains("not UTF-8") == true && d.first?.message.contains("0xFF") == true)
  }

  @Test func unreadableFilesAreBoundedErrors() throws {
    let dir = try CommandRunner.temporaryDirectory("files")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(Self.diagnostics { _ = try Layout.load(contentsOf: dir.path) }.first?.message.contains("directory") == true)
    #expect(Self.diagnostics { _ = try Layout.load(contentsOf: "/dev/zero") }.first?.message.contains("more than \(InputLimits.tomlFileBytes) bytes") == true)
    #expect(Self.diagnostics { _ = try Layout.load(contentsOf: dir.appendingPathComponent("none.toml").path) }.first?.message.contains("No such file") == true)
  }

  // MARK: Decoding

  static func witnessText(_ operations: String = "[{\"actor\": 0, \"count\": \"3\", \"op\": \"ref\"}]", layout: String = "linux-gup-bias") -> String {
    """
    {"format": "refbits-trace", "format_version": 1, "version": "x", "layout": "\(layout)", "layout_name": "\(layout)",
     "layout_digest": "fnv1a64:0000000000000000", "outcome": "premature_free", "operations": \(operations)}
    """
  }

  static func load(_ text: String) throws -> [Diagnostic] {
    let dir = try CommandRunner.temporaryDirectory("witness")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("w.json").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return diagnostics {
      let w = try Witness.load(contentsOf: path)
      _ = try w.resolveLayout(file: "w.json", override: nil)
    }
  }

  /// Malformed witnesses printed Swift's DecodingError; now the file, the
  /// JSON path and what was expected, in words.
  @Test func malformedWitnessesNameThePathAndWhatWasExpected() throws {
    let cases: [(String, String?, String)] = [
      (Self.witnessText("[{\"actor\": 0, \"count\": \"x\", \"op\": \"ref\"}]"), "operations[0].count", "expected an integer as a decimal string, not 'x'"),
      (Self.witnessText("[{\"actor\": \"0\", \"count\": \"1\", \"op\": \"ref\"}]"), "operations[0].actor", "expected an integer, found a string"),
      (Self.witnessText("[{\"actor\": 0, \"count\": \"1\"}]"), "operations[0]", "has no key 'op'"),
      (Self.witnessText("[{\"actor\": 300, \"count\": \"1\", \"op\": \"ref\"}]"), "operations[0].actor", "from 0 to \(InputLimits.actor)"),
      (Self.witnessText("[{\"actor\": 0, \"count\": \"0\", \"op\": \"ref\"}]"), "operations[0].count", "positive integer"),
      (Self.witnessText("[{\"actor\": 0, \"count\": \"1\", \"op\": \"ref*2\"}]"), "operations[0].op", "not an operation name"),
      (Self.witnessText("[]"), "operations", "at least one operation"),
      (Self.witnessText(layout: "../../x").replacingOccurrences(of: "\"layout\": \"../../x\"", with: "\"layout\": \"linux-gup-bias\""), "layout_name", "not a layout name"),
      (Self.witnessText().replacingOccurrences(of: "premature_free", with: "false_positive(../x)"), "outcome", "is not a name of a layout"),
      (Self.witnessText().replacingOccurrences(of: "\"format_version\": 1", with: "\"format_version\": 9"), "format_version", "newer"),
    ]
    for (text, path, fragment) in cases {
      let d = try Self.load(text)
      #expect(d.count == 1, "\(fragment): \(d)")
      #expect(d.first?.file.hasSuffix("w.json") == true)
      #expect(d.first?.keyPath == path && d.first?.message.contains(fragment) == true, "\(d)")
      #expect(d.first.map { !$0.description.contains("DecodingError") && !$0.description.contains("CodingKeys") } == true, "\(d)")
    }
    // A syntax error is located by line and column.
    let syntax = try Self.load("{\n  \"format\": \"refbits-trace\",\n  \"operations\": [1, }\n}")
    #expect(syntax.first?.line == 3 && syntax.first?.column == 21 && syntax.first?.message.contains("expected a value") == true, "\(syntax)")
  }

  /// A witness naming an unknown layout blamed the layout string; the
  /// witness file and its `layout` key are at fault.
  @Test func aWitnessNamingAnUnknownLayoutBlamesTheWitness() throws {
    let d = try Self.load(Self.witnessText(layout: "no-such-layout"))
    #expect(d.count == 1)
    #expect(d.first?.file == "w.json" && d.first?.keyPath == "layout", "\(d)")
    #expect(d.first?.message.contains("no shipped layout named 'no-such-layout'") == true)
    #expect(d.first?.hint?.contains("--layout") == true)
  }

  // MARK: Merging

  static func shards() throws -> [FuzzResult] {
    try (0..<2).map { try FuzzTests.campaign(seed: 5, ops: 3_000, shard: ($0, 2)).run().result() }
  }

  /// `merge` trapped on a shard reading "1/-1", on an unknown claim text, and
  /// force-unwrapped claims; shards numbered outside 1..N were ignored; a
  /// shard 1/100000000 allocated gigabytes.
  @Test func tamperedShardsAreLocatedErrors() throws {
    let parts = try Self.shards()
    #expect(try FuzzResult.merged(parts).complete)
    for bad in ["1/-1", "0/2", "3/2", "1/100000000", "x", "1/2/3", "-1/2", "+1/2", "1/"] {
      var p = parts
      p[0].shard = bad
      let d = Self.diagnostics { _ = try FuzzResult.merged(p, files: ["a.json", "b.json"]) }
      #expect(d.count == 1 && d.first?.file == "a.json" && d.first?.keyPath == "shard", "\(bad): \(d)")
      #expect(Self.diagnostics { try p[0].validate(file: "a.json") }.first?.keyPath == "shard")
    }
    var claim = parts
    claim[0].claims[0].claim = "never bogus"
    let d = Self.diagnostics { try claim[0].validate(file: "b.json") }
    #expect(d.first?.keyPath == "claims[0].claim" && d.first?.message.contains("'never bogus' is not a claim") == true)
    // Merged anyway (in code, not from a file), a claim that does not parse is left as it is.
    #expect(throws: Never.self) { try FuzzResult.merged(claim) }
    // Missing shards are listed briefly, however many.
    var many = parts
    many[0].shard = "1/4096"
    many[1].shard = "2/4096"
    let missing = Self.diagnostics { _ = try FuzzResult.merged(many) }
    #expect(missing.first?.message.contains("missing shards 3/4096, 4/4096") == true && missing.first?.message.contains("and 4086 more") == true, "\(missing)")
  }

  /// The first sighting's operation index was used as `operation + 1` when
  /// rendering: Int.max from a file overflowed.
  @Test func outOfRangeIndicesFromAFileAreRefused() throws {
    var r = try Self.shards()[0]
    let i = try #require(r.tally.outcomes.firstIndex { $0.first != nil })
    r.tally.outcomes[i].first?.operation = Int.max
    let d = Self.diagnostics { try r.validate(file: "s.json", at: "[1]") }
    #expect(d.first?.keyPath == "[1].tally.outcomes[\(i)].first.operation", "\(d)")
    r = try Self.shards()[0]
    r.operations = Int.max
    #expect(Self.diagnostics { try r.validate(file: "s.json") }.first?.keyPath == "operations")
  }

  /// `merge --out DIR` wrote outside DIR when a shard's layout name was
  /// `../../X`.
  @Test func witnessesAreNeverWrittenOutsideTheDirectory() throws {
    let dir = try CommandRunner.temporaryDirectory("traversal")
    defer { try? FileManager.default.removeItem(at: dir) }
    var r = try FuzzTests.campaign(workload: try ShippedWorkloads.resolve("attacker-ref-flood"), seed: 1, ops: 20_000).run().result()
    try #require(!r.witnesses.isEmpty)
    r.layoutName = "../../escaped"
    r.summarize(witnesses: Dictionary(uniqueKeysWithValues: r.witnesses.map { ($0.outcome, $0) }))
    let out = dir.appendingPathComponent("a/b").path
    let d = Self.diagnostics { try WitnessDirectory(out).write(r) }
    #expect(d.first?.message.contains("outside") == true, "\(d)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("escaped").path))
    #expect(Self.diagnostics { try r.validate(file: "s.json") }.first?.keyPath == "layout_name")
    for bad in ["..", ".", "", "a/b", "x\0y"] { #expect(!FuzzResult.isFileName(bad)) }
  }

  // MARK: Runs that grew without bound

  /// `--ops 2^50`: counting the operations of the range looped over every
  /// lifetime, and the job board allocated a slot per chunk (2^34) before
  /// any work; a stop asked before the run now returns at once.
  @Test func hugeCampaignsStartAndStopAtOnce() throws {
    let c = try FuzzTests.campaign(seed: 1, ops: InputLimits.operations, shard: (0, 4096))
    #expect(c.operationsInRange == c.lifetimeRange.count * 300)
    var last = c
    last.shard = FuzzShard(index: 4095, count: 4096)
    #expect(last.operationsInRange == (last.lifetimeRange.count - 1) * 300 + InputLimits.operations % 300)
    var odd = c
    odd.operations = Int.max
    odd.shard = nil
    #expect(odd.lifetimeCount == Int.max / 300 + 1)
    #expect(odd.operationsInRange == Int.max)
    let control = FuzzControl()
    control.stop(.interrupted)
    let start = Date()
    let run = try c.run(control: control)
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(!run.complete && run.tally.lifetimes == 0)
  }

  /// Ctrl-C was seen every 1,024 operations only: with expensive bursts a
  /// campaign ran on for minutes. A stop is now seen after every burst, and
  /// between the bulk calls of a burst (every 1,024 single steps).
  @Test func aStopIsSeenInsideAndAfterEveryBurst() throws {
    let workload = try Workload.parse(toml: Self.header + """
      lifetime = 1000
      [actors.flood]
      kinds = ["strong"]
      acquire = 1
      burst = "1 << 32"
      hold = "forever"
      """, name: "flood", file: "flood.toml")
    // A layout bulk stepping cannot jump: a burst of 2^32 steps one at a
    // time until its budget of 2^16.
    let c = FuzzCampaign(
      layout: try Self.unjumpable(), layoutArgument: "unjumpable.toml", layoutDigest: "test", workload: workload,
      workloadDigest: "test", seed: 1, operations: 1000, shard: nil, jobs: 1, exactOnly: true)
    let prepared = try c.prepare()
    let engine = ExactEngine(machine: prepared.machine, table: prepared.table, initial: prepared.initial)
    // Asked at once: the first burst ends before its first step, and the
    // lifetime after it.
    var driver = WorkloadDriver(workload: prepared.bound, engine: engine)
    var recorder = OutcomeRecorder(table: prepared.table)
    #expect(!driver.run(lifetime: 0, operations: 1000, seed: 1, recorder: &recorder) { true })
    #expect(recorder.operation == 1 && recorder.lifetimeBurstSteps == 0)
    // Asked on the third question: within three chunks of one burst.
    var asked = 0
    var stopped = OutcomeRecorder(table: prepared.table)
    stopped.stop = {
      asked += 1
      return asked >= 3
    }
    var state = prepared.initial
    let cut = prepared.machine.fuzzBurst(&state, Op(kind: 0, direction: .acquire, actor: 1), count: BigInt(1) << 32, table: prepared.table, budget: Machine.fuzzBurstSingleStepBudget, recorder: &stopped)
    var whole = OutcomeRecorder(table: prepared.table)
    var state2 = prepared.initial
    let full = prepared.machine.fuzzBurst(&state2, Op(kind: 0, direction: .acquire, actor: 1), count: BigInt(1) << 32, table: prepared.table, budget: Machine.fuzzBurstSingleStepBudget, recorder: &whole)
    #expect(asked == 3)
    #expect(cut.steps > 0 && cut.steps <= BigInt(2 * Machine.fuzzBurstChunk), "\(cut.steps)")
    #expect(full.steps > BigInt(Machine.fuzzBurstSingleStepBudget / 2) && whole.truncatedBursts == 1, "\(full.steps)")
  }

  /// A layout bulk stepping cannot jump: a fixup whose condition squares the
  /// count (never true, as no square is 3 mod 7, but no run proves it), so a
  /// run of its acquires is stepped one at a time.
  static func unjumpable() throws -> Layout {
    try Layout.parse(toml: header + """
      [words.w]
      bits = 64
      [kinds.strong]
      acquire.effects = ["w += 1"]
      release.effects = ["w -= 1"]
      [[kinds.strong.acquire.fixups]]
      when = "(new(w) * new(w)) % 7 == 3"
      effects = []
      outcome = "ok"
      [initial]
      held = { strong = 1 }
      """, name: "unjumpable", file: "unjumpable.toml")
  }

  /// `trace linux-folio-pincount "ref*(1 << 128)"` looped for hours (2^96
  /// wraps of the count); it is now jumped over (the wrap is periodic), and
  /// a trace that cannot be jumped stops on a budget of single steps with
  /// what it did, and says so.
  @Test func hugeCountsThatCannotBeJumpedStopOnTheBudget() throws {
    for (name, script) in [("linux-folio-pincount", "ref*(1 << 128)"), ("objc-isa-x86_64", "strong, strong*(1<<32), release*2")] {
      let layout = try ShippedLayouts.load(name)
      let machine = Machine(layout)
      let trace = Trace.run(try Script.parse(script, layout: layout), on: machine, from: try machine.initialState(), singleStepBudget: 512)
      #expect(trace.entries.allSatisfy { !$0.budgetSpent && $0.completed == $0.phase.count }, "\(name): periodic, jumped")
    }
    for (name, script) in [("unjumpable", "strong, strong*(1<<32), -strong*2")] {
      let layout = try Self.unjumpable()
      let machine = Machine(layout)
      let parsed = try Script.parse(script, layout: layout)
      let trace = Trace.run(parsed, on: machine, from: try machine.initialState(), singleStepBudget: 512)
      let last = try #require(trace.entries.last)
      #expect(last.budgetSpent, "\(name)")
      #expect(last.completed > 0 && last.completed < last.phase.count)
      #expect(TraceRenderer(trace: trace).text().contains("unknown: stopped after \(last.completed) of \(last.phase.count) steps"))
      #expect(parsed.offset(ofPhase: trace.entries.count - 1) == (name == "unjumpable" ? 8 : 0))
    }
    // What bulk stepping can jump is untouched by the budget.
    let gup = try ShippedLayouts.load("linux-gup-bias")
    let m = Machine(gup)
    let t = Trace.run(try Script.parse("ref*(1 << 31), pin*(1 << 20)", layout: gup), on: m, from: try m.initialState(), singleStepBudget: 512)
    #expect(t.entries.allSatisfy { !$0.budgetSpent } && t.entries.count == 2)
  }

  /// A replay of a witness whose counts were raised ran for hours; it stops
  /// on the budget and names the operation in the witness file.
  @Test func replaysOfRaisedCountsStopOnTheBudget() throws {
    let layout = try Self.unjumpable()
    let w = Witness(layout: "unjumpable.toml", layoutName: "unjumpable", layoutDigest: "test", outcome: .fieldOverflow(field: "w"), operations: [
      Witness.Operation(op: "strong", actor: 0, count: 5), Witness.Operation(op: "strong", actor: 1, count: BigInt.power(of2: 128)),
    ])
    let plan = try WitnessReplay.Plan(w, layout: layout, digest: "test", file: "w.json")
    var entries: [Trace.Entry] = []
    _ = plan.run(singleStepBudget: 512) { entries.append($0) }
    let last = try #require(entries.last)
    #expect(last.budgetSpent)
    let d = plan.budgetDiagnostic(last, index: entries.count - 1)
    #expect(d.file == "w.json" && d.keyPath == "operations[1].count")
  }

  /// Scripts are bounded in phases and actors (a trace held phases × actors
  /// states: 10,000 actors took 3.3 GB); entries now stream one at a time.
  @Test func scriptsAreBoundedAndTracesStream() throws {
    let gup = try ShippedLayouts.load("linux-gup-bias")
    #expect(throws: ExpressionError.self) { try Script.parse("ref@\(InputLimits.actor + 1)", layout: gup) }
    #expect(throws: Never.self) { try Script.parse("ref@\(InputLimits.actor)", layout: gup) }
    let long = Array(repeating: "ref", count: InputLimits.scriptPhases + 1).joined(separator: ",")
    do {
      _ = try Script.parse(long, layout: gup)
      Issue.record("a script of \(InputLimits.scriptPhases + 1) phases was accepted")
    } catch {
      #expect(error.offset == InputLimits.scriptPhases * 4 && error.message.contains("at most \(InputLimits.scriptPhases)"))
    }
    // Streaming: each entry is handed over as its phase ends.
    let script = try Script.parse((1...200).map { "ref@\($0)" }.joined(separator: ","), layout: gup)
    let m = Machine(gup)
    var seen = 0
    Trace.run(script, on: m, from: try m.initialState()) { e in
      seen += 1
      #expect(e.state.truth.byActor.count == seen + 1)
    }
    #expect(seen == 200)
  }

  // MARK: Reports

  /// Killing `report` between its two renames left no reports/ at all, and
  /// kills left `.reports.new-PID` directories. The new report now takes the
  /// old one's place in one exchange, and leftovers of dead processes are
  /// cleaned (an old report left aside is put back first).
  @Test func reportDirectoriesAreReplacedWholeAndLeftoversCleaned() throws {
    let dir = try CommandRunner.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("reports").path
    try ReportDirectory.write(["a.md": "one", "sub/b.md": "two"], to: out)
    try ReportDirectory.write(["c.md": "three"], to: out)
    #expect(ReportDirectory.existingFiles(in: out) == ["c.md"])
    // A dead process's staging directory, and an old report left aside
    // after the reports directory was renamed away.
    let dead: Int32 = 2_000_000_000
    let fm = FileManager.default
    try fm.createDirectory(atPath: dir.appendingPathComponent(".reports.new-\(dead)").path, withIntermediateDirectories: true)
    try fm.moveItem(atPath: out, toPath: dir.appendingPathComponent(".reports.old-\(dead)").path)
    ReportDirectory.cleanLeftovers(of: URL(fileURLWithPath: out))
    #expect(ReportDirectory.existingFiles(in: out) == ["c.md"])
    #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == ["reports"])
    // The exchange, where the file system has it, leaves nothing behind.
    try ReportDirectory.write(["d.md": "four"], to: out)
    #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == ["reports"])
    #expect(ReportDirectory.existingFiles(in: out) == ["d.md"])
  }
}
