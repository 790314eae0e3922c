/// The inputs of a native evaluation: the words before and after the step, and
/// the truth as native integers.
public struct NativeInputs {
  public var old: UnsafePointer<UInt128>
  public var new: UnsafePointer<UInt128>
  public var held: UnsafePointer<Int64>
  public var total: Int64

  public init(old: UnsafePointer<UInt128>, new: UnsafePointer<UInt128>, held: UnsafePointer<Int64>, total: Int64) {
    self.old = old
    self.new = new
    self.held = held
    self.total = total
  }
}

/// An expression compiled once for a layout.
///
/// A static bound on the magnitude of every intermediate value decides how it
/// runs: when every value provably fits in `Int128` (all fields of up to 127
/// bits, no unbounded shift), it runs as a tree of native closures; otherwise it
/// runs exactly on ``BigInt``. Truth values are bounded by
/// ``CompiledExpression/nativeTruthLimit``: a caller whose truth exceeds it
/// must call ``evaluateExactly(_:)`` instead.
public struct CompiledExpression: Sendable {
  public typealias Native = @Sendable (borrowing NativeInputs) -> Int128

  /// The resolved expression (always available, for exact evaluation).
  public let expression: Expression
  /// The native form, when every intermediate value provably fits in Int128.
  public let native: Native?

  /// Truth values (held counts and their total) must stay below this for the
  /// native form to be exact: 2^62.
  public static let nativeTruthLimit: Int64 = 1 << 62

  public init(_ expression: Expression, fields: [Layout.Field], words: [Layout.Word]) {
    self.expression = expression
    let layout = FieldGeometry(fields: fields, words: words)
    if Self.bound(expression, layout) != nil {
      native = Self.compile(expression, layout)
    } else {
      native = nil
    }
  }

  /// Evaluates exactly on unbounded integers.
  public func evaluateExactly(_ env: some ExpressionEnvironment) -> BigInt {
    expression.evaluate(env)
  }

  /// An upper bound `b` with |value| < 2^b for the expression's value, or nil
  /// if some intermediate value is unbounded or may need more than 127 bits.
  static func bound(_ e: Expression, _ g: FieldGeometry) -> Int? {
    let r: Int
    switch e {
    case .literal(let v), .constant(_, let v): r = v.bitWidth
    case .name, .access: return nil
    case .field(let f, _, _):
      // |value| < 2^width in either reading (signed: at most 2^(width-1)).
      r = g.fields[f].bits
    case .word(let w, _, _): r = g.words[w].bits
    case .held, .total: r = 63
    case .unary(let op, let a):
      guard let x = bound(a, g) else { return nil }
      switch op {
      case .negate: r = x
      case .complement: r = x + 1
      case .not: r = 1
      }
    case .binary(let op, let a, let b):
      guard let x = bound(a, g), let y = bound(b, g) else { return nil }
      switch op {
      case .add, .subtract, .bitAnd, .bitOr, .bitXor: r = max(x, y) + 1
      case .multiply: r = x + y
      case .divide, .remainder: r = x
      case .shiftLeft:
        guard b.isConstant, let n = b.constantValue.int, (0...128).contains(n) else { return nil }
        r = x + n
      case .shiftRight:
        guard b.isConstant, let n = b.constantValue.int, (0...128).contains(n) else { return nil }
        r = x
      default: r = 1
      }
    case .call(_, let args):
      var m = 0
      for a in args {
        guard let x = bound(a, g) else { return nil }
        m = max(m, x)
      }
      r = m
    }
    return r <= 127 ? r : nil
  }

  /// Builds the closure tree. Only called when ``bound(_:_:)`` proved every
  /// intermediate value fits, so the wrapping operators never wrap.
  static func compile(_ e: Expression, _ g: FieldGeometry) -> Native {
    switch e {
    case .literal(let v), .constant(_, let v):
      let c = v.int128 ?? 0
      return { _ in c }
    case .name, .access:
      return { _ in 0 }
    case .field, .word:
      guard let r = g.bitRead(e) else { return { _ in 0 } }
      let word = r.word, lsb = r.lsb, width = r.width
      let mask: UInt128 = width == 128 ? ~0 : (UInt128(1) << width) - 1
      let signBit: UInt128 = UInt128(1) << (width - 1)
      if r.signed {
        // Sign-extend by the xor-subtract trick.
        if r.time == .old {
          return { i in Int128(truncatingIfNeeded: ((((i.old[word] >> lsb) & mask) ^ signBit) &- signBit)) }
        }
        return { i in Int128(truncatingIfNeeded: ((((i.new[word] >> lsb) & mask) ^ signBit) &- signBit)) }
      }
      if r.time == .old {
        return { i in Int128(truncatingIfNeeded: (i.old[word] >> lsb) & mask) }
      }
      return { i in Int128(truncatingIfNeeded: (i.new[word] >> lsb) & mask) }
    case .held(let k):
      return { i in Int128(i.held[k]) }
    case .total:
      return { i in Int128(i.total) }
    case .unary(let op, let a):
      let x = compile(a, g)
      switch op {
      case .negate: return { i in 0 &- x(i) }
      case .complement: return { i in ~x(i) }
      case .not: return { i in x(i) == 0 ? 1 : 0 }
      }
    case .binary(let op, let a, let b):
      let x = compile(a, g), y = compile(b, g)
      switch op {
      case .multiply: return { i in x(i) &* y(i) }
      case .divide: return { i in let d = y(i); return d == 0 ? 0 : x(i) / d }
      case .remainder: return { i in let d = y(i); let n = x(i); return d == 0 ? n : n % d }
      case .add: return { i in x(i) &+ y(i) }
      case .subtract: return { i in x(i) &- y(i) }
      case .shiftLeft:
        let n = b.constantValue.int ?? 0
        return { i in x(i) << n }
      case .shiftRight:
        let n = b.constantValue.int ?? 0
        return { i in x(i) >> n }
      case .less: return { i in x(i) < y(i) ? 1 : 0 }
      case .lessOrEqual: return { i in x(i) <= y(i) ? 1 : 0 }
      case .greater: return { i in x(i) > y(i) ? 1 : 0 }
      case .greaterOrEqual: return { i in x(i) >= y(i) ? 1 : 0 }
      case .equal: return { i in x(i) == y(i) ? 1 : 0 }
      case .notEqual: return { i in x(i) != y(i) ? 1 : 0 }
      case .bitAnd: return { i in x(i) & y(i) }
      case .bitXor: return { i in x(i) ^ y(i) }
      case .bitOr: return { i in x(i) | y(i) }
      case .and: return { i in x(i) != 0 && y(i) != 0 ? 1 : 0 }
      case .or: return { i in x(i) != 0 || y(i) != 0 ? 1 : 0 }
      }
    case .call(let f, let args):
      let fs = args.map { compile($0, g) }
      switch f {
      case .min: return { i in fs.dropFirst().reduce(fs[0](i)) { Swift.min($0, $1(i)) } }
      case .max: return { i in fs.dropFirst().reduce(fs[0](i)) { Swift.max($0, $1(i)) } }
      }
    }
  }
}

/// The bit positions of fields, as the compiled forms need them.
struct FieldGeometry {
  var fields: [Layout.Field]
  var words: [Layout.Word]

  /// What a field or whole-word read reads: the word, its lowest bit, the
  /// width, whether the reading is signed, and when; nil for any other
  /// expression.
  func bitRead(_ e: Expression) -> BitRead? {
    switch e {
    case .field(let f, let time, let reading):
      let field = fields[f]
      return BitRead(word: field.word, lsb: field.lsb, width: field.bits, signed: reading == .signed || (reading == .declared && field.signed), time: time)
    case .word(let w, let time, let reading):
      return BitRead(word: w, lsb: 0, width: words[w].bits, signed: reading == .signed || (reading == .declared && words[w].signed), time: time)
    default: return nil
    }
  }
}

/// A read of a bit range of one word: a field, or a whole word.
struct BitRead {
  var word: Int
  var lsb: Int
  var width: Int
  var signed: Bool
  var time: Expression.Time
}
