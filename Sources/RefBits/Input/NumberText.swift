/// An integer written on the command line or in a sweep file: `1024`,
/// `0x400`, `2^23`, `1 << 23`, `2^31 - 1`, `-(2^30)`.
///
/// Integer literals as in layout expressions (decimal, `0x`, `0b`, `0o`, single
/// `_` between digits, any size), `+ - *`, `<<`, parentheses, and `^` as a
/// **power** (right associative, binding tighter than unary minus, so
/// `-2^30` is `-(2^30)`). Here `^` is a power because that is how people write
/// `2^16` in a cover letter; in a layout's expressions it is C's exclusive or.
///
/// Exponents and shift counts are at most ``maximumBits``, so no text can ask
/// for an integer that exhausts memory.
enum NumberText {
  /// Largest exponent of 2 (or shift count) accepted.
  static let maximumBits = 1 << 16

  /// Parses the text, reporting errors at a 0-based scalar offset.
  ///
  /// - Complexity: O(n) in the length of the text (plus the arithmetic).
  static func parse(_ text: String) throws(ExpressionError) -> BigInt {
    var p = Parser(scalars: Array(text.unicodeScalars))
    p.skipSpaces()
    guard p.position < p.scalars.count else { throw ExpressionError(offset: 0, message: "empty number") }
    let v = try p.shift()
    p.skipSpaces()
    guard p.position == p.scalars.count else {
      throw ExpressionError(offset: p.position, message: "unexpected '\(p.scalars[p.position])' after the number")
    }
    return v
  }

  struct Parser {
    let scalars: [Unicode.Scalar]
    var position = 0
    var depth = 0

    mutating func skipSpaces() {
      while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
    }

    /// Whether the next symbol is `s` (skipping spaces); consumes it if so.
    mutating func take(_ s: String) -> Bool {
      skipSpaces()
      let chars = Array(s.unicodeScalars)
      guard position + chars.count <= scalars.count, Array(scalars[position..<position + chars.count]) == chars else { return false }
      position += chars.count
      return true
    }

    /// `sum (<< sum)*`.
    mutating func shift() throws(ExpressionError) -> BigInt {
      var v = try sum()
      while true {
        let at = position
        if take("<<") {
          let n = try sum()
          v = v << (try Self.bits(n, at: at, what: "shift count"))
        } else if take(">>") {
          let n = try sum()
          v = v >> (try Self.bits(n, at: at, what: "shift count"))
        } else {
          return v
        }
      }
    }

    mutating func sum() throws(ExpressionError) -> BigInt {
      var v = try product()
      while true {
        if take("+") { v += try product() } else if take("-") { v -= try product() } else { return v }
      }
    }

    mutating func product() throws(ExpressionError) -> BigInt {
      var v = try unary()
      while take("*") { v *= try unary() }
      return v
    }

    mutating func unary() throws(ExpressionError) -> BigInt {
      if take("-") { return -(try unary()) }
      return try power()
    }

    /// `primary (^ unary)?`, right associative.
    mutating func power() throws(ExpressionError) -> BigInt {
      let base = try primary()
      let at = position
      guard take("^") else { return base }
      let exponent = try unary()
      guard !exponent.isNegative else { throw ExpressionError(offset: at, message: "a negative exponent is not an integer") }
      let n = try Self.bits(exponent, at: at, what: "exponent")
      if base == 2 { return BigInt.power(of2: n) }
      guard base.magnitude <= 1 || n <= NumberText.maximumBits / max(1, base.magnitude.bitWidth) else {
        throw ExpressionError(offset: at, message: "\(base)^\(exponent) has more than \(NumberText.maximumBits) bits")
      }
      var result: BigInt = 1
      for _ in 0..<n { result *= base }
      return result
    }

    mutating func primary() throws(ExpressionError) -> BigInt {
      skipSpaces()
      guard position < scalars.count else { throw ExpressionError(offset: position, message: "a number is missing at the end") }
      let start = position
      if scalars[position] == "(" {
        depth += 1
        guard depth <= Expression.maximumParenthesisDepth else { throw ExpressionError(offset: position, message: "parentheses nested too deep") }
        position += 1
        let v = try shift()
        guard take(")") else { throw ExpressionError(offset: position, message: "expected ')'") }
        depth -= 1
        return v
      }
      while position < scalars.count, scalars[position].properties.isASCIIHexDigit || scalars[position] == "_" || scalars[position] == "x" || scalars[position] == "X" || scalars[position] == "o" || scalars[position] == "O" {
        position += 1
      }
      let text = String(String.UnicodeScalarView(scalars[start..<position]))
      guard !text.isEmpty else { throw ExpressionError(offset: start, message: "expected a number, found '\(scalars[start])'") }
      guard let v = BigInt(literal: text) else {
        throw ExpressionError(offset: start, message: "malformed integer '\(text)' (decimal, 0x hex, 0b binary or 0o octal, with single '_' between digits)")
      }
      return v
    }

    static func bits(_ n: BigInt, at offset: Int, what: String) throws(ExpressionError) -> Int {
      guard let i = n.int, (0...NumberText.maximumBits).contains(i) else {
        throw ExpressionError(offset: offset, message: "\(what) \(n) outside 0...\(NumberText.maximumBits)")
      }
      return i
    }
  }
}
