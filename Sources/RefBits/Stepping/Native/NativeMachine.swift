/// A ``Machine`` compiled for the fuzzer's hot path: field geometry as native
/// masks, every condition and set value compiled into one flat program of
/// ``NativeInstruction``s (see NativeProgram.swift) and referred to by a
/// plain ``NativeCode``, each effect a precomputed word delta, and each
/// outcome a number in an ``OutcomeTable``. Every record is a plain value
/// (no closure, no nested array), so the engine copies them into raw
/// buffers once and steps without reference counting.
///
/// It steps a ``NativeEngine``'s state with no allocation. It exists only for
/// layouts whose values all fit native integers (fields of at most 120 bits,
/// every expression bounded by ``CompiledExpression/bound(_:_:)``); callers
/// fall back to ``Machine`` otherwise, and whenever the truth leaves the
/// native range.
public struct NativeMachine: Sendable {
  public let machine: Machine
  public let outcomes: OutcomeTable

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
  /// Every expression, compiled into one flat program (NativeProgram.swift).
  let program: [NativeInstruction]
  /// Per kind × direction (kind * 2 + (release ? 1 : 0)), then per
  /// operation (kindCount * 2 + operation): see ``index(_:)``.
  let operations: [Operation]
  /// All main and fixup effects, flat; operations and fixups hold ranges.
  let effects: [Effect]
  let fixups: [Fixup]
  let predicates: [Predicate]

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
  /// ``Machine/onset(predicate:before:after:release:deadBefore:deadAfter:)``,
  /// so the engine charges lies exactly as the machine does.
  let onsets: [Int32]
  /// Per predicate: whether it is a `freed` predicate (its `means` says when
  /// the object is dead).
  let freed: [Bool]

  /// Widest field the native engine takes: readings, expected values and
  /// ideal values must stay far inside `Int128`.
  public static let maxFieldBits = 120

  /// Compiles a machine, or returns nil if some value may not fit.
  public init?(_ machine: Machine) {
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
    var builder = NativeProgramBuilder(fields: layout.fields, words: layout.words, kindCount: layout.kinds.count)
    func condition(_ e: Expression) -> NativeCode? { builder.compile(e, condition: true) }
    var allEffects: [Effect] = []
    /// Appends the effects; their range, or nil if some value may not fit.
    func compileEffects(_ list: [Layout.Effect]) -> (Int32, Int32, Bool)? {
      let first = Int32(allEffects.count)
      var sets = false
      for e in list {
        let f = layout.fields[e.field]
        switch e.action {
        case .add(let c):
          guard let c128 = c.int128 else { return nil }
          let delta = (c << f.lsb).truncatedUInt128(bits: layout.words[f.word].bits)
          allEffects.append(Effect(field: Int32(e.field), word: Int32(f.word), add: c128, delta: delta, set: .none))
        case .set(let v):
          guard let x = builder.compile(v, condition: false) else { return nil }
          allEffects.append(Effect(field: Int32(e.field), word: Int32(f.word), add: 0, delta: 0, set: x))
          sets = true
        }
      }
      return (first, Int32(allEffects.count), sets)
    }
    var ops: [Operation] = []
    var allFixups: [Fixup] = []
    let table = outcomes
    for action in layout.actions {
      let op = layout.action(action)
      var refuse = NativeCode.none
      var trap = NativeCode.none
      if let r = op.refuse { guard let x = condition(r.expression) else { return nil }; refuse = x }
      if let t = op.trap { guard let x = condition(t.expression) else { return nil }; trap = x }
      guard let main = compileEffects(op.effects) else { return nil }
      let fixupFirst = Int32(allFixups.count)
      for fx in op.fixups {
        guard let when = condition(fx.when.expression), let e = compileEffects(fx.effects) else { return nil }
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
      ops.append(Operation(
        refuse: refuse, trap: trap, effectFirst: main.0, effectEnd: main.1, fixupFirst: fixupFirst, fixupEnd: Int32(allFixups.count),
        refused: table.refused(action), sign: Int64(action.heldDelta),
        simple: !trap.exists && op.fixups.isEmpty && !main.2))
    }
    var preds: [Predicate] = []
    for (p, pred) in layout.predicates.enumerated() {
      guard let w = condition(pred.when.expression), let m = condition(pred.means.expression) else { return nil }
      preds.append(Predicate(when: w, means: m))
    }
    var onsets: [Int32] = []
    for p in layout.predicates.indices {
      for i in 0..<128 {
        let before = Standing(when: i & 8 != 0, means: i & 4 != 0), after = Standing(when: i & 2 != 0, means: i & 1 != 0)
        let o = machine.onset(predicate: p, before: before, after: after, release: i & 64 != 0, deadBefore: i & 32 != 0, deadAfter: i & 16 != 0)
        onsets.append(o.map { Int32(table.ids[$0]!) } ?? -1)
      }
    }
    self.onsets = onsets
    freed = layout.predicates.map { $0.role == .freed }
    operations = ops
    self.effects = allEffects
    fixups = allFixups
    predicates = preds
    program = builder.instructions
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
