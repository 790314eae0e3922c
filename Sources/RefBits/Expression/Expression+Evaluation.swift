/// What an exact evaluation reads: field values and the truth.
protocol ExpressionEnvironment {
  /// The value of field `index` at `time`, in `reading`.
  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt
  /// The whole word `index` at `time`, in `reading`.
  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt
  /// References of kind `index` held.
  func held(_ index: Int) -> BigInt
  /// All references held.
  var total: BigInt { get }
}

/// The environment of a constant expression: reading anything is a bug of the
/// caller (resolution rejects it), answered with 0 rather than a trap.
struct ConstantEnvironment: ExpressionEnvironment {
  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt { 0 }
  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt { 0 }
  func held(_ index: Int) -> BigInt { 0 }
  var total: BigInt { 0 }
}

extension Expression {
  /// Largest shift count honoured at run time; a larger count gives 0 for
  /// `<<` (and the sign for `>>`), a defined outcome instead of a huge number.
  static let maximumShift = 4096

  /// Evaluates exactly, with unbounded integers.
  ///
  /// Unresolved names evaluate to 0 (resolution rejects them first).
  func evaluate(_ env: some ExpressionEnvironment) -> BigInt {
    switch self {
    case .literal(let v), .constant(_, let v): return v
    case .name, .access: return 0
    case .field(let f, let t, let r): return env.field(f, time: t, reading: r)
    case .word(let w, let t, let r): return env.word(w, time: t, reading: r)
    case .held(let k): return env.held(k)
    case .total: return env.total
    case .unary(let op, let a):
      let v = a.evaluate(env)
      switch op {
      case .negate: return -v
      case .complement: return ~v
      case .not: return v.isZero ? 1 : 0
      }
    case .binary(.and, let a, let b):
      return a.evaluate(env).isZero ? 0 : (b.evaluate(env).isZero ? 0 : 1)
    case .binary(.or, let a, let b):
      return !a.evaluate(env).isZero ? 1 : (b.evaluate(env).isZero ? 0 : 1)
    case .binary(let op, let a, let b):
      return Self.apply(op, a.evaluate(env), b.evaluate(env))
    case .call(let f, let args):
      let values = args.map { $0.evaluate(env) }
      switch f {
      case .min: return values.min() ?? 0
      case .max: return values.max() ?? 0
      }
    }
  }

  /// One binary operator on exact values, with the run-time definitions of
  /// the edge cases (zero divisor, huge shift counts).
  static func apply(_ op: BinaryOperator, _ x: BigInt, _ y: BigInt) -> BigInt {
    switch op {
    case .multiply: return x * y
    case .divide: return x / y
    case .remainder: return x % y
    case .add: return x + y
    case .subtract: return x - y
    case .shiftLeft, .shiftRight:
      let count = op == .shiftLeft ? y : -y
      // `magnitude`, not `abs`: a count of exactly -2^63 (a 64-bit field
      // holding its lowest value, as in `2 >> count`) has no Int magnitude.
      guard let n = count.int, n.magnitude <= maximumShift else {
        // Far past any word: << gives 0, >> gives the sign.
        return count.isNegative ? (x.isNegative ? -1 : 0) : 0
      }
      return n >= 0 ? x << n : x >> -n
    case .less: return x < y ? 1 : 0
    case .lessOrEqual: return x <= y ? 1 : 0
    case .greater: return x > y ? 1 : 0
    case .greaterOrEqual: return x >= y ? 1 : 0
    case .equal: return x == y ? 1 : 0
    case .notEqual: return x != y ? 1 : 0
    case .bitAnd: return x & y
    case .bitXor: return x ^ y
    case .bitOr: return x | y
    case .and: return (!x.isZero && !y.isZero) ? 1 : 0
    case .or: return (!x.isZero || !y.isZero) ? 1 : 0
    }
  }

  /// Evaluates as a condition.
  func holds(_ env: some ExpressionEnvironment) -> Bool {
    !evaluate(env).isZero
  }
}
