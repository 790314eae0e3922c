import Foundation
import Testing

@testable import RefBits

/// The race lens: every interleaving explored, with and without the
/// partial-order reduction; Glisse's timelines; what Hubbard's lock_page()
/// variant changes.
@Suite("Races")
struct RaceTests {
  static func layout(_ name: String) throws -> Layout { try ShippedLayouts.load(name) }

  static func run(_ layout: Layout, _ scenario: String, reduction: Bool = true) throws -> RaceResult {
    let setup = try #require(try RaceSetup.scenarios(of: layout).first { $0.name == scenario })
    return try RaceExplorer.explore(setup, options: RaceExplorer.Options(reduction: reduction))
  }

  static func run(_ layout: Layout, threads: [String], from: String = "", order: [String] = [], reduction: Bool = true) throws -> RaceResult {
    try RaceExplorer.explore(try RaceSetup(layout: layout, name: "test", threads: threads, from: from, order: order), options: RaceExplorer.Options(reduction: reduction))
  }

  @Test("Glisse's T1, T2 and T3: page_mkclean() ends with the flag set on a pinned page in every interleaving of each")
  func glisseTimelines() throws {
    let l = try Self.layout("glisse-pagepin-mapcount")
    for t in ["T1", "T2", "T3", "gup-vs-mkclean"] {
      let r = try Self.run(l, t)
      #expect(r.complete && r.proved, "\(t)")
      #expect(r.claims.map(\.verdict) == [.proved], "\(t)")
      // Every run ends pinned and flagged.
      #expect(r.finalStates == ["mapcount=1 mappings=0 pagepin=1 pagelock=0 | held pin=1"], "\(t): \(r.finalStates)")
    }
    // T2: [C3] before [G2], so page_mkclean() never sees the pin: the flag is GUP's own [G4].
    let t2 = try Self.run(l, "T2")
    #expect(t2.findings.isEmpty)
    // T1: a pinned page's flag is clear between [C1] and [C5] (Hubbard's objection): a lie inside page_mkclean().
    let t1 = try Self.run(l, "T1")
    let fn = try #require(t1.findings.first { $0.outcome == "false_negative(maybe_pinned)" })
    #expect(fn.midAction && fn.witness.rows[fn.witness.findingRow!].label == "C1")
  }

  @Test("T1, T2 and T3 partition the interleavings of GUP and page_mkclean(): Glisse's case analysis is exhaustive")
  func glissePartition() throws {
    let l = try Self.layout("glisse-pagepin-mapcount")
    let counts = try ["T1", "T2", "T3", "gup-vs-mkclean"].map { try Self.run(l, $0, reduction: false).interleavings }
    let parts = counts.prefix(3).compactMap { $0 }
    #expect(parts.count == 3 && counts[3] != nil)
    #expect(parts.reduce(BigInt(0), +) == counts[3]!, "T1 + T2 + T3 = \(parts) vs all \(counts[3]!)")
    // GUP has 3 steps, page_mkclean 7 or 8 (whether [C5] runs): choose(10, 3) + ... > 100 interleavings.
    #expect(counts[3]! > 100)
  }

  @Test("page_mkclean() with [C3] before [C1] (the barriers' order reversed) leaves a pinned page unflagged")
  func glisseReordered() throws {
    let url = try #require(ShippedLayouts.path(named: "glisse-pagepin-mapcount"))
    var text = try String(contentsOfFile: url, encoding: .utf8)
    let c1 = #"  { label = "C1", do = "test_and_clear(pagepin)", why = "pined = TestClearPagePin(page)" },"#
    let c3 = #"  { label = "C3", do = "m = mapcount", why = "map_and_pin_count = atomic_read(&page->mapcount)" },"#
    #expect(text.contains(c1) && text.contains(c3))
    text = text.replacingOccurrences(of: c1, with: "@C1@").replacingOccurrences(of: c3, with: c1).replacingOccurrences(of: "@C1@", with: c3)
    let l = try Layout.parse(toml: text, name: "reordered", file: "reordered.toml")
    let r = try Self.run(l, "gup-vs-mkclean")
    #expect(r.claims.map(\.verdict) == [.violated])
    let w = try #require(r.claims[0].witness)
    // The violation is at page_mkclean's end, with GUP done.
    #expect(w.rows[w.findingRow!].events.contains("page_mkclean returns ok"))
  }

  @Test("lock_page(): GUP no longer makes the flag lie inside page_mkclean(); an unmap racing the count does")
  func lockPage() throws {
    let l = try Self.layout("glisse-pagepin-lock-page")
    let g = try Self.run(l, "gup-vs-mkclean")
    #expect(g.proved && !g.findings.contains { $0.outcome.hasPrefix("false_negative") })
    #expect(g.waitingStates > 0)
    let u = try Self.run(l, "unmap-vs-mkclean")
    #expect(u.claims.map(\.verdict) == [.violated, .violated])
    // Glisse's own scheme, same unmap race: proved.
    #expect(try Self.run(try Self.layout("glisse-pagepin-mapcount"), "unmap-vs-mkclean").proved)
  }

  @Test("Hubbard 2018: the re-check under zone_gup_lock keeps the last put from clearing a new pin's flag")
  func hubbardRecheck() throws {
    let l = try Self.layout("hubbard-dma-pinned-count")
    #expect(try Self.run(l, "unpin-vs-pin").proved)
    #expect(try Self.run(l, "two-unpins-vs-pin").proved)
    let w = try Self.run(l, "wrapped")
    #expect(w.claims.map(\.verdict) == [.violated])
    #expect(w.claims[0].witness!.rows.contains { $0.state.contains("held pin=4294967296") })
    // Without the re-check (clear the flag right after the count reaches 0), the race is found.
    let url = try #require(ShippedLayouts.path(named: "hubbard-dma-pinned-count"))
    let text = try String(contentsOfFile: url, encoding: .utf8).replacingOccurrences(of: #"do = "if c != 0 goto U""#, with: #"do = "goto C""#)
    let noRecheck = try Layout.parse(toml: text, name: "no-recheck", file: "no-recheck.toml")
    #expect(try Self.run(noRecheck, "unpin-vs-pin").claims.map(\.verdict) == [.violated])
  }

  @Test("a racy 4-bit limit overflows with two CPUs at 14; a cmpxchg limit does not")
  func splitFields() throws {
    let racy = try Self.run(try Self.layout("hildenbrand-split-racy-limit"), "two-pins-at-14")
    #expect(racy.claims.first?.verdict == .violated)
    #expect(racy.findings.contains { $0.outcome == "field_overflow(gup_rw)" } && racy.findings.contains { $0.outcome == "field_overflow(gup_read)" })
    let cas = try Self.run(try Self.layout("hildenbrand-split-cmpxchg"), "two-pins-at-14")
    #expect(cas.proved && cas.findings.map(\.outcome) == ["refused(pin_write)"])
  }

  @Test("rcuref: the last put's NOREF -> DEAD cmpxchg loses to a concurrent get, and nothing is freed early")
  func rcuref() throws {
    let l = try Self.layout("linux-rcuref-races")
    let r = try Self.run(l, "last-put-vs-get")
    #expect(r.proved)
    // Either the get wins (one reference, count 0) or the put frees first (the get fails, DEAD).
    #expect(r.finalStates == ["refcnt=0 | held ref=1", "refcnt=3758096384 | held none"])
    #expect(try Self.run(l, "last-put-vs-get-put").proved)
  }

  @Test("a deadlock is found and drawn")
  func deadlock() throws {
    let text = """
      title = "t"
      source = "s"
      [words.a]
      bits = 1
      [words.b]
      bits = 1
      [kinds.k.acquire]
      steps = ["lock(a)", "lock(b)", "unlock(b)", "unlock(a)"]
      [kinds.k.release]
      effects = []
      [kinds.j.acquire]
      steps = ["lock(b)", "lock(a)", "unlock(a)", "unlock(b)"]
      [kinds.j.release]
      effects = []
      [initial]
      held = {}
      """
    let l = try Layout.parse(toml: text, name: "abba", file: "abba.toml")
    let r = try Self.run(l, threads: ["k", "j"])
    let d = try #require(r.findings.first { $0.kind == .deadlock })
    #expect(d.witness.rows.count == 2 && r.waitingStates > 0)
  }

  // MARK: - The reduction against every interleaving

  /// Everything an exploration reports, as comparable values.
  static func verdicts(_ r: RaceResult) -> [String] {
    r.findings.map { "finding \($0.outcome)" } + r.claims.map { "claim \($0.claim) \($0.judged) \($0.verdict)" } + r.finalStates.map { "final \($0)" }
  }

  @Test("the reduction finds exactly what full exploration finds, on every shipped scenario")
  func reductionShipped() throws {
    var scenarios = 0
    for name in StepsTests.stepped {
      let l = try Self.layout(name)
      for s in try RaceSetup.scenarios(of: l) where s.racers == nil {
        let full = try RaceExplorer.explore(s, options: RaceExplorer.Options(reduction: false))
        let reduced = try RaceExplorer.explore(s, options: RaceExplorer.Options(reduction: true))
        #expect(Self.verdicts(full) == Self.verdicts(reduced), "\(name) \(s.name)")
        #expect(reduced.states <= full.states)
        scenarios += 1
      }
    }
    #expect(scenarios >= 20)
  }

  @Test("the reduction finds exactly what full exploration finds, on random step programs (seed 0x5ACE)")
  func reductionRandom() throws {
    var gen = RandomStepsGenerator(seed: 0x5ACE)
    var explored = 0, reducedSomething = 0
    for _ in 0..<120 {
      let (text, threads) = gen.program()
      guard let l = try? Layout.parse(toml: text, name: "random", file: "random.toml") else { continue }
      guard let setup = try? RaceSetup(layout: l, name: "random", threads: threads, from: "", order: []) else { continue }
      let full = try RaceExplorer.explore(setup, options: RaceExplorer.Options(reduction: false))
      let reduced = try RaceExplorer.explore(setup, options: RaceExplorer.Options(reduction: true))
      #expect(Self.verdicts(full) == Self.verdicts(reduced), "\(text)\n\(threads)")
      explored += 1
      if reduced.states < full.states { reducedSomething += 1 }
    }
    #expect(explored >= 60)
    #expect(reducedSomething >= 10)
  }
}

/// Random small layouts with steps, and threads to race them.
struct RandomStepsGenerator {
  var rng: SplitMix64

  init(seed: UInt64) { rng = SplitMix64(seed: seed) }

  mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
  mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }

  /// A layout of two small words, a flag and a private scratch word, with
  /// two kinds whose acquires are random steps; and 2 or 3 threads.
  mutating func program() -> (String, [String]) {
    var lines = ["title = \"random steps\"", "source = \"generated\"", "[words.a]", "bits = \(int(2...4))", "signed = \(int(0...1) == 1)", "[words.b]", "bits = 3", "[words.f]", "bits = 1", "[words.p]", "bits = 2"]
    for k in ["x", "y"] {
      var steps: [String] = []
      let n = int(1...5)
      for i in 0..<n {
        switch int(0...9) {
        case 0: steps.append("\"c = a\"")
        case 1: steps.append("\"c = fetch_add(\(pick(["a", "b"])), \(int(1...2)))\"")
        case 2: steps.append("\"\(pick(["a", "b", "p"])) += 1\"")
        case 3: steps.append("\"b -= 1\"")
        case 4: steps.append("\"c = test_and_set(f)\"")
        case 5: steps.append("\"f = 0\"")
        case 6: steps.append("\"c = b\"")
        case 7: steps.append("\"p = \(int(0...3))\"")
        case 8 where i > 0: steps.append("\"if c \(pick(["<", ">=", "=="])) \(int(0...3)) return \(pick(["refused", "ok", "saturated"]))\"")
        default: steps.append("\"fence\"")
        }
      }
      // Locals must be assigned first.
      steps.insert("\"c = \(pick(["a", "b", "p"]))\"", at: 0)
      lines += ["[kinds.\(k).acquire]", "steps = [\(steps.joined(separator: ", "))]", "[kinds.\(k).release]", "effects = [\"b -= 1\"]"]
    }
    lines += ["[predicates.p1]", "when = \"a != 0 || f == 1\"", "means = \"x > 0\"", "[predicates.p2]", "role = \"freed\"", "when = \"b == 0\"", "means = \"total == 0\""]
    lines += ["[initial]", "held = {}"]
    lines += ["[[claims]]", "never = \"false_negative(p1)\"", "judged = \"\(pick(["always", "quiescent", "after x"]))\""]
    let threads = (0..<int(2...3)).map { _ in (0..<int(1...2)).map { _ in pick(["x", "y"]) }.joined(separator: ", ") }
    return (lines.joined(separator: "\n"), threads)
  }
}
