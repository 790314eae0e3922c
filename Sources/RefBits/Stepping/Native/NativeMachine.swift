/// A ``Machine`` laid out for the fuzzer's hot path: field geometry as native
/// masks, the machine's own program (every condition and set value,
/// compiled once when the machine was built: NativeProgram.swift) referred
/// to by plain ``NativeCode``s, each effect a precomputed word delta, and
/// each outcome a number in an ``OutcomeTable``. Every record is a plain
/// value (no closure, no nested array), so the engine copies them into raw
/// buffers once and steps without reference counting.
///
/// It steps a ``NativeEngine``'s state with no allocation. It exists only for
/// layouts whose values all fit native integers (fields of at most 120 bits,
/// every expression with native code: ``NativeProgramBuilder/bound(_:_:)``);
/// callers fall back to ``Machine`` otherwise, and whenever the truth leaves
/// the native range.
struct NativeMachine: Sendable {
  let machine: Machine
  let outcomes: OutcomeTable

  let wordCount: Int
  let fieldCount: Int
  let kindCount: Int
  let wordMask: [UInt128]
  let gapMask: [UInt128]
  let fieldWord: [Int]
  let fieldLSB: [Int]
  let fieldMask: [UInt128]
  let fieldMaskInPlace: [UInt128]
  /// Sign bit of the field's declared reading, or 0 if unsigned.
  let fieldSign: [UInt128]
  /// The machine's program: every expression, compiled once
  /// (NativeProgram.swift).
  let program: NativeProgram
  /// Per kind × direction (kind * 2 + (release ? 1 : 0)), then per
  /// operation (kindCount * 2 + operation): see ``index(_:)``.
  let operations: [Operation]
  /// All main and fixup effects, flat; operations and fixups hold ranges.
  let effects: [Effect]
  let fixups: [Fixup]
  let predicates: [Predicate]
  /// The ``WordDelta``s and ``FieldCheck``s of the simple operations, flat.
  let wordDeltas: [WordDelta]
  let fieldChecks: [FieldCheck]
  /// Per operation record, how its bursts are jumped natively, or nil when
  /// they run on the exact machine (NativeBurstPlan.swift).
  private(set) var burstPlans: [NativeBurstPlan?] = []

  /// Plain values only (no closures, no arrays): the engine copies these
  /// into raw buffers and reads them per step without reference counting.
  struct Effect: Sendable {
    var field: Int32
    var word: Int32
    /// For an add: the constant, and its shifted, truncated delta to the word.
    var add: Int128
    var delta: UInt128
    /// For a set: the value (``NativeCode/none`` for an add).
    var set: NativeCode
  }

  enum FixupOutcome: UInt8, Sendable {
    case ok, saturated, spilled, refused, trapped
  }

  struct Fixup: Sendable {
    var when: NativeCode
    var effectFirst: Int32
    var effectEnd: Int32
    var outcome: FixupOutcome
    var readsMid: Bool
  }

  struct Operation: Sendable {
    var refuse: NativeCode
    var trap: NativeCode
    var effectFirst: Int32
    var effectEnd: Int32
    var fixupFirst: Int32
    var fixupEnd: Int32
    var refused: Int32
    var sign: Int64
    /// Adds only: no trap, no fixup, no set (the engine's short path).
    var simple: Bool
    /// For a simple operation: its ``WordDelta``s and ``FieldCheck``s.
    var wordDeltaFirst: Int32 = 0
    var wordDeltaEnd: Int32 = 0
    var fieldCheckFirst: Int32 = 0
    var fieldCheckEnd: Int32 = 0
  }

  /// What a simple operation adds to one word: the sum of its effects'
  /// deltas to the word (adding them one by one, each masked to the word,
  /// is the same modulo 2^bits).
  struct WordDelta: Sendable {
    var word: Int
    var delta: UInt128
  }

  /// A field of a word a simple operation changes, and the sum of the
  /// operation's adds to it (0 for a field it only shares a word with): its
  /// reading after the step must be its reading before plus `add`, and its
  /// ideal value moves by `add`. Fields of other words keep their bits.
  struct FieldCheck: Sendable {
    var field: Int
    var add: Int128
  }

  struct Predicate: Sendable {
    var when: NativeCode
    var means: NativeCode
  }

  /// Per predicate, 128 entries: the outcome id a step produces for the
  /// predicate's standing before and after it, or -1. Entry
  /// `p * 128 + release << 6 | deadBefore << 5 | deadAfter << 4 | before << 2 | after`,
  /// a standing being `when << 1 | means`, `release` whether the step is a
  /// release, and the dead flags whether the object is dead before and after
  /// (``Machine/isDead(_:)``). Filled from
  /// ``Machine/onset(predicate:before:after:frees:deadBefore:deadAfter:)``,
  /// so the engine charges lies exactly as the machine does.
  let onsets: [Int32]
  /// Whether ``onsets`` charges nothing for a step that leaves every
  /// predicate's standing as it was and the object as dead or alive as it
  /// was (a lie is charged when it starts). Read off the table itself, not
  /// assumed: then the engine skips the table for such steps
  /// (``NativeEngine/checkPredicates(_:frees:)``).
  let quietWhenUnchanged: Bool
  /// Per predicate: whether it is a `freed` predicate (its `means` says when
  /// the object is dead).
  let freed: [Bool]
  /// Per operation record (``index(_:)``) and predicate, entry
  /// `index * predicates + p`: which parts of the predicate the step may
  /// change, `when << 1 | means`. A part may change when its code reads a
  /// word some effect of the operation (or of its fixups) writes, or the
  /// truth slot of the operation's kind or the total while the operation
  /// moves them; a part that cannot change keeps its standing, so the engine
  /// does not run it again (see ``NativeEngine/checkPredicates(_:frees:)``).
  let rereads: [UInt8]
  /// Per field: how to read it from one 64-bit half of its word (see
  /// ``NarrowField``).
  let narrowFields: [NarrowField]
  /// Per predicate, its `when` then its `means` as ``PredicateTest``s.
  let predicateTests: [PredicateTest]

  /// A predicate's condition for the engine's predicate checks: a narrow
  /// test (``NativeInstruction/narrow``) copied out of the program into a
  /// small record, so that the check reads one record instead of a program
  /// instruction; any other code is run by the evaluator.
  struct PredicateTest: Sendable {
    /// Whether the fields below hold a narrow test; else run ``code``.
    var narrow: Bool
    var invert: Bool
    /// As ``NativeInstruction``: the source (old words, new words, truth)
    /// and the test's 64-bit geometry and range.
    var source: Int32
    var offset: Int32
    var shift: UInt64
    var mask: UInt64
    var sign: UInt64
    var lo: UInt64
    var span: UInt64
    var code: NativeCode

    init(_ code: NativeCode, _ program: [NativeInstruction]) {
      self.code = code
      guard code.exists, code.fused, code.narrow else {
        narrow = false; invert = false; source = 0; offset = 0; shift = 0; mask = 0; sign = 0; lo = 0; span = 0
        return
      }
      let i = program[Int(code.first)]
      narrow = true
      invert = i.invert
      source = i.source
      offset = i.offset64
      shift = UInt64(UInt32(bitPattern: i.shift64))
      mask = i.mask64
      sign = i.sign64
      lo = i.lo64
      span = i.span64
    }
  }

  /// A field that lies in one 64-bit half of its word and whose declared
  /// reading fits an `Int64` (at most 63 bits, or 64 bits signed): read with
  /// one 64-bit load, shift and mask instead of 128-bit shifts. `offset` is
  /// the byte offset of the half in the word buffer, or -1 when the field
  /// must be read wide.
  struct NarrowField: Sendable {
    var offset: Int
    var shift: UInt64
    var mask: UInt64
    var sign: UInt64

    init(_ field: Layout.Field) {
      let half = field.lsb / 64
      guard half == (field.lsb + field.bits - 1) / 64, field.bits < 64 || field.signed else {
        self.init(offset: -1, shift: 0, mask: 0, sign: 0)
        return
      }
      let mask = field.bits == 64 ? UInt64.max : (UInt64(1) << field.bits) - 1
      self.init(offset: (field.word * 2 + half) * 8, shift: UInt64(field.lsb % 64), mask: mask, sign: field.signed ? UInt64(1) << (field.bits - 1) : 0)
    }

    init(offset: Int, shift: UInt64, mask: UInt64, sign: UInt64) {
      self.offset = offset
      self.shift = shift
      self.mask = mask
      self.sign = sign
    }
  }

  /// Widest field the native engine takes: readings, expected values and
  /// ideal values must stay far inside `Int128`.
  static let maxFieldBits = 120

  /// Lays out a machine's compiled operations, or returns nil if some value
  /// may not fit. Compiles nothing: the codes are the machine's.
  init?(_ machine: Machine) {
    let layout = machine.layout
    guard layout.fields.allSatisfy({ $0.bits <= Self.maxFieldBits }) else { return nil }
    self.machine = machine
    outcomes = OutcomeTable(layout)
    wordCount = layout.words.count
    fieldCount = layout.fields.count
    kindCount = layout.kinds.count
    wordMask = machine.wordMask
    gapMask = machine.gapMask
    fieldWord = layout.fields.map(\.word)
    fieldLSB = layout.fields.map(\.lsb)
    fieldMask = machine.fieldMask
    fieldMaskInPlace = machine.fieldMaskInPlace
    fieldSign = layout.fields.map { $0.signed ? UInt128(1) << ($0.bits - 1) : 0 }
    var allEffects: [Effect] = []
    /// Appends the effects; their range and whether one sets a value, or
    /// nil if some value may not fit.
    func appendEffects(_ list: [Machine.CompiledEffect]) -> (Int32, Int32, Bool)? {
      let first = Int32(allEffects.count)
      var sets = false
      for e in list {
        let f = layout.fields[e.field]
        if let c = e.add {
          guard let c128 = c.int128 else { return nil }
          let delta = (c << f.lsb).truncatedUInt128(bits: layout.words[f.word].bits)
          allEffects.append(Effect(field: Int32(e.field), word: Int32(f.word), add: c128, delta: delta, set: .none))
        } else if let v = e.set {
          guard v.isNative else { return nil }
          allEffects.append(Effect(field: Int32(e.field), word: Int32(f.word), add: 0, delta: 0, set: v.code))
          sets = true
        }
      }
      return (first, Int32(allEffects.count), sets)
    }
    /// The code of an optional condition; nil if it does not run natively.
    func code(_ c: CompiledExpression?) -> NativeCode? {
      guard let c else { return NativeCode.none }
      return c.isNative ? c.code : nil
    }
    var ops: [Operation] = []
    var allFixups: [Fixup] = []
    var wordDeltas: [WordDelta] = [], fieldChecks: [FieldCheck] = []
    let table = outcomes
    for action in layout.actions {
      let op = machine.compiled(Op(action, actor: 0))
      guard let refuse = code(op.refuse), let trap = code(op.trap), let main = appendEffects(op.effects) else { return nil }
      let fixupFirst = Int32(allFixups.count)
      for fx in op.fixups {
        guard let when = code(fx.when), let e = appendEffects(fx.effects) else { return nil }
        let outcome: FixupOutcome
        switch fx.outcome {
        case .ok: outcome = .ok
        case .saturated: outcome = .saturated
        case .spilled: outcome = .spilled
        case .refused: outcome = .refused
        case .trapped: outcome = .trapped
        }
        allFixups.append(Fixup(when: when, effectFirst: e.0, effectEnd: e.1, outcome: outcome, readsMid: e.2))
      }
      var record = Operation(
        refuse: refuse, trap: trap, effectFirst: main.0, effectEnd: main.1, fixupFirst: fixupFirst, fixupEnd: Int32(allFixups.count),
        refused: table.refused(action), sign: Int64(action.heldDelta),
        simple: !trap.exists && op.fixups.isEmpty && !main.2)
      if record.simple {
        var delta: [Int: UInt128] = [:], add: [Int: Int128] = [:]
        for e in allEffects[Int(main.0)..<Int(main.1)] {
          delta[Int(e.word), default: 0] &+= e.delta
          add[Int(e.field), default: 0] &+= e.add
        }
        record.wordDeltaFirst = Int32(wordDeltas.count)
        for w in delta.keys.sorted() { wordDeltas.append(WordDelta(word: w, delta: delta[w]!)) }
        record.wordDeltaEnd = Int32(wordDeltas.count)
        record.fieldCheckFirst = Int32(fieldChecks.count)
        for f in layout.fields.indices where delta[layout.fields[f].word] != nil { fieldChecks.append(FieldCheck(field: f, add: add[f] ?? 0)) }
        record.fieldCheckEnd = Int32(fieldChecks.count)
      }
      ops.append(record)
    }
    var preds: [Predicate] = []
    for pred in machine.predicates {
      guard let w = code(pred.when), let m = code(pred.means) else { return nil }
      preds.append(Predicate(when: w, means: m))
    }
    var onsets: [Int32] = []
    for p in layout.predicates.indices {
      for i in 0..<128 {
        let before = Standing(when: i & 8 != 0, means: i & 4 != 0), after = Standing(when: i & 2 != 0, means: i & 1 != 0)
        let o = machine.onset(predicate: p, before: before, after: after, frees: i & 64 != 0, deadBefore: i & 32 != 0, deadAfter: i & 16 != 0)
        onsets.append(o.map { Int32(table.ids[$0]!) } ?? -1)
      }
    }
    self.onsets = onsets
    // Entry bits: release 6, dead before 5, dead after 4, standing before
    // 3...2, standing after 1...0.
    quietWhenUnchanged = onsets.indices.allSatisfy { e in
      let i = e % 128
      return (i >> 2) & 3 != i & 3 || (i >> 5) & 1 != (i >> 4) & 1 || onsets[e] < 0
    }
    freed = layout.predicates.map { $0.role == .freed }
    narrowFields = layout.fields.map(NarrowField.init)
    predicateTests = preds.flatMap { [PredicateTest($0.when, machine.program.instructions), PredicateTest($0.means, machine.program.instructions)] }
    // What each code reads: words (old or new) and truth slots; nil when it
    // cannot be told (no code), so that it is always run again.
    let instructions = machine.program.instructions
    func reads(_ c: NativeCode) -> (words: Set<Int32>, truth: Set<Int32>)? {
      guard c.exists else { return nil }
      var words = Set<Int32>(), truth = Set<Int32>()
      for i in instructions[Int(c.first)..<Int(c.end)] where i.opcode == .test || i.opcode == .read {
        if i.source == 2 { truth.insert(i.index) } else { words.insert(i.index) }
      }
      return (words, truth)
    }
    let predicateReads = preds.map { (when: reads($0.when), means: reads($0.means)) }
    var rereads: [UInt8] = []
    for (i, o) in ops.enumerated() {
      var written = Set<Int32>()
      for e in allEffects[Int(o.effectFirst)..<Int(o.effectEnd)] { written.insert(e.word) }
      for fx in allFixups[Int(o.fixupFirst)..<Int(o.fixupEnd)] {
        for e in allEffects[Int(fx.effectFirst)..<Int(fx.effectEnd)] { written.insert(e.word) }
      }
      // Records 2k and 2k+1 are kind k's acquire and release; operations
      // (sign 0) move no truth slot.
      let moved: Set<Int32> = o.sign == 0 ? [] : [Int32(i / 2), Int32(kindCount)]
      func mayChange(_ r: (words: Set<Int32>, truth: Set<Int32>)?) -> Bool {
        guard let r else { return true }
        return !r.words.isDisjoint(with: written) || !r.truth.isDisjoint(with: moved)
      }
      for p in predicateReads {
        rereads.append((mayChange(p.when) ? 2 : 0) | (mayChange(p.means) ? 1 : 0))
      }
    }
    self.rereads = rereads
    operations = ops
    self.wordDeltas = wordDeltas
    self.fieldChecks = fieldChecks
    self.effects = allEffects
    fixups = allFixups
    predicates = preds
    program = machine.program
    burstPlans = NativeBurstPlan.plans(self)
  }

  /// The index of an action's record in ``operations``.
  @inline(__always)
  func index(_ action: Op.Action) -> Int {
    switch action {
    case .acquire(let k): k &* 2
    case .release(let k): k &* 2 &+ 1
    case .perform(let o): kindCount &* 2 &+ o
    }
  }

  /// The reading of field `f` in `words`, as declared.
  @inline(__always)
  func reading(_ f: Int, _ words: UnsafePointer<UInt128>) -> Int128 {
    let raw = (words[fieldWord[f]] >> fieldLSB[f]) & fieldMask[f]
    let s = fieldSign[f]
    return Int128(truncatingIfNeeded: (raw ^ s) &- s)
  }
}
