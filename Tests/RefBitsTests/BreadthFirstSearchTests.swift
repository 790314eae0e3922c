import Testing

@testable import RefBits

/// The breadth-first search on the native engine must give the reference
/// search's answer exactly: the same depth, the same number of states,
/// whether they were exhausted, and the same shortest sequence with the same
/// outcomes for every target (checked on every search in builds with
/// `REFBITS_INTERNAL_CHECKS` too).
@Suite("Breadth-first search: native equals reference")
struct BreadthFirstSearchTests {
  /// Every outcome the layout can produce, as exact patterns, and every
  /// category: the targets a search can be asked for.
  static func targets(_ layout: Layout) -> [OutcomePattern] {
    var out: [OutcomePattern] = []
    for o in OutcomeTable(layout).outcomes where o != .ok {
      for t in [OutcomePattern(category: o.category, argument: o.argument), OutcomePattern(category: o.category)] where !out.contains(t) { out.append(t) }
    }
    return out
  }

  static func compare(_ machine: Machine, start: State, ops: [Op], budget: Int, context: Comment) -> Bool {
    let search = BreadthFirstSearch(machine: machine, start: start, ops: ops, stateBudget: budget, maxDepth: 256)
    let targets = Self.targets(machine.layout)
    guard let native = search.runNative(targets: targets) else { return false }
    let reference = search.referenceRun(targets: targets)
    #expect(native.discrepancy(from: reference) == nil, context)
    return true
  }

  /// Every shipped layout, from its initial state, with the operations of
  /// one actor (as `analyze` searches) and of two (as `attack` does).
  @Test func shippedLayouts() throws {
    var compared = 0
    for name in ShippedLayouts.names {
      let layout = try ShippedLayouts.load(name)
      let machine = Machine(layout)
      let start = try machine.initialState()
      let one = PhaseSearch.allOps(layout)
      for ops in [one, one + PhaseSearch.allOps(layout, actor: 1)] {
        if Self.compare(machine, start: start, ops: ops, budget: 400, context: "\(name), \(ops.count) operations") { compared += 1 }
      }
    }
    // Every shipped layout fits the native engine.
    #expect(compared == 2 * ShippedLayouts.names.count)
  }

  /// Random layouts of up to 10 bits from random states, with budgets small
  /// enough that some searches stop on the budget and large enough that
  /// others exhaust their states. Seed 0xBF5.
  @Test func randomLayouts() throws {
    var gen = RandomLayoutGenerator(seed: 0xBF5)
    gen.maxBits = 10
    var compared = 0, exhausted = 0
    for round in 0..<45 {
      let machine = BulkSteppingTests.randomMachine(&gen)
      let start = gen.state(for: machine)
      let ops = PhaseSearch.allOps(machine.layout) + PhaseSearch.allOps(machine.layout, actor: 1)
      let budget = [30, 150, 800][round % 3]
      if Self.compare(machine, start: start, ops: ops, budget: budget, context: "seed 0xBF5 round \(round)") {
        compared += 1
        if BreadthFirstSearch(machine: machine, start: start, ops: ops, stateBudget: budget, maxDepth: 256).referenceRun(targets: []).exhaustedStates { exhausted += 1 }
      }
    }
    #expect(compared >= 30, "only \(compared) random layouts fit the native engine")
    #expect(exhausted >= 5, "only \(exhausted) searches exhausted their states")
  }
}
