import Foundation
import Testing

@testable import RefBits

@Suite("Fuzz lens")
struct FuzzTests {
  /// A workload with short lifetimes, so that small campaigns have many
  /// chunks to spread over jobs and shards.
  static let shortLived = try! Workload.parse(toml: """
    title = "test: short lifetimes"
    source = "FuzzTests"
    lifetime = 300
    [actors.sharer]
    weight = 8
    kinds = ["ref"]
    hold = { geometric = 400 }
    [actors.lookup]
    weight = 4
    kinds = ["try_ref|ref"]
    burst = { uniform = [1, 40] }
    hold = { geometric = 3 }
    [actors.pinner]
    weight = 1
    kinds = ["pin"]
    hold = { uniform = [0, 50] }
    [actors.flood]
    weight = 0.05
    kinds = ["ref"]
    acquire = 1
    burst = { log_uniform = 33 }
    hold = "forever"
    """, name: "short-lived", file: "short-lived.toml")

  static func campaign(_ layout: String = "linux-gup-bias", workload: Workload = shortLived, seed: UInt64, ops: Int, jobs: Int = 1, shard: (Int, Int)? = nil, exactOnly: Bool = false) throws -> FuzzCampaign {
    let input = try ShippedLayouts.resolveWithDigest(layout)
    return FuzzCampaign(
      layout: input.value, layoutArgument: input.argument, layoutDigest: input.digest, workload: workload,
      workloadDigest: "test", seed: seed, operations: ops, shard: shard.flatMap { FuzzShard(index: $0.0, count: $0.1) }, jobs: jobs, exactOnly: exactOnly)
  }

  static func json(_ c: FuzzCampaign) throws -> String {
    FuzzRenderer([try c.run().result()]).json()
  }

  @Test("the same seed gives the same JSON for 1, 2 and 3 jobs (seed 7)")
  func jobsDoNotMatter() throws {
    let one = try Self.json(Self.campaign(seed: 7, ops: 12_000, jobs: 1))
    let two = try Self.json(Self.campaign(seed: 7, ops: 12_000, jobs: 2))
    let three = try Self.json(Self.campaign(seed: 7, ops: 12_000, jobs: 3))
    #expect(one == two)
    #expect(one == three)
    #expect(one.contains("false_positive(maybe_pinned)"))
    // Another seed gives another result.
    #expect(try Self.json(Self.campaign(seed: 8, ops: 12_000)) != one)
  }

  @Test("shards merged equal one run (seed 11)")
  func shards() throws {
    let whole = try Self.campaign(seed: 11, ops: 9_100).run().result()
    var parts: [FuzzResult] = []
    for k in [2, 0, 1] { parts.append(try Self.campaign(seed: 11, ops: 9_100, shard: (k, 3)).run().result()) }
    #expect(parts.allSatisfy { $0.shard != nil })
    let merged = try FuzzResult.merged(parts)
    #expect(FuzzRenderer([merged]).json() == FuzzRenderer([whole]).json())
    // An incomplete set is refused.
    #expect(throws: Diagnostics.self) { try FuzzResult.merged(Array(parts.prefix(2))) }
    // So is a shard of another campaign.
    let other = try Self.campaign(seed: 12, ops: 9_100, shard: (0, 3)).run().result()
    #expect(throws: Diagnostics.self) { try FuzzResult.merged([other] + parts.dropFirst()) }
  }

  @Test("the native engine and the exact machine give the same result (seed 3)")
  func nativeEqualsExact() throws {
    let native = try Self.json(Self.campaign(seed: 3, ops: 3_000))
    let exact = try Self.json(Self.campaign(seed: 3, ops: 3_000, exactOnly: true))
    #expect(native == exact)
  }

  @Test("bursts reach 2^31 in a few operations: the ref flood wraps linux-gup-bias (seed 1)")
  func attackerFlood() throws {
    let w = try ShippedWorkloads.resolve("attacker-ref-flood")
    let r = try Self.campaign(workload: w, seed: 1, ops: 2_000).run().result()
    #expect(r.tally.steps > BigInt.power(of2: 31))
    #expect(r.tally.entry(.fieldOverflow(field: "refcount")) != nil)
    let broken = Set(r.brokenClaims.map(\.claim))
    #expect(broken.contains("never premature_free") || broken.contains("never false_negative(maybe_pinned)"))
    // Witnesses are short: the attacker's bursts, not the benign noise.
    for w in r.witnesses { #expect(w.operations.count <= 6, "\(w.outcome): \(w.script)") }
  }

  @Test("hot-shared-page: maybe_pinned false positives with a rate, and a witness that replays (seed 1)")
  func hotSharedPage() throws {
    let w = try ShippedWorkloads.resolve("hot-shared-page")
    let c = try Self.campaign(workload: w, seed: 1, ops: 6_000)
    let r = try c.run().result()
    let fp = try #require(r.outcomes.first { $0.outcome == .falsePositive(predicate: "maybe_pinned") })
    #expect(fp.interval.lower <= fp.ratePerMillion && fp.ratePerMillion <= fp.interval.upper)
    let witness = try #require(r.witness(.falsePositive(predicate: "maybe_pinned")))
    // 1023 ordinary references on top of the initial one, nothing else.
    #expect(witness.steps == 1023)
    #expect(witness.operations.count <= 3, "\(witness.script)")
    // It round-trips through JSON and replays.
    let decoded = try JSONDecoder().decode(Witness.self, from: Data(witness.json.utf8))
    #expect(decoded == witness)
    let replay = try WitnessReplay(decoded, layout: c.layout, digest: c.layoutDigest, file: "w.json")
    #expect(replay.reproducedAt == 1023)
  }

  @Test("a replay on a changed layout fails loudly")
  func digestMismatch() throws {
    let c = try Self.campaign(workload: try ShippedWorkloads.resolve("hot-shared-page"), seed: 1, ops: 5_000)
    let r = try c.run().result()
    let witness = try #require(r.witnesses.first)
    #expect(throws: Diagnostics.self) { try WitnessReplay(witness, layout: c.layout, digest: "fnv1a64:0000000000000000", file: "w.json") }
  }

  @Test("the broken-claim fixture breaks its claim, with a witness that replays; the shipped gup layout's claims hold under benign-mixed (seed 1)")
  func claims() throws {
    let path = try #require(Bundle.module.path(forResource: "broken-claim", ofType: "toml", inDirectory: "Fixtures"))
    let broken = try Self.campaign(path, workload: try ShippedWorkloads.resolve("benign-mixed"), seed: 1, ops: 2_000).run().result()
    let claim = try #require(broken.claims.first)
    #expect(claim.broken)
    let w = try #require(claim.witness.flatMap { broken.witness($0) })
    // A free happens on a release: the count (1 + acquires - releases, mod 8)
    // must come back to 1 with references left over, so at least 8 acquires
    // and the freeing put: no witness is shorter than 9 steps, and it ends
    // with a put.
    #expect(w.steps >= 9)
    #expect(w.operations.last?.op == "-ref")
    let layout = try Layout.load(contentsOf: path)
    let replay = try WitnessReplay(w, layout: layout, digest: ContentDigest.ofFile(path)!, file: "w.json")
    #expect(replay.reproducedAt == w.steps)
    let xml = JUnitDocument([broken], witnesses: WitnessDirectory("out")).xml()
    #expect(xml.contains("failures=\"1\"") && xml.contains("refbits replay out/broken-claim/premature_free.json"))

    let held = try Self.campaign(workload: try ShippedWorkloads.resolve("benign-mixed"), seed: 1, ops: 8_000).run().result()
    #expect(held.claims.count == 2 && held.brokenClaims.isEmpty)
    #expect(held.claims.allSatisfy { $0.interval.method == "rule-of-three" })
  }

  @Test("a stopped campaign keeps exactly the lifetimes it finished")
  func stopped() throws {
    let c = try Self.campaign(seed: 5, ops: 30_000)
    let control = FuzzControl()
    control.stop(.interrupted)
    let r = try c.run(control: control)
    #expect(!r.complete && r.stopReason == .interrupted)
    #expect(r.tally.lifetimes == 0)
  }

  @Test("Wilson intervals and the rule of three")
  func intervals() {
    let w = ConfidenceInterval(count: 5, trials: 100)
    #expect(abs(w.lower - 0.02154) < 1e-4 && abs(w.upper - 0.11175) < 1e-4 && w.method == "wilson")
    let zero = ConfidenceInterval(count: 0, trials: 3_000)
    #expect(zero.lower == 0 && zero.upper == 0.001 && zero.method == "rule-of-three")
  }

  @Test("the layout digest ignores line endings only")
  func digest() {
    #expect(ContentDigest.of(Array("a\r\nb\n".utf8)) == ContentDigest.of(Array("a\nb\n".utf8)))
    #expect(ContentDigest.of(Array("a\nb\n".utf8)) != ContentDigest.of(Array("a\nc\n".utf8)))
    #expect(ContentDigest.of([UInt8]()) == "fnv1a64:cbf29ce484222325")
  }
}
