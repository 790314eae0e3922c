/// An expression compiled for the native fuzzing engine: a tree of closures
/// over native integers, like ``CompiledExpression/native``, with the common
/// leaves fused (`field OP constant`, `held OP constant`, `total OP constant`
/// are one call each, not three).
///
/// Only built for expressions whose every intermediate value provably fits
/// in `Int128` (``CompiledExpression/bound(_:_:)``), with truth values below
/// ``CompiledExpression/nativeTruthLimit``.
struct NativeExpression: Sendable {
  typealias Function = @Sendable (borrowing NativeInputs) -> Int128
  let evaluate: Function

  /// nil when some value may not fit `Int128`.
  init?(_ e: Expression, fields: [Layout.Field], words: [Layout.Word]) {
    let g = FieldGeometry(fields: fields, words: words)
    guard CompiledExpression.bound(e, g) != nil else { return nil }
    evaluate = Self.compile(e, g)
  }

  /// A leaf that reads one value.
  enum Leaf {
    case field(word: Int, lsb: Int, mask: UInt128, sign: UInt128?, old: Bool)
    case held(Int)
    case total
  }

  static func leaf(_ e: Expression, _ g: FieldGeometry) -> Leaf? {
    switch e {
    case .field(let f, let time, let reading):
      let field = g.fields[f]
      let mask: UInt128 = field.bits == 128 ? ~0 : (UInt128(1) << field.bits) - 1
      let signed = reading == .signed || (reading == .declared && field.signed)
      return .field(word: field.word, lsb: field.lsb, mask: mask, sign: signed ? UInt128(1) << (field.bits - 1) : nil, old: time == .old)
    case .held(let k): return .held(k)
    case .total: return .total
    default: return nil
    }
  }

  /// `leaf OP c` as one closure, for each comparison.
  static func fused(_ op: Expression.BinaryOperator, _ leaf: Leaf, _ c: Int128) -> Function? {
    func make(_ read: @escaping @Sendable (borrowing NativeInputs) -> Int128) -> Function? {
      switch op {
      case .less: return { i in read(i) < c ? 1 : 0 }
      case .lessOrEqual: return { i in read(i) <= c ? 1 : 0 }
      case .greater: return { i in read(i) > c ? 1 : 0 }
      case .greaterOrEqual: return { i in read(i) >= c ? 1 : 0 }
      case .equal: return { i in read(i) == c ? 1 : 0 }
      case .notEqual: return { i in read(i) != c ? 1 : 0 }
      default: return nil
      }
    }
    switch leaf {
    case .held(let k):
      switch op {
      case .less: return { i in Int128(i.held[k]) < c ? 1 : 0 }
      case .lessOrEqual: return { i in Int128(i.held[k]) <= c ? 1 : 0 }
      case .greater: return { i in Int128(i.held[k]) > c ? 1 : 0 }
      case .greaterOrEqual: return { i in Int128(i.held[k]) >= c ? 1 : 0 }
      case .equal: return { i in Int128(i.held[k]) == c ? 1 : 0 }
      case .notEqual: return { i in Int128(i.held[k]) != c ? 1 : 0 }
      default: return nil
      }
    case .total:
      switch op {
      case .less: return { i in Int128(i.total) < c ? 1 : 0 }
      case .lessOrEqual: return { i in Int128(i.total) <= c ? 1 : 0 }
      case .greater: return { i in Int128(i.total) > c ? 1 : 0 }
      case .greaterOrEqual: return { i in Int128(i.total) >= c ? 1 : 0 }
      case .equal: return { i in Int128(i.total) == c ? 1 : 0 }
      case .notEqual: return { i in Int128(i.total) != c ? 1 : 0 }
      default: return nil
      }
    case .field(let word, let lsb, let mask, let sign, let old):
      if let sign {
        if old { return make { i in Int128(truncatingIfNeeded: (((i.old[word] >> lsb) & mask) ^ sign) &- sign) } }
        return make { i in Int128(truncatingIfNeeded: (((i.new[word] >> lsb) & mask) ^ sign) &- sign) }
      }
      // Unsigned fields of at most 64 bits at bit 0 of a word of at most 64
      // bits are the common case; keep the shift and mask anyway (cheap).
      if old { return make { i in Int128(truncatingIfNeeded: (i.old[word] >> lsb) & mask) } }
      return make { i in Int128(truncatingIfNeeded: (i.new[word] >> lsb) & mask) }
    }
  }

  static func mirrored(_ op: Expression.BinaryOperator) -> Expression.BinaryOperator {
    switch op {
    case .less: .greater
    case .lessOrEqual: .greaterOrEqual
    case .greater: .less
    case .greaterOrEqual: .lessOrEqual
    default: op
    }
  }

  static func compile(_ e: Expression, _ g: FieldGeometry) -> Function {
    if case .binary(let op, let a, let b) = e, op.isBoolean, op != .and, op != .or {
      if let l = leaf(a, g), b.isConstant, let c = b.constantValue.int128, let f = fused(op, l, c) { return f }
      if let l = leaf(b, g), a.isConstant, let c = a.constantValue.int128, let f = fused(mirrored(op), l, c) { return f }
    }
    if e.isConstant, let c = e.constantValue.int128 { return { _ in c } }
    switch e {
    case .binary(.and, let a, let b):
      let x = compile(a, g), y = compile(b, g)
      return { i in x(i) != 0 && y(i) != 0 ? 1 : 0 }
    case .binary(.or, let a, let b):
      let x = compile(a, g), y = compile(b, g)
      return { i in x(i) != 0 || y(i) != 0 ? 1 : 0 }
    case .unary(.not, let a):
      let x = compile(a, g)
      return { i in x(i) == 0 ? 1 : 0 }
    default:
      return CompiledExpression.compile(e, g)
    }
  }
}
