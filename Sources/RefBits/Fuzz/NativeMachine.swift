/// A ``Machine`` compiled for the fuzzer's hot path: field geometry as native
/// masks, every condition a ``NativeExpression``, each effect a precomputed
/// word delta, and each outcome a number in an ``OutcomeTable``.
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
  /// Per kind × direction (kind * 2 + (release ? 1 : 0)).
  let operations: [Operation]
  let predicates: [Predicate]

  struct Effect: Sendable {
    var field: Int
    var word: Int
    /// For an add: the constant, and its shifted, truncated delta to the word.
    var add: Int128
    var delta: UInt128
    /// For a set: the value.
    var set: NativeExpression?
  }

  struct Fixup: Sendable {
    var when: NativeExpression
    var effects: [Effect]
    var outcome: Layout.FixupOutcome
    var readsMid: Bool
  }

  struct Operation: Sendable {
    var kind: Int
    var sign: Int64
    var refuse: NativeExpression?
    var effects: [Effect]
    var trap: NativeExpression?
    var fixups: [Fixup]
    var refused: Int32
  }

  struct Predicate: Sendable {
    var when: NativeExpression
    var means: NativeExpression
    var falsePositive: Int32
    var falseNegative: Int32
  }

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
    func compile(_ e: Expression) -> NativeExpression? { NativeExpression(e, fields: layout.fields, words: layout.words) }
    func effects(_ list: [Layout.Effect]) -> [Effect]? {
      var out: [Effect] = []
      for e in list {
        let f = layout.fields[e.field]
        switch e.action {
        case .add(let c):
          guard let c128 = c.int128 else { return nil }
          let delta = (c << f.lsb).truncatedUInt128(bits: layout.words[f.word].bits)
          out.append(Effect(field: e.field, word: f.word, add: c128, delta: delta, set: nil))
        case .set(let v):
          guard let x = compile(v) else { return nil }
          out.append(Effect(field: e.field, word: f.word, add: 0, delta: 0, set: x))
        }
      }
      return out
    }
    var ops: [Operation] = []
    let table = outcomes
    for (k, kind) in layout.kinds.enumerated() {
      for d in [Layout.Direction.acquire, .release] {
        let op = kind.operation(d)
        var refuse: NativeExpression?
        var trap: NativeExpression?
        if let r = op.refuse { guard let x = compile(r.expression) else { return nil }; refuse = x }
        if let t = op.trap { guard let x = compile(t.expression) else { return nil }; trap = x }
        guard let main = effects(op.effects) else { return nil }
        var fixups: [Fixup] = []
        for fx in op.fixups {
          guard let when = compile(fx.when.expression), let e = effects(fx.effects) else { return nil }
          fixups.append(Fixup(when: when, effects: e, outcome: fx.outcome, readsMid: e.contains { $0.set != nil }))
        }
        ops.append(Operation(kind: k, sign: d == .acquire ? 1 : -1, refuse: refuse, effects: main, trap: trap, fixups: fixups, refused: table.refused[k]))
      }
    }
    operations = ops
    var preds: [Predicate] = []
    for (p, pred) in layout.predicates.enumerated() {
      guard let w = compile(pred.when.expression), let m = compile(pred.means.expression) else { return nil }
      preds.append(Predicate(when: w, means: m, falsePositive: table.falsePositive[p], falseNegative: table.falseNegative[p]))
    }
    predicates = preds
  }

  /// The reading of field `f` in `words`, as declared.
  @inline(__always)
  func reading(_ f: Int, _ words: UnsafePointer<UInt128>) -> Int128 {
    let raw = (words[fieldWord[f]] >> fieldLSB[f]) & fieldMask[f]
    let s = fieldSign[f]
    return Int128(truncatingIfNeeded: (raw ^ s) &- s)
  }
}
