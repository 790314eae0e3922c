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
    try Self.compareWithMachine(seed: UInt64(0xFA57 + batch), maxBits: 16, rounds: 16, steps: 200, minimum: 1500)
  }

  @Test("equals Machine.step on random layouts with words up to 62 bits", arguments: 0..<2)
  func wideRandomLayouts(batch: Int) throws {
    try Self.compareWithMachine(seed: UInt64(0x31DE + batch), maxBits: 62, rounds: 12, steps: 150, minimum: 600)
  }

  @Test("equals Machine.step on random layouts with words up to 64 bits", arguments: 0..<2)
  func sixtyFourBitLayouts(batch: Int) throws {
    try Self.compareWithMachine(seed: UInt64(0x64B0 + batch), maxBits: 64, rounds: 12, steps: 150, minimum: 600)
  }

  @Test("equals Machine.step on random layouts with words up to 120 bits", arguments: 0..<2)
  func hundredTwentyBitLayouts(batch: Int) throws {
    try Self.compareWithMachine(seed: UInt64(0x120B + batch), maxBits: 120, rounds: 12, steps: 150, minimum: 600)
  }

  /// Steps random layouts with the native engine and with `Machine.step` side
  /// by side: same applied flag, same outcomes, same state after every step.
  static func compareWithMachine(seed: UInt64, maxBits: Int, rounds: Int, steps: Int, minimum: Int) throws {
    var gen = RandomLayoutGenerator(seed: seed)
    gen.maxBits = maxBits
    var compared = 0
    for round in 0..<rounds {
      let machine = BulkSteppingTests.randomMachine(&gen)
      guard let native = NativeMachine(machine) else { continue }
      var state = gen.state(for: machine)
      var engine = NativeEngine(native: native, initial: state, actors: 3)
      #expect(engine.exactState() == state, "seed \(seed) round \(round): load")
      for i in 0..<steps {
        let op = gen.op(for: machine, state: state, actor: gen.int(0...2))
        if machine.revives(op, state.truth) { break }  // dead, and no move left
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
    #expect(compared >= minimum, "seed \(seed): only \(compared) steps compared")
  }

  /// A layout with 128-, 64- and 16-bit words: fields below bit 64, across
  /// it and above it, signed and not, so that the compiled program takes its
  /// narrow (64-bit) and wide (128-bit) tests and its general instructions.
  static let wideFields = """
    [words.a]
    bits = 128
    [words.a.fields.lo]
    bits = "59..0"
    signed = false
    [words.a.fields.mid]
    bits = "99..60"
    signed = true
    [words.a.fields.hi]
    bits = "119..100"
    signed = true
    [words.b]
    bits = 64
    signed = true
    [words.c]
    bits = 16
    [words.c.fields.chi]
    bits = "15..8"
    signed = true
    [words.c.fields.clo]
    bits = "7..0"
    signed = false

    [kinds.k0.acquire]
    effects = ["lo += 1"]
    [kinds.k0.release]
    effects = ["lo -= 1"]
    [kinds.k1.acquire]
    effects = ["b += 1"]
    [kinds.k1.release]
    effects = ["b -= 1"]
    """

  /// A random condition over the wide layout's fields (or, for `truth`,
  /// its held counts and total), with constants at and beyond the edges
  /// of what each reads.
  static func randomCondition(_ gen: inout RandomLayoutGenerator, truth: Bool, depth: Int = 0) -> String {
    let fields: [(String, Int, Bool)] = [("lo", 60, false), ("mid", 40, true), ("hi", 20, true), ("b", 64, true), ("chi", 8, true), ("clo", 8, false)]
    func operand(_ g: inout RandomLayoutGenerator) -> (String, BigInt, BigInt) {
      if truth {
        let name = g.pick(["k0", "k1", "total"])
        return (name, 0, BigInt(1) << 61)
      }
      let (name, bits, signed) = g.pick(fields)
      let reading = g.pick(["", "", "signed", "unsigned"])
      let s = reading == "signed" || (reading == "" && signed)
      let lo: BigInt = s ? -(BigInt(1) << (bits - 1)) : 0
      let hi: BigInt = s ? (BigInt(1) << (bits - 1)) - 1 : (BigInt(1) << bits) - 1
      return (reading.isEmpty ? name : "\(reading)(\(name))", lo, hi)
    }
    func constant(_ g: inout RandomLayoutGenerator, _ lo: BigInt, _ hi: BigInt) -> String {
      let c: BigInt
      switch g.int(0...9) {
      case 0: c = lo
      case 1: c = hi
      case 2: c = lo - 1
      case 3: c = hi + 1
      case 4: c = BigInt(g.int(-2...2))
      case 5: c = g.chance(0.5) ? BigInt(1) << g.int(60...110) : -(BigInt(1) << g.int(60...110))
      case 6: c = lo + 1
      case 7: c = hi - 1
      default: c = BigInt(g.int(-100_000...100_000))
      }
      return c.isNegative ? "(\(c))" : "\(c)"
    }
    let op = gen.pick(["<", "<=", ">", ">=", "==", "!="])
    if depth < 2 && gen.chance(0.25) {
      let a = randomCondition(&gen, truth: truth, depth: depth + 1), b = randomCondition(&gen, truth: truth, depth: depth + 1)
      return gen.pick(["(\(a)) && (\(b))", "(\(a)) || (\(b))", "!(\(a))"])
    }
    let (x, lo, hi) = operand(&gen)
    let (y, _, _) = operand(&gen)
    switch gen.int(0...14) {
    case 0: return x
    case 1: return "\(constant(&gen, lo, hi)) \(op) \(x)"
    case 2: return "\(x) + \(y) \(op) \(constant(&gen, lo, hi))"
    case 3: return "-\(x) \(op) \(constant(&gen, lo, hi))"
    case 4: return "~\(x) \(op) \(constant(&gen, lo, hi))"
    case 5: return "\(x) * 3 - \(y) \(op) \(constant(&gen, lo, hi))"
    case 6: return "\(x) / \(gen.int(1...9)) \(op) \(gen.int(-5...5))"
    case 7: return "\(x) % \(gen.int(1...9)) \(op) \(gen.int(-5...5))"
    case 8: return "(\(x) << \(gen.int(0...3))) \(op) \(constant(&gen, lo, hi))"
    case 9: return "(\(x) >> \(gen.int(0...9))) \(op) \(constant(&gen, lo, hi))"
    case 10: return "min(\(x), \(y)) \(op) max(\(y), \(constant(&gen, lo, hi)), \(x))"
    case 11: return "(\(x) & \(gen.int(0...255))) | (\(y) ^ \(gen.int(0...3)))"
    case 12: return gen.pick(["1", "0", "2 > 1", "1 - 1"])
    default: return "\(x) \(op) \(constant(&gen, lo, hi))"
    }
  }

  /// A random condition over held counts and the total.
  static func randomTruthCondition(_ gen: inout RandomLayoutGenerator, depth: Int = 0) -> Expression {
    let ops: [Expression.BinaryOperator] = [.less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual]
    func value(_ g: inout RandomLayoutGenerator) -> Expression { g.pick([.held(0), .held(1), .total]) }
    func constant(_ g: inout RandomLayoutGenerator) -> Expression {
      .literal(g.pick([BigInt(0), 1, 2, -1, BigInt(g.int(0...5000)), (BigInt(1) << 60) - 1, BigInt(1) << 60, BigInt(1) << 63, -(BigInt(1) << 63) - 1, BigInt(1) << 100]))
    }
    if depth < 2 && gen.chance(0.25) {
      let a = randomTruthCondition(&gen, depth: depth + 1), b = randomTruthCondition(&gen, depth: depth + 1)
      return gen.pick([.binary(.and, a, b), .binary(.or, a, b), .unary(.not, a)])
    }
    let op = gen.pick(ops)
    switch gen.int(0...5) {
    case 0: return value(&gen)
    case 1: return .binary(op, constant(&gen), value(&gen))
    case 2: return .binary(op, .binary(.add, value(&gen), value(&gen)), constant(&gen))
    case 3: return .binary(op, .unary(.negate, value(&gen)), constant(&gen))
    case 4: return .binary(op, .call(.min, [value(&gen), value(&gen)]), constant(&gen))
    default: return .binary(op, value(&gen), constant(&gen))
    }
  }

  @Test("compiled conditions equal exact evaluation on wide fields and edge constants")
  func compiledConditions() throws {
    let seed: UInt64 = 0xC0DE
    var gen = RandomLayoutGenerator(seed: seed)
    var narrow = 0, wide = 0, programs = 0, compared = 0
    for round in 0..<12 {
      // Fixup conditions: unlike predicates, not checked on the initial state.
      var lines = ["title = \"wide\"", "source = \"test\"", Self.wideFields]
      for _ in 0..<24 {
        lines += ["[[kinds.k0.acquire.fixups]]", "when = \"\(Self.randomCondition(&gen, truth: false))\"", "effects = []", "outcome = \"ok\""]
      }
      lines += ["[initial]", "held = {}"]
      let layout = try Layout.parse(toml: lines.joined(separator: "\n"), name: "wide", file: "wide.toml")
      let machine = Machine(layout)
      let native = try #require(NativeMachine(machine), "round \(round)")
      let op = native.operations[0]
      var conditions = (Int(op.fixupFirst)..<Int(op.fixupEnd)).map { native.fixups[$0].when }
      var expressions = layout.kinds[0].acquire.fixups.map(\.when.expression)
      #expect(conditions.count == expressions.count)
      // Truth conditions (only predicates' `means` may read the truth, and
      // the layout checks those on the initial state): built directly.
      var builder = NativeProgramBuilder(fields: layout.fields, words: layout.words, kindCount: layout.kinds.count)
      var truthCodes: [NativeCode] = []
      var truthExpressions: [Expression] = []
      for _ in 0..<12 {
        let e = Self.randomTruthCondition(&gen)
        guard let c = builder.compile(e, condition: true) else { continue }
        truthCodes.append(c)
        truthExpressions.append(e)
      }
      let truthProgram = UnsafeMutablePointer<NativeInstruction>.allocate(capacity: max(1, builder.instructions.count))
      truthProgram.initialize(from: builder.instructions, count: builder.instructions.count)
      let truthRegisters = UnsafeMutablePointer<Int128>.allocate(capacity: builder.program.registerCount)
      defer { truthProgram.deallocate(); truthRegisters.deallocate() }
      for c in conditions {
        if c.narrow { narrow += 1 } else if c.fused { wide += 1 } else { programs += 1 }
      }
      let zero = layout.words.map { _ in UInt128(0) }
      let start = State(words: zero, truth: Truth(held: layout.kinds.map { _ in BigInt(0) }, byActor: [:], ideal: layout.fields.map { _ in BigInt(0) }))
      var engine = NativeEngine(native: native, initial: start, actors: 1)
      for i in 0..<300 {
        // Field values at and near the edges of their readings, or random.
        var words: [UInt128] = layout.words.map { w in
          let r = UInt128(UInt64.random(in: 0...UInt64.max, using: &gen.rng)) << 64 | UInt128(UInt64.random(in: 0...UInt64.max, using: &gen.rng))
          return w.bits == 128 ? r : r & ((UInt128(1) << w.bits) - 1)
        }
        for f in layout.fields where gen.chance(0.6) {
          let bits = f.msb - f.lsb + 1
          let mask: UInt128 = (UInt128(1) << bits) - 1
          let v: UInt128 = gen.pick([0, 1, mask, mask - 1, mask >> 1, (mask >> 1) + 1, (mask >> 1) - 1])
          words[f.word] = (words[f.word] & ~(mask << f.lsb)) | ((v & mask) << f.lsb)
        }
        let held: [BigInt] = layout.kinds.map { _ in
          gen.pick([BigInt(0), 1, 2, BigInt(gen.int(0...5000)), (BigInt(1) << 60) - 1])
        }
        let ideal = layout.fields.indices.map { machine.reading($0, in: words) }
        let state = State(words: words, truth: Truth(held: held, byActor: held.allSatisfy(\.isZero) ? [:] : [0: held], ideal: ideal))
        let loaded = engine.load(state)
        #expect(loaded, "round \(round) state \(i)")
        engine.bases[0] = UnsafePointer(engine.words)
        engine.bases[1] = UnsafePointer(engine.words)
        let env = StepEnvironment(machine: machine, old: words, new: words, held: held)
        let truthEvaluator = NativeEvaluator(program: truthProgram, registers: truthRegisters, bases: engine.bases)
        for (c, e) in zip(truthCodes, truthExpressions) {
          let exact = !e.evaluate(env).isZero
          let context: Comment = "seed \(seed) round \(round) state \(i) truth condition \(e) held \(held)"
          #expect(truthEvaluator.test(c) == exact, context)
          #expect((truthEvaluator.run(c) != 0) == exact, context)
          compared += 1
        }
        for (c, e) in zip(conditions, expressions) {
          let exact = !e.evaluate(env).isZero
          let context: Comment = "seed \(seed) round \(round) state \(i) condition \(e) words \(words) held \(held)"
          #expect(engine.evaluator.test(c) == exact, context)
          #expect((engine.evaluator.run(c) != 0) == exact, context)
          compared += 1
        }
      }
    }
    #expect(compared >= 100_000)
    #expect(narrow >= 50 && wide >= 10 && programs >= 50, "narrow \(narrow) wide \(wide) programs \(programs)")
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
      var fast = NativeEngine(native: native, initial: start, actors: 1)
      var exact = ExactEngine(machine: machine, table: native.outcomes, initial: start)
      var r1 = OutcomeRecorder(table: native.outcomes)
      var r2 = OutcomeRecorder(table: native.outcomes)
      for _ in 0..<6 {
        let limit = NativeEngine.nativeBurstLimit
        let count = BigInt(gen.chance(0.5) ? gen.int(2...limit) : gen.int((limit + 1)...(limit + 5000)))
        var op = gen.op(for: machine)
        if case .release(let kind) = op.action, exact.held(kind, by: 0) < count { op = Op(kind: kind, direction: .acquire) }
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

  /// A count in a word of `bits` bits, a predicate whose meaning flips at
  /// 2^61 held references (the native engine's limit) and whose reading
  /// flips one reference later.
  static func handOffLayout(bits: Int) throws -> Layout {
    let limit = BigInt.power(of2: 61)
    return try Layout.parse(toml: """
      title = "hand-off"
      source = "NativeEngineTests"
      [words.count]
      bits = \(bits)
      [kinds.ref.acquire]
      effects = ["count += 1"]
      [kinds.ref.release]
      effects = ["count -= 1"]
      [predicates.many]
      when = "count > \(limit)"
      means = "total >= \(limit)"
      [initial]
      held = {}
      """, name: "hand-off", file: "hand-off.toml")
  }

  /// The native engine hands its state to the exact machine when a burst
  /// leaves it at 2^61 references or more, and takes it back when releases
  /// bring it below: at every step it equals the exact engine, state,
  /// outcomes and first sightings.
  @Test("hands off to the exact machine at 2^61 held references and back", arguments: [64, 120])
  func handOff(bits: Int) throws {
    let machine = Machine(try Self.handOffLayout(bits: bits))
    let native = try #require(NativeMachine(machine))
    let start = try machine.initialState()
    var fast = NativeEngine(native: native, initial: start, actors: 1)
    var exact = ExactEngine(machine: machine, table: native.outcomes, initial: start)
    var r1 = OutcomeRecorder(table: native.outcomes)
    var r2 = OutcomeRecorder(table: native.outcomes)
    r1.beginLifetime(0)
    r2.beginLifetime(0)
    let limit = BigInt.power(of2: 61)
    let acquire = Op(kind: 0, direction: .acquire), release = Op(kind: 0, direction: .release)
    // A burst just longer than the native engine steps one at a time.
    let b = NativeEngine.nativeBurstLimit + 4, burst = BigInt(b)
    // (operation, count, whether the engine is native after it)
    var phases: [(Op, BigInt, Bool)] = [
      (acquire, limit - 3, true),  // an exact burst, loaded back: below the limit
      (acquire, 1, true), (acquire, 1, true), (acquire, 1, true),  // native single steps reach 2^61
      (acquire, burst, false),  // an exact burst that ends above the limit stays exact
      (acquire, 1, false),  // held: 2^61 + burst + 1
    ]
    // Exact single releases down to 2^61, then loaded back at 2^61 - 1.
    for k in 1...(b + 4) { phases.append((release, 1, k >= b + 2)) }
    // Short bursts: native single steps, across the limit and back.
    phases += [(acquire, 5, true), (release, 3, true)]
    for (i, (op, count, nativeAfter)) in phases.enumerated() {
      if count == 1 {
        _ = fast.step(op, recorder: &r1)
        _ = exact.step(op, recorder: &r2)
        r1.endSingleOperation()
        r2.endSingleOperation()
      } else {
        let a = fast.burst(op, count: count, recorder: &r1)
        let b = exact.burst(op, count: count, recorder: &r2)
        r1.endOperation(steps: a.steps)
        r2.endOperation(steps: b.steps)
        #expect(a.applied == b.applied && a.steps == b.steps, "\(bits) bits, phase \(i)")
      }
      let context: Comment = "\(bits) bits, phase \(i): \(op) * \(count), held \(exact.state.truth.total)"
      #expect(fast.exactState() == exact.state, context)
      #expect((fast.exact == nil) == nativeAfter, context)
    }
    r1.endLifetime()
    r2.endLifetime()
    let tally = r1.tally(firstLifetime: 0)
    #expect(tally == r2.tally(firstLifetime: 0))
    // The predicate starts lying at each arrival at exactly 2^61: twice on
    // the way up, twice on the way down.
    #expect(tally.entry(.falseNegative(predicate: "many"))?.count == 4)
  }

  /// Every shipped workload on every shipped layout, with the native engine
  /// and with the exact machine alone: the same tally (counts and where each
  /// outcome was first seen), seed 3. Bursts may take 512 single steps (not
  /// 2^16): a flood on a layout whose conditions are not linear steps one at
  /// a time, on the exact machine in both engines.
  @Test("native and exact campaigns agree on every shipped layout under every shipped workload")
  func shippedCampaigns() throws {
    var compared = 0
    for workloadName in ShippedWorkloads.names {
      let workload = try ShippedWorkloads.resolve(workloadName)
      for name in ShippedLayouts.names {
        let layout = try ShippedLayouts.load(name)
        let campaign = { (exactOnly: Bool) in
          var c = FuzzCampaign(layout: layout, layoutArgument: name, layoutDigest: "", workload: workload, workloadDigest: "", seed: 3, operations: 1_200, exactOnly: exactOnly)
          c.burstBudget = 512
          return c
        }
        let native = try campaign(false).run()
        let exact = try campaign(true).run()
        #expect(native.prepared.native != nil, "\(name)")
        #expect(native.tally == exact.tally, "\(name) under \(workloadName), seed 3")
        if native.tally.steps > 0 { compared += 1 }
      }
    }
    // Not vacuous: most pairs have actors with kinds in the layout.
    #expect(compared >= ShippedLayouts.names.count * ShippedWorkloads.names.count / 2, "only \(compared) campaigns stepped")
  }

  /// The engine skips the onset table on steps that change no standing and
  /// no deadness only when the table says such steps charge nothing
  /// (``NativeMachine/quietWhenUnchanged``): true of the machine's onset
  /// rule (a lie is charged when it starts) on every shipped layout, while
  /// steps that change a standing are charged.
  @Test("the onset table charges nothing for a step that changes no standing, on every shipped layout")
  func quietWhenUnchanged() throws {
    for name in ShippedLayouts.names {
      let native = try #require(NativeMachine(Machine(try ShippedLayouts.load(name))), "\(name)")
      #expect(native.quietWhenUnchanged, "\(name)")
      #expect(native.onsets.contains { $0 >= 0 }, "\(name): no step is ever charged")
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
