import Testing

@testable import RefBits

/// The native engine must equal ``Machine/step(_:_:)`` exactly: same words,
/// truth and ideal values, same outcomes, at every step.
@Suite("Native engine")
struct NativeEngineTests {
  static func ids(_ outcomes: [Outcome], _ table: OutcomeTable) -> [Int] {
    outcomes.map { table.id(of: $0)! }.sorted()
  }

  @Test("equals Machine.step on random layouts, thousands of steps", arguments: 0..<4)
  func randomLayouts(batch: Int) throws {
    let seed = UInt64(0xFA57 + batch)
    var gen = RandomLayoutGenerator(seed: seed)
    var compared = 0
    for round in 0..<16 {
      let machine = BulkSteppingTests.randomMachine(&gen)
      guard let native = NativeMachine(machine) else { continue }
      var state = gen.state(for: machine)
      let engine = NativeEngine(native: native, initial: state, actors: 3)
      #expect(engine.exactState() == state, "seed \(seed) round \(round): load")
      for i in 0..<200 {
        let kind = gen.int(0...(machine.layout.kinds.count - 1))
        let actor = gen.int(0...2)
        var direction: Layout.Direction = gen.chance(0.55) ? .acquire : .release
        if direction == .release && state.truth.held(kind, by: actor) < 1 { direction = .acquire }
        let op = Op(kind: kind, direction: direction, actor: actor)
        let exact = try machine.step(state, op)
        let applied = engine.nativeStep(op)
        let nativeIDs = (0..<engine.emittedCount).map { Int(engine.emitted[$0]) }.sorted()
        let context: Comment = "seed \(seed) round \(round) step \(i) op \(op)"
        #expect(applied == exact.applied, context)
        #expect(nativeIDs == Self.ids(exact.outcomes, native.outcomes), context)
        #expect(engine.exactState() == exact.state, context)
        state = exact.state
        compared += 1
        if engine.exactState() != exact.state { break }
      }
    }
    #expect(compared >= 1500, "seed \(seed): only \(compared) steps compared")
  }

  @Test("bursts equal exact bursts, counts and first steps")
  func bursts() throws {
    let seed: UInt64 = 0xB0_0057
    var gen = RandomLayoutGenerator(seed: seed)
    gen.allowNonLinear = false
    for round in 0..<15 {
      let machine = BulkSteppingTests.randomMachine(&gen)
      guard let native = NativeMachine(machine) else { continue }
      let start = gen.state(for: machine)
      let fast = NativeEngine(native: native, initial: start, actors: 1)
      var exact = ExactEngine(machine: machine, table: native.outcomes, initial: start)
      var r1 = OutcomeRecorder(table: native.outcomes)
      var r2 = OutcomeRecorder(table: native.outcomes)
      for _ in 0..<6 {
        let count = BigInt(gen.chance(0.5) ? gen.int(2...16) : gen.int(17...5000))
        let kind = gen.int(0...(machine.layout.kinds.count - 1))
        var op = Op(kind: kind, direction: gen.chance(0.6) ? .acquire : .release)
        if op.direction == .release && exact.held(kind, by: 0) < count { op.direction = .acquire }
        let a = fast.burst(op, count: count, recorder: &r1)
        let b = exact.burst(op, count: count, recorder: &r2)
        r1.endOperation(steps: a.steps)
        r2.endOperation(steps: b.steps)
        let context: Comment = "seed \(seed) round \(round) op \(op) count \(count)"
        #expect(a.applied == b.applied && a.steps == b.steps, context)
        #expect(fast.exactState() == exact.state, context)
      }
      #expect(r1.tally(firstLifetime: 0) == r2.tally(firstLifetime: 0), "seed \(seed) round \(round)")
    }
  }

  @Test("every shipped layout compiles natively")
  func shipped() throws {
    for name in ShippedLayouts.names {
      let machine = Machine(try ShippedLayouts.load(name))
      #expect(NativeMachine(machine) != nil, "\(name)")
    }
  }
}
