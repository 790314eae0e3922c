import Testing

@testable import RefBits

/// Bulk stepping must equal single stepping: same steps completed, same
/// stopping step and result, same final state, same outcome tally.
@Suite("Bulk stepping")
struct BulkSteppingTests {
  /// Parses random layouts until one is valid.
  static func randomMachine(_ gen: inout RandomLayoutGenerator) -> Machine {
    while true {
      let (text, _, _) = gen.layout()
      if let layout = try? Layout.parse(toml: text, name: "random", file: "random.toml") {
        return Machine(layout)
      }
    }
  }

  /// Compares both; returns (steps completed, single steps bulk took).
  @discardableResult
  static func compare(_ machine: Machine, _ state: State, _ op: Op, count: Int, rule: StopRule, context: Comment) -> (BigInt, Int) {
    let s = machine.repeatedSteps(state, op, count: count, stopOn: rule)
    let b = machine.bulk(state, op, count: BigInt(count), stopOn: rule)
    #expect(s.completed == b.completed, context)
    #expect(s.stop?.step == b.stop?.step, context)
    #expect(s.stop?.result == b.stop?.result, context)
    #expect(s.state == b.state, context)
    #expect(s.tally == b.tally, context)
    #expect(s.failure == b.failure, context)
    return (b.completed, b.singleSteps)
  }

  @Test("random layouts of 2 to 16 bits, k up to 3000", arguments: 0..<8)
  func randomLayouts(batch: Int) {
    let seed = UInt64(0xB0B5 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    var jumped = 0, operationsJumped = 0
    for round in 0..<40 {
      let machine = Self.randomMachine(&gen)
      for _ in 0..<4 {
        let state = gen.state(for: machine)
        let op = gen.op(for: machine)
        let count = gen.chance(0.8) ? gen.int(1...300) : gen.int(300...3000)
        let rule = gen.chance(0.5) ? StopRule.anyOutcome : StopRule.events
        let (c, n) = Self.compare(machine, state, op, count: count, rule: rule,
          context: "seed \(seed) round \(round) op \(op) count \(count)\n\(machine.layout.kinds.map(\.name))")
        if c > BigInt(4 * n) {
          jumped += 1
          if op.kind == nil { operationsJumped += 1 }
        }
      }
    }
    // The comparison means something only if bulk stepping really jumped:
    // runs that completed more than four times the single steps they took,
    // operations among them. (Random states are often dead objects, on which
    // an acquire is no move and ends the run at once: 18 to 19 of 160 jump on
    // the sparsest seeds.)
    #expect(jumped >= 16, "seed \(seed): only \(jumped) of 160 runs jumped")
    #expect(operationsJumped >= 1, "seed \(seed): no run of an operation jumped")
  }

  @Test("objects that die and come back: releases that kill, acquires refused for bringing a dead object back, lies not judged on a dead object (seeds 0xDEAD0-0xDEAD3)", arguments: 0..<4)
  func dyingObjects(batch: Int) {
    let seed = UInt64(0xDEAD0 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    gen.dying = true
    var died = 0, refusedBack = 0, jumped = 0
    for round in 0..<60 {
      let machine = Self.randomMachine(&gen)
      for _ in 0..<4 {
        var state = gen.state(for: machine)
        // Few references: runs cross death.
        let held = machine.layout.kinds.map { _ in BigInt(gen.int(0...2)) }
        state.truth = Truth(held: held, byActor: held.allSatisfy(\.isZero) ? [:] : [0: held], ideal: state.truth.ideal)
        let kind = gen.int(0...(machine.layout.kinds.count - 1))
        let op = Op(kind: kind, direction: gen.chance(0.5) ? .acquire : .release)
        let count = gen.int(1...400)
        let rule = gen.chance(0.5) ? StopRule.anyOutcome : StopRule { _ in false }
        let (c, n) = Self.compare(machine, state, op, count: count, rule: rule,
          context: "seed \(seed) round \(round) op \(op) count \(count)\n\(machine.layout)")
        let single = machine.repeatedSteps(state, op, count: count, stopOn: rule)
        if machine.isDead(single.state.truth) && !machine.isDead(state.truth) { died += 1 }
        if case .dead? = single.failure { refusedBack += 1 }
        if c > BigInt(4 * n) { jumped += 1 }
      }
    }
    // Not vacuous: objects died in runs, dead objects refused acquires, and
    // runs jumped.
    #expect(died >= 10, "seed \(seed): only \(died) runs killed the object")
    #expect(refusedBack >= 10, "seed \(seed): only \(refusedBack) runs met a dead object")
    #expect(jumped >= 10, "seed \(seed): only \(jumped) runs jumped")
  }

  @Test("long runs: k up to 100000 on linear layouts")
  func longRuns() {
    let seed: UInt64 = 0x10_0000
    var gen = RandomLayoutGenerator(seed: seed)
    gen.allowNonLinear = false
    for round in 0..<6 {
      let machine = Self.randomMachine(&gen)
      let state = gen.state(for: machine)
      let count = gen.int(20_000...100_000)
      let op = Op(kind: 0, direction: .acquire)
      Self.compare(machine, state, op, count: count, rule: .events, context: "seed \(seed) round \(round) count \(count)")
    }
  }

  @Test("a linear layout bulk-steps in a bounded number of single steps, at any count")
  func boundedSingleSteps() throws {
    let text = """
      title = "t"
      source = "t"
      [words.c]
      bits = 128
      [kinds.ref]
      acquire.effects = ["c += 1"]
      release.effects = ["c -= 1"]
      [predicates.big]
      when = "c >= 1 << 100"
      means = "ref >= 1 << 100"
      [initial]
      held = { ref = 1 }
      """
    let machine = Machine(try Layout.parse(toml: text, name: "t", file: "t.toml"))
    let start = try machine.initialState()
    let count = BigInt.power(of2: 127)
    let r = machine.bulk(start, Op(kind: 0, direction: .acquire), count: count, stopOn: .events)
    #expect(r.stop == nil)
    #expect(r.completed == count)
    #expect(machine.reading(0, in: r.state.words) == count + 1)
    #expect(r.state.truth.held[0] == count + 1)
    #expect(r.singleSteps < 20)
    // The word is 128 bits unsigned: the next 2^128 - 2^127 - 1 acquires fit, then it wraps.
    let rest = BigInt.power(of2: 128) - count - 1
    let r2 = machine.bulk(r.state, Op(kind: 0, direction: .acquire), count: rest + 5, stopOn: .events)
    #expect(r2.completed == rest - 1)
    #expect(r2.stop?.step == rest)
    #expect(r2.stop?.result.outcomes == [.falseNegative(predicate: "big"), .fieldOverflow(field: "c")])
  }

  @Test("a saturated count whose effects carry into the next field and whose fixup puts both back bulk-steps in a few single steps")
  func saturatedCarry() throws {
    // cpython-312: Py_INCREF of 0xFFFFFFFF adds 1 (carrying into refcnt_high
    // in the word) and the fixup restores both fields: every step is the same.
    let machine = Machine(try ShippedLayouts.load("cpython-312"))
    let incref = Op(kind: 0, direction: .acquire)
    let start = try machine.initialState()
    let saturated = machine.bulk(start, incref, count: BigInt(0xFFFF_FFFE), stopOn: .events)
    #expect(saturated.stop == nil)
    let bulk = machine.bulk(saturated.state, incref, count: 3000, stopOn: StopRule { _ in false })
    let single = machine.repeatedSteps(saturated.state, incref, count: 3000, stopOn: StopRule { _ in false })
    #expect(bulk == BulkResult(completed: single.completed, state: single.state, stop: nil, tally: single.tally, singleSteps: bulk.singleSteps, exhausted: false, failure: nil, fieldRanges: single.fieldRanges))
    #expect(bulk.tally[.saturated] == 3000)
    #expect(bulk.singleSteps <= 4)
  }
}
