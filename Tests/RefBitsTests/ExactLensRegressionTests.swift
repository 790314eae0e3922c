import Foundation
import Testing

@testable import RefBits

/// The four cases of issue 10, as layouts of their own (Tests/RefBitsTests/Fixtures, each
/// citing its source), plus the shipped objc-isa-x86_64. Each was missed by a search that
/// cut phases only at the first operation's own events, or made `analyze` crawl one step
/// at a time. Every expected figure is derived here by hand from the layout's constants,
/// with the argument that no shorter sequence exists; none is copied from RefBits output.
@Suite("Exact lens: the regression layouts of issue 10")
struct ExactLensRegressionTests {
  static func fixture(_ name: String) throws -> Layout {
    let path = try #require(Bundle.module.path(forResource: name, ofType: "toml", inDirectory: "Fixtures"))
    return try Layout.load(contentsOf: path)
  }

  /// The sequence the analysis reports for an outcome (a predicate onset, else a
  /// reachability row).
  static func sequence(_ a: Analysis, _ outcome: String) -> OpSequence? {
    if let o = a.onsets.first(where: { $0.outcome.description == outcome }) { return o.after }
    return a.reachable.first { $0.outcome.description == outcome }?.sequence
  }

  /// The operation a script calls `name`.
  static func op(_ layout: Layout, _ name: String) throws -> Op {
    try #require(PhaseSearch.allOps(layout).first { layout.operationName($0) == name }, "no operation \(name)")
  }

  /// `name*count` phases, by operation name.
  static func phases(_ layout: Layout, _ spec: [(String, BigInt)]) throws -> [Phase] {
    try spec.map { name, count in Phase(op: try op(layout, name), count: count) }
  }

  /// Replays a sequence with `Trace` (bulk steps, independent of the search) and
  /// returns the outcomes of its very last step.
  static func lastStep(_ layout: Layout, _ phases: [Phase]) throws -> [Outcome] {
    let machine = Machine(layout)
    var state = try machine.initialState()
    var last: [Outcome] = []
    for p in phases {
      let head = machine.bulk(state, p.op, count: p.count - 1, stopOn: StopRule { _ in false })
      #expect(head.completed == p.count - 1 && head.failure == nil)
      let r = try machine.step(head.state, p.op)
      last = r.outcomes
      state = r.state
    }
    return last
  }

  static func two(_ n: Int) -> BigInt { BigInt.power(of2: n) }

  /// John Hubbard's 2018 dma_pinned_count: PageDmaPinned is cleared when an unpin's
  /// atomic_dec_and_test() reaches 0. The first pin sets the count to 1 and each further
  /// pin adds 1, so after n pins the 32-bit count holds n mod 2^32; an unpin clears the flag
  /// when n - 1 is a multiple of 2^32. With pins still held that needs n - 1 >= 2^32: the
  /// shortest false negative is pin*(2^32 + 1), unpin (2^32 + 2 operations; unpins before
  /// it only lower the count and need as many extra pins). The count is an atomic_t (int):
  /// 2^31 - 1 pins reach INT_MAX, the next one wraps.
  @Test("hubbard-dma-pinned-count: pin*(2^32 + 1), unpin clears PageDmaPinned with 2^32 pins held")
  func hubbardDmaPinnedCount() throws {
    let layout = try Self.fixture("hubbard-dma-pinned-count")
    let a = try Analysis(layout: layout)
    let fn = try #require(Self.sequence(a, "false_negative(dma_pinned)"))
    let expected = try Self.phases(layout, [("pin", Self.two(32) + 1), ("unpin", 1)])
    #expect(fn.phases == expected)
    #expect(fn.operations == Self.two(32) + 2)
    #expect(try Self.lastStep(layout, expected).contains(.falseNegative(predicate: "dma_pinned")))
    let pin = try #require(a.capacities.first { $0.kind == "pin" })
    #expect(pin.capacity == Self.two(31) - 1)
    #expect(pin.stoppedBy == [.fieldOverflow(field: "dma_pinned_count")])
    #expect(a.search.coverage.exhaustedRuns == 0)
  }

  /// file_ref_t on 64 bits (v6.13), stored = refs - 1. A leak needs the word to drift from
  /// refs - 1, and only a get that fails (lands negative) or a put in the negative zone
  /// moves it off: so the word must first reach 2^63, after 2^63 - 1 gets that all succeed
  /// (refs = 2^63) and one that fails. All 2^63 references must then be put. That is at
  /// least 2^63 + 2^63 = 2^64 operations, and get*2^63, put*2^63 leaks: the failed get left
  /// the word one above refs - 1, so the last put takes it from 1 to 0, not to NOREF.
  /// (A layout that lets the failing gets succeed needs get*(2^63 + 1), put*(2^63 + 2):
  /// this one is shorter.) A saturating put needs the word at 2^63 + 1 or more before it,
  /// hence 2^63 + 1 gets: get*(2^63 + 1), put.
  @Test("file-ref-64: the shortest leak is get*2^63, put*2^63 (2^64 operations); saturation at get*(2^63 + 1), put")
  func fileRef64() throws {
    let layout = try Self.fixture("file-ref-64")
    let a = try Analysis(layout: layout)
    let leak = try #require(Self.sequence(a, "leak"))
    let expected = try Self.phases(layout, [("get", Self.two(63)), ("put", Self.two(63))])
    #expect(leak.phases == expected)
    #expect(leak.operations == Self.two(64))
    #expect(try Self.lastStep(layout, expected).contains(.leak))
    let saturated = try #require(Self.sequence(a, "saturated"))
    let expectedSaturated = try Self.phases(layout, [("get", Self.two(63) + 1), ("put", 1)])
    #expect(saturated.phases == expectedSaturated)
    #expect(try Self.lastStep(layout, expectedSaturated).contains(.saturated))
    #expect(a.search.coverage.exhaustedRuns == 0)
  }

  /// _mapcount starts at -1 (raw 0xFFFFFFFF), so after n maps the raw word is n - 1 mod
  /// 2^32 (unmaps need maps first). folio_test_slab() reads (raw >> 24) == 0xf5: raw in
  /// 0xf5000000...0xf5ffffff, first at n - 1 = 0xf5000000: map*0xf5000001, and no sequence
  /// is shorter (each operation moves n by one). page_mapped() (_mapcount >= 0) turns false
  /// with maps held once n - 1 reaches 2^31 (INT_MAX + 1 wraps): map*(2^31 + 1), which is
  /// also the first overflow; 2^31 maps succeed before it.
  @Test("mapcount-page-type: (unsigned(mapcount) >> 24) == PGTY_slab first holds at map*0xf5000001, solved in bulk")
  func pageType() throws {
    let layout = try Self.fixture("mapcount-page-type")
    let a = try Analysis(layout: layout)
    let slab = try #require(Self.sequence(a, "false_positive(slab)"))
    #expect(slab.phases == (try Self.phases(layout, [("map", 0xF500_0001)])))
    let unmapped = try #require(Self.sequence(a, "false_negative(mapped)"))
    #expect(unmapped.phases == (try Self.phases(layout, [("map", Self.two(31) + 1)])))
    #expect(a.capacities.first?.capacity == Self.two(31))
    #expect(a.search.coverage.exhaustedRuns == 0)
    // The shift is solved over a run, not stepped: 2^32 maps in a few single steps.
    let machine = Machine(layout)
    let run = machine.bulk(try machine.initialState(), try Self.op(layout, "map"), count: Self.two(32), stopOn: StopRule { _ in false })
    #expect(run.completed == Self.two(32))
    #expect(run.tally[.falsePositive(predicate: "slab")] == 1)
    #expect(run.singleSteps < 64)
  }

  /// objc4's nonpointer isa with a w-bit extra_rc and RC_HALF = H = 2^(w-1). extra_rc starts
  /// at 1 and carries at the (2^w - 1)th retain (the first spill); then every H retains
  /// spill H more. The side-table count (bits 2..62) reaches 2^61, growing into PINNED
  /// (field_overflow(st_count)), at the 2^61 / H-th spill: retain #(2^w - 1) + (2^61/H - 1)·H
  /// = 2^61 + H - 1. The next spill, H retains later (2^61 + 2H - 1), is dropped
  /// (saturated), and the isa is then H below the truth: releasing all but H of the
  /// 2^61 + 2H references frees it early, after 2^61 + H releases. Fewer operations cannot
  /// do it: the table pins only after that many net spills, dropping needs one more, and
  /// every release before it costs a retain more.
  @Test("objc spill layouts: the side table pins after 2^61 / RC_HALF spills, then drops RC_HALF, and frees early", arguments: [("objc-isa-x86_64", 8), ("objc-isa-arm64", 19)])
  func objcSpills(name: String, bits: Int) throws {
    let layout = name == "objc-isa-x86_64" ? try ShippedLayouts.load(name) : try Self.fixture(name)
    let a = try Analysis(layout: layout)
    let h = Self.two(bits - 1)
    let pinned = Self.two(61) + h - 1, saturated = Self.two(61) + 2 * h - 1
    #expect(Self.sequence(a, "spilled")?.phases == (try Self.phases(layout, [("retain", Self.two(bits) - 1)])))
    #expect(Self.sequence(a, "field_overflow")?.phases == (try Self.phases(layout, [("retain", pinned)])))
    #expect(Self.sequence(a, "saturated")?.phases == (try Self.phases(layout, [("retain", saturated)])))
    let free = try Self.phases(layout, [("retain", saturated), ("release", Self.two(61) + h)])
    #expect(Self.sequence(a, "premature_free")?.phases == free)
    #expect(try Self.lastStep(layout, free).contains(.prematureFree))
    #expect(a.search.coverage.exhaustedRuns == 0)
    // `retain*(1 << 61)` jumps over the spill cycle: 2^61 retains in few single steps,
    // with every spill counted: (2^61 - (2^w - 1)) / H + 1 of them.
    let machine = Machine(layout)
    let run = machine.bulk(try machine.initialState(), try Self.op(layout, "retain"), count: Self.two(61), stopOn: StopRule { _ in false })
    #expect(run.completed == Self.two(61))
    #expect(run.tally[.spilled] == (Self.two(61) - Self.two(bits) + 1) / h + 1)
    #expect(run.singleSteps < 1000)
  }
}
