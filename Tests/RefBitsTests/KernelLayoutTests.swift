import Testing

@testable import RefBits

/// The shipped kernel layouts at their boundaries, step by step: what the word
/// holds, what the step produced and what the next step does, exactly at the
/// figures the kernel's own sources and documentation state.
///
/// `KernelFigureTests` (ExactLensTests.swift) checks some of these layouts
/// through `Analysis` (capacities, onsets). This suite runs the steps
/// themselves (`Machine.step`, `Machine.bulk` for the large counts, and
/// `Trace.run` on parsed scripts) and checks the stored values on either side
/// of each boundary.
///
/// Every expected number is derived in the test from the constant the cited
/// source defines (`1 << 10`, `0xA0000000`, `INT_MAX`); none is copied from
/// RefBits output. Counts up to 2^32 run as exact bulk steps.
@Suite("Kernel layouts at their boundaries")
struct KernelLayoutTests {
  // MARK: - Figures from the kernel's headers

  /// include/linux/mm.h: `#define GUP_PIN_COUNTING_BIAS (1U << 10)`.
  static let gupPinCountingBias = BigInt(1) << 10
  /// include/vdso/limits.h (include/linux/limits.h before v5.4):
  /// `#define INT_MAX ((int)(~0U >> 1))`, `INT_MIN (-INT_MAX - 1)`, for the
  /// 32-bit `int` inside every `atomic_t`.
  static let intMax = BigInt.power(of2: 31) - 1
  static let intMin = -BigInt.power(of2: 31)
  /// `UINT_MAX + 1`: the modulus of a 32-bit `atomic_t`.
  static let twoTo32 = BigInt.power(of2: 32)

  // MARK: - Helpers

  /// One shipped layout, compiled, with its initial state and lookups by name.
  struct Rig {
    let machine: Machine
    let initial: State

    init(_ name: String) throws {
      machine = Machine(try ShippedLayouts.load(name))
      initial = try machine.initialState()
    }

    var layout: Layout { machine.layout }

    func kind(_ name: String) throws -> Int {
      try #require(layout.kindIndex(named: name), "no kind '\(name)' in \(layout.name)")
    }

    func op(_ kind: String, _ direction: Layout.Direction = .acquire, actor: Int = 0) throws -> Op {
      Op(kind: try self.kind(kind), direction: direction, actor: actor)
    }

    /// A field's value in the given reading.
    func value(_ field: String, _ state: State, _ reading: Expression.Reading = .declared) throws -> BigInt {
      machine.reading(try #require(layout.fieldIndex(named: field), "no field '\(field)' in \(layout.name)"), in: state.words, as: reading)
    }

    /// Whether a predicate reads true on the word.
    func reads(_ predicate: String, _ state: State) throws -> Bool {
      machine.predicate(try #require(layout.predicateIndex(named: predicate), "no predicate '\(predicate)' in \(layout.name)"), on: state).when
    }

    func held(_ kind: String, _ state: State) throws -> BigInt {
      state.truth.held[try self.kind(kind)]
    }

    func step(_ state: State, _ kind: String, _ direction: Layout.Direction = .acquire, actor: Int = 0) throws -> StepResult {
      try machine.step(state, try op(kind, direction, actor: actor))
    }

    func bulk(_ state: State, _ kind: String, _ direction: Layout.Direction = .acquire, count: BigInt, stopOn rule: StopRule = .anyOutcome) throws -> BulkResult {
      machine.bulk(state, try op(kind, direction), count: count, stopOn: rule)
    }

    /// The description of the fixup a step took, if any.
    func fixupDescription(_ r: StepResult, _ kind: String, _ direction: Layout.Direction) throws -> String? {
      guard let i = r.fixup else { return nil }
      return layout.kinds[try self.kind(kind)].action(direction).fixups[i].description
    }

    func trace(_ script: String) throws -> Trace {
      Trace.run(try Script.parse(script, layout: layout), on: machine, from: initial)
    }
  }

  /// Never stops a bulk run: every step is counted in the tally.
  static let never = StopRule { _ in false }

  /// Acquires `kind` from `state` until the first event (more than enough
  /// steps allowed), then once more. Returns the first event's step within
  /// the run, what it did, and what the following acquire did.
  static func acquireToFirstEvent(_ rig: Rig, _ kind: String, from state: State) throws -> (step: BigInt, event: StepResult, next: StepResult) {
    let run = try rig.bulk(state, kind, count: BigInt.power(of2: 40), stopOn: .events)
    let stop = try #require(run.stop, "\(rig.layout.name): \(kind) never produced an event")
    #expect(run.completed == stop.step - 1)
    let next = try rig.step(stop.result.state, kind)
    return (stop.step, stop.result, next)
  }

  // MARK: - linux-gup-bias, linux-gup-bias-fast: the maybe-pinned boundary

  /// Documentation/core-api/pin_user_pages.rst ("Tracking dma-pinned pages"):
  /// "if a page has get_page() called on it 1024 times, then it will appear to
  /// have a single dma-pinned count. And again, that's acceptable."
  /// include/linux/mm.h folio_maybe_dma_pinned(), small folio:
  /// `((unsigned int)folio_ref_count(folio)) >= GUP_PIN_COUNTING_BIAS`.
  /// A new page holds one reference (set_page_refcounted()), so the word
  /// reaches GUP_PIN_COUNTING_BIAS at the (bias - 1)th get_page(): 1022 more
  /// leave it at 1023 and nothing is reported; the 1023rd makes 1024
  /// references and the first false positive. Both small-page layouts read
  /// the same word with the same predicate.
  @Test("linux-gup-bias(-fast): the 1023rd get_page after allocation reads as maybe pinned, the 1022nd does not", arguments: ["linux-gup-bias", "linux-gup-bias-fast"])
  func maybePinnedBoundary(layout: String) throws {
    let rig = try Rig(layout)
    let bias = Self.gupPinCountingBias
    #expect(try rig.value("refcount", rig.initial) == 1)

    let below = try rig.bulk(rig.initial, "ref", count: bias - 2)
    #expect(below.stop == nil)
    #expect(below.completed == bias - 2)
    #expect(below.tally == [.ok: bias - 2])
    #expect(try rig.value("refcount", below.state) == bias - 1)
    #expect(try rig.reads("maybe_pinned", below.state) == false)

    let at = try rig.step(below.state, "ref")
    #expect(at.outcomes == [.falsePositive(predicate: "maybe_pinned")])
    #expect(try rig.value("refcount", at.state) == bias)
    #expect(at.state.truth.total == bias)
    #expect(try rig.held("pin", at.state) == 0)
  }

  // MARK: - linux-gup-bias: pins, try_get_page, CVE-2019-11487

  /// Documentation/core-api/pin_user_pages.rst: "there are only 31-10==21
  /// bits available for a counter that increments 10 bits at a time", and
  /// David Howells (cifs bv_need_unpin fix, lore
  /// 20230228223838.3794807-2-dhowells@redhat.com): "the refcount increased by
  /// 1024 each time, and so only needs to be called around ~2097152 for the
  /// refcount to go negative. ... The warning in try_grab_page():
  /// `if (WARN_ON_ONCE(folio_ref_count(folio) <= 0)) return -ENOMEM;` then
  /// trips". The guard reads the count before the add (mm/gup.c
  /// try_grab_folio(), v6.10+; try_get_folio() `< 0` plus
  /// folio_ref_try_add_rcu() = folio_ref_add_unless(folio, refs, 0) on SMP for
  /// the fast path), so from one reference the 2^21st pin is accepted and takes
  /// the word from 1 + (2^21 - 1) * 1024 to 1 + 2^31 (negative), and the next
  /// pin is refused. folio_maybe_dma_pinned() still reads the negative word as
  /// pinned: "for that overflow case, use the sign bit to count a little bit
  /// higher via unsigned math" (include/linux/mm.h; Jan Kara's review of
  /// 3faa52c03f44: "type page_ref_count() to unsigned type for comparison as
  /// otherwise overflowed refcount would suddenly appear as not-pinned").
  @Test("linux-gup-bias(-fast): the 2^21st pin takes the count negative, the next is refused", arguments: ["linux-gup-bias", "linux-gup-bias-fast"])
  func pinsUntilNegative(layout: String) throws {
    let rig = try Rig(layout)
    let bias = Self.gupPinCountingBias
    let pins = BigInt.power(of2: 31 - 10)
    let (step, event, next) = try Self.acquireToFirstEvent(rig, "pin", from: rig.initial)

    #expect(step == pins)
    #expect(event.applied)
    #expect(event.outcomes == [.fieldOverflow(field: "refcount")])
    #expect(try rig.held("pin", event.state) == pins)
    #expect(try rig.value("refcount", event.state, .unsigned) == 1 + pins * bias)
    #expect(try rig.value("refcount", event.state) == 1 + pins * bias - Self.twoTo32)
    #expect(try rig.reads("maybe_pinned", event.state))

    #expect(next.path == .refused)
    #expect(next.outcomes == [.refused(kind: "pin")])
    #expect(next.state == event.state)
  }

  /// include/linux/mm.h try_get_page(), commit 88b1a17dfc3e ("mm: add
  /// 'try_get_page()' helper function", v5.1-rc5):
  /// `if (WARN_ON_ONCE(page_ref_count(page) <= 0)) return false;`, and commit
  /// 8fde12ca79af ("mm: prevent get_user_pages() from overflowing page
  /// refcount"): "refuse to take a new page reference if there are already
  /// more than two billion references to the page." The check reads the count
  /// before the increment: from one reference, INT_MAX - 1 try_get_page()
  /// calls reach INT_MAX cleanly, the next one still passes the check and
  /// wraps the atomic_t to INT_MIN, and every try_get_page() and pin after it
  /// is refused. Plain get_page() has no such check (only the CONFIG_DEBUG_VM
  /// VM_BUG_ON), so it still goes through.
  @Test("linux-gup-bias: try_get_page wraps INT_MAX to INT_MIN once, then refuses; get_page does not")
  func tryGetPageRefusesPastTwoBillion() throws {
    let rig = try Rig("linux-gup-bias")
    let (step, event, next) = try Self.acquireToFirstEvent(rig, "try_ref", from: rig.initial)

    #expect(step == Self.intMax)
    #expect(event.applied)
    #expect(event.outcomes == [.fieldOverflow(field: "refcount")])
    #expect(try rig.value("refcount", event.state) == Self.intMin)
    #expect(event.state.truth.total == Self.intMax + 1)

    #expect(next.outcomes == [.refused(kind: "try_ref")])
    #expect(next.state == event.state)
    #expect(try rig.step(event.state, "pin").outcomes == [.refused(kind: "pin")])

    let unchecked = try rig.step(event.state, "ref")
    #expect(unchecked.applied)
    #expect(unchecked.outcomes == [.ok])
    #expect(try rig.value("refcount", unchecked.state) == Self.intMin + 1)
  }

  /// CVE-2019-11487; commit 8fde12ca79af: "If the page refcount wraps around
  /// past zero, it will be freed while there are still four billion references
  /// to it." /work/shared/reference/linux-page-refcount.md: the report needed
  /// 2^32 references. From a fresh page (one reference) 2^32 - 1 further
  /// unchecked get_page() calls bring the 32-bit atomic_t to 1 + 2^32 - 1 = 0
  /// (mod 2^32): the word reads 0, but nothing frees a page on a get (an
  /// atomic_inc() frees nothing). One more get_page() makes it 1 again, and
  /// the next put_page() is folio_put_testzero()'s atomic_dec_and_test()
  /// reaching 0: the page is freed with 2^32 references held. On the way the
  /// count wraps once from INT_MAX to INT_MIN, and the maybe_pinned false
  /// positive starts once (at 1024 references) and lasts until the wrap to 0.
  @Test("linux-gup-bias: CVE-2019-11487, 2^32 get_page from a fresh page wrap the count to 1; the next put_page frees it with 2^32 references held")
  func cve2019_11487() throws {
    let rig = try Rig("linux-gup-bias")
    let run = try rig.bulk(rig.initial, "ref", count: Self.twoTo32 - 1, stopOn: StopRule { $0 == .prematureFree })
    #expect(run.stop == nil)
    #expect(try rig.value("refcount", run.state) == 0)
    #expect(try rig.reads("freed", run.state))
    #expect(run.state.truth.total == Self.twoTo32)
    #expect(run.tally[.fieldOverflow(field: "refcount")] == 1)
    #expect(run.tally[.falsePositive(predicate: "maybe_pinned")] == 1)
    #expect(run.tally[.prematureFree] == nil)

    // Back to 1 with 2^32 + 1 references: nothing is charged to the acquire
    // (the layout has no `exclusive` predicate: see its comments), it only
    // sets up the put that frees.
    let get = try rig.step(run.state, "ref")
    #expect(try rig.value("refcount", get.state) == 1)
    #expect(get.outcomes == [.ok])
    let put = try rig.step(get.state, "ref", .release)
    #expect(put.outcomes == [.prematureFree])
    #expect(try rig.value("refcount", put.state) == 0)
    #expect(put.state.truth.total == Self.twoTo32)
  }

  /// include/linux/mm.h put_page() -> folio_put() -> folio_put_testzero():
  /// the page is freed when _refcount reaches 0, here at the put of the one
  /// reference a new page holds. The FOLL_PIN comment in include/linux/mm.h:
  /// "FOLL_GET: get_user_pages*() to acquire, and put_page() to release.
  /// FOLL_PIN: pin_user_pages*() ... to acquire, and unpin_user_pages to
  /// release": every release pairs with an acquire of the same kind. A
  /// release of a reference the caller does not hold is a caller error
  /// (StepError.notHeld), not an underflow of the word.
  @Test("linux-gup-bias: the last put frees; releasing a reference not held throws notHeld")
  func releases() throws {
    let rig = try Rig("linux-gup-bias")
    #expect(try rig.reads("freed", rig.initial) == false)

    let last = try rig.step(rig.initial, "ref", .release)
    #expect(last.outcomes == [.ok])
    #expect(try rig.value("refcount", last.state) == 0)
    #expect(try rig.reads("freed", last.state))
    #expect(last.state.truth.total == 0)

    #expect(throws: StepError.notHeld(kind: "pin", actor: 0)) {
      try rig.step(rig.initial, "pin", .release)
    }
    #expect(throws: StepError.notHeld(kind: "ref", actor: 0)) {
      try rig.step(last.state, "ref", .release)
    }
    // Actor 1 takes a reference; actor 2 does not hold it.
    let mine = try rig.step(rig.initial, "ref", actor: 1)
    #expect(throws: StepError.notHeld(kind: "ref", actor: 2)) {
      try rig.step(mine.state, "ref", .release, actor: 2)
    }
  }

  /// The same boundaries as a script (`refbits trace`): pin_user_pages.rst's
  /// false positive at 1024 references (1 + 1023 get_page), which stops lying
  /// while a real pin is held (folio_maybe_dma_pinned() is then right) and
  /// starts again after unpin_user_page(); then every reference is put and the
  /// last put frees the page (folio_put_testzero()).
  @Test("linux-gup-bias trace: false positive at 1024 references, again after unpin, freed at the last put")
  func gupBiasTrace() throws {
    let rig = try Rig("linux-gup-bias")
    let bias = Self.gupPinCountingBias
    let t = try rig.trace("get_page*\(bias - 2), get_page, pin, unpin, put_page*\(bias - 1), put_page")
    try #require(t.entries.count == 6)
    let fp = Outcome.falsePositive(predicate: "maybe_pinned")

    #expect(t.entries[0].firsts.isEmpty)
    #expect(try rig.value("refcount", t.entries[0].state) == bias - 1)
    #expect(t.entries[1].firsts.map { $0.outcome } == [fp])
    #expect(t.entries[1].firstStep == bias - 1)
    #expect(try rig.value("refcount", t.entries[1].state) == bias)
    #expect(t.entries[2].firsts.isEmpty)
    #expect(try rig.value("refcount", t.entries[2].state) == 2 * bias)
    #expect(t.entries[3].firsts.map { $0.outcome } == [fp])
    #expect(try rig.value("refcount", t.entries[3].state) == bias)
    #expect(t.entries[4].tally == [.ok: bias - 1])
    #expect(try rig.value("refcount", t.entries[4].state) == 1)
    #expect(t.entries[5].firsts.isEmpty)
    #expect(t.entries[5].tally == [.ok: 1])
    #expect(try rig.value("refcount", t.entries[5].state) == 0)
    #expect(try rig.reads("freed", t.entries[5].state))
    #expect(t.entries.allSatisfy { $0.error == nil })
  }

  // MARK: - linux-gup-bias-fast

  /// mm/gup.c v5.18..v6.9, try_grab_folio(page, refs, FOLL_PIN) on a small
  /// folio: try_get_folio(page, refs) takes `refs` ordinary references
  /// ("That's why the refcount from the earlier try_get_folio() is left
  /// intact"), then `folio_ref_add(folio, refs * (GUP_PIN_COUNTING_BIAS - 1))`:
  /// two adds that land as one GUP_PIN_COUNTING_BIAS, which gup_put_folio()
  /// takes back at once (`refs *= GUP_PIN_COUNTING_BIAS`).
  /// include/linux/page_ref.h folio_ref_try_add_rcu(), !CONFIG_TINY_RCU:
  /// `if (unlikely(!folio_ref_add_unless(folio, count, 0))) return false;`:
  /// on SMP a count of exactly 0 is refused too, not only `< 0`.
  @Test("linux-gup-bias-fast: a pin is +1 then +(bias - 1), lands as +1024; refused on a count of 0")
  func fastPin() throws {
    let rig = try Rig("linux-gup-bias-fast")
    let bias = Self.gupPinCountingBias
    let acquire = rig.layout.kinds[try rig.kind("pin")].acquire
    #expect(acquire.effects.map(\.action) == [.add(1), .add(bias - 1)])

    let pinned = try rig.step(rig.initial, "pin")
    #expect(pinned.outcomes == [.ok])
    #expect(try rig.value("refcount", pinned.state) == 1 + bias)
    #expect(try rig.reads("maybe_pinned", pinned.state))
    let unpinned = try rig.step(pinned.state, "pin", .release)
    #expect(unpinned.outcomes == [.ok])
    #expect(unpinned.state == rig.initial)

    let freed = try rig.step(rig.initial, "ref", .release)
    #expect(try rig.value("refcount", freed.state) == 0)
    for kind in ["pin", "try_ref"] {
      let r = try rig.step(freed.state, kind)
      #expect(r.path == .refused, "\(kind) on a count of 0")
      #expect(r.outcomes == [.refused(kind: kind)])
      #expect(r.state == freed.state)
    }
  }

  // MARK: - linux-folio-pincount

  /// include/linux/mm.h folio_maybe_dma_pinned() kernel-doc: "For large
  /// folios, the result will be exactly correct. That's because we have more
  /// tracking data available: the _pincount field is used instead of the
  /// GUP_PIN_COUNTING_BIAS scheme." (`atomic_read(&folio->_pincount) > 0`.)
  /// Ordinary references never make it read true: not at 2^20 of them, not
  /// at INT_MAX (1 + INT_MAX - 1).
  @Test("linux-folio-pincount: maybe_pinned stays false through 2^20 and up to INT_MAX ordinary references")
  func folioPincountExact() throws {
    let rig = try Rig("linux-folio-pincount")
    let first = try rig.bulk(rig.initial, "ref", count: BigInt.power(of2: 20))
    #expect(first.stop == nil)
    #expect(first.tally == [.ok: BigInt.power(of2: 20)])
    #expect(try rig.reads("maybe_pinned", first.state) == false)

    let rest = Self.intMax - 1 - BigInt.power(of2: 20)
    let second = try rig.bulk(first.state, "ref", count: rest)
    #expect(second.stop == nil)
    #expect(second.tally == [.ok: rest])
    #expect(try rig.value("refcount", second.state) == Self.intMax)
    #expect(try rig.value("pincount", second.state) == 0)
    #expect(try rig.reads("maybe_pinned", second.state) == false)
  }

  /// mm/gup.c try_grab_folio() (v6.10+), FOLL_PIN on a large folio:
  /// `folio_ref_add(folio, refs); atomic_add(refs, &folio->_pincount);` after
  /// `if (WARN_ON_ONCE(folio_ref_count(folio) <= 0)) return -ENOMEM;`. Neither
  /// atomic_t has a check of its own. _refcount starts one above _pincount
  /// (the allocation's reference), so it wraps first: the (INT_MAX)th pin is
  /// accepted, stores _pincount = INT_MAX exactly and wraps _refcount to
  /// INT_MIN, and the next pin is refused by the _refcount guard. _pincount
  /// itself never wraps.
  @Test("linux-folio-pincount: pins reach _pincount INT_MAX exactly, then the _refcount guard refuses")
  func folioPincountPins() throws {
    let rig = try Rig("linux-folio-pincount")
    let (step, event, next) = try Self.acquireToFirstEvent(rig, "pin", from: rig.initial)

    #expect(step == Self.intMax)
    #expect(event.applied)
    #expect(event.outcomes == [.fieldOverflow(field: "refcount")])
    #expect(try rig.value("pincount", event.state) == Self.intMax)
    #expect(try rig.value("refcount", event.state) == Self.intMin)
    #expect(try rig.reads("maybe_pinned", event.state))

    #expect(next.outcomes == [.refused(kind: "pin")])
    #expect(next.state == event.state)
  }

  // MARK: - linux-gup-bias-compound

  /// Compound head _refcount between 3faa52c03f44 and 47e29d32afba (v5.7-rc1):
  /// every pinned subpage adds GUP_PIN_COUNTING_BIAS to the head. 47e29d32afba:
  /// "each tail page increments the head page->_refcount by
  /// GUP_PIN_COUNTING_BIAS (1024). That limits the number of huge pages that
  /// can be pinned." pin_user_pages.rst at 3faa52c03f44: "There are 256K (18
  /// bits) worth of 4 KB tail pages. There are 21 bits available ... There
  /// are 21 - 18 == 3 bits available to count ... about 8 references."
  /// Geometry x86_64, 4 KiB pages: HPAGE_PMD_ORDER = 21 - 12 = 9,
  /// HPAGE_PUD_ORDER = 30 - 12 = 18. One pin of n subpages adds 2^(n + 10); from
  /// one reference the 2^(31 - n - 10)th such pin still passes the guard
  /// (try_grab_page(): `page_ref_count(page) <= 0`; try_get_compound_head():
  /// `< 0` plus page_cache_add_speculative() = page_ref_add_unless(head, refs,
  /// 0) on SMP) and takes the head's count to 1 + 2^31, negative; the next
  /// is refused. So 8 whole-1 GiB pins, 4096 whole-THP pins, 2^21 subpage pins.
  @Test("linux-gup-bias-compound: 8 whole-1GiB pins, 4096 whole-THP pins, 2^21 subpage pins, each ended by the sign guard", arguments: [
    ("pin_1g", 18), ("pin_thp", 9), ("pin_subpage", 0),
  ])
  func compoundPins(kind: String, order: Int) throws {
    let rig = try Rig("linux-gup-bias-compound")
    let perPin = BigInt.power(of2: order) * Self.gupPinCountingBias
    let pins = BigInt.power(of2: 31 - order - 10)
    let (step, event, next) = try Self.acquireToFirstEvent(rig, kind, from: rig.initial)

    #expect(step == pins)
    #expect(event.applied)
    #expect(event.outcomes == [.fieldOverflow(field: "refcount")])
    #expect(try rig.held(kind, event.state) == pins)
    #expect(try rig.value("refcount", event.state) == 1 + pins * perPin - Self.twoTo32)
    #expect(try rig.reads("maybe_pinned", event.state))

    #expect(next.path == .refused)
    #expect(next.outcomes == [.refused(kind: kind)])
    #expect(next.state == event.state)
  }

  // MARK: - linux-32bit-order1-folio

  /// "[PATCH v3 05/20] mm: move _pincount in folio to page[2] on 32bit" (David
  /// Hildenbrand, 2025-03-03): "A fully-mapped order-1 folio requires 2
  /// references. With GUP_PIN_COUNTING_BIAS being 1024, we'd detect such
  /// folios as "maybe pinned" with 512 full mappings, instead of 1024 for
  /// order-0." With the allocation's reference: 511 mappings leave
  /// 1 + 2 * 511 = 1023 < 1024; the 512th makes 1025.
  @Test("linux-32bit-order1-folio: the 512th full mapping reads as maybe pinned, the 511th does not")
  func order1FullMappings() throws {
    let rig = try Rig("linux-32bit-order1-folio")
    let bias = Self.gupPinCountingBias
    let perMapping = BigInt(1) << 1  // 1 << folio_order(folio), order 1
    let mappings = bias / perMapping

    let below = try rig.bulk(rig.initial, "map", count: mappings - 1)
    #expect(below.stop == nil)
    #expect(below.tally == [.ok: mappings - 1])
    #expect(try rig.value("refcount", below.state) == 1 + perMapping * (mappings - 1))
    #expect(try rig.reads("maybe_pinned", below.state) == false)

    let at = try rig.step(below.state, "map")
    #expect(at.outcomes == [.falsePositive(predicate: "maybe_pinned")])
    #expect(try rig.held("map", at.state) == mappings)
    #expect(try rig.value("refcount", at.state) == 1 + perMapping * mappings)
  }

  // MARK: - hubbard-bias-23

  /// John Hubbard, "Re: [PATCH 0/1] mm: restore full accuracy in COW page
  /// reuse", 2021-01-10 (Message-ID 45806a5a-65c2-67ce-fc92-dc8c2144d766),
  /// item 1: "allowing perhaps 23 bits for normal page refcounts (leaving just
  /// 8 bits for dma pins)", `+#define GUP_PIN_COUNTING_BIAS (1U << 23)`, with
  /// folio_maybe_dma_pinned()'s `(unsigned)count >= BIAS` and the
  /// try_grab_folio() `<= 0` guard kept. 2^23 ordinary references (1 + 2^23 -
  /// 1 get_page) are the first false positive; from one reference the
  /// 2^(31 - 23) = 256th pin takes the count to 1 + 2^31 (negative) and the
  /// 257th is refused.
  @Test("hubbard-bias-23: false positive at 2^23 ordinary references; 256 pins, then refused")
  func hubbardBias23() throws {
    let rig = try Rig("hubbard-bias-23")
    let bias = BigInt(1) << 23

    let below = try rig.bulk(rig.initial, "ref", count: bias - 2)
    #expect(below.tally == [.ok: bias - 2])
    #expect(try rig.reads("maybe_pinned", below.state) == false)
    let at = try rig.step(below.state, "ref")
    #expect(at.outcomes == [.falsePositive(predicate: "maybe_pinned")])
    #expect(at.state.truth.total == bias)

    let pins = BigInt.power(of2: 31 - 23)
    let (step, event, next) = try Self.acquireToFirstEvent(rig, "pin", from: rig.initial)
    #expect(step == pins)
    #expect(event.applied)
    #expect(event.outcomes == [.fieldOverflow(field: "refcount")])
    #expect(try rig.value("refcount", event.state) == 1 + pins * bias - Self.twoTo32)
    #expect(next.outcomes == [.refused(kind: "pin")])
    #expect(next.state == event.state)
  }

  // MARK: - hubbard-split-4-4: ShippedLayoutFigureTests

  // MARK: - hildenbrand-split-4-4-24

  /// David Hildenbrand, linux-mm, 2021-01-15 (Message-ID
  /// a21e6fdf-5cac-6fda-242e-7909af96027a, quoted in seed 004): "fail further GUP
  /// (e.g., -EAGAIN?) once a limit is reached ... (assume max #15 GUP READ and
  /// #15 GUP R/W ...) [ GUP READ ][ GUP R/W ] [ ordinary ] 31 ... 28 27 ... 24
  /// 23 .... 0". The 16th pin of a kind is refused and leaves the word as it
  /// was; the other kind's field is independent (a write pin still goes in
  /// next to 15 read pins, and the 15 read pins fill bits 31..28).
  @Test("hildenbrand-split-4-4-24: the 16th pin of either kind is refused, the other kind is not", arguments: [
    ("pin_read", "gup_read", "pin_write"), ("pin_write", "gup_rw", "pin_read"),
  ])
  func hildenbrandPins(kind: String, field: String, other: String) throws {
    let rig = try Rig("hildenbrand-split-4-4-24")
    let limit = BigInt(15)  // "max #15"
    let full = try rig.bulk(rig.initial, kind, count: limit)
    #expect(full.tally == [.ok: limit])
    #expect(try rig.value(field, full.state) == limit)

    let refused = try rig.step(full.state, kind)
    #expect(refused.path == .refused)
    #expect(refused.outcomes == [.refused(kind: kind)])
    #expect(refused.state == full.state)

    let otherPin = try rig.step(full.state, other)
    #expect(otherPin.outcomes == [.ok])
    #expect(try rig.value(field, otherPin.state) == limit)
  }

  /// Seed 004: "due to saturate handling in "ordinary", we would lose further
  /// 2 bits (AFAIU), leaving us "only" 22 bits for "ordinary"." From one
  /// reference, 2^22 - 2 get_page() reach 2^22 - 1, the last value of 22 bits;
  /// the one that would make 2^22 references saturates instead (the
  /// refcount_t pattern, include/linux/refcount.h: "the counter saturates ...
  /// and will not move once there"): the count stays in the 2-bit guard zone
  /// [2^22, 2^24), nothing carries into GUP R/W, a put leaves it there, and
  /// pins still work.
  @Test("hildenbrand-split-4-4-24: ordinary saturates at the 2^22nd reference and stays in the guard zone")
  func hildenbrandOrdinary() throws {
    let rig = try Rig("hildenbrand-split-4-4-24")
    let usable = BigInt.power(of2: 22)  // "only 22 bits for ordinary"
    let fieldTop = BigInt.power(of2: 24)  // "[ ordinary ] 23 .... 0"
    let (step, event, next) = try Self.acquireToFirstEvent(rig, "ref", from: rig.initial)

    #expect(step == usable - 1)
    #expect(event.outcomes == [.saturated])
    #expect(event.state.truth.total == usable)
    let sentinel = try rig.value("ordinary", event.state)
    #expect(sentinel >= usable && sentinel < fieldTop)
    #expect(try rig.value("gup_rw", event.state) == 0)
    #expect(try rig.value("gup_read", event.state) == 0)

    // Before it: 2^22 - 1 stored, no event.
    let before = try rig.bulk(rig.initial, "ref", count: usable - 2)
    #expect(before.tally == [.ok: usable - 2])
    #expect(try rig.value("ordinary", before.state) == usable - 1)

    #expect(next.outcomes == [.saturated])
    #expect(try rig.value("ordinary", next.state) == sentinel)
    let put = try rig.step(event.state, "ref", .release)
    #expect(put.outcomes == [.saturated])
    #expect(try rig.value("ordinary", put.state) == sentinel)
    let pin = try rig.step(event.state, "pin_write")
    #expect(pin.outcomes == [.ok])
    #expect(try rig.value("gup_rw", pin.state) == 1)
    #expect(try rig.value("ordinary", pin.state) == sentinel)
  }

  // MARK: - linux-refcount-t

  /// include/linux/refcount.h (v5.5+): `#define REFCOUNT_SATURATED (INT_MIN / 2)`;
  /// __refcount_add(): `else if (unlikely(old < 0 || old + i < 0))
  /// refcount_warn_saturate(r, REFCOUNT_ADD_OVF);` and lib/refcount.c
  /// refcount_warn_saturate(): `refcount_set(r, REFCOUNT_SATURATED)`. "the
  /// counter saturates at REFCOUNT_SATURATED and will not move once there".
  /// From REFCOUNT_INIT(1), INT_MAX - 1 refcount_inc() reach INT_MAX with no
  /// event; the next stores INT_MIN / 2 (0xc0000000 unsigned, the header's
  /// diagram), and so does every inc after it. The header's race argument:
  /// "(UINT_MAX+1-REFCOUNT_SATURATED) / PID_MAX_LIMIT = 0x40000000 / 0x400000
  /// = 0x100 = 256", with PID_MAX_LIMIT 0x400000 (include/linux/threads.h,
  /// 64-bit), computed here from the stored word.
  @Test("linux-refcount-t: inc from INT_MAX stores REFCOUNT_SATURATED and stays; the header's 256")
  func refcountIncOverflow() throws {
    let rig = try Rig("linux-refcount-t")
    let saturated = Self.intMin / 2
    let toMax = try rig.bulk(rig.initial, "ref", count: Self.intMax - 1)
    #expect(toMax.stop == nil)
    #expect(toMax.tally == [.ok: Self.intMax - 1])
    #expect(try rig.value("count", toMax.state) == Self.intMax)

    let over = try rig.step(toMax.state, "ref")
    #expect(over.outcomes == [.saturated])
    #expect(try rig.fixupDescription(over, "ref", .acquire)?.contains("REFCOUNT_ADD_OVF") == true)
    #expect(try rig.value("count", over.state) == saturated)
    let stored = try rig.value("count", over.state, .unsigned)
    #expect(stored == BigInt(0xC000_0000))

    let pidMaxLimit = BigInt(0x40_0000)
    #expect(Self.twoTo32 - stored == BigInt(0x4000_0000))
    #expect((Self.twoTo32 - stored) / pidMaxLimit == BigInt(0x100))

    let again = try rig.step(over.state, "ref")
    #expect(again.outcomes == [.saturated])
    #expect(try rig.value("count", again.state) == saturated)
  }

  /// drivers/misc/lkdtm/refcount.c REFCOUNT_INC_SATURATED, DEC_AND_TEST_SATURATED,
  /// INC_NOT_ZERO_SATURATED: every operation on a saturated counter leaves it
  /// at REFCOUNT_SATURATED. include/linux/refcount.h __refcount_sub_and_test():
  /// `if (unlikely(old <= 0 || old - i < 0)) refcount_warn_saturate(r,
  /// REFCOUNT_SUB_UAF); return false;`: a saturated object is never freed, so
  /// once every holder has put its reference it leaks ("This avoids wrapping
  /// the counter and causing 'spurious' use-after-free issues").
  @Test("linux-refcount-t: every op on a saturated counter stays saturated; the last put leaks")
  func refcountSaturatedSticks() throws {
    let rig = try Rig("linux-refcount-t")
    let saturated = Self.intMin / 2
    let over = try rig.bulk(rig.initial, "ref", count: Self.intMax, stopOn: Self.never)
    #expect(try rig.value("count", over.state) == saturated)
    #expect(over.tally == [.ok: Self.intMax - 1, .saturated: 1])

    // 2^32 more increments: each re-stores the sentinel, none wraps.
    let incs = try rig.bulk(over.state, "ref", count: Self.twoTo32, stopOn: Self.never)
    #expect(incs.completed == Self.twoTo32)
    #expect(incs.tally == [.saturated: Self.twoTo32])
    #expect(try rig.value("count", incs.state) == saturated)

    let notZero = try rig.step(over.state, "try_ref")
    #expect(notZero.outcomes == [.saturated])
    #expect(try rig.value("count", notZero.state) == saturated)

    // Every reference put: none frees, the last one leaks.
    let holders = over.state.truth.total
    #expect(holders == Self.intMax + 1)
    let puts = try rig.bulk(over.state, "ref", .release, count: holders, stopOn: Self.never)
    #expect(puts.completed == holders)
    #expect(puts.tally == [.saturated: holders, .leak: 1])
    #expect(try rig.value("count", puts.state) == saturated)
    #expect(puts.state.truth.total == 0)
    #expect(try rig.reads("freed", puts.state) == false)
  }

  /// include/linux/refcount.h __refcount_sub_and_test(): `if (old > 0 && old
  /// == i) return true;`: refcount_dec_and_test() from 1 frees. Then
  /// __refcount_add(): `if (unlikely(!old)) refcount_warn_saturate(r,
  /// REFCOUNT_ADD_UAF);` ("addition on 0; use-after-free"), while
  /// __refcount_add_not_zero() breaks out at 0 without a change (`if (!old)
  /// break;`, returns false). LKDTM REFCOUNT_INC_ZERO accepts "stayed at
  /// zero" or "saturated": this layout saturates.
  @Test("linux-refcount-t: dec_and_test frees at 1 -> 0; inc on 0 saturates (ADD_UAF); inc_not_zero on 0 is refused")
  func refcountZero() throws {
    let rig = try Rig("linux-refcount-t")
    let freed = try rig.step(rig.initial, "ref", .release)
    #expect(freed.outcomes == [.ok])
    #expect(try rig.value("count", freed.state) == 0)
    #expect(try rig.reads("freed", freed.state))

    // No caller takes a reference on the freed object with refcount_inc():
    // it is not a move RefBits takes (only a declared lookup is).
    #expect(throws: StepError.dead(kind: "ref", actor: 0)) { try rig.step(freed.state, "ref") }
    // LKDTM REFCOUNT_INC_ZERO builds the stored 0 under a caller that
    // believes it holds a reference: there refcount_inc() saturates.
    var held = Array(repeating: BigInt(0), count: rig.layout.kinds.count)
    held[try rig.kind("ref")] = 1
    let lkdtm = State(words: [0], truth: Truth(held: held, byActor: [0: held], ideal: [0]))
    let uaf = try rig.step(lkdtm, "ref")
    #expect(uaf.outcomes == [.saturated])
    #expect(try rig.fixupDescription(uaf, "ref", .acquire)?.contains("REFCOUNT_ADD_UAF") == true)
    #expect(try rig.value("count", uaf.state) == Self.intMin / 2)

    // refcount_inc_not_zero() is the RCU lookup (resurrect = true): taken on
    // the freed object, and refused.
    let notZero = try rig.step(freed.state, "try_ref")
    #expect(notZero.path == .refused)
    #expect(notZero.outcomes == [.refused(kind: "try_ref")])
    #expect(notZero.state == freed.state)
  }

  /// drivers/misc/lkdtm/refcount.c REFCOUNT_DEC_AND_TEST_NEGATIVE:
  /// `refcount_t neg = REFCOUNT_INIT(0); ... if (refcount_dec_and_test(&neg))
  /// pr_warn("Weird: ...")`, then check_negative() expects REFCOUNT_SATURATED.
  /// The state is built as LKDTM builds it: the stored count is 0 while the
  /// caller (wrongly) holds a reference. __refcount_sub_and_test(): `old <= 0`
  /// -> REFCOUNT_SUB_UAF, saturate, return false: not freed; the object leaks.
  @Test("linux-refcount-t: dec_and_test on 0 saturates (SUB_UAF) instead of freeing")
  func refcountDecOnZero() throws {
    let rig = try Rig("linux-refcount-t")
    var held = Array(repeating: BigInt(0), count: rig.layout.kinds.count)
    held[try rig.kind("ref")] = 1
    let lkdtm = State(words: [0], truth: Truth(held: held, byActor: [0: held], ideal: [0]))

    let r = try rig.step(lkdtm, "ref", .release)
    #expect(Set(r.outcomes) == [.saturated, .leak])
    #expect(try rig.fixupDescription(r, "ref", .release)?.contains("REFCOUNT_SUB_UAF") == true)
    #expect(try rig.value("count", r.state) == Self.intMin / 2)
    #expect(try rig.reads("freed", r.state) == false)
  }

  /// The same as a script: refcount_dec_and_test() frees at 1 -> 0
  /// (__refcount_sub_and_test(): `old > 0 && old == i`), a
  /// refcount_inc_not_zero() lookup on the freed object is refused
  /// (__refcount_add_not_zero(): `if (!old) break;`), and a refcount_inc() on
  /// it is a use-after-free of the caller that the trace refuses to take.
  @Test("linux-refcount-t trace: free at 1 -> 0, a refused inc_not_zero lookup, then no refcount_inc on the freed object")
  func refcountTrace() throws {
    let rig = try Rig("linux-refcount-t")
    let t = try rig.trace("refcount_dec_and_test, refcount_inc_not_zero, refcount_inc")
    try #require(t.entries.count == 3)
    #expect(t.entries[0].tally == [.ok: 1])
    #expect(try rig.value("count", t.entries[0].state) == 0)
    #expect(try rig.reads("freed", t.entries[0].state))
    #expect(t.entries[1].firsts.map { $0.outcome } == [.refused(kind: "try_ref")])
    #expect(try rig.value("count", t.entries[1].state) == 0)
    #expect(t.entries[2].error == .dead(kind: "ref", actor: 0))
    #expect(t.entries[2].completed == 0)
  }

  // MARK: - linux-rcuref

  /// include/linux/rcuref.h: rcuref_init(ref, cnt): `atomic_set(&ref->refcnt,
  /// cnt - 1)`: stored = references - 1; `#define RCUREF_MAXREF 0x7FFFFFFFU`,
  /// `#define RCUREF_SATURATED 0xA0000000U`. lib/rcuref.c
  /// rcuref_get_slowpath(): `if (WARN_ONCE(cnt > RCUREF_MAXREF, "rcuref
  /// saturated - leaking memory")) atomic_set(&ref->refcnt,
  /// RCUREF_SATURATED); return true;`. From one reference (stored 0),
  /// 0x7FFFFFFF gets store 0x7FFFFFFF (2^31 references) with nothing to
  /// report; the next get stores SATURATED and succeeds, and every get or
  /// put after it (rcuref_put_slowpath(): `if (cnt > RCUREF_MAXREF)
  /// atomic_set(&ref->refcnt, RCUREF_SATURATED)`) restores SATURATED.
  @Test("linux-rcuref: stored = refs - 1; a get at stored 0x7FFFFFFF stores SATURATED 0xA0000000")
  func rcurefSaturation() throws {
    let rig = try Rig("linux-rcuref")
    let maxref = BigInt(0x7FFF_FFFF)
    let saturatedValue = BigInt(0xA000_0000)
    #expect(try rig.value("refcnt", rig.initial) == 0)
    #expect(rig.initial.truth.total == 1)

    let some = try rig.bulk(rig.initial, "ref", count: 1000)
    #expect(try rig.value("refcnt", some.state) == some.state.truth.total - 1)

    let toMax = try rig.bulk(rig.initial, "ref", count: maxref)
    #expect(toMax.stop == nil)
    #expect(toMax.tally == [.ok: maxref])
    #expect(try rig.value("refcnt", toMax.state) == maxref)
    #expect(toMax.state.truth.total == maxref + 1)

    let over = try rig.step(toMax.state, "ref")
    #expect(over.applied)
    #expect(over.outcomes == [.saturated])
    #expect(try rig.value("refcnt", over.state) == saturatedValue)

    let get = try rig.step(over.state, "ref")
    #expect(get.outcomes == [.saturated])
    #expect(try rig.value("refcnt", get.state) == saturatedValue)
    let put = try rig.step(over.state, "ref", .release)
    #expect(put.outcomes == [.saturated])
    #expect(try rig.value("refcnt", put.state) == saturatedValue)
  }

  /// lib/rcuref.c rcuref_put_slowpath(): `if (likely(cnt == RCUREF_NOREF))`
  /// cmpxchg to RCUREF_DEAD and return true (the caller frees):
  /// `#define RCUREF_NOREF 0xFFFFFFFFU`, `#define RCUREF_DEAD 0xE0000000U`.
  /// rcuref_get_slowpath(): `if (cnt >= RCUREF_RELEASED) {
  /// atomic_set(&ref->refcnt, RCUREF_DEAD); return false; }` ("undo the
  /// increment so it stays in the middle of the dead zone"): a get on a dead
  /// object fails and leaves DEAD stored. rcuref_read(): `c >=
  /// RCUREF_RELEASED ? 0 : c + 1`.
  @Test("linux-rcuref: the last put goes NOREF -> DEAD (freed); a get on a dead object is refused")
  func rcurefDead() throws {
    let rig = try Rig("linux-rcuref")
    let dead = BigInt(0xE000_0000)

    let last = try rig.step(rig.initial, "ref", .release)
    #expect(last.outcomes == [.ok])
    let fixup = try #require(last.fixup)
    #expect(rig.layout.kinds[try rig.kind("ref")].release.fixups[fixup].when.text.contains("RCUREF_NOREF"))
    #expect(try rig.value("refcnt", last.state) == dead)
    #expect(try rig.reads("freed", last.state))

    let get = try rig.step(last.state, "ref")
    #expect(get.applied == false)
    #expect(get.outcomes == [.refused(kind: "ref")])
    #expect(try rig.value("refcnt", get.state) == dead)
    #expect(get.state.truth.total == 0)
  }

  /// The same as scripts. rcuref.h/rcuref.c as above: 0x7FFFFFFF gets from one
  /// reference, then two saturating gets and a put that restores SATURATED;
  /// and put (NOREF -> DEAD), a refused get, then a put of a reference no one
  /// holds (the get failed), which the trace reports as an error.
  @Test("linux-rcuref trace: saturation at 0x7FFFFFFF + 1; dead, refused, then a put not held")
  func rcurefTrace() throws {
    let rig = try Rig("linux-rcuref")
    let maxref = BigInt(0x7FFF_FFFF)
    let saturatedValue = BigInt(0xA000_0000)

    let t = try rig.trace("rcuref_get*\(maxref), rcuref_get*2, rcuref_put")
    try #require(t.entries.count == 3)
    #expect(t.entries[0].firsts.isEmpty)
    #expect(try rig.value("refcnt", t.entries[0].state) == maxref)
    #expect(t.entries[1].firstStep == maxref + 1)
    #expect(t.entries[1].firsts.map { $0.step } == [1])
    #expect(t.entries[1].firsts.map { $0.outcome } == [.saturated])
    #expect(t.entries[1].tally == [.saturated: 2])
    #expect(try rig.value("refcnt", t.entries[1].state) == saturatedValue)
    #expect(t.entries[2].tally == [.saturated: 1])
    #expect(try rig.value("refcnt", t.entries[2].state) == saturatedValue)

    let d = try rig.trace("rcuref_put, rcuref_get, rcuref_put")
    try #require(d.entries.count == 3)
    #expect(d.entries[0].tally == [.ok: 1])
    #expect(try rig.value("refcnt", d.entries[0].state) == BigInt(0xE000_0000))
    #expect(d.entries[1].firsts.map { $0.outcome } == [.refused(kind: "ref")])
    #expect(d.entries[2].error == .notHeld(kind: "ref", actor: 0))
    #expect(d.entries[2].completed == 0)
  }
}
