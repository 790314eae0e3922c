import Testing

@testable import RefBits

/// Bulk stepping jumps over repeats of a stretch of its steps once it proves
/// them translates of each other (``Machine/repeatSegment(_:_:watch:limit:)``,
/// found by ``SegmentFinder``): checked against stepping every repeat, on
/// random layouts (fixups and sets included) and on the shipped layouts whose
/// runs are periodic.
@Suite("Segment repeats")
struct SegmentRepeatTests {
  /// Random layouts of words up to `bits` wide, started with one k0 reference.
  static func machine(_ gen: inout RandomLayoutGenerator, bits: Int) -> Machine {
    gen.maxBits = bits
    gen.allowNonLinear = false
    while true {
      let text = gen.layout().text.replacingOccurrences(of: "held = {}\nfields = {}", with: "held = { k0 = 1 }")
      if let layout = try? Layout.parse(toml: text, name: "random", file: "random.toml") { return Machine(layout) }
    }
  }

  /// `length` single steps of `op` from `start` as a segment: the ranges of
  /// every state, of every state after the main effects, the fixups taken,
  /// and the tally; nil if a step stops or fails.
  static func segment(_ m: Machine, _ op: Op, from start: State, length: Int) -> (Segment, [Outcome: BigInt])? {
    var s = start
    var ranges = FieldRanges(start.words, m.reader)
    var mid: FieldRanges? = nil
    var fixups = Set<Int>()
    var tally: [Outcome: BigInt] = [:]
    for _ in 0..<length {
      guard let r = try? m.step(s, op), !r.outcomes.contains(.trapped) else { return nil }
      if r.path != .refused {
        let w = m.effectWords(s, op)
        if mid == nil { mid = FieldRanges(w, m.reader) } else { mid!.include(w, m.reader) }
      }
      if case .effects(let f?) = r.path { fixups.insert(f) }
      for o in r.outcomes { tally[o, default: 0] += 1 }
      s = r.state
      ranges.include(s.words, m.reader)
    }
    return (Segment(start: start, end: s, length: BigInt(length), ranges: ranges, midRanges: mid ?? ranges, fixups: fixups), tally)
  }

  @Test("a proven repeat of a segment equals stepping it, with the segment's outcomes each time (seeds 0x5E60000-0x5E60002)", arguments: 0..<3)
  func repeatEqualsStepping(batch: Int) throws {
    let seed = UInt64(0x5E6_0000 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    let never = StopRule { _ in false }
    var jumps = 0
    for round in 0..<100 {
      let m = Self.machine(&gen, bits: 7)
      let start = try m.initialState()
      for op in PhaseSearch.allOps(m.layout) {
        let context: Comment = "seed \(seed) round \(round) \(m.layout.operationName(op))\n\(m.layout)"
        // A few steps in, then a segment of a random length.
        let lead = m.repeatedSteps(start, op, count: gen.int(0...40), stopOn: never)
        guard lead.failure == nil, let (seg, tally) = Self.segment(m, op, from: lead.state, length: gen.int(1...24)) else { continue }
        guard let jump = m.repeatSegment(op, seg, limit: 6) else { continue }
        jumps += 1
        #expect(jump.repeats >= 1 && jump.repeats <= 6, context)
        let repeats = jump.repeats.int!
        let stepped = m.repeatedSteps(seg.end, op, count: repeats * seg.length.int!, stopOn: never)
        #expect(stepped.failure == nil, context)
        #expect(stepped.state == jump.state, context)
        #expect(stepped.tally == tally.mapValues { $0 * BigInt(repeats) }, context)
      }
    }
    // The check is not vacuous: segments were repeated.
    #expect(jumps >= 40, "seed \(seed): only \(jumps) segments repeated")
  }

  @Test("bulk runs that jump over repeats equal single stepping, and a watching run reports the crossings stepping sees (seeds 0x5E61000-0x5E61003)", arguments: 0..<4)
  func bulkJumpsEqualStepping(batch: Int) throws {
    let seed = UInt64(0x5E6_1000 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    var jumped = 0
    for round in 0..<15 {
      let m = Self.machine(&gen, bits: 6)
      let start = try m.initialState()
      let ops = PhaseSearch.allOps(m.layout)
      let watch = Watch(machine: m, ops: ops, deciding: true)
      for op in ops {
        let count = gen.int(300...1000)
        let context: Comment = "seed \(seed) round \(round) \(m.layout.operationName(op)) count \(count)\n\(m.layout)"
        let rule = StopRule { $0 == .trapped }
        let single = m.repeatedSteps(start, op, count: count, stopOn: rule)
        let bulk = m.bulk(start, op, count: BigInt(count), stopOn: rule, singleStepBudget: .max, creating: false, watch: watch)
        #expect(bulk.completed == single.completed, context)
        #expect(bulk.state == single.state, context)
        #expect(bulk.tally == single.tally, context)
        #expect(bulk.stop?.result == single.stop?.result, context)
        #expect(bulk.failure == single.failure, context)
        if bulk.segmentJumps > 0 { jumped += 1 }
        let log = Self.steppedCrossings(m, op, from: start, count: count, watch: watch, rule: rule)
        #expect(bulk.crossings.map(\.step) == log.map(\.step), context)
        #expect(bulk.crossings.map(\.after) == log.map(\.after), context)
      }
    }
    // Not vacuous: runs jumped over repeats.
    #expect(jumped >= 3, "seed \(seed): only \(jumped) runs jumped")
  }

  /// The crossings a watching run of `count` steps of `op` records, found
  /// by stepping: the first two of each kind.
  static func steppedCrossings(_ m: Machine, _ op: Op, from start: State, count: Int, watch: Watch, rule: StopRule) -> [Crossing] {
    var log = CrossingLog()
    var s = start
    var watched = watch.values(on: s, machine: m)
    var previous: [Outcome] = []
    for i in 1...count {
      guard let r = try? m.step(s, op), !rule.stops(r) else { break }
      let now = watch.values(on: r.state, machine: m)
      if Crossing.crosses(watched, now, events: r.events, previous: previous) {
        log.record(Crossing(step: BigInt(i), before: s, after: r.state, signature: .init(before: watched, after: now, events: r.events)))
      }
      watched = now
      previous = r.events
      s = r.state
    }
    return log.crossings
  }

  /// objc4 rootRetain(): every 128 retains past 255 spill RC_HALF (128) to
  /// the side table; rootRelease() borrows it back every 128 releases. Both
  /// runs are periodic with fixups that set fields: jumped, and equal to
  /// stepping every spill and borrow.
  @Test("objc-isa-x86_64: retains spilling and releases borrowing jump over their periods and equal stepping")
  func objcPeriods() throws {
    let m = Machine(try ShippedLayouts.load("objc-isa-x86_64"))
    let start = try m.initialState()
    let retain = Op(kind: 0, direction: .acquire), release = Op(kind: 0, direction: .release)
    let never = StopRule { _ in false }
    let n = 20_000
    let up = m.bulk(start, retain, count: BigInt(n), stopOn: never)
    let upSingle = m.repeatedSteps(start, retain, count: n, stopOn: never)
    #expect(up.state == upSingle.state)
    #expect(up.tally == upSingle.tally)
    #expect(up.segmentJumps > 0)
    // 1 + 254 retains fill extra_rc; each 128 more spill once.
    #expect(up.tally[.spilled] == BigInt((n - 255) / 128 + 1))
    let down = m.bulk(up.state, release, count: BigInt(n), stopOn: never)
    let downSingle = m.repeatedSteps(up.state, release, count: n, stopOn: never)
    #expect(down.state == downSingle.state)
    #expect(down.tally == downSingle.tally)
    #expect(down.segmentJumps > 0)
  }
}

extension SegmentRepeatTests {
  /// cpython-314's header word scaled to 12 bits: a 4-bit count, a 4-bit
  /// `ob_overflow` and 4 bits of flags, the word read signed by
  /// legacy_decref's `ob_refcnt_full == 0`. A run of legacy increfs wraps
  /// the count into `ob_overflow` every 16 steps, and each wrap crosses
  /// that condition read after a legacy decref (which would borrow back):
  /// repeats need the carry into the field above, and the whole-word read,
  /// followed (before, every period was stepped and the shipped layout's
  /// searches gave up after 4,096 steps).
  static let scaledCPython = """
    title = "cpython-314's header word at 12 bits"
    source = "layouts/cpython-314.toml, scaled"
    description = "test"
    [words.full]
    bits = 12
    signed = true
    [words.full.fields.refcnt]
    bits = "3..0"
    [words.full.fields.overflow]
    bits = "7..4"
    [words.full.fields.flags]
    bits = "11..8"
    [words.deallocated]
    bits = 1
    [kinds.ref.acquire]
    effects = ["refcnt += 1"]
    [[kinds.ref.acquire.fixups]]
    when = "old(refcnt) >= 12"
    effects = ["refcnt = old(refcnt)"]
    outcome = "saturated"
    [kinds.ref.release]
    effects = ["refcnt -= 1"]
    [[kinds.ref.release.fixups]]
    when = "signed(old(refcnt)) < 0"
    effects = ["refcnt = old(refcnt)"]
    outcome = "saturated"
    [[kinds.ref.release.fixups]]
    when = "refcnt == 0"
    effects = ["deallocated = 1"]
    outcome = "ok"
    [kinds.legacy.acquire]
    effects = ["refcnt += 1"]
    [kinds.legacy.release]
    effects = ["refcnt -= 1"]
    [[kinds.legacy.release.fixups]]
    when = "full == 0"
    effects = ["deallocated = 1"]
    outcome = "ok"
    [predicates.freed]
    role = "freed"
    when = "deallocated == 1"
    means = "total == 0"
    [initial]
    held = { ref = 1 }
    fields = { refcnt = 1 }
    """

  /// A signed 8-bit count above a 4-bit field that carries into it every
  /// 16 steps; another kind's acquire adds 5 to the count and saturates
  /// where that reads negative. A run of the first kind moves the count up
  /// one half of its range: the watched condition (after the other kind's
  /// add) turns true at count 123, four steps of the count before the
  /// count itself leaves the half. Repeats must stop there too.
  static let signedAboveCarry = """
    title = "a signed count above a carrying field"
    source = "test"
    description = "test"
    [words.w]
    bits = 12
    [words.w.fields.lo]
    bits = "3..0"
    [words.w.fields.count]
    bits = "11..4"
    signed = true
    [kinds.a.acquire]
    effects = ["lo += 1"]
    [kinds.a.release]
    effects = ["lo -= 1"]
    [kinds.b.acquire]
    effects = ["count += 5"]
    [[kinds.b.acquire.fixups]]
    when = "new(count) < 0"
    effects = ["count = old(count)"]
    outcome = "saturated"
    [kinds.b.release]
    effects = ["count -= 5"]
    [initial]
    held = { a = 0 }
    fields = { count = 90 }
    """

  @Test("a watched condition read after another kind's add to a signed field stops repeats where that add leaves the field's half", arguments: [400, 700])
  func signedFieldMovedByAnotherAdd(count: Int) throws {
    try Self.checkSignedWatch(Self.signedAboveCarry, count: count, crossingAt: 528)
  }

  /// The same without the carry: `a` adds to the count itself, so runs of
  /// it are uniform (``Machine/uniformRun``), not repeated segments; the
  /// watched condition turns true after 123 - 90 = 33 steps.
  @Test("a uniform run stops where a watched add to a signed field leaves the field's half", arguments: [20, 60])
  func uniformSignedFieldMovedByAnotherAdd(count: Int) throws {
    let direct = Self.signedAboveCarry.replacingOccurrences(of: "effects = [\"lo += 1\"]", with: "effects = [\"count += 1\"]")
    try Self.checkSignedWatch(direct, count: count, crossingAt: 33)
  }

  static func checkSignedWatch(_ text: String, count: Int, crossingAt: Int) throws {
    let m = Machine(try Layout.parse(toml: text, name: "signed-watch", file: "signed-watch.toml"))
    let start = try m.initialState()
    let watch = Watch(machine: m, ops: PhaseSearch.allOps(m.layout), deciding: true)
    let a = Op(kind: 0, direction: .acquire)
    let rule = StopRule { $0 == .trapped }
    let single = m.repeatedSteps(start, a, count: count, stopOn: rule)
    let bulk = m.bulk(start, a, count: BigInt(count), stopOn: rule, singleStepBudget: .max, creating: false, watch: watch)
    #expect(bulk.state == single.state)
    #expect(bulk.tally == single.tally)
    let log = Self.steppedCrossings(m, a, from: start, count: count, watch: watch, rule: rule)
    // b saturates from count 123 on: stepping crosses there, and the bulk
    // run must too (with the carry, it jumped to step 600 before).
    #expect(log.contains { m.reading(1, in: $0.after.words) == 123 } == (count >= crossingAt))
    #expect(bulk.crossings.map(\.step) == log.map(\.step))
    #expect(bulk.crossings.map(\.after) == log.map(\.after))
  }

  @Test("a watching run of wrapping whole-word increfs jumps over its periods, carries and signed word read followed, and equals stepping (cpython-314 at 12 bits)", arguments: [500, 2047, 4000])
  func wrappingWordPeriods(count: Int) throws {
    let m = Machine(try Layout.parse(toml: Self.scaledCPython, name: "cpython-12", file: "cpython-12.toml"))
    let start = try m.initialState()
    let ops = PhaseSearch.allOps(m.layout)
    let watch = Watch(machine: m, ops: ops, deciding: true)
    let legacy = Op(kind: 1, direction: .acquire)
    let rule = StopRule { $0 == .trapped }
    let single = m.repeatedSteps(start, legacy, count: count, stopOn: rule)
    let bulk = m.bulk(start, legacy, count: BigInt(count), stopOn: rule, singleStepBudget: .max, creating: false, watch: watch)
    #expect(bulk.state == single.state)
    #expect(bulk.tally == single.tally)
    #expect(bulk.completed == single.completed)
    // Not stepped period by period: a few single steps per kind of crossing.
    #expect(bulk.segmentJumps > 0)
    #expect(bulk.singleSteps < count / 4)
    let log = Self.steppedCrossings(m, legacy, from: start, count: count, watch: watch, rule: rule)
    #expect(log.count >= 4)
    #expect(bulk.crossings.map(\.step) == log.map(\.step))
    #expect(bulk.crossings.map(\.after) == log.map(\.after))
  }
}
