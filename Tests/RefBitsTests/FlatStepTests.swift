import Testing

@testable import RefBits

/// The native engine's shortcuts (``FlatStep``, and the fused single-step
/// lifetimes of ``NativeEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``)
/// against the general paths they shortcut and against ``Machine/step(_:_:)``.
@Suite("Flat steps and fused lifetimes")
struct FlatStepTests {
  /// Random layouts stepped by three engines side by side: the native engine
  /// with flat steps, without them, and the machine. After every step: the
  /// same applied flag, outcomes and state. Counts the flat steps taken, so
  /// that the comparison is not vacuous.
  @Test("flat steps equal the general native steps and Machine.step on random layouts", arguments: [(UInt64(0xF1A7), 16), (0xF1A8, 40), (0xF1A9, 64)])
  func randomLayouts(seed: UInt64, maxBits: Int) throws {
    var gen = RandomLayoutGenerator(seed: seed)
    gen.maxBits = maxBits
    var compared = 0, flat = 0
    for round in 0..<40 {
      let machine = BulkSteppingTests.randomMachine(&gen)
      guard let native = NativeMachine(machine) else { continue }
      let records = FlatStep.records(native).steps
      var state = gen.state(for: machine)
      var fast = NativeEngine(native: native, initial: state, actors: 3)
      var general = NativeEngine(native: native, initial: state, actors: 3, flatSteps: false)
      for i in 0..<150 {
        let op = gen.op(for: machine, state: state, actor: gen.int(0...2))
        if machine.revives(op, state.truth) { break }
        let exact = try machine.step(state, op)
        let context: Comment = "seed \(seed) round \(round) step \(i) op \(op)"
        let a = fast.nativeStep(op), b = general.nativeStep(op)
        #expect(a == exact.applied && b == exact.applied, context)
        #expect(Self.emitted(fast) == NativeEngineTests.ids(exact.outcomes, native.outcomes), context)
        #expect(Self.emitted(general) == Self.emitted(fast), context)
        #expect(fast.exactState() == exact.state && general.exactState() == exact.state, context)
        // The standings the flat steps keep as bits are the bytes'.
        let bytes = (0..<fast.predicateCount).reduce(UInt64(0)) { $0 | UInt64(fast.standing[$1]) << (2 * $1) }
        #expect(fast.predicateCount > 32 || fast.standingBits == bytes, context)
        if records[native.index(op.action)].usable { flat += 1 }
        compared += 1
        state = exact.state
        if fast.exactState() != exact.state { break }
      }
    }
    #expect(compared >= 2000, "seed \(seed): only \(compared) steps compared")
    #expect(flat >= compared / 5, "seed \(seed): only \(flat) of \(compared) steps were flat")
  }

  /// The outcome ids the engine's last step emitted, sorted.
  static func emitted(_ e: borrowing NativeEngine) -> [Int] {
    (0..<e.emittedCount).map { Int(e.emitted[$0]) }.sorted()
  }

  /// Which records step flat: exactly the simple ones (adds only) that add
  /// to at most one word, of at most 64 bits (the layouts have at most 32
  /// predicates). linux-gup-bias' six (three kinds, acquire and release) add
  /// a constant to its 32-bit word; refcount_t's saturate (fixups), so none
  /// of its four is flat.
  @Test("the records that qualify for flat steps, on shipped layouts")
  func shippedRecords() throws {
    func usable(_ name: String) throws -> [Bool] {
      let native = try #require(NativeMachine(Machine(try ShippedLayouts.load(name))))
      return FlatStep.records(native).steps.map(\.usable)
    }
    #expect(try usable("linux-gup-bias") == Array(repeating: true, count: 6))
    #expect(try usable("linux-refcount-t") == Array(repeating: false, count: 4))
    var total = 0, qualifying = 0
    for name in ShippedLayouts.names {
      let native = try #require(NativeMachine(Machine(try ShippedLayouts.load(name))))
      #expect(native.predicates.count <= 32, "\(name)")
      for (i, r) in FlatStep.records(native).steps.enumerated() {
        let o = native.operations[i]
        let deltas = native.wordDeltas[Int(o.wordDeltaFirst)..<Int(o.wordDeltaEnd)]
        let qualifies = o.simple && deltas.count <= 1 && deltas.allSatisfy { native.wordMask[$0.word] <= UInt128(UInt64.max) }
        #expect(r.usable == qualifies, "\(name) record \(i)")
        total += 1
        if r.usable { qualifying += 1 }
      }
    }
    #expect(qualifying > 0 && qualifying < total, "\(qualifying) of \(total) records")
  }

  /// A 64-bit unsigned word, whose reading is not an `Int64`: its flat
  /// steps check the field in 128 bits. From 2^64 - 2 two acquires wrap it
  /// to 0 (field_overflow on the second), and a release wraps it back to
  /// 2^64 - 1 (field_overflow again); each step as `Machine.step` takes it,
  /// and flat.
  @Test("a 64-bit unsigned word wraps on flat steps as on Machine.step")
  func wideWord() throws {
    let machine = Machine(try Layout.parse(toml: """
      title = "wide"
      source = "FlatStepTests"
      [words.count]
      bits = 64
      [kinds.ref.acquire]
      effects = ["count += 1"]
      [kinds.ref.release]
      effects = ["count -= 1"]
      [predicates.freed]
      role = "freed"
      when = "count == 0"
      means = "total == 0"
      [initial]
      held = { ref = 1 }
      """, name: "wide", file: "wide.toml"))
    let native = try #require(NativeMachine(machine))
    #expect(FlatStep.records(native).steps.map(\.usable) == [true, true])
    #expect(FlatStep.records(native).checks.map(\.wide) == [true, true])
    var state = try machine.initialState()
    state.words[0] = UInt128(UInt64.max - 1)
    var engine = NativeEngine(native: native, initial: state, actors: 1)
    let acquire = Op(kind: 0, direction: .acquire), release = Op(kind: 0, direction: .release)
    var overflows = 0
    for (i, op) in [acquire, acquire, release, release].enumerated() {
      let exact = try machine.step(state, op)
      #expect(engine.nativeStep(op) == exact.applied, "step \(i)")
      #expect(Self.emitted(engine) == NativeEngineTests.ids(exact.outcomes, native.outcomes), "step \(i)")
      #expect(engine.exactState() == exact.state, "step \(i)")
      overflows += exact.outcomes.filter { $0 == .fieldOverflow(field: "count") }.count
      state = exact.state
    }
    #expect(overflows == 2 && state.words[0] == UInt128(UInt64.max - 1))
  }

  /// Two actors taking single steps and holding nothing, one also running
  /// each of the layout's operations.
  static func twoActors(_ layout: Layout) throws -> Workload {
    let operations = layout.operations.map { "\($0.name) = 1" }.joined(separator: ", ")
    return try Workload.parse(toml: """
      title = "test: two single-step actors"
      source = "FlatStepTests"
      lifetime = 700
      [actors.a]
      weight = 3
      kinds = ["ref|strong|shared", "pin|pin_dma|pin_write|pin_subpage|ref|strong|shared"]
      acquire = 0.6
      [actors.b]
      weight = 1
      kinds = ["try_ref|ref|strong|shared", "pin_read|pin|ref"]
      acquire = 0.45
      \(operations.isEmpty ? "" : "operations = { \(operations) }")
      """, name: "two", file: "two.toml")
  }

  /// Every shipped layout under bench-single-steps and under two actors with
  /// operations, seeds 11 and 12: the campaign with the engine's shortcuts
  /// and without them give the same tally (counts, where each outcome was
  /// first seen, steps); and the driver does fuse those lifetimes.
  @Test("fused single-step lifetimes equal the driver's loop on every shipped layout")
  func fusedLifetimes() throws {
    let bench = try ShippedWorkloads.resolve("bench-single-steps")
    var fused = 0
    for name in ShippedLayouts.names {
      let layout = try ShippedLayouts.load(name)
      for (workload, seed) in [(bench, UInt64(11)), (try Self.twoActors(layout), 12)] {
        func campaign(_ shortcuts: Bool) throws -> FuzzRun {
          var c = FuzzCampaign(layout: layout, layoutArgument: name, layoutDigest: "", workload: workload, workloadDigest: "", seed: seed, operations: 3_000, jobs: 1)
          c.shortcuts = shortcuts
          return try c.run()
        }
        let on = try campaign(true), off = try campaign(false)
        #expect(on.tally == off.tally, "\(name) under \(workload.name), seed \(seed)")
        #expect(on.tally.steps > 0 || on.prepared.bound.actors.isEmpty, "\(name) under \(workload.name): nothing ran")
        let driver = WorkloadDriver(workload: on.prepared.bound, engine: on.prepared.exactEngine())
        if driver.singleSteps != nil && on.prepared.native != nil { fused += 1 }
      }
    }
    #expect(fused >= ShippedLayouts.names.count, "only \(fused) campaigns had lifetimes to fuse")
    // A workload whose actors hold grants is never fused.
    let layout = try ShippedLayouts.load("linux-gup-bias")
    let benign = BoundWorkload(try ShippedWorkloads.resolve("benign-mixed"), layout: layout)
    let machine = Machine(layout)
    let driver = WorkloadDriver(workload: benign, engine: ExactEngine(machine: machine, table: OutcomeTable(layout), initial: try machine.initialState()))
    #expect(driver.singleSteps == nil)
  }

  /// The fused loop runs on the native buffers only: with the state on the
  /// exact machine it does nothing and says so.
  @Test("the fused loop declines a state outside the native range")
  func declinesExactState() throws {
    let layout = try ShippedLayouts.load("linux-gup-bias")
    let machine = Machine(layout)
    let native = try #require(NativeMachine(machine))
    let initial = try machine.initialState()
    var engine = NativeEngine(native: native, initial: initial, actors: 1)
    let w = SingleStepWorkload(actorThresholds: [1 << 53], actors: [.init(number: 0, acquireThreshold: 1 << 52, choices: 0..<1)], choiceThresholds: [1 << 53], choices: [.acquire(kind: 0)])
    var recorder = OutcomeRecorder(table: native.outcomes)
    var queues = GrantQueues(actors: 1)
    var rng = FuzzRandom(seed: 1, stream: 0)
    engine.beginCounting(&recorder)
    #expect(engine.singleStepLifetime(w, operations: 100, rng: &rng, queues: &queues, recorder: &recorder, stop: { false }) == true)
    engine.endCounting(&recorder)
    #expect(recorder.counts.reduce(0, +) >= 100 && recorder.operations == 100)
    var big = initial
    big.truth.held[0] = BigInt.power(of2: 62)
    engine.restore(big)
    let before = rng
    #expect(engine.singleStepLifetime(w, operations: 100, rng: &rng, queues: &queues, recorder: &recorder, stop: { false }) == nil)
    #expect(rng.state == before.state && recorder.operations == 100)
  }
}
