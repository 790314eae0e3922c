import Testing

@testable import RefBits

/// A sweep jumps over repeats of the stretch between two field overflows
/// (``Machine/repeatSegment``): checked against stepping every repeat, and
/// against sweeps that step every overflow.
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

  @Test("repeats of a segment end where stepping them ends, with the segment's outcomes each time", arguments: 0..<3)
  func repeatEqualsStepping(batch: Int) throws {
    let seed = UInt64(0x5E6_0000 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    let overflow = StopRule { $0.category == .fieldOverflow }
    let never = StopRule { _ in false }
    var jumps = 0
    for round in 0..<100 {
      let m = Self.machine(&gen, bits: 7)
      let start = try m.initialState()
      let all = Array(m.layout.predicates.indices)
      for op in PhaseSearch.allOps(m.layout) where m.repeatsSegments(op) {
        let context: Comment = "seed \(seed) round \(round) \(m.layout.operationName(op))\n\(m.layout)"
        // Up to the first overflow, then the segment to the second.
        let first = m.repeatedSteps(start, op, count: 512, stopOn: overflow)
        guard let s1 = first.stop?.result.state else { continue }
        let second = m.repeatedSteps(s1, op, count: 512, stopOn: overflow)
        guard let stop = second.stop, var ranges = second.fieldRanges else { continue }
        let s2 = stop.result.state
        ranges.include(s2.words, m.reader)
        let length = second.completed + 1
        guard let jump = m.repeatSegment(op, from: s1, to: s2, length: length, ranges: ranges, predicates: all, limit: 4) else { continue }
        jumps += 1
        #expect(jump.repeats >= 1 && jump.repeats <= 4, context)
        let repeats = jump.repeats.int!
        let stepped = m.repeatedSteps(s2, op, count: repeats * length.int!, stopOn: never)
        #expect(stepped.failure == nil, context)
        #expect(stepped.state == jump.state, context)
        // Every repeat produces what the segment did.
        var segment = second.tally
        for o in stop.result.outcomes { segment[o, default: 0] += 1 }
        #expect(stepped.tally == segment.mapValues { $0 * BigInt(repeats) }, context)
        // The internal check agrees, and catches a wrong jump.
        #expect(m.segmentRepeatDiscrepancy(jump, op, from: s1, to: s2, length: length, predicates: all) == nil, context)
        var wrong = jump
        wrong.state.truth.ideal[0] += 1
        #expect(m.segmentRepeatDiscrepancy(wrong, op, from: s1, to: s2, length: length, predicates: all) != nil, context)
      }
    }
    // The check is not vacuous: segments were repeated.
    #expect(jumps >= 20, "seed \(seed): only \(jumps) segments repeated")
  }

  /// Every target the analysis looks for, as `Analysis` builds them.
  static func targets(_ m: Machine) -> [OutcomePattern] {
    var out: [OutcomePattern] = []
    for p in m.layout.predicates.indices {
      for lie in [Lie.falsePositive, .falseNegative] {
        if let o = m.outcome(of: lie, predicate: p) { out.append(OutcomePattern(category: o.category, argument: o.argument)) }
      }
    }
    return out + Analysis.reportedOutcomes.map { OutcomePattern(category: $0) }
  }

  static func compare(_ m: Machine, overflowLimit: Int, context: Comment) throws -> Int {
    let start = try m.initialState()
    var search = PhaseSearch(machine: m, start: start, ops: PhaseSearch.allOps(m.layout))
    search.overflowLimit = overflowLimit
    let targets = Self.targets(m)
    let jumping = search.run(targets: targets)
    search.repeatsSegments = false
    let stepping = search.run(targets: targets)
    for t in targets {
      #expect(jumping.shortest(t) == stepping.shortest(t), "\(context) \(t)")
    }
    #expect(jumping.incomplete == stepping.incomplete, context)
    #expect(stepping.segmentJumps == 0, context)
    return jumping.segmentJumps
  }

  @Test("sweeps find the same sequences jumping over repeats as stepping every overflow (seeds 0x5E61000-0x5E61002)")
  func searchUnchanged() throws {
    var jumps = 0
    for seed in UInt64(0x5E6_1000)...0x5E6_1002 {
      var gen = RandomLayoutGenerator(seed: seed)
      for round in 0..<12 {
        let m = Self.machine(&gen, bits: 9)
        jumps += try Self.compare(m, overflowLimit: 48, context: "seed \(seed) round \(round)\n\(m.layout)")
      }
    }
    // Not vacuous: some sweeps jumped.
    #expect(jumps > 0, "no segment repeated")
  }

  @Test("shipped layouts: the same analysis jumping over repeats as stepping every overflow", arguments: ["hildenbrand-split-4-4-24", "linux-gup-bias", "cpython-314", "swift-native-64"])
  func shippedUnchanged(name: String) throws {
    let m = Machine(try ShippedLayouts.load(name))
    _ = try Self.compare(m, overflowLimit: 512, context: "\(name)")
  }
}
