import Testing

@testable import RefBits

/// A condition that names a word split into fields reads the whole word's
/// raw bits (signed if the word is), gaps included; an effect names a field.
@Suite("Whole-word reads")
struct WholeWordTests {
  /// A 16-bit signed word: a 12-bit signed count, a gap bit, 3 flag bits.
  /// It starts with nothing held, which its `freed` predicate reads as dead:
  /// its acquires are declared a way back (`resurrect = true`).
  static let text = """
    title = "whole-word reads"
    source = "WholeWordTests"
    [words.w]
    bits = 16
    signed = true
    [words.w.fields.count]
    bits = "15..4"
    [words.w.fields.flags]
    bits = "2..0"
    [kinds.ref]
    acquire.effects = ["count += 1"]
    acquire.resurrect = true
    release.effects = ["count -= 1"]
    [kinds.tag]
    acquire.effects = ["flags += 1"]
    acquire.resurrect = true
    release.effects = ["flags -= 1"]
    [operations.clear]
    refuse = "w == 0"
    effects = ["flags = 0"]
    [[operations.clear.fixups]]
    when = "old(w) > 0x100 && w != old(w)"
    effects = []
    outcome = "spilled"
    [predicates.zero]
    role = "freed"
    when = "w == 0"
    means = "total == 0"
    [predicates.negative]
    when = "w < 0"
    means = "ref >= 2048"
    [predicates.high]
    when = "unsigned(w) >= 0x8000"
    means = "ref >= 2048"
    [initial]
    held = {}
    """

  static func machine() throws -> Machine { Machine(try Layout.parse(toml: text, name: "w", file: "w.toml")) }

  @Test("the name reads the word's raw bits, gaps included, in the word's reading")
  func reading() throws {
    let m = try Self.machine()
    let start = try m.initialState()
    let trace = Trace.run(try Script.parse("tag*8, ref*2047, ref", layout: m.layout), on: m, from: start)
    // tag*8 carries out of the flags into the gap bit 3: w reads 8, not 0.
    let afterTags = trace.entries[0].state
    #expect(afterTags.words == [0x8])
    #expect(trace.entries[0].tally[.fieldOverflow(field: "w")] == 1)
    let env = StepEnvironment(machine: m, old: afterTags.words, new: afterTags.words, held: afterTags.truth.held)
    #expect(env.word(0, time: .new, reading: .declared) == 8)
    // The 2048th ref sets the top bit: w < 0 (signed word), unsigned(w) >= 0x8000, both lie at once.
    let last = trace.entries[2]
    #expect(last.state.words == [0x8008])
    let wSigned = StepEnvironment(machine: m, old: last.state.words, new: last.state.words, held: last.state.truth.held)
    #expect(wSigned.word(0, time: .new, reading: .declared) == BigInt(0x8008) - 65536)
    #expect(wSigned.word(0, time: .new, reading: .unsigned) == BigInt(0x8008))
    #expect(last.tally[.falsePositive(predicate: "negative")] == nil)
    #expect(last.firsts.map(\.outcome).contains(.fieldOverflow(field: "count")))
    // An operation refused on the whole word, and a fixup comparing old and new words.
    let refused = try m.step(start, Op(operation: 0))
    #expect(refused.outcomes == [.refused(kind: "clear")])
    let spilled = try m.step(afterTags, Op(operation: 0))
    #expect(spilled.outcomes == [.ok] && spilled.state.words == [0x8])
    let big = Trace.run(try Script.parse("ref*17, tag, clear", layout: m.layout), on: m, from: start)
    #expect(big.entries[2].tally == [.spilled: 1] && big.entries[2].state.words == [0x110])
  }

  @Test("bulk runs over whole-word conditions jump and equal single steps")
  func bulk() throws {
    let m = try Self.machine()
    let start = try m.initialState()
    for (script, op, count) in [("", Op(kind: 0, direction: .acquire), 5000), ("tag*3", Op(kind: 0, direction: .acquire), 3000), ("ref*3000", Op(kind: 0, direction: .release), 2500), ("ref*300, tag", Op(operation: 0), 100)] {
      let from = script.isEmpty ? start : Trace.run(try Script.parse(script, layout: m.layout), on: m, from: start).entries.last!.state
      for rule in [StopRule.anyOutcome, .events] {
        BulkSteppingTests.compare(m, from, op, count: count, rule: rule, context: "\(script) then \(m.layout.operationName(op))*\(count)")
      }
      let (done, singles) = BulkSteppingTests.compare(m, from, op, count: count, rule: StopRule { _ in false }, context: "\(script) all")
      #expect(done > BigInt(10 * singles), "\(script): \(singles) single steps for \(done)")
    }
  }

  @Test("the native engine reads whole words as the machine does (seed 0x3A0D)")
  func native() throws {
    let m = try Self.machine()
    let native = try #require(NativeMachine(m))
    var gen = RandomLayoutGenerator(seed: 0x3A0D)
    var state = try m.initialState()
    var engine = NativeEngine(native: native, initial: state, actors: 1)
    for i in 0..<3000 {
      let op = gen.op(for: m, state: state)
      let exact = try m.step(state, op)
      let applied = engine.nativeStep(op)
      let ids = (0..<engine.emittedCount).map { Int(engine.emitted[$0]) }.sorted()
      #expect(applied == exact.applied && ids == NativeEngineTests.ids(exact.outcomes, native.outcomes), "step \(i) \(op)")
      #expect(engine.exactState() == exact.state, "step \(i) \(op)")
      state = exact.state
    }
  }
}
