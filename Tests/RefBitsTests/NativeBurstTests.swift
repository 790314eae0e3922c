import Testing
@testable import RefBits

/// The native engine's jumped bursts (``NativeEngine/jumpingBurst(_:count:plan:probes:repeatingSegments:startingAt:recorder:)``)
/// against single steps of ``Machine/step(_:_:)``.
@Suite("Native bursts")
struct NativeBurstTests {
  /// A burst of `count` steps as the fuzz engine runs it when it is long:
  /// jumped natively, the rest on the exact machine. Returns the steps run
  /// and the jumps taken.
  static func jumped(_ engine: inout NativeEngine, _ op: Op, count: Int, recorder: inout OutcomeRecorder) -> (steps: Int, jumps: Int) {
    guard let plan = engine.native.burstPlans[engine.native.index(op.action)] else { return (0, 0) }
    let r = engine.jumpingBurst(op, count: count, plan: plan, probes: NativeEngine.jumpingBurstProbes, recorder: &recorder)
    var steps = r.done
    if !r.over {
      var s = engine.exactState()
      let rest = engine.machine.fuzzBurst(&s, op, count: BigInt(count - r.done), table: engine.native.outcomes, budget: .max, recorder: &recorder, startingAt: BigInt(r.done))
      steps += rest.steps.int!
      let loaded = engine.load(s)
      #expect(loaded)
    }
    return (steps, r.done - r.probes > 0 ? 1 : 0)
  }

  /// Steps `op` from `start` one step at a time: the outcomes of each step.
  static func singleSteps(_ machine: Machine, _ start: State, _ op: Op, count: Int, table: OutcomeTable) throws -> (states: [State], outcomes: [[Int32]]) {
    var states = [start], outcomes: [[Int32]] = []
    for _ in 0..<count {
      if machine.revives(op, states.last!.truth) { break }
      let r = try machine.step(states.last!, op)
      states.append(r.state)
      outcomes.append(r.outcomes.map { Int32(table.ids[$0]!) })
    }
    return (states, outcomes)
  }

  /// Random layouts of at most 12 bits: from random states, each operation
  /// is single-stepped up to 1,200 times; every step at which the outcomes
  /// change is a boundary (a carry, a wrap, a condition or a predicate
  /// turning), and bursts ending one step before it, at it and one step
  /// after it must end in the single steps' state with their counts and
  /// first steps.
  @Test("jumped bursts equal single steps on both sides of every boundary", arguments: 0..<3)
  func boundaries(batch: Int) throws {
    let seed = UInt64(0x8A_0057 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    gen.maxBits = 12
    gen.dying = batch == 2
    var compared = 0, jumps = 0
    for round in 0..<10 {
      let machine = BulkSteppingTests.randomMachine(&gen)
      guard let native = NativeMachine(machine) else { continue }
      let start = gen.state(for: machine)
      for action in machine.layout.actions {
        let op = Op(action, actor: 0)
        guard native.burstPlans[native.index(op.action)] != nil else { continue }
        if op.isRelease || machine.revives(op, start.truth) { continue }
        let stepped = try Self.singleSteps(machine, start, op, count: 1_200, table: native.outcomes)
        let n = stepped.outcomes.count
        guard n > 0 else { continue }
        var boundaries: [Int] = []
        for j in 1..<n where stepped.outcomes[j].sorted() != stepped.outcomes[j - 1].sorted() { boundaries.append(j) }
        // About 6 boundaries per operation, spread over the run.
        let chosen = boundaries.enumerated().filter { $0.offset % max(1, boundaries.count / 6) == 0 }.map(\.element)
        var counts: Set<Int> = [1, 2, n]
        for j in chosen { counts.formUnion([j, j + 1, j + 2].filter { $0 <= n }) }
        // The single steps' counts and first steps, recorded once up to each count.
        var slow = OutcomeRecorder(table: native.outcomes)
        var recorded = 0
        for count in counts.sorted() {
          while recorded < count {
            for id in stepped.outcomes[recorded] { slow.record(id, stepInOperation: BigInt(recorded + 1)) }
            recorded += 1
          }
          let context: Comment = "seed \(seed) round \(round) op \(op) count \(count)"
          var engine = NativeEngine(native: native, initial: start, actors: 1)
          var fast = OutcomeRecorder(table: native.outcomes)
          let r = Self.jumped(&engine, op, count: count, recorder: &fast)
          #expect(r.steps == count, context)
          #expect(engine.exactState() == stepped.states[count], context)
          #expect(fast.tally(firstLifetime: 0) == slow.tally(firstLifetime: 0), context)
          compared += 1
          jumps += r.jumps
          // As the fuzzer runs it: a burst of at most
          // `NativeEngine.nativeBurstLimit` steps jumped, then stepped.
          var viaBurst = NativeEngine(native: native, initial: start, actors: 1)
          var burstRecorder = OutcomeRecorder(table: native.outcomes)
          let b = viaBurst.burst(op, count: BigInt(count), recorder: &burstRecorder)
          #expect(b.steps == BigInt(count), context)
          #expect(viaBurst.exactState() == stepped.states[count], context)
          #expect(burstRecorder.tally(firstLifetime: 0) == slow.tally(firstLifetime: 0), context)
          // A short burst's probes are native steps, not the exact
          // machine's single steps (witness shrinking counts those).
          if count <= NativeEngine.nativeBurstLimit { #expect(burstRecorder.burstSingleSteps == 0, context) }
        }
      }
    }
    #expect(compared >= 60, "seed \(seed): only \(compared) bursts compared")
    // Dying objects (batch 2) end most bursts early.
    #expect(jumps >= (gen.dying ? 3 : 20), "seed \(seed): only \(jumps) bursts jumped")
  }

  /// A flood of get_page on hubbard-split-4-4 carries from the ordinary
  /// count into the pin field every 2^23 steps, from the pins into the
  /// FOLL_GET field every 2^27, into the sign every 2^31 and wraps every
  /// 2^32: plain jumps stop at each carry (64 probes cover 2^28 steps).
  /// Segment repeats jump over the carries of each field in turn, so the
  /// whole burst runs natively, never on the exact machine, and ends where
  /// the exact machine's burst ends, with its counts and first steps; run
  /// again from the same state, it is replayed from the engine's memo with
  /// the same result.
  @Test("segment repeats take a flood across the odometer natively", arguments: [BigInt(1) << 34 + 12_345, BigInt(3) << 29 + 7])
  func odometer(count: BigInt) throws {
    let machine = Machine(try ShippedLayouts.load("hubbard-split-4-4"))
    let native = try #require(NativeMachine(machine))
    let start = try machine.initialState()
    let ref = try #require(machine.layout.kinds.firstIndex { $0.name == "ref" })
    let op = Op(.acquire(kind: ref), actor: 0)
    var engine = NativeEngine(native: native, initial: start, actors: 1)
    var recorder = OutcomeRecorder(table: native.outcomes)
    let r = engine.burst(op, count: count, recorder: &recorder)
    var exact = start
    var expected = OutcomeRecorder(table: native.outcomes)
    let e = machine.fuzzBurst(&exact, op, count: count, table: native.outcomes, budget: .max, recorder: &expected)
    let context: Comment = "get_page*\(count)"
    #expect(r.steps == count && e.steps == count, context)
    #expect(r.applied == e.applied, context)
    #expect(engine.exactState() == exact, context)
    #expect(recorder.tally(firstLifetime: 0) == expected.tally(firstLifetime: 0), context)
    // Natively: no bulk run of the exact machine, one burst with repeats kept,
    // and few probes (the exact machine's budget is 2^16 single steps).
    #expect(engine.bulkRunMemo.count == 0, context)
    #expect(engine.jumpingBurstMemo.count == 1, context)
    #expect(recorder.burstSingleSteps < 1_024, context)
    // Again from the same state: replayed from the memo, the same result.
    let loaded = engine.load(start)
    #expect(loaded)
    var again = OutcomeRecorder(table: native.outcomes)
    let r2 = engine.burst(op, count: count, recorder: &again)
    #expect(r2.steps == r.steps && r2.applied == r.applied, context)
    #expect(engine.exactState() == exact, context)
    #expect(again.tally(firstLifetime: 0) == recorder.tally(firstLifetime: 0), context)
    #expect(again.burstSingleSteps == recorder.burstSingleSteps, context)
    #expect(engine.jumpingBurstMemo.count == 1, context)
  }

  /// The closed form of one test: the steps a linear value stays on the
  /// same side of an interval, against counting them.
  @Test("unchanged steps of an interval test equal counting", arguments: [UInt64(0x1A7E)])
  func intervals(seed: UInt64) {
    var gen = RandomLayoutGenerator(seed: seed)
    for _ in 0..<2_000 {
      let v0 = Int128(gen.int(-40...40)), d = Int128(gen.int(-7...7))
      let lo = Int128(gen.int(-30...30)), span = UInt128(gen.int(0...20))
      let inside = { (v: Int128) in UInt128(truncatingIfNeeded: v &- lo) <= span }
      var counted = 0
      while counted < 100 && inside(v0 + Int128(counted + 1) * d) == inside(v0) { counted += 1 }
      let n = NativeBurstPlan.unchangedSteps(v0, d, lo: lo, span: span)
      // Never past a change; exact unless a step can leap over the interval.
      let context: Comment = "seed \(seed): v0 \(v0) d \(d) lo \(lo) span \(span)"
      #expect(n <= Int128(counted) || counted == 100, context)
      if d.magnitude <= span + 1 { #expect(counted == 100 ? n >= 100 : n == Int128(counted), context) }
    }
    // An interval that wraps around 2^127 (a test `v != c`) and huge slopes.
    #expect(NativeBurstPlan.unchangedSteps(-5, 1, lo: 10, span: UInt128(Int128.max) - 5) == 14)
    #expect(NativeBurstPlan.unchangedSteps(0, Int128(1) << 120, lo: 0, span: UInt128(1) << 121) == 2)
  }

  /// The bursts that were slow on the exact machine (attacker pin floods on
  /// Glisse's and Hubbard's pin counts) have native plans: every shipped
  /// operation whose conditions are interval tests of whole fields does.
  @Test("shipped flood operations are jumped natively")
  func shippedPlans() throws {
    for name in ["glisse-pagepin-mapcount", "hubbard-dma-pinned-count", "glisse-pagepin-lock-page", "linux-gup-bias"] {
      let layout = try ShippedLayouts.load(name)
      let native = try #require(NativeMachine(Machine(layout)))
      let pin = try #require(layout.kinds.firstIndex { $0.name.hasPrefix("pin") }, "\(name)")
      #expect(native.burstPlans[native.index(.acquire(kind: pin))] != nil, "\(name): pin")
    }
  }
}
