import Foundation
import Testing

@testable import RefBits

/// `--racers N`: exact answers at any N, cross-checked against explicit
/// enumeration of every interleaving for small N.
@Suite("Racers")
struct RacersTests {
  static func racers(_ layout: Layout, thread: String, from: String = "", n: BigInt, explicit: Int = Racers.explicitRacers) throws -> RacersResult {
    try Racers.analyze(try RaceSetup(layout: layout, name: "test", threads: [thread], from: from, order: []), racers: n, explicit: explicit)
  }

  static func row(_ r: RacersResult, _ outcome: String) -> RacersResult.Row? { r.outcomes.first { $0.outcome == outcome } }

  /// The smallest n <= limit for which some interleaving of n threads each
  /// running `thread` once reaches each outcome (explicit enumeration).
  static func enumerated(_ layout: Layout, thread: String, from: String = "", limit: Int) throws -> [String: Int] {
    var first: [String: Int] = [:]
    for n in 1...limit {
      let r = try RaceExplorer.explore(try RaceSetup(layout: layout, name: "n", threads: Array(repeating: thread, count: n), from: from, order: []))
      for f in r.findings where first[f.outcome] == nil { first[f.outcome] = n }
    }
    return first
  }

  /// Racing refcount_inc() from REFCOUNT_SATURATED: 2^30 of them bring the
  /// count to 0, but an acquire's step frees nothing (Machine.onset: only a
  /// release or an operation frees), so the racers alone never free: the
  /// free would be the next refcount_dec_and_test(), a release no racer runs.
  @Test("refcount_t's saturation zone under racing refcount_inc(): acquires alone never free; 2^30 + 1 racing decrements wrap past INT_MIN (include/linux/refcount.h: REFCOUNT_SATURATED = INT_MIN / 2)")
  func refcountZone() throws {
    let l = try ShippedLayouts.load("linux-refcount-t-races")
    let setup = try #require(try RaceSetup.scenarios(of: l).first { $0.name == "racing-incs-saturated" })
    let r = try Racers.analyze(setup, racers: BigInt.power(of2: 32))
    #expect(r.start.hasPrefix("count=-1073741824"))
    #expect(Self.row(r, "premature_free")?.smallest == nil)
    #expect(Self.row(r, "premature_free")?.verdict == "impossible")
    #expect(r.claims.first?.verdict == "holds")
    // Downwards: the zone absorbs 2^30 decrements; the next wraps past INT_MIN.
    let decs = try Racers.analyze(try #require(try RaceSetup.scenarios(of: l).first { $0.name == "racing-decs-saturated" }), racers: BigInt.power(of2: 32))
    #expect(Self.row(decs, "field_overflow(count)")?.smallest == BigInt.power(of2: 30) + 1)
    #expect(decs.capped == BigInt.power(of2: 31))
  }

  @Test("try_get_page() from INT_MAX: every racer passes the check and the first overflows; acquires alone never free")
  func tryGetPage() throws {
    let l = try ShippedLayouts.load("linux-try-get-page-races")
    let r = try Self.racers(l, thread: "try_get_page", from: "get_page*(INT_MAX - 1)", n: BigInt.power(of2: 32))
    // 2^31 + 1 racers wrap the count to 0; the free is the next put_page (a release).
    #expect(Self.row(r, "premature_free")?.smallest == nil)
    #expect(Self.row(r, "field_overflow(refcount)")?.smallest == 1)
    // try_grab_folio(FOLL_PIN) from a fresh page: 2^21 racers carry the count past INT_MAX.
    let pins = try Self.racers(l, thread: "pin", n: BigInt.power(of2: 32))
    #expect(Self.row(pins, "field_overflow(refcount)")?.smallest == BigInt.power(of2: 21))
  }

  /// The three arguments must never contradict each other: an outcome
  /// reached with n racers is not proved impossible for all, nor below n.
  /// (A word whose one field has the word's name once got its field's
  /// overflow "proved impossible" by the word-level invariant while one
  /// racer reached it.)
  @Test("on every shipped racers scenario, no outcome is both reached and proved impossible")
  func argumentsAgree() throws {
    for name in ShippedLayouts.names {
      let l = try ShippedLayouts.load(name)
      for setup in try RaceSetup.scenarios(of: l) {
        guard let n = setup.racers else { continue }
        let r = try Racers.analyze(setup, racers: n)
        for row in r.outcomes {
          let reached = row.smallest ?? row.reachedWith
          if let reached {
            #expect(!row.impossibleForAll, "\(name) \(setup.name): \(row.outcome) reached with \(reached) and proved impossible for all")
            #expect((row.impossibleBelow ?? 0) <= reached, "\(name) \(setup.name): \(row.outcome) reached with \(reached), impossible below \(row.impossibleBelow!)")
          }
        }
      }
    }
    let l = try ShippedLayouts.load("linux-try-get-page-races")
    let r = try Self.racers(l, thread: "try_get_page", from: "get_page*(INT_MAX - 1)", n: 4)
    #expect(Self.row(r, "field_overflow(refcount)")?.impossibleForAll == false)
  }

  @Test("a racy 4-bit limit overflows with the smallest racer count, 2 at 14; the cmpxchg limit never does")
  func splitLimits() throws {
    let racy = try Self.racers(try ShippedLayouts.load("hildenbrand-split-racy-limit"), thread: "pin_write", from: "pin_write*14", n: BigInt.power(of2: 32))
    #expect(Self.row(racy, "field_overflow(gup_rw)")?.smallest == 2)
    #expect(racy.claims.first?.violatedFrom == 2)
    let cas = try Self.racers(try ShippedLayouts.load("hildenbrand-split-cmpxchg"), thread: "pin_write", from: "pin_write*14", n: BigInt.power(of2: 32))
    #expect(Self.row(cas, "field_overflow(gup_rw)")?.impossibleForAll == true)
    #expect(cas.claims.first?.holdsForAll == true && cas.claims.first?.verdict == "holds")
  }

  /// refcount_t scaled to 4 bits: INT_MAX 7, the sentinel at -3 (so that 3
  /// racers reach 0 and every count fits an enumeration of 4 threads).
  static let smallRefcount = """
    title = "refcount_t at 4 bits"
    source = "linux-refcount-t-races scaled down"
    [constants]
    INT_MAX = 7
    SAT = -3
    [words.count]
    bits = 4
    signed = true
    [kinds.ref.acquire]
    steps = ["o = fetch_add(count, 1)", "if o == 0 goto S", "if o < 0 || o + 1 > INT_MAX goto S", "return ok", { label = "S", do = "count = SAT" }, "return saturated"]
    [kinds.ref.release]
    steps = [{ do = "o = fetch_sub(count, 1)", commit = true }, "if o == 1 return ok", "if o <= 0 goto S", "return ok", { label = "S", do = "count = SAT" }, "return saturated"]
    [predicates.freed]
    role = "freed"
    when = "count == 0"
    means = "total == 0"
    [initial]
    held = { ref = 9 }
    fields = { count = -3 }
    """

  @Test("the lockstep schedule and the bounds alone (no exploration) equal explicit enumeration on refcount_t at 4 bits")
  func smallRefcountCrossCheck() throws {
    let l = try Layout.parse(toml: Self.smallRefcount, name: "small-refcount", file: "small-refcount.toml")
    for thread in ["ref", "-ref"] {
      let r = try Self.racers(l, thread: thread, n: 4, explicit: 0)
      let truth = try Self.enumerated(l, thread: thread, limit: 4)
      for row in r.outcomes {
        if let s = row.smallest, s <= 4 { #expect(truth[row.outcome] == s.int, "\(thread) \(row.outcome): racers \(s), enumeration \(truth[row.outcome].map(String.init) ?? "none")") }
        if row.verdict == "impossible" { #expect(truth[row.outcome] == nil, "\(thread) \(row.outcome)") }
        if let lb = row.impossibleBelow, let t = truth[row.outcome] { #expect(BigInt(t) >= lb, "\(thread) \(row.outcome)") }
      }
    }
    // 3 racers from the sentinel -3 reach 0, but acquires free nothing: only
    // releasing racers can (and the enumeration above agrees either way).
    #expect(Self.row(try Self.racers(l, thread: "ref", n: 4, explicit: 0), "premature_free")?.smallest == nil)
  }

  @Test("random check-then-add and cmpxchg limits: racers (no exploration) equal explicit enumeration up to 4 racers (seed 0xACE5)")
  func randomLimits() throws {
    var rng = SplitMix64(seed: 0xACE5)
    var exact = 0
    for _ in 0..<24 {
      let bits = Int.random(in: 2...4, using: &rng)
      let max = (1 << bits) - 1
      let limit = Int.random(in: 1...max, using: &rng)
      let k = Int.random(in: 1...2, using: &rng)
      let start = Int.random(in: 0...max, using: &rng)
      let cas = Bool.random(using: &rng)
      let steps = cas
        ? #"["c = f", { label = "K", do = "if c >= \#(limit) return refused" }, "ok = try_cmpxchg(f, c, c + \#(k))", "if ok == 0 goto K"]"#
        : #"["c = f", "if c >= \#(limit) return refused", "f += \#(k)"]"#
      let text = """
        title = "limit"
        source = "generated"
        [words.w]
        bits = 8
        [words.w.fields.f]
        bits = "\(bits - 1)..0"
        [words.w.fields.g]
        bits = "7..\(bits)"
        [kinds.p.acquire]
        steps = \(steps)
        [kinds.p.release]
        effects = []
        [predicates.high]
        when = "g != 0"
        means = "p > 1000"
        [initial]
        held = {}
        fields = { f = \(start) }
        """
      let l = try Layout.parse(toml: text, name: "limit", file: "limit.toml")
      let r = try Self.racers(l, thread: "p", n: 4, explicit: 0)
      let truth = try Self.enumerated(l, thread: "p", limit: 4)
      for row in r.outcomes {
        if let s = row.smallest, s <= 4 {
          #expect(truth[row.outcome] == s.int, "bits \(bits) limit \(limit) k \(k) start \(start) cas \(cas): \(row.outcome) racers \(s) vs \(String(describing: truth[row.outcome]))")
          exact += 1
        }
        if row.verdict == "impossible" { #expect(truth[row.outcome] == nil, "\(row.outcome) cas \(cas)") }
      }
      if cas && limit - 1 + k <= max { #expect(Self.row(r, "field_overflow(f)")?.impossibleForAll == true, "limit \(limit) k \(k) bits \(bits)") }
    }
    #expect(exact >= 10)
  }
}
