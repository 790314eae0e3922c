import Testing

@testable import RefBits

/// The exact lens checked against exhaustive search on small random layouts.
@Suite("Exact lens")
struct ExactLensTests {
  /// Small layouts: every word of at most 6 bits.
  static func smallMachine(_ gen: inout RandomLayoutGenerator) -> Machine {
    gen.maxBits = 6
    gen.allowNonLinear = false
    while true {
      let (text, _, _) = gen.layout()
      // Start from one k0 reference acquired on the zero word (layouts whose
      // first acquire is refused there are rejected by the parser: skip them).
      let start = text.replacingOccurrences(of: "held = {}\nfields = {}", with: "held = { k0 = 1 }")
      guard let layout = try? Layout.parse(toml: start, name: "small", file: "small.toml") else { continue }
      return Machine(layout)
    }
  }

  /// First step (1-based) at which `target` occurs applying `phases` one step
  /// at a time, or nil (also nil if a release is not held or a trap ends it).
  static func replay(_ m: Machine, _ start: State, _ phases: [Phase], target: OutcomePattern) -> Int? {
    var s = start
    var n = 0
    for p in phases {
      for _ in 0..<(p.count.int ?? 0) {
        guard let r = try? m.step(s, p.op) else { return nil }
        n += 1
        if r.outcomes.contains(where: target.matches) { return n }
        if r.outcomes.contains(.trapped) { return nil }
        s = r.state
      }
    }
    return nil
  }

  @Test("capacities equal single stepping", arguments: 0..<4)
  func capacities(batch: Int) throws {
    let seed = UInt64(0xCA9 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    for round in 0..<6 {
      let m = Self.smallMachine(&gen)
      let a = try Analysis(layout: m.layout)
      let start = try m.initialState()
      for (k, c) in a.capacities.enumerated() {
        let limit = c.limit.int!
        let single = m.repeatedSteps(start, Op(kind: k, direction: .acquire), count: limit, stopOn: .events)
        #expect(c.capacity == (single.stop == nil ? nil : single.completed), "seed \(seed) round \(round) kind \(c.kind)")
        if let stop = single.stop {
          #expect(c.stoppedBy == stop.result.outcomes.filter { $0 != .ok }, "seed \(seed) round \(round)")
        }
      }
    }
  }

  @Test("onsets equal brute force over the class, and no shorter sequence exists than BFS finds", arguments: 0..<4)
  func onsets(batch: Int) throws {
    let seed = UInt64(0x0E5E7 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    let depth = 48
    for round in 0..<6 {
      let m = Self.smallMachine(&gen)
      let a = try Analysis(layout: m.layout, firstPhaseLimit: 8)
      let start = try m.initialState()
      let ops = PhaseSearch.allOps(m.layout)
      let context: Comment = "seed \(seed) round \(round)"

      // Brute force over the class's sequences of at most `depth` operations
      // whose first phase has at most 8.
      var brute: [OutcomePattern: Int] = [:]
      var bruteWitness: [OutcomePattern: String] = [:]
      func note(_ t: OutcomePattern, _ n: Int, _ w: String = "") {
        if n < brute[t] ?? .max { brute[t] = n; bruteWitness[t] = w }
      }
      let targets = a.onsets.map { OutcomePattern(category: $0.outcome.category, argument: $0.outcome.argument) } + a.reachable.map(\.outcome)
      for op in ops {
        for t in targets { if let n = Self.replay(m, start, [Phase(op: op, count: BigInt(depth))], target: t) { note(t, n, "\(m.layout.operationName(op))*\(n)") } }
        for n1 in 1...8 {
          for op2 in ops where op2 != op {
            for t in targets {
              // The target must not occur in the first phase (that is a one-phase sequence).
              if Self.replay(m, start, [Phase(op: op, count: BigInt(n1))], target: t) != nil { continue }
              if let n = Self.replay(m, start, [Phase(op: op, count: BigInt(n1)), Phase(op: op2, count: BigInt(depth - n1))], target: t) { note(t, n, "\(m.layout.operationName(op))*\(n1), \(m.layout.operationName(op2))*\(n - n1)") }
            }
          }
        }
      }
      let found: [(OutcomePattern, OpSequence?)] = a.onsets.map { (OutcomePattern(category: $0.outcome.category, argument: $0.outcome.argument), $0.after) } + a.reachable.map { ($0.outcome, $0.sequence) }
      for (t, seq) in found {
        if let b = brute[t] {
          // The class contains the brute-force sequence: the analysis finds one no longer.
          #expect(seq != nil && seq!.operations <= BigInt(b), "\(context) \(t): brute force \(b) (\(bruteWitness[t] ?? "")), analysis \(seq?.description ?? "none")\n\(m.layout)")
          // A two-phase answer of the brute force's shape is exactly its
          // optimum (a three-phase one may be shorter still).
          if let seq, seq.phases.count == 1 || (seq.phases.count == 2 && seq.phases[0].count <= 8) {
            #expect(seq.operations == BigInt(b), "\(context) \(t)")
          }
        }
        if let seq, seq.operations <= BigInt(4096) {
          // The witness really produces the target, at its last step.
          #expect(Self.replay(m, start, seq.phases, target: t) == seq.operations.int, "\(context) \(t): witness \(seq)")
        }
      }

      // Unrestricted breadth-first search to a small depth: nothing the
      // analysis reports is shorter than the true optimum (soundness).
      let optimum = BreadthFirst.shortest(m, from: start, ops: ops, targets: targets, depth: 10, maxStates: 1_000_000).found
      for (t, seq) in found {
        if let o = optimum[t], let seq { #expect(seq.operations >= BigInt(o), "\(context) \(t)") }
        if seq == nil, let o = optimum[t], o <= 2 {
          Issue.record("\(context) \(t): BFS reaches it in \(o) operations but the analysis found nothing")
        }
      }
    }
  }

}

/// Kernel layouts reproduce what the kernel's own sources state.
@Suite("Exact lens: kernel figures")
struct KernelFigureTests {
  static func analysis(_ name: String) throws -> Analysis { try Analysis(layout: try ShippedLayouts.load(name)) }

  static func capacity(_ a: Analysis, _ kind: String) -> BigInt? { a.capacities.first { $0.kind == kind }?.capacity }

  static func onset(_ a: Analysis, _ outcome: String) -> OpSequence? { a.onsets.first { $0.outcome.description == outcome }?.after }

  @Test("saturating layouts: every capacity is exact (their sticky runs bulk-step)", arguments: ["cpython-312", "glib-grefcount", "linux-refcount-t"])
  func complete(name: String) throws {
    let a = try Self.analysis(name)
    for c in a.capacities {
      #expect(c.verdict.isReachable, "\(name) \(c.kind): \(c.verdict.word)")
      #expect(c.capacity != nil)
    }
  }

  @Test("linux-gup-bias: 1024 references read as maybe pinned")
  func gupBias() throws {
    // include/linux/mm.h: #define GUP_PIN_COUNTING_BIAS (1U << 10), and
    // folio_maybe_dma_pinned(): "(unsigned int)folio_ref_count(folio) >= GUP_PIN_COUNTING_BIAS";
    // Documentation/core-api/pin_user_pages.rst: false positives once a page has
    // 1024 or more ordinary references. A new page holds 1, so 1023 more.
    let a = try Self.analysis("linux-gup-bias")
    let fp = Self.onset(a, "false_positive(maybe_pinned)")
    #expect(fp?.operations == 1023)
    #expect(fp?.phases.count == 1)
    // atomic_t is a 32-bit signed int: from 1, 2^31 - 2 more references reach
    // INT_MAX; the next one wraps.
    let ref = a.capacities.first { $0.kind == "ref" }
    #expect(ref?.capacity == BigInt.power(of2: 31) - 2)
    #expect(ref?.stoppedBy == [.fieldOverflow(field: "refcount")])
    // A pin adds the bias: floor((2^31 - 1 - 1) / 1024) pins fit.
    #expect(Self.capacity(a, "pin") == (BigInt.power(of2: 31) - 2) / 1024)
  }

  @Test("hildenbrand-split-4-4-24: at most 15 of each pin kind, then -EAGAIN")
  func hildenbrand() throws {
    // Seed 004 (David Hildenbrand, 2021-01-15): "assume max #15 GUP READ and #15 GUP R/W".
    let a = try Self.analysis("hildenbrand-split-4-4-24")
    for kind in ["pin_read", "pin_write"] {
      let c = a.capacities.first { $0.kind == kind }
      #expect(c?.capacity == 15)
      #expect(c?.stoppedBy == [.refused(kind: kind)])
      #expect(c?.then == .sameForever([.refused(kind: kind)]))
    }
  }

  @Test("linux-32bit-order1-folio: flagged maybe pinned at 512 full mappings")
  func order1() throws {
    // shared/reference: "order-1 folios on 32-bit fall back to the bias, and are
    // flagged maybe pinned at 512 full mappings" (each maps both pages: +2).
    let a = try Self.analysis("linux-32bit-order1-folio")
    #expect(Self.onset(a, "false_positive(maybe_pinned)")?.operations == 512)
  }

  @Test("linux-refcount-t: saturates at REFCOUNT_SATURATED past INT_MAX, and sticks")
  func refcountT() throws {
    // include/linux/refcount.h: REFCOUNT_MAX = INT_MAX; __refcount_add() saturates when
    // old + i < 0; REFCOUNT_SATURATED = INT_MIN / 2 and stays in the saturated zone.
    let a = try Self.analysis("linux-refcount-t")
    let c = a.capacities.first
    #expect(c?.capacity == BigInt.power(of2: 31) - 2)
    #expect(c?.stoppedBy.contains(.saturated) == true)
    if case .sticky = c?.then {} else { Issue.record("expected saturation to stick, got \(String(describing: c?.then))") }
    #expect(a.reachable.first { $0.outcome.category == .prematureFree }?.sequence == nil)
  }

  @Test("analysis is exact at 128 bits and past 2^64")
  func wide() throws {
    let text = """
      title = "wide"
      source = "test"
      [words.c]
      bits = 128
      [kinds.ref]
      acquire.effects = ["c += 3"]
      release.effects = ["c -= 3"]
      [predicates.big]
      when = "c >= 1 << 100"
      means = "ref > (1 << 100) / 3"
      [initial]
      held = { ref = 1 }
      """
    let a = try Analysis(layout: try Layout.parse(toml: text, name: "wide", file: "wide.toml"))
    // 3 + 3n <= 2^128 - 1: n = floor((2^128 - 4) / 3).
    #expect(a.capacities[0].capacity == (BigInt.power(of2: 128) - 4) / 3)
    #expect(a.capacities[0].capacity! > BigInt.power(of2: 64))
  }
}
