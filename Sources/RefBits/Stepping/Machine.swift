/// A validated layout compiled for stepping: field geometry as masks and
/// every condition and value compiled once, into one ``NativeProgram``
/// that the reference step runs where values fit and the native engine
/// (``NativeMachine``) is built from.
///
/// A `Machine` is immutable and `Sendable`; share one across threads.
public struct Machine: Sendable {
  let layout: Layout

  /// Per word: mask of its width.
  let wordMask: [UInt128]
  /// Per word: bits that belong to no field.
  let gapMask: [UInt128]
  /// Per field: its bits in place, and its width mask.
  let fieldMaskInPlace: [UInt128]
  let fieldMask: [UInt128]

  let kinds: [CompiledKind]
  /// Per operation (``Layout/operations``): what it does.
  let operations: [CompiledAction]
  let predicates: [CompiledPredicate]
  /// Indices of the `freed` predicates: their `means` say when the object is
  /// dead (see ``isDead(_:)``).
  let freed: [Int]
  /// Every condition and set value of the layout, compiled.
  let program: NativeProgram
  /// Field geometry, small to copy into evaluation environments.
  let reader: FieldReader
  /// Per field: whether it is declared signed or some condition or value
  /// reads it `signed(...)` (its readings then jump where its sign bit flips).
  let readsSigned: [Bool]

  struct CompiledAction: Sendable {
    var refuse: CompiledExpression?
    var effects: [CompiledEffect]
    var trap: CompiledExpression?
    var fixups: [CompiledFixup]
    /// ``Layout/Action/resurrects``.
    var resurrects: Bool
  }

  struct CompiledEffect: Sendable {
    var field: Int
    /// A constant add, or a value to set.
    var add: BigInt?
    var set: CompiledExpression?
  }

  struct CompiledFixup: Sendable {
    var when: CompiledExpression
    var effects: [CompiledEffect]
    var outcome: Layout.FixupOutcome
  }

  struct CompiledKind: Sendable {
    var acquire: CompiledAction
    var release: CompiledAction
  }

  struct CompiledPredicate: Sendable {
    var when: CompiledExpression
    var means: CompiledExpression
  }

  /// Compiles a layout. The layout must be valid (``Layout/validate()``).
  public init(_ layout: Layout) {
    self.layout = layout
    wordMask = layout.words.map { $0.bits == 128 ? ~0 : (UInt128(1) << $0.bits) - 1 }
    fieldMask = layout.fields.map { $0.bits == 128 ? ~0 : (UInt128(1) << $0.bits) - 1 }
    fieldMaskInPlace = layout.fields.indices.map { i in
      let f = layout.fields[i]
      return (f.bits == 128 ? ~0 : (UInt128(1) << f.bits) - 1) << f.lsb
    }
    var gaps = wordMask
    for (i, f) in layout.fields.enumerated() { gaps[f.word] &= ~fieldMaskInPlace[i] }
    gapMask = gaps
    reader = FieldReader(fields: layout.fields, fieldMask: fieldMask, words: layout.words)

    var builder = NativeProgramBuilder(fields: layout.fields, words: layout.words, kindCount: layout.kinds.count)
    func condition(_ e: Expression) -> CompiledExpression { CompiledExpression(e, condition: true, into: &builder) }
    func effects(_ list: [Layout.Effect]) -> [CompiledEffect] {
      list.map { e in
        switch e.action {
        case .add(let c): CompiledEffect(field: e.field, add: c, set: nil)
        case .set(let v): CompiledEffect(field: e.field, add: nil, set: CompiledExpression(v, condition: false, into: &builder))
        }
      }
    }
    func action(_ op: Layout.Action) -> CompiledAction {
      CompiledAction(
        refuse: op.refuse.map { condition($0.expression) },
        effects: effects(op.effects),
        trap: op.trap.map { condition($0.expression) },
        fixups: op.fixups.map { CompiledFixup(when: condition($0.when.expression), effects: effects($0.effects), outcome: $0.outcome) },
        resurrects: op.resurrects
      )
    }
    kinds = layout.kinds.map { CompiledKind(acquire: action($0.acquire), release: action($0.release)) }
    operations = layout.operations.map { action($0.action) }
    predicates = layout.predicates.map { CompiledPredicate(when: condition($0.when.expression), means: condition($0.means.expression)) }
    freed = layout.predicates.indices.filter { layout.predicates[$0].role == .freed }
    program = builder.program

    var signed = layout.fields.map(\.signed)
    var expressions = predicates.flatMap { [$0.when.expression, $0.means.expression] }
    for op in kinds.flatMap({ [$0.acquire, $0.release] }) + operations {
      expressions += [op.refuse, op.trap].compactMap { $0?.expression }
      expressions += (op.effects + op.fixups.flatMap(\.effects)).compactMap { $0.set?.expression }
      expressions += op.fixups.map(\.when.expression)
    }
    for e in expressions {
      e.forEachNode {
        switch $0 {
        case .field(let f, _, .signed): signed[f] = true
        case .word(let w, _, let r) where r == .signed || (r == .declared && layout.words[w].signed):
          // Its reading jumps where the word's top bit flips: in the field
          // that holds that bit, if any.
          if let f = layout.fields.indices.first(where: { layout.fields[$0].word == w && layout.fields[$0].msb == layout.words[w].bits - 1 }) { signed[f] = true }
        default: break
        }
      }
    }
    readsSigned = signed
  }

  // MARK: Field access

  /// The raw (unsigned) bits of field `f` in `words`.
  func bits(_ f: Int, in words: [UInt128]) -> UInt128 {
    reader.bits(f, in: words)
  }

  /// The value of field `f` in `words`, in the given reading.
  func reading(_ f: Int, in words: [UInt128], as reading: Expression.Reading = .declared) -> BigInt {
    self.reader.reading(f, in: words, as: reading)
  }

  /// Stores `value` into field `f` (mod 2^width), leaving other bits alone.
  func store(_ value: BigInt, field f: Int, in words: inout [UInt128]) {
    let field = layout.fields[f]
    let v = value.truncatedUInt128(bits: field.bits)
    words[field.word] = (words[field.word] & ~fieldMaskInPlace[f]) | (v << field.lsb)
  }

  /// Adds `value << lsb` to the field's word, wrapping at the word's width:
  /// a carry or borrow goes into the neighbouring field, as an atomic add does.
  func addToWord(_ value: BigInt, field f: Int, in words: inout [UInt128]) {
    let field = layout.fields[f]
    let w = field.word
    let bits = layout.words[w].bits
    let delta = (value << field.lsb).truncatedUInt128(bits: bits)
    words[w] = (words[w] &+ delta) & wordMask[w]
  }
}
