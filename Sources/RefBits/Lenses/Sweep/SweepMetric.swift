/// A figure of one sweep point that objectives, conditions, tables and
/// charts read: `capacity(pin)`, `onset(false_positive(maybe_pinned))`,
/// `attack_cost(premature_free)`, `value(GUP_PIN_COUNTING_BIAS)`.
///
/// Every metric is computed by ``SweepMeasures/evaluate(_:attacker:firstPhaseLimit:)``
/// from the exact lens; its text (``description``) is its key in a point's
/// measures, in JSON and in CSV.
public enum SweepMetric: Sendable, Hashable, CustomStringConvertible {
  /// Acquires of a kind from the initial state until the first event
  /// (``Analysis/Capacity``).
  case capacity(kind: String)
  /// Operations of the shortest sequence found that produces an outcome:
  /// a predicate's lie (`false_positive(maybe_pinned)`) or an outcome class
  /// `analyze` reports (`premature_free`, `field_overflow`, ...).
  case onset(OutcomePattern)
  /// The cheapest attack on a goal (`premature_free`,
  /// `denial_of_service(pin)`): the largest fraction of any budget of the
  /// attacker profile it uses (above 1: beyond the profile's limits).
  case attackCost(goal: String)
  /// The number of operations of that cheapest attack.
  case attackOperations(goal: String)
  /// A parameter's or constant's value at the point.
  case value(name: String)

  /// The function names, as written.
  static let functions = ["capacity", "onset", "attack_cost", "attack_ops", "value"]

  /// The metric as written (`capacity(pin)`): its key in a point's
  /// measures, in JSON and in CSV.
  public var description: String {
    switch self {
    case .capacity(let k): "capacity(\(k))"
    case .onset(let p): "onset(\(p))"
    case .attackCost(let g): "attack_cost(\(g))"
    case .attackOperations(let g): "attack_ops(\(g))"
    case .value(let n): "value(\(n))"
    }
  }

  /// What `unknown` means for this metric.
  var unknownMeaning: String {
    switch self {
    case .capacity: "no event within the search limit of 2^(word bits + 2) acquires, and no certificate that none ever stops"
    case .onset: "no sequence found, and no certificate that none exists"
    case .attackCost, .attackOperations: "no attack found, and no certificate that none exists"
    case .value: "not a value of the layout"
    }
  }

  /// Whether a larger value of this metric is better for the design when
  /// nothing else says so: more capacity, a later onset, a costlier attack.
  /// (`value` has no natural direction.)
  var largerIsBetter: Bool? {
    switch self {
    case .capacity, .onset, .attackCost, .attackOperations: true
    case .value: nil
    }
  }

  /// Parses `function(argument)`; the argument of `onset` is an outcome
  /// pattern, and of the attack metrics a goal (`denial_of_service(K)` or
  /// an outcome class).
  ///
  /// - Throws: an ``ExpressionError`` at the offending offset.
  public init(parsing text: String) throws(ExpressionError) {
    let t = text.trimmingCharacters(in: .whitespaces)
    let lead = text.prefix { $0 == " " || $0 == "\t" }.count
    guard let open = t.firstIndex(of: "("), t.hasSuffix(")") else {
      throw ExpressionError(offset: lead, message: "'\(t)' is not a metric: write \(Self.functions.map { "\($0)(...)" }.joined(separator: ", "))")
    }
    let name = String(t[..<open]).trimmingCharacters(in: .whitespaces)
    let argument = String(t[t.index(after: open)..<t.index(before: t.endIndex)]).trimmingCharacters(in: .whitespaces)
    let argumentOffset = lead + t.distance(from: t.startIndex, to: open) + 1
    guard !argument.isEmpty else { throw ExpressionError(offset: argumentOffset, message: "\(name)() needs an argument") }
    switch name {
    case "capacity": self = .capacity(kind: argument)
    case "value": self = .value(name: argument)
    case "onset":
      guard let p = OutcomePattern(parsing: argument), p.category != .ok, p.category != .refused || p.argument != nil else {
        throw ExpressionError(offset: argumentOffset, message: "'\(argument)' is not an outcome (premature_free, leak, false_negative(P), false_positive(P), field_overflow, trapped, saturated, spilled)")
      }
      self = .onset(p)
    case "attack_cost", "attack_ops":
      let goal = try Self.goal(argument, offset: argumentOffset)
      self = name == "attack_cost" ? .attackCost(goal: goal) : .attackOperations(goal: goal)
    default:
      throw ExpressionError(offset: lead, message: "unknown metric '\(name)'" + (Self.functions.min { editDistance($0, name) < editDistance($1, name) }.flatMap { editDistance($0, name) <= 3 ? "; did you mean '\($0)'?" : nil } ?? "; metrics: \(Self.functions.joined(separator: ", "))"))
    }
  }

  /// An attack goal as ``Attack/Goal`` prints it.
  static func goal(_ text: String, offset: Int) throws(ExpressionError) -> String {
    if text.hasPrefix("denial_of_service(") && text.hasSuffix(")") {
      let kind = text.dropFirst("denial_of_service(".count).dropLast().trimmingCharacters(in: .whitespaces)
      guard !kind.isEmpty else { throw ExpressionError(offset: offset, message: "denial_of_service() names a kind") }
      return "denial_of_service(\(kind))"
    }
    guard let p = OutcomePattern(parsing: text), p.argument == nil, p.category != .ok, p.category != .refused, p.category != .spilled else {
      throw ExpressionError(offset: offset, message: "'\(text)' is not an attack goal (premature_free, false_negative, field_overflow, trapped, leak, saturated, false_positive, denial_of_service(K))")
    }
    return p.description
  }
}
