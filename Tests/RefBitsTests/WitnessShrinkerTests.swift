import Testing

@testable import RefBits

@Suite("Witness shrinker")
struct WitnessShrinkerTests {
  /// Floods in bursts, often several in a row (the attacker's operations
  /// are most of the lifetime), beside short bursts and single steps of
  /// other actors: the sequences whose replays the shrinker's shortcuts
  /// speed up.
  static let burstsInARow = try! Workload.parse(toml: """
    title = "test: bursts in a row"
    source = "WitnessShrinkerTests"
    lifetime = 300
    [actors.flood]
    weight = 6
    kinds = ["pin|ref|strong|shared|map"]
    acquire = 1
    burst = { log_uniform = 31 }
    hold = "forever"
    [actors.lookup]
    weight = 2
    kinds = ["try_ref|ref|strong|shared|map"]
    burst = { uniform = [1, 40] }
    hold = { geometric = 3 }
    [actors.pinner]
    weight = 1
    kinds = ["pin|ref|strong|shared"]
    hold = { uniform = [0, 50] }
    """, name: "bursts-in-a-row", file: "bursts-in-a-row.toml")

  /// A 16-bit count with a predicate that is not linear in it: bulk
  /// stepping goes one step at a time, so a burst of more than a budget of
  /// single steps is cut short.
  static let uneven = try! Layout.parse(toml: """
    title = "test: uneven"
    source = "WitnessShrinkerTests"
    [words.count]
    bits = 16
    [kinds.ref.acquire]
    effects = ["count += 1"]
    [kinds.ref.release]
    effects = ["count -= 1"]
    [kinds.try_ref.acquire]
    refuse = { if = "count >= 60000" }
    effects = ["count += 1"]
    [kinds.try_ref.release]
    effects = ["count -= 1"]
    [predicates.odd]
    when = "(count ^ 1234) % 7 == 3"
    means = "ref > 5"
    [initial]
    held = {}
    """, name: "uneven", file: "uneven.toml")

  /// Every witness of campaigns on layouts with carries, pin flags, spills
  /// and dying objects, shrunk with the shortcuts (resuming from
  /// checkpoints, grouping bursts) and without them (every candidate
  /// replayed from the initial state, phase by phase): the same witnesses.
  /// On ``uneven``, with a budget of 64 single steps per burst, bursts are
  /// cut short, which groups must not hide.
  @Test("resuming from checkpoints and grouping bursts change no witness (seed 21)")
  func shortcutsChangeNothing() throws {
    var statistics = ShrinkStatistics()
    var compared = 0
    let shipped = try ["hubbard-split-4-4", "glisse-pagepin-mapcount", "hubbard-dma-pinned-count", "rust-arc"].map { ($0, try ShippedLayouts.load($0), Machine.fuzzBurstSingleStepBudget) }
    for (name, layout, budget) in shipped + [("uneven", Self.uneven, 64)] {
      for (workload, ops) in [(Self.burstsInARow, 600), (try ShippedWorkloads.resolve("attacker-ref-flood"), 400)] where budget > 64 || ops == 600 {
        do {
          var campaign = FuzzCampaign(layout: layout, layoutArgument: name, layoutDigest: "", workload: workload, workloadDigest: "", seed: 21, operations: ops)
          campaign.burstBudget = budget
          let run = try campaign.run()
          for e in run.tally.outcomes where e.outcome != .ok {
            guard let first = e.first else { continue }
            let fast = run.witness(for: e.outcome, at: first, resumes: true)
            let reference = run.witness(for: e.outcome, at: first, resumes: false)
            #expect(fast.witness == reference.witness, "\(name) under \(workload.name), budget \(budget): \(e.outcome)")
            #expect(reference.statistics.resumed == 0 && reference.statistics.groups == 0)
            statistics.resumed += fast.statistics.resumed
            statistics.groups += fast.statistics.groups
            statistics.splitGroups += fast.statistics.splitGroups
            compared += 1
          }
        }
      }
    }
    // Not vacuous: the shortcuts were taken.
    #expect(compared >= 10, "only \(compared) witnesses")
    #expect(statistics.resumed >= 100 && statistics.groups >= 100, "\(statistics)")
  }

  /// Two bursts of 40 on ``uneven`` with a budget of 64 single steps per
  /// burst: as one burst of 80 it is cut short, so the group is run again
  /// phase by phase, and the replay finds what the plain replay finds (the
  /// predicate's first lie, at step 6).
  @Test("a group of bursts cut short is run again phase by phase")
  func splitGroup() throws {
    let machine = Machine(Self.uneven)
    let table = OutcomeTable(Self.uneven)
    let start = try machine.initialState()
    let target = Outcome.falseNegative(predicate: "odd")
    let phases = [Phase(op: Op(kind: 0, direction: .acquire), count: 40), Phase(op: Op(kind: 0, direction: .acquire), count: 40)]
    guard var fast = WitnessShrinker(engine: ExactEngine(machine: machine, table: table, initial: start, burstBudget: 64), table: table, target: target),
      var plain = WitnessShrinker(engine: ExactEngine(machine: machine, table: table, initial: start, burstBudget: 64), table: table, target: target, resumes: false)
    else {
      Issue.record("\(target) is not an outcome of the layout")
      return
    }
    let run = fast.test(phases)
    #expect(run == plain.test(phases))
    #expect(run == [Phase(op: Op(kind: 0, direction: .acquire), count: 6)])
    #expect(fast.statistics.groups == 1 && fast.statistics.splitGroups == 1)
  }

  /// A 4-bit count: the 16th acquire from 0 overflows it.
  static let nibble = try! Layout.parse(toml: """
    title = "test: nibble"
    source = "WitnessShrinkerTests"
    [words.count]
    bits = 4
    [kinds.ref.acquire]
    effects = ["count += 1"]
    [kinds.ref.release]
    effects = ["count -= 1"]
    [initial]
    held = {}
    """, name: "nibble", file: "nibble.toml")

  /// The phases a replay returns are the phases as run: a release of
  /// nothing held dropped, one of more than held cut to what is held, the
  /// outcome's phase (alone, or last of a group of bursts) cut at its step;
  /// on the exact and on the native engine.
  @Test("a replay returns the phases as run")
  func phasesAsRun() throws {
    let machine = Machine(Self.nibble)
    let native = try #require(NativeMachine(machine))
    let table = native.outcomes
    let start = try machine.initialState()
    let target = Outcome.fieldOverflow(field: "count")
    let get = Op(kind: 0, direction: .acquire), put = Op(kind: 0, direction: .release)
    let cases: [(phases: [Phase], run: [Phase])] = [
      ([Phase(op: put, count: 2), Phase(op: get, count: 3), Phase(op: put, count: 5), Phase(op: get, count: 20)],
       [Phase(op: get, count: 3), Phase(op: put, count: 3), Phase(op: get, count: 16)]),
      ([Phase(op: get, count: 1), Phase(op: put, count: 1), Phase(op: get, count: 10), Phase(op: get, count: 10)],
       [Phase(op: get, count: 1), Phase(op: put, count: 1), Phase(op: get, count: 10), Phase(op: get, count: 6)]),
    ]
    for (phases, expected) in cases {
      guard var exact = WitnessShrinker(engine: ExactEngine(machine: machine, table: table, initial: start), table: table, target: target),
        var fast = WitnessShrinker(engine: NativeEngine(native: native, initial: start, actors: 1), table: table, target: target)
      else {
        Issue.record("\(target) is not an outcome of the layout")
        return
      }
      #expect(exact.test(phases) == expected, "\(phases)")
      #expect(fast.test(phases) == expected, "\(phases)")
      // Resumed from the checkpoint of the first replay: the same phases.
      #expect(fast.test(phases) == expected, "\(phases), resumed")
    }
  }

  /// A count of 4 bits that one actor overflows with 16 single references,
  /// each after 125 operations of another actor on another word: with 10
  /// replays, deleting chunks cannot separate the two (every half, quarter,
  /// ... holds some of the 16); dropping the other actor's operations at
  /// once does, in one replay.
  @Test("every operation of an actor that the outcome does not need goes in one replay")
  func dropsAnActor() throws {
    let layout = try Layout.parse(toml: """
      title = "test: two words"
      source = "WitnessShrinkerTests"
      [words.count]
      bits = 4
      [words.noise]
      bits = 32
      [kinds.ref.acquire]
      effects = ["count += 1"]
      [kinds.ref.release]
      effects = ["count -= 1"]
      [kinds.other.acquire]
      effects = ["noise += 1"]
      [kinds.other.release]
      effects = ["noise -= 1"]
      [initial]
      held = {}
      """, name: "two-words", file: "two-words.toml")
    let machine = Machine(layout)
    let table = OutcomeTable(layout)
    let ref = Op(kind: 0, direction: .acquire, actor: 1), other = Op(kind: 1, direction: .acquire, actor: 0)
    var phases: [Phase] = []
    for _ in 0..<16 {
      phases += Array(repeating: Phase(op: other, count: 1), count: 125)
      phases.append(Phase(op: ref, count: 1))
    }
    let target = Outcome.fieldOverflow(field: "count")
    guard var shrinker = WitnessShrinker(engine: ExactEngine(machine: machine, table: table, initial: try machine.initialState()), table: table, target: target, budget: 10) else {
      Issue.record("\(target) is not an outcome of the layout")
      return
    }
    let shrunk = shrinker.shrink(phases)
    let actors = Set(shrunk.map { $0.op.actor })
    #expect(!shrunk.isEmpty && shrunk.allSatisfy { $0.op == ref }, "\(shrunk.count) phases, actors \(actors)")
    #expect(shrunk.reduce(BigInt(0)) { $0 + $1.count } == 16)
  }
}
