import Foundation
import Testing

@testable import RefBits

/// What `refbits fuzz` and `refbits merge` do besides running campaigns:
/// shards, result and witness files, the claims gate, and the output
/// formats.
@Suite("Fuzz files and gate")
struct FuzzFilesTests {
  /// A fresh directory under the temporary directory.
  static func temporaryDirectory(_ name: String) throws -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("refbits-\(name)-\(getpid())")
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("shards read K/N with 1 <= K <= N")
  func shardParsing() {
    let s = FuzzShard(parsing: "2/8")
    #expect(s?.index == 1 && s?.count == 8 && s?.description == "2/8")
    #expect(FuzzShard(parsing: "1/1") == FuzzShard(index: 0, count: 1))
    for bad in ["0/4", "5/4", "1/-1", "-1/4", "1/0", "a/b", "1/2/3", "/2", "2/", "", "1 /2"] {
      #expect(FuzzShard(parsing: bad) == nil, "\(bad)")
    }
  }

  @Test("result files of shards merge into the unsharded result, two layouts at once (seed 11)")
  func mergeFiles() throws {
    let dir = try Self.temporaryDirectory("merge")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let layouts = ["linux-gup-bias", "hubbard-bias-23"]
    var wholes: [FuzzResult] = []
    var files: [String] = []
    for k in [1, 0] {
      var parts: [FuzzResult] = []
      for name in layouts {
        let c = try FuzzTests.campaign(name, seed: 11, ops: 6_000, shard: (k, 2))
        parts.append(try c.run().result())
      }
      let file = (dir as NSString).appendingPathComponent("shard\(k).json")
      try FuzzRenderer(parts).json().write(toFile: file, atomically: true, encoding: .utf8)
      files.append(file)
    }
    for name in layouts { wholes.append(try FuzzTests.campaign(name, seed: 11, ops: 6_000).run().result()) }
    let merged = try FuzzResult.merged(files: files)
    #expect(FuzzRenderer(merged).json() == FuzzRenderer(wholes).json())
    // A file that is not a result names itself.
    let junk = (dir as NSString).appendingPathComponent("junk.json")
    try "{}".write(toFile: junk, atomically: true, encoding: .utf8)
    #expect { try FuzzResult.merged(files: [junk]) } throws: { ($0 as? Diagnostics)?.all.first?.file == junk }
    // So does one shard of two.
    #expect(throws: Diagnostics.self) { try FuzzResult.merged(files: [files[0]]) }
  }

  static func brokenClaimResult() throws -> FuzzResult {
    let path = try #require(Bundle.module.path(forResource: "broken-claim", ofType: "toml", inDirectory: "Fixtures"))
    return try FuzzTests.campaign(path, workload: try ShippedWorkloads.resolve("benign-mixed"), seed: 1, ops: 2_000).run().result()
  }

  @Test("witnesses are written where the result names them, and read back")
  func witnessFiles() throws {
    let dir = try Self.temporaryDirectory("witnesses")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = try Self.brokenClaimResult()
    let witnesses = WitnessDirectory(dir)
    try witnesses.write(result)
    let named = result.outcomes.compactMap(\.witnessFile)
    #expect(!named.isEmpty && named.count == result.witnesses.count)
    for file in named {
      let w = try Witness.load(contentsOf: witnesses.path(of: file))
      #expect(result.witness(w.outcome) == w)
    }
    // A directory that cannot be made is a located error.
    let blocked = (dir as NSString).appendingPathComponent("file")
    try "x".write(toFile: blocked, atomically: true, encoding: .utf8)
    #expect { try WitnessDirectory(blocked).write(result) } throws: { e in
      (e as? Diagnostics)?.all.first.map { $0.file.hasPrefix(blocked) && $0.message.hasPrefix("cannot write the witness") } ?? false
    }
  }

  @Test("the claims gate fails on a broken claim with its witness and replay command, and passes when all hold (seed 1)")
  func claimsGate() throws {
    let broken = try Self.brokenClaimResult()
    let held = try FuzzTests.campaign(workload: try ShippedWorkloads.resolve("benign-mixed"), seed: 1, ops: 4_000).run().result()
    #expect(ClaimsGate([held]).passed)
    let gate = ClaimsGate([held, broken])
    #expect(!gate.passed && gate.failures.count == 1)
    // Only a release frees: the witness wraps the 3-bit count past 0 with
    // acquires, then releases it to 0 with 8 references held.
    #expect(gate.text(witnesses: WitnessDirectory("out")) == """
      claim broken: broken-claim: never premature_free (\(broken.brokenClaims[0].count) of 2000 steps under benign-mixed, seed 1)
        witness (premature_free, shrunk from 13 operations): ref*7@1, -ref*2@1, ref*3@1, -ref@1
        replay: refbits replay out/broken-claim/premature_free.json
      """)
  }

  @Test("every format ends with one newline; text and JSON are the renderer's")
  func formats() throws {
    let renderer = FuzzRenderer([try Self.brokenClaimResult()], witnessDirectory: "out")
    #expect(renderer.rendered(.text) == renderer.text() + "\n")
    #expect(renderer.rendered(.json) == renderer.json() + "\n")
    #expect(renderer.rendered(.markdown) == renderer.markdown())
    for format in OutputFormat.allCases {
      let r = renderer.rendered(format)
      #expect(r.hasSuffix("\n") && !r.hasSuffix("\n\n"), "\(format)")
    }
    #expect(renderer.text().contains("-> out/broken-claim/premature_free.json"))
  }
}
