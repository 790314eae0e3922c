import Foundation
import Testing

@testable import RefBits

@Suite("Workload files")
struct WorkloadTests {
  @Test("every shipped workload parses and has actors", arguments: ShippedWorkloads.names)
  func shipped(name: String) throws {
    let w = try ShippedWorkloads.resolve(name)
    #expect(!w.actors.isEmpty)
    #expect(w.lifetime >= 1)
  }

  @Test("the six workloads of the issue ship")
  func theSix() {
    let names = Set(ShippedWorkloads.names)
    for n in ["benign-mixed", "hot-shared-page", "rdma-longterm", "speculative-lookups", "attacker-pin-flood", "attacker-ref-flood"] {
      #expect(names.contains(n), "missing \(n)")
    }
  }

  @Test("distributions and hold times are read")
  func distributions() throws {
    let w = try Workload.parse(toml: """
      title = "t"
      source = "s"
      lifetime = 50
      [actors.a]
      weight = 2.5
      kinds = { "pin|ref" = 3, ref = 1 }
      acquire = 1
      burst = { log_uniform = [4, 40] }
      hold = "forever"
      [actors.b]
      kinds = ["ref"]
      burst = "1 << 20"
      hold = { uniform = [1, 9] }
      [actors.c]
      kinds = ["ref"]
      burst = { geometric = 4.5 }
      """, name: "t", file: "t.toml")
    #expect(w.lifetime == 50)
    let a = try #require(w.actors.first { $0.name == "a" })
    #expect(a.weight == 2.5 && a.acquire == 1 && a.hold == nil)
    #expect(a.burst == .logUniform(minBits: 4, maxBits: 40))
    #expect(a.kinds.map(\.text) == ["pin|ref", "ref"] && a.kinds.map(\.weight) == [3, 1])
    let b = try #require(w.actors.first { $0.name == "b" })
    #expect(b.burst == .fixed(BigInt.power(of2: 20)) && b.hold == .uniform(1, 9) && b.acquire == 0.5)
    #expect(w.actors.first { $0.name == "c" }?.burst == .geometric(mean: 4.5))
  }

  /// Parses `text` and returns the diagnostics as `line:col: message`.
  static func problems(_ text: String) -> [Diagnostic] {
    do {
      _ = try Workload.parse(toml: text, name: "w", file: "w.toml")
      return []
    } catch {
      return error.all
    }
  }

  @Test("errors are located")
  func errors() {
    let d = Self.problems("""
      title = "t"
      source = "s"
      [actors.a]
      kinds = ["ref"]
      weight = "3"
      burst = { uniform = [5, 2] }
      hold = { geometric = 0.5 }
      wieght = 1
      [actors.b]
      kinds = ["re f"]
      burst = "forever"
      """)
    let byPath = Dictionary(d.map { ($0.keyPath, $0) }, uniquingKeysWith: { a, _ in a })
    #expect(byPath["actors.a.weight"]?.line == 5)
    #expect(byPath["actors.a.burst.uniform"]?.line == 6)
    #expect(byPath["actors.a.hold.geometric"]?.line == 7)
    #expect(byPath["actors.a.wieght"]?.hint?.contains("weight") == true)
    #expect(byPath["actors.b.kinds[0]"] != nil)
    #expect(byPath["actors.b.burst"]?.message.contains("hold time only") == true)
    #expect(d.allSatisfy { $0.file == "w.toml" })
  }

  @Test("a TOML syntax error and a missing table are diagnostics, not traps")
  func syntax() {
    #expect(Self.problems("title = \n").first?.line == 1)
    #expect(Self.problems("[%bad]\n").first?.message.contains("TOML syntax") == true)
    #expect(Self.problems("title = \"t\"\nsource = \"s\"\n").first?.message.contains("actors") == true)
    #expect(Self.problems("title = \"t\"\nsource = \"s\"\nactors = 3\n").first?.keyPath == "actors")
  }

  @Test("binding skips actors whose kinds a layout lacks, and takes the first alternative it has")
  func binding() throws {
    let w = try ShippedWorkloads.resolve("benign-mixed")
    let gup = BoundWorkload(w, layout: try ShippedLayouts.load("linux-gup-bias"))
    #expect(gup.skipped.isEmpty)
    let lookup = try #require(gup.actors.first { $0.name == "lookup" })
    #expect(lookup.kinds == [2 - 1])  // try_ref is kind 1 of linux-gup-bias
    let swift = BoundWorkload(w, layout: try ShippedLayouts.load("swift-native-64"))
    #expect(swift.skipped == ["longterm"])
    #expect(swift.actors.allSatisfy { $0.kinds == [0] })  // strong
  }

  @Test("seeded streams are fixed: a change here changes every campaign's result")
  func randomStreams() {
    var r = FuzzRandom(seed: 1, stream: 0)
    let first = (0..<3).map { _ in r.next() }
    var again = FuzzRandom(seed: 1, stream: 0)
    #expect((0..<3).map { _ in again.next() } == first)
    var other = FuzzRandom(seed: 1, stream: 1)
    #expect(other.next() != first[0])
    // The deterministic log is close to the C library's.
    for x in [1e-300, 0.001, 0.5, 1, 2, 1e10] {
      #expect(abs(FuzzRandom.log(x) - Foundation.log(x)) <= 1e-12 * max(1, abs(Foundation.log(x))))
    }
  }
}
