/// A syntax or name error in an expression, at a character offset of its text.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// 0-based character offset into the expression text.
  public var offset: Int
  /// What is wrong, without the position (the caller adds the file and line).
  public var message: String

  /// Creates an error at character `offset` (0-based) of the expression text.
  init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  /// `column N: message`, the column 1-based.
  public var description: String { "column \(offset + 1): \(message)" }
}

extension Expression {
  /// Parses C-like expression text into an unresolved expression.
  ///
  /// Grammar (C precedence, left associative):
  /// `||`, `&&`, `|`, `^`, `&`, `== !=`, `< <= > >=`, `<< >>`, `+ -`, `* / %`,
  /// unary `- ~ !`, primary: integer literal (decimal, `0x`, `0b`, `0o`, `_`
  /// separators, any size), name, `old(f)`, `new(f)`, `signed(f)`,
  /// `unsigned(f)`, `min(a, b, ...)`, `max(a, b, ...)`, `( e )`.
  ///
  /// Text with more than ``maximumOperators`` operator characters or
  /// parentheses nested deeper than ``maximumParenthesisDepth`` is refused:
  /// parsing, resolving and evaluating recurse over the tree, and a hostile
  /// `1+1+...+1` of a few thousand terms would overflow the stack. Real
  /// conditions have a few dozen operators.
  ///
  /// - Complexity: O(n) in the length of the text.
  public static func parse(_ text: String) throws(ExpressionError) -> Expression {
    var operators = 0, depth = 0
    for (offset, c) in text.unicodeScalars.enumerated() {
      switch c {
      case "(":
        depth += 1
        if depth > maximumParenthesisDepth {
          throw ExpressionError(offset: offset, message: "parentheses nested more than \(maximumParenthesisDepth) deep")
        }
      case ")":
        depth -= 1
      case "+", "-", "*", "/", "%", "<", ">", "=", "!", "&", "|", "^", "~":
        operators += 1
        if operators > maximumOperators {
          throw ExpressionError(offset: offset, message: "expression too long: more than \(maximumOperators) operator characters; name parts of it as [constants]")
        }
      default: break
      }
    }
    var parser = ExpressionParser(text: text)
    return try parser.parseAll()
  }

  /// Most operator characters an expression may have.
  static let maximumOperators = 512
  /// Deepest nesting of parentheses an expression may have.
  static let maximumParenthesisDepth = 64
}

/// Recursive-descent (precedence climbing) parser over scalars.
struct ExpressionParser {
  enum Token: Equatable {
    case number(String)
    case identifier(String)
    case symbol(String)
    case end
  }

  let scalars: [Unicode.Scalar]
  var position = 0
  var token: Token = .end
  var tokenOffset = 0

  init(text: String) {
    scalars = Array(text.unicodeScalars)
  }

  mutating func parseAll() throws(ExpressionError) -> Expression {
    try advance()
    if token == .end { throw ExpressionError(offset: 0, message: "empty expression") }
    let e = try parseBinary(minPrecedence: 1)
    guard token == .end else { throw ExpressionError(offset: tokenOffset, message: "unexpected \(describe(token)) after a complete expression") }
    return e
  }

  func describe(_ t: Token) -> String {
    switch t {
    case .number(let n): "number '\(n)'"
    case .identifier(let n): "name '\(n)'"
    case .symbol(let s): "'\(s)'"
    case .end: "end of expression"
    }
  }

  static let symbols = ["<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "(", ")", ","]

  mutating func advance() throws(ExpressionError) {
    while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    tokenOffset = position
    guard position < scalars.count else { token = .end; return }
    let c = scalars[position]
    if c.properties.numericType != nil, ("0"..."9").contains(c) {
      var s = ""
      while position < scalars.count, isIdentifierScalar(scalars[position]) {
        s.unicodeScalars.append(scalars[position])
        position += 1
      }
      token = .number(s)
      return
    }
    if isIdentifierStart(c) {
      var s = ""
      while position < scalars.count, isIdentifierScalar(scalars[position]) {
        s.unicodeScalars.append(scalars[position])
        position += 1
      }
      token = .identifier(s)
      return
    }
    for sym in Self.symbols {
      let u = Array(sym.unicodeScalars)
      if position + u.count <= scalars.count, Array(scalars[position..<position + u.count]) == u {
        position += u.count
        token = .symbol(sym)
        return
      }
    }
    if c == "=" {
      throw ExpressionError(offset: position, message: "'=' is not an operator in a condition: use '==' to compare")
    }
    throw ExpressionError(offset: position, message: "unexpected character '\(c)'")
  }

  func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
  }

  func isIdentifierScalar(_ c: Unicode.Scalar) -> Bool {
    isIdentifierStart(c) || ("0"..."9").contains(c)
  }

  mutating func expect(_ symbol: String, context: String) throws(ExpressionError) {
    guard token == .symbol(symbol) else {
      throw ExpressionError(offset: tokenOffset, message: "expected '\(symbol)' \(context), found \(describe(token))")
    }
    try advance()
  }

  mutating func parseBinary(minPrecedence: Int) throws(ExpressionError) -> Expression {
    var lhs = try parseUnary()
    while case .symbol(let s) = token, let op = Expression.BinaryOperator(rawValue: s), op.precedence >= minPrecedence {
      try advance()
      let rhsOffset = tokenOffset
      let rhs = try parseBinary(minPrecedence: op.precedence + 1)
      if rhs.isConstant, case let v = rhs.constantValue {
        if (op == .divide || op == .remainder) && v.isZero {
          throw ExpressionError(offset: rhsOffset, message: "division by zero: the divisor is the constant 0")
        }
        if (op == .shiftLeft || op == .shiftRight) && (v.isNegative || v > BigInt(128)) {
          throw ExpressionError(offset: rhsOffset, message: "shift count \(v) is outside 0...128 (the widest word has 128 bits)")
        }
      }
      lhs = .binary(op, lhs, rhs)
    }
    return lhs
  }

  mutating func parseUnary() throws(ExpressionError) -> Expression {
    if case .symbol(let s) = token, let op = Expression.UnaryOperator(rawValue: s) {
      try advance()
      let operand = try parseUnary()
      if op == .negate, case .literal(let v) = operand { return .literal(-v) }
      return .unary(op, operand)
    }
    return try parsePrimary()
  }

  mutating func parsePrimary() throws(ExpressionError) -> Expression {
    let offset = tokenOffset
    switch token {
    case .number(let text):
      guard let v = BigInt(literal: text) else {
        throw ExpressionError(offset: offset, message: "malformed integer literal '\(text.count > 40 ? text.prefix(40) + "..." : text)' (decimal, 0x hex, 0b binary or 0o octal, with single '_' between digits)")
      }
      guard v.bitWidth <= InputLimits.numberBits else {
        throw ExpressionError(offset: offset, message: "integer literal of \(v.bitWidth) bits: at most \(InputLimits.numberBits)")
      }
      try advance()
      return .literal(v)
    case .identifier(let name):
      try advance()
      guard token == .symbol("(") else { return .name(name, offset: offset) }
      try advance()
      if let f = Expression.Function(rawValue: name) {
        var args: [Expression] = [try parseBinary(minPrecedence: 1)]
        while token == .symbol(",") {
          try advance()
          args.append(try parseBinary(minPrecedence: 1))
        }
        try expect(")", context: "to close \(name)(")
        if args.count < 2 { throw ExpressionError(offset: offset, message: "\(name)() takes at least two arguments") }
        return .call(f, args)
      }
      guard ["old", "new", "signed", "unsigned"].contains(name) else {
        throw ExpressionError(offset: offset, message: "unknown function '\(name)' (functions: old, new, signed, unsigned, min, max)")
      }
      let inner = try parsePrimaryAccessArgument(function: name)
      try expect(")", context: "to close \(name)(")
      return try inner.wrapped(in: name, offset: offset)
    case .symbol("("):
      try advance()
      let e = try parseBinary(minPrecedence: 1)
      try expect(")", context: "to close '('")
      return e
    default:
      throw ExpressionError(offset: offset, message: "expected a value, found \(describe(token))")
    }
  }

  /// The argument of `old(...)` and friends: a field name or another access.
  mutating func parsePrimaryAccessArgument(function: String) throws(ExpressionError) -> Expression {
    let offset = tokenOffset
    let e = try parseBinary(minPrecedence: 1)
    switch e {
    case .name, .access: return e
    default:
      throw ExpressionError(offset: offset, message: "\(function)() takes a field name, as in \(function)(count)")
    }
  }
}

extension Expression {
  /// Wraps a name or access in `old`/`new`/`signed`/`unsigned`.
  fileprivate func wrapped(in function: String, offset: Int) throws(ExpressionError) -> Expression {
    var (name, time, reading, at): (String, Time?, Reading?, Int)
    switch self {
    case .name(let n, let o): (name, time, reading, at) = (n, nil, nil, o)
    case .access(let n, let t, let r, let o): (name, time, reading, at) = (n, t, r, o)
    default: throw ExpressionError(offset: offset, message: "\(function)() takes a field name")
    }
    switch function {
    case "old", "new":
      if time != nil { throw ExpressionError(offset: offset, message: "\(function)() applied twice to '\(name)'") }
      time = Time(rawValue: function)
    default:
      if reading != nil { throw ExpressionError(offset: offset, message: "\(function)() applied to '\(name)', which already has a reading") }
      reading = Reading(rawValue: function)
    }
    return .access(name, time: time, reading: reading, offset: at)
  }
}
