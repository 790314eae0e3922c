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
  /// ``Machine/onset(predicate:before:after:frees:deadBefore:deadAfter:)``,
  /// so the engine charges lies exactly as the machine does.
  let onsets: [Int32]
  /// Per predicate: whether it is a `freed` predicate (its `means` says when
  /// the object is dead).
  let freed: [Bool]

  /// Widest field the native engine takes: readings, expected values and
  /// ideal values must stay far inside `Int128`.
  static let maxFieldBits = 120

  /// Lays out a machine's compiled operations, or returns nil if some value
  /// may not fit. Compiles nothing: the codes are the machine's.
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
      ops.append(Operation(
        refuse: refuse, trap: trap, effectFirst: main.0, effectEnd: main.1, fixupFirst: fixupFirst, fixupEnd: Int32(allFixups.count),
        refused: table.refused(action), sign: Int64(action.heldDelta),
        simple: !trap.exists && op.fixups.isEmpty && !main.2))
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
    freed = layout.predicates.map { $0.role == .freed }
    operations = ops
    self.effects = allEffects
    fixups = allFixups
    predicates = preds
    program = machine.program
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
