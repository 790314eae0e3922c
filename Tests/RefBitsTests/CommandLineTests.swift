import Foundation
import RefBitsTestSupport
import Testing

@testable import RefBits

/// The reproducers of issue 9 run as the real executable: each used to end
/// on a signal (exit 132), write outside its directory, or exit 1 (the
/// "claim broke" status) on bad input; each now exits 2 with a located
/// message, or finishes.
/// Not in the checked build (`REFBITS_INTERNAL_CHECKS`): its executable
/// re-steps every fast path against the reference, far slower than the time
/// limits these runs are held to; they test the shipped build.
@Suite("Command line: bad input exits 2 with a located message", .disabled(if: InternalChecks.isEnabled, "the checked executable is too slow for these time limits"))
struct CommandLineTests {
  let runner = CommandRunner(cpuSeconds: 60)

  func run(_ arguments: [String], files: [String: String] = [:], in dir: URL? = nil) throws -> (CommandRunner.Run, URL) {
    let dir = try dir ?? CommandRunner.temporaryDirectory("cli")
    for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
    return (try runner.run(arguments, in: dir), dir)
  }

  @Test func checkOfTheShiftReproducerSucceeds() throws {
    try #require(CommandRunner.binary != nil)
    let (r, dir) = try run(["check", "abs.toml"], files: ["abs.toml": BadInputTests.shiftReproducer])
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(r.ending == .exit(0), "\(r.stderr)")
    #expect(r.stdout.contains("abs.toml: ok (1 word, 1 field, 1 kind, 1 predicate, 0 claims)"))
  }

  /// Two shard results of one small campaign, as `refbits fuzz` prints them.
  func shards(in dir: URL) throws -> [[String: Any]] {
    var out: [[String: Any]] = []
    for k in 1...2 {
      let (r, _) = try run(["fuzz", "linux-gup-bias", "--workload", "attacker-ref-flood", "--ops", "4000", "--shard", "\(k)/2", "--jobs", "1", "--format", "json", "--out", "w"], in: dir)
      try #require(r.ending == .exit(0), "\(r.stderr)")
      // One layout: an array of one result (one shape whatever the number).
      let results = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
      try #require(results.count == 1)
      out.append(results[0])
    }
    return out
  }

  func write(_ object: [String: Any], _ name: String, in dir: URL) throws {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: dir.appendingPathComponent(name))
  }

  @Test func mergeOfTamperedShardsExitsTwo() throws {
    try #require(CommandRunner.binary != nil)
    let dir = try CommandRunner.temporaryDirectory("merge")
    defer { try? FileManager.default.removeItem(at: dir) }
    let parts = try shards(in: dir)
    try write(parts[0], "s1.json", in: dir)
    try write(parts[1], "s2.json", in: dir)
    let (good, _) = try run(["merge", "s1.json", "s2.json", "--out", "merged"], in: dir)
    #expect(good.ending == .exit(0), "\(good.stderr)")
    // The flood wraps the count (an overflow; only a release frees).
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("merged/linux-gup-bias/field_overflow-refcount.json").path))

    var negative = parts[0]
    negative["shard"] = "1/-1"
    try write(negative, "neg.json", in: dir)
    var claim = parts[0]
    var claims = try #require(claim["claims"] as? [[String: Any]])
    claims[0]["claim"] = "never bogus"
    claim["claims"] = claims
    try write(claim, "claim.json", in: dir)
    var outside = parts[0]
    outside["shard"] = "3/2"
    try write(outside, "outside.json", in: dir)
    for (file, key) in [("neg.json", "[shard]"), ("claim.json", "[claims[0].claim]"), ("outside.json", "[shard]")] {
      let (r, _) = try run(["merge", file, "s2.json"], in: dir)
      #expect(r.ending == .exit(2), "\(file): \(r.ending) \(r.stderr)")
      #expect(r.stderr.hasPrefix("\(file): error: ") && r.stderr.contains(key), "\(r.stderr)")
    }
  }

  @Test func mergeNeverWritesOutsideItsDirectoryAndReportsUnwritableOnes() throws {
    try #require(CommandRunner.binary != nil)
    let dir = try CommandRunner.temporaryDirectory("merge-out")
    defer { try? FileManager.default.removeItem(at: dir) }
    let parts = try shards(in: dir)
    for (i, var p) in parts.enumerated() {
      p["layout_name"] = "../../X"
      try write(p, "t\(i).json", in: dir)
      try write(parts[i], "s\(i).json", in: dir)
    }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("a/b"), withIntermediateDirectories: true)
    let (r, _) = try run(["merge", "t0.json", "t1.json", "--out", "a/b/out"], in: dir)
    #expect(r.ending == .exit(2) && r.stderr.contains("[layout_name]"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a/X").path))
    // An --out that cannot be a directory: exit 2 (not 1), the reason in words.
    try Data("x".utf8).write(to: dir.appendingPathComponent("file"))
    let (u, _) = try run(["merge", "s0.json", "s1.json", "--out", "file"], in: dir)
    #expect(u.ending == .exit(2), "\(u.ending) \(u.stderr)")
    #expect(u.stderr.contains("cannot write the witness: Not a directory"), "\(u.stderr)")
  }

  @Test func hugeOperationCountsAreUsageErrors() throws {
    try #require(CommandRunner.binary != nil)
    let (r, dir) = try run(["fuzz", "linux-gup-bias", "--ops", "9223372036854775807"])
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(r.ending == .exit(2))
    #expect(r.stderr.contains("--ops takes 1 to \(InputLimits.operations)"))
  }

  /// Used to loop for hours, then to stop on the budget of single steps: the
  /// wrap of the 32-bit _refcount is periodic, and bulk stepping jumps over
  /// its repeats. From 2 references, 2^128 more wrap it at INT_MAX and every
  /// 2^32 after: (2^128 - (2^31 - 2)) / 2^32 rounded up = 2^96 overflows.
  @Test func traceOfAHugeWrappingCountFinishes() throws {
    try #require(CommandRunner.binary != nil)
    let (r, dir) = try run(["trace", "linux-folio-pincount", "ref, ref*(1 << 128)"])
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(r.ending == .exit(0), "\(r.ending) \(r.stderr)")
    // Text is wrapped to the terminal width (80 here): read it as one line.
    let flat = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(flat.contains("field_overflow(refcount) first at step 2147483647 (#2147483646 of the burst), \(BigInt.power(of2: 96)) times"), "\(r.stdout)")
  }

  @Test func replayBlamesTheWitnessFile() throws {
    try #require(CommandRunner.binary != nil)
    let (unknown, dir) = try run(["replay", "w.json"], files: ["w.json": BadInputTests.witnessText(layout: "no-such-layout")])
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(unknown.ending == .exit(2))
    #expect(unknown.stderr.hasPrefix("w.json: error: the trace names the layout 'no-such-layout'") && unknown.stderr.contains("[layout]"), "\(unknown.stderr)")
    let (malformed, _) = try run(["replay", "m.json"], files: ["m.json": BadInputTests.witnessText("[{\"actor\": 0, \"count\": 1.5, \"op\": \"ref\"}]")], in: dir)
    #expect(malformed.ending == .exit(2))
    #expect(malformed.stderr.hasPrefix("m.json: error: ") && malformed.stderr.contains("[operations[0].count]"), "\(malformed.stderr)")
    #expect(!malformed.stderr.contains("DecodingError") && !malformed.stderr.contains("CodingKeys"))
  }
}
