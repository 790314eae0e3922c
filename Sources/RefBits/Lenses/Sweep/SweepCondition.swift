/// A filter on sweep points (`--where`): comparisons of metrics with
/// numbers, and what is known of an outcome, joined by `and` / `or`
/// (`and` binds tighter; `&&` and `||` work too).
///
/// - `capacity(pin) >= 2^16`, `attack_cost(premature_free) > 1`: a metric,
///   one of `< <= > >= == !=`, a ``NumberText`` (or a decimal such as `0.5`);
/// - `premature_free reachable`: a sequence was found (true), or a checked
///   certificate proves it impossible (false), else unknown;
///   `premature_free impossible`: the other way round;
///   `premature_free not_found`: the exact lens's verdict is unknown (neither
///   a sequence nor a certificate; always decided: it says what the lens
///   knows).
///
/// Conditions are three-valued: a comparison with an unknown measure is
/// unknown, and so is a point whose condition is unknown (it is neither kept
/// nor dropped silently: the output lists it as such). `never` compares as
/// larger than every number. A bound `L..U` (``SweepMeasure/atMost(_:atLeast:)``)
/// compares as its interval: `onset(leak) < 100` holds when U < 100, fails
/// when L >= 100, and is unknown otherwise; `==` and `!=` are decided only
/// when the interval and the number are apart.
public struct SweepCondition: Sendable, Hashable, CustomStringConvertible {
  /// As written.
  public var text: String
  var node: Node

  /// The condition as written (``text``).
  public var description: String { text }

  indirect enum Node: Sendable, Hashable {
    case compare(SweepMetric, Comparison, Threshold)
    case status(OutcomePattern, Status)
    case and([Node])
    case or([Node])
  }

  enum Comparison: String, Sendable, Hashable, CaseIterable {
    // Two-character operators first, for the scan.
    case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    case less = "<", greater = ">"

    func holds(_ order: Int) -> Bool {
      switch self {
      case .less: order < 0
      case .lessOrEqual: order <= 0
      case .greater: order > 0
      case .greaterOrEqual: order >= 0
      case .equal: order == 0
      case .notEqual: order != 0
      }
    }
  }

  enum Threshold: Sendable, Hashable {
    case integer(BigInt)
    case real(Double)

    var measure: SweepMeasure {
      switch self {
      case .integer(let v): .exact(v)
      case .real(let d): .real(d)
      }
    }
  }

  /// What is known of an outcome at a point.
  public enum Status: String, Sendable, Hashable, CaseIterable {
    case reachable, impossible
    case notFound = "not_found"
  }

  /// Parses a condition.
  ///
  /// - Throws: an ``ExpressionError`` at the offending offset of `text`.
  public init(parsing text: String) throws(ExpressionError) {
    self.text = text.trimmingCharacters(in: .whitespaces)
    node = try Self.parseOr(Array(text.unicodeScalars), from: 0, to: text.unicodeScalars.count)
  }

  /// Splits `[from, to)` at top-level occurrences of any of `words`
  /// (outside parentheses, as whole words for the alphabetic ones).
  static func split(_ s: [Unicode.Scalar], from: Int, to: Int, at words: [String]) -> [(Int, Int)] {
    var parts: [(Int, Int)] = []
    var depth = 0, start = from, i = from
    let patterns = words.map { Array($0.unicodeScalars) }
    func isWordScalar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) }
    scan: while i < to {
      switch s[i] {
      case "(": depth += 1
      case ")": depth -= 1
      default:
        guard depth == 0 else { break }
        for p in patterns where i + p.count <= to && Array(s[i..<i + p.count]) == p {
          if p[0].properties.isAlphabetic {
            let before = i == from || !isWordScalar(s[i - 1])
            let after = i + p.count == to || !isWordScalar(s[i + p.count])
            guard before && after else { continue }
          }
          parts.append((start, i))
          i += p.count
          start = i
          continue scan
        }
      }
      i += 1
    }
    parts.append((start, to))
    return parts
  }

  static func parseOr(_ s: [Unicode.Scalar], from: Int, to: Int) throws(ExpressionError) -> Node {
    let parts = split(s, from: from, to: to, at: ["||", "or"])
    var nodes: [Node] = []
    for (a, b) in parts { nodes.append(try parseAnd(s, from: a, to: b)) }
    return nodes.count == 1 ? nodes[0] : .or(nodes)
  }

  static func parseAnd(_ s: [Unicode.Scalar], from: Int, to: Int) throws(ExpressionError) -> Node {
    let parts = split(s, from: from, to: to, at: ["&&", "and"])
    var nodes: [Node] = []
    for (a, b) in parts { nodes.append(try parseAtom(s, from: a, to: b)) }
    return nodes.count == 1 ? nodes[0] : .and(nodes)
  }

  static func parseAtom(_ s: [Unicode.Scalar], from: Int, to: Int) throws(ExpressionError) -> Node {
    var a = from, b = to
    while a < b, s[a] == " " || s[a] == "\t" { a += 1 }
    while b > a, s[b - 1] == " " || s[b - 1] == "\t" { b -= 1 }
    guard a < b else { throw ExpressionError(offset: from, message: "empty condition") }
    let text = String(String.UnicodeScalarView(s[a..<b]))
    // A comparison: the first top-level operator.
    var depth = 0
    var i = a
    while i < b {
      switch s[i] {
      case "(": depth += 1
      case ")": depth -= 1
      case "<", ">", "=", "!":
        guard depth == 0 else { break }
        for op in Comparison.allCases {
          let p = Array(op.rawValue.unicodeScalars)
          guard i + p.count <= b, Array(s[i..<i + p.count]) == p else { continue }
          let metricText = String(String.UnicodeScalarView(s[a..<i]))
          let metric: SweepMetric
          do { metric = try SweepMetric(parsing: metricText) } catch { throw ExpressionError(offset: a + error.offset, message: error.message) }
          let numberText = String(String.UnicodeScalarView(s[(i + p.count)..<b]))
          return .compare(metric, op, try threshold(numberText, at: i + p.count))
        }
        throw ExpressionError(offset: i, message: "'\(s[i])' is not a comparison (use <, <=, >, >=, ==, !=)")
      default: break
      }
      i += 1
    }
    // OUTCOME STATUS.
    guard let space = text.lastIndex(where: { $0 == " " || $0 == "\t" }) else {
      throw ExpressionError(offset: a, message: "'\(text)' is neither a comparison (capacity(pin) >= 2^16) nor an outcome with a status (premature_free impossible)")
    }
    let word = String(text[text.index(after: space)...])
    let outcome = text[..<space].trimmingCharacters(in: .whitespaces)
    guard let status = Status(rawValue: word) else {
      throw ExpressionError(offset: a + text.distance(from: text.startIndex, to: space) + 1, message: "'\(word)' is not a status: write reachable, impossible or not_found")
    }
    guard let pattern = OutcomePattern(parsing: outcome), pattern.category != .ok else {
      throw ExpressionError(offset: a, message: "'\(outcome)' is not an outcome (premature_free, leak, false_negative(P), false_positive(P), field_overflow, trapped, saturated, spilled)")
    }
    return .status(pattern, status)
  }

  static func threshold(_ text: String, at offset: Int) throws(ExpressionError) -> Threshold {
    do {
      return .integer(try NumberText.parse(text))
    } catch {
      let t = text.trimmingCharacters(in: .whitespaces)
      if t.contains("."), let d = Double(t), d.isFinite { return .real(d) }
      throw ExpressionError(offset: offset + error.offset, message: error.message)
    }
  }

  /// The metrics the condition reads.
  var metrics: [SweepMetric] {
    var out: [SweepMetric] = []
    func walk(_ n: Node) {
      switch n {
      case .compare(let m, _, _): out.append(m)
      case .status(let p, _): out.append(.onset(p))
      case .and(let ns), .or(let ns): ns.forEach(walk)
      }
    }
    walk(node)
    return out
  }

  /// Whether the point satisfies the condition: nil when that depends on a
  /// measure that is unknown.
  ///
  /// - Complexity: O(size of the condition).
  public func holds(for measures: SweepMeasures) -> Bool? {
    Self.holds(node, measures)
  }

  static func holds(_ n: Node, _ m: SweepMeasures) -> Bool? {
    switch n {
    case .compare(let metric, let op, let t):
      guard let v = m[metric] else { return nil }
      if case .atMost(let upper, let lower) = v { return compare(op, upper: upper, lower: lower, t.measure) }
      guard let order = v.order(t.measure) else { return nil }
      return op.holds(order)
    case .status(let p, let status):
      guard let v = m[.onset(p)] else { return nil }
      switch (v, status) {
      case (.exact, .reachable), (.real, .reachable), (.atMost, .reachable), (.never, .impossible): return true
      case (.exact, _), (.real, _), (.atMost, _), (.never, _): return false
      case (.unknown, .notFound): return true
      case (.unknown, _): return nil
      }
    case .and(let ns): return combine(ns, m, decidedBy: false)
    case .or(let ns): return combine(ns, m, decidedBy: true)
    }
  }

  /// A comparison of a bound `lower..upper` (nil: no lower end) with a
  /// number: decided when every value of the bound gives the same answer.
  /// `<`, `<=`, `>`, `>=` are monotone in the value, so the two ends decide;
  /// `==` and `!=` are decided only when the number lies outside the bound.
  static func compare(_ op: Comparison, upper: BigInt, lower: BigInt?, _ t: SweepMeasure) -> Bool? {
    guard let high = SweepMeasure.exact(upper).order(t) else { return nil }
    // Minus infinity, without a lower end, is below every number.
    let low = lower.flatMap { SweepMeasure.exact($0).order(t) } ?? -1
    switch op {
    case .equal, .notEqual:
      return high < 0 || low > 0 ? op == .notEqual : nil
    default:
      return op.holds(high) == op.holds(low) ? op.holds(high) : nil
    }
  }

  /// Kleene's three-valued `and` (`decidedBy: false`) or `or` (`true`): an
  /// operand with the deciding value decides; else unknown if any operand is.
  static func combine(_ ns: [Node], _ m: SweepMeasures, decidedBy decisive: Bool) -> Bool? {
    var unknown = false
    for x in ns {
      guard let v = holds(x, m) else { unknown = true; continue }
      if v == decisive { return decisive }
    }
    return unknown ? nil : !decisive
  }
}
