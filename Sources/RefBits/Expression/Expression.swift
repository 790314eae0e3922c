/// A C-like integer expression over field values and the truth.
///
/// Values are unbounded integers: `a + b` never wraps, so a condition says
/// exactly what it means whatever the width (write `new(count) < 0` for "the
/// add made it negative", not `old + i < 0`). Comparisons and `&&`, `||`, `!`
/// give 1 or 0; any non-zero value is true. `/` and `%` truncate toward zero as
/// in C; a zero divisor is a check-time error when it is a constant and gives
/// `x / 0 == 0`, `x % 0 == x` at run time. `>>` is arithmetic (floor).
///
/// An expression is parsed (``Expression/parse(_:)``) into names, then
/// resolved against a layout (``Expression/resolved(in:context:)``) into field
/// and truth references, then compiled (``CompiledExpression``) to run fast on
/// native integers where its values provably fit.
public indirect enum Expression: Sendable, Hashable {
  case literal(BigInt)
  /// An unresolved name at a UTF-8 offset of the source text.
  case name(String, offset: Int)
  /// An unresolved `old(f)`, `new(f)`, `signed(f)`, `unsigned(f)` (or nested).
  case access(String, time: Time?, reading: Reading?, offset: Int)
  /// A named constant, resolved to its value (kept for printing).
  case constant(String, BigInt)
  /// A field's value: field index, before or after the step, and the reading.
  case field(Int, time: Time, reading: Reading)
  /// A whole word's raw bits, of a word split into fields: word index, before
  /// or after the step, and the reading (declared: the word's own).
  case word(Int, time: Time, reading: Reading)
  /// References of one kind held (truth), by kind index.
  case held(Int)
  /// All references held (truth), every kind.
  case total
  case unary(UnaryOperator, Expression)
  case binary(BinaryOperator, Expression, Expression)
  case call(Function, [Expression])

  /// Which state a field reference reads.
  public enum Time: String, Sendable, Hashable {
    /// Before the step.
    case old
    /// After the step (or the state being examined, for a predicate).
    case new
  }

  /// How the bits of a field are read.
  public enum Reading: String, Sendable, Hashable {
    /// As the field declares.
    case declared
    case signed
    case unsigned
  }

  /// A prefix operator, spelled as in C.
  public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-"
    case complement = "~"
    case not = "!"
  }

  /// An infix operator, spelled and ranked as in C.
  public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case multiply = "*", divide = "/", remainder = "%"
    case add = "+", subtract = "-"
    case shiftLeft = "<<", shiftRight = ">>"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "==", notEqual = "!="
    case bitAnd = "&", bitXor = "^", bitOr = "|"
    case and = "&&", or = "||"

    /// C precedence: higher binds tighter.
    var precedence: Int {
      switch self {
      case .multiply, .divide, .remainder: 10
      case .add, .subtract: 9
      case .shiftLeft, .shiftRight: 8
      case .less, .lessOrEqual, .greater, .greaterOrEqual: 7
      case .equal, .notEqual: 6
      case .bitAnd: 5
      case .bitXor: 4
      case .bitOr: 3
      case .and: 2
      case .or: 1
      }
    }

    /// Whether the result is a truth value (0 or 1).
    var isBoolean: Bool { precedence <= 7 && self != .bitAnd && self != .bitXor && self != .bitOr }
  }

  /// A built-in function: `min(a, b)`, `max(a, b)`.
  public enum Function: String, Sendable, Hashable, CaseIterable {
    case min, max
  }
}

extension Expression {
  /// Whether the value depends on no field and no truth (a constant).
  var isConstant: Bool {
    switch self {
    case .literal, .constant: true
    case .name, .access, .field, .word, .held, .total: false
    case .unary(_, let a): a.isConstant
    case .binary(_, let a, let b): a.isConstant && b.isConstant
    case .call(_, let args): args.allSatisfy(\.isConstant)
    }
  }

  /// Every sub-expression, this one first.
  func forEachNode(_ body: (Expression) throws -> Void) rethrows {
    try body(self)
    switch self {
    case .unary(_, let a): try a.forEachNode(body)
    case .binary(_, let a, let b):
      try a.forEachNode(body)
      try b.forEachNode(body)
    case .call(_, let args): for a in args { try a.forEachNode(body) }
    default: break
    }
  }

  /// Whether any field (or whole word) is read at the given time.
  func reads(_ time: Time) -> Bool {
    var found = false
    forEachNode {
      switch $0 {
      case .field(_, let t, _), .word(_, let t, _): if t == time { found = true }
      default: break
      }
    }
    return found
  }

  /// Whether any truth value (held count or total) is read.
  var readsTruth: Bool {
    var found = false
    forEachNode {
      switch $0 {
      case .held, .total: found = true
      default: break
      }
    }
    return found
  }
}
