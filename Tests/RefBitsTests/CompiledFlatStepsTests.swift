import Foundation
import Testing

@testable import RefBits

/// The flat steps compiled ahead of time for the shipped layouts
/// (``CompiledFlatSteps``, `ShippedFlatSteps.swift`): up to date with their
/// generator, used exactly where the records give their code, and stepping
/// as the records read at run time do.
@Suite("Compiled flat steps")
struct CompiledFlatStepsTests {
  /// Every shipped layout at its defaults, with its native machine.
  static func shipped() throws -> [(name: String, native: NativeMachine)] {
    try ShippedLayouts.names.map { name in
      (name, try #require(NativeMachine(Machine(try ShippedLayouts.load(name)))))
    }
  }

  static let generatedFile = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/RefBits/Stepping/Native/ShippedFlatSteps.swift")

  /// `ShippedFlatSteps.swift` is what the generator writes for the shipped
  /// layouts now; with `REFBITS_REGENERATE=1` in the environment, this test
  /// writes it first.
  @Test("ShippedFlatSteps.swift is up to date with the shipped layouts")
  func upToDate() throws {
    let generated = FlatStep.shippedFile(try Self.shipped())
    if ProcessInfo.processInfo.environment["REFBITS_REGENERATE"].map({ $0 != "" && $0 != "0" }) == true {
      try generated.write(to: Self.generatedFile, atomically: true, encoding: .utf8)
    }
    let file = try String(contentsOf: Self.generatedFile, encoding: .utf8)
    #expect(file == generated, "regenerate: REFBITS_REGENERATE=1 swift test --filter CompiledFlatStepsTests")
  }

  /// Each shipped layout with a flat record finds compiled steps, and
  /// exactly those whose code its records give; a layout whose records
  /// differ (linux-gup-bias with another bias, `--set`) finds none; a layout
  /// with no flat record (refcount_t saturates) none either.
  @Test("an engine uses compiled steps exactly when its records give their code")
  func matching() throws {
    var found = 0
    for (name, native) in try Self.shipped() {
      let records = FlatStep.records(native)
      let compiled = ShippedFlatSteps.matching(native)
      #expect((compiled != nil) == records.steps.contains(where: \.usable), "\(name)")
      if let compiled {
        #expect(compiled.source == FlatStep.swiftSource(records: records), "\(name)")
        found += 1
      }
    }
    #expect(found >= 8, "only \(found) shipped layouts have compiled steps")
    let moved = try ShippedLayouts.resolve("linux-gup-bias", parameters: ["GUP_PIN_COUNTING_BIAS": BigInt(2048)])
    #expect(ShippedFlatSteps.matching(try #require(NativeMachine(Machine(moved)))) == nil)
    let refcount = try #require(NativeMachine(Machine(try ShippedLayouts.load("linux-refcount-t"))))
    #expect(ShippedFlatSteps.matching(refcount) == nil)
  }

  /// Every shipped layout with compiled steps, from its initial state, 3,000
  /// random steps (seed 0xC0DE plus the layout's index) of its flat records,
  /// taken by the compiled steps on one engine and by the records on
  /// another: after each, the same applied flag, outcomes, state and
  /// standings. A release is taken only of a kind the actor holds, as the
  /// fuzzer does; the state is reset when the object dies.
  @Test("compiled flat steps step as the records read at run time")
  func sideBySide() throws {
    var compared = 0
    for (index, (name, native)) in try Self.shipped().enumerated() {
      guard let compiled = ShippedFlatSteps.matching(native) else { continue }
      let machine = native.machine
      let initial = try machine.initialState()
      let flat = FlatStep.records(native).steps
      var a = NativeEngine(native: native, initial: initial, actors: 2)
      var b = NativeEngine(native: native, initial: initial, actors: 2)
      var rng = FuzzRandom(seed: 0xC0DE &+ UInt64(index), stream: 0)
      let actions = machine.layout.kinds.indices.flatMap { [Op.Action.acquire(kind: $0), .release(kind: $0)] }
        + machine.layout.operations.indices.map { Op.Action.perform(operation: $0) }
      for i in 0..<3_000 {
        let actor = Int(rng.next() % 2)
        let action = actions[Int(rng.next() % UInt64(actions.count))]
        let record = native.index(action)
        guard flat[record].usable else { continue }
        if case .release(let k) = action, a.byActor[actor * a.kindCount + k] <= 0 { continue }
        if action.isAcquire && !a.admits(Op(action, actor: actor)) { continue }
        let context: Comment = "\(name), seed \(0xC0DE + index), step \(i): \(action) by \(actor)"
        a.emittedCount = 0
        b.emittedCount = 0
        let x = compiled.step(&a, record: record, kind: action.kind ?? 0, actor: actor)
        let y = InterpretedFlatSteps.step(&b, record: record, kind: action.kind ?? 0, actor: actor)
        #expect(x != nil && x == y, context)
        #expect(FlatStepTests.emitted(a) == FlatStepTests.emitted(b), context)
        #expect(a.exactState() == b.exactState() && a.standingBits == b.standingBits && a.dead == b.dead, context)
        compared += 1
        if a.dead {
          a.reset()
          b.reset()
        }
      }
    }
    #expect(compared >= 10_000, "only \(compared) steps compared")
  }

  /// The fused loop's branch-free draw (``NativeEngine/drawn(_:_:_:)``) is
  /// the driver's (``WorkloadDriver/pick(_:_:_:)``) on cumulative
  /// thresholds, repeats included: 2,000 random tables and draws, seed
  /// 0xD4A3; and the driver fuses no workload whose thresholds fall.
  @Test("the fused loop draws as the driver does")
  func draws() {
    var rng = FuzzRandom(seed: 0xD4A3, stream: 0)
    for i in 0..<2_000 {
      let n = 1 + Int(rng.next() % 6)
      // Weights of 0 to 3: repeated thresholds where a weight is 0.
      var cumulative: UInt64 = 0
      var t: [UInt64] = []
      for _ in 0..<n {
        cumulative += rng.next() % 4
        t.append(cumulative)
      }
      let r = rng.next() % (cumulative + 2)
      t.withUnsafeBufferPointer { b in
        #expect(NativeEngine.drawn(r, b, 0..<(n - 1)) == WorkloadDriver<ExactEngine>.pick(b, 0..<n, r), "seed 0xD4A3, case \(i): \(t), \(r)")
      }
    }
    #expect(WorkloadDriver<ExactEngine>.rising([1, 2, 2, 5]) && !WorkloadDriver<ExactEngine>.rising([1, 3, 2]))
  }
}
