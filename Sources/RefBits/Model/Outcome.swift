/// What one step can produce.
///
/// Events (`refused`, `trapped`, `saturated`, `spilled`, `field_overflow`) are
/// produced by the step in which they happen. Predicate lies
/// (`false_positive`, `false_negative`, `premature_free`, `leak`) are produced
/// by the step at which they *start*: the predicate lies after the step and did
/// not before it. A step that produces nothing else is `ok`.
public enum Outcome: Sendable, Hashable, Comparable, CustomStringConvertible {
  case prematureFree
  case falseNegative(predicate: String)
  /// A field's value did not land as written: a carry or borrow into a
  /// neighbour, a wrap, or a set value that does not fit. One outcome for
  /// every field whose value differs from what the step wrote into it (so a
  /// carry names both the field that wrapped and the one that received it),
  /// and the word's name for bits outside every field that changed.
  case fieldOverflow(field: String)
  case trapped
  case leak
  case refused(kind: String)
  case saturated
  case spilled
  case falsePositive(predicate: String)
  case ok

  /// Severity rank, 0 the most severe (DESIGN.md order; `saturated` and
  /// `spilled` are notices between `refused` and `false_positive`).
  var severity: Int {
    switch self {
    case .prematureFree: 0
    case .falseNegative: 1
    case .fieldOverflow: 2
    case .trapped: 3
    case .leak: 4
    case .refused: 5
    case .saturated: 6
    case .spilled: 7
    case .falsePositive: 8
    case .ok: 9
    }
  }

  /// The outcome's class without its argument (`false_positive`).
  var category: Category {
    switch self {
    case .prematureFree: .prematureFree
    case .falseNegative: .falseNegative
    case .fieldOverflow: .fieldOverflow
    case .trapped: .trapped
    case .leak: .leak
    case .refused: .refused
    case .saturated: .saturated
    case .spilled: .spilled
    case .falsePositive: .falsePositive
    case .ok: .ok
    }
  }

  /// The argument: predicate, field or kind name.
  public var argument: String? {
    switch self {
    case .falseNegative(let p), .falsePositive(let p): p
    case .fieldOverflow(let f): f
    case .refused(let k): k
    default: nil
    }
  }

  /// The outcome as layout files and output spell it: `false_negative(maybe_pinned)`.
  public var description: String {
    if let argument { "\(category.rawValue)(\(argument))" } else { category.rawValue }
  }

  /// Orders outcomes by severity (``Outcome/Category`` order, worst first), then
  /// by argument.
  public static func < (a: Outcome, b: Outcome) -> Bool {
    (a.severity, a.argument ?? "") < (b.severity, b.argument ?? "")
  }

  /// Outcome classes, spelled as in layout files and output.
  public enum Category: String, Sendable, Hashable, CaseIterable, Comparable {
    case prematureFree = "premature_free"
    case falseNegative = "false_negative"
    case fieldOverflow = "field_overflow"
    case trapped
    case leak
    case refused
    case saturated
    case spilled
    case falsePositive = "false_positive"
    case ok

    /// Whether outcomes of this class are predicates telling lies.
    var isLieCategory: Bool {
      self == .prematureFree || self == .falseNegative || self == .leak || self == .falsePositive
    }

    /// Whether the class takes an argument in parentheses.
    var takesArgument: Bool {
      switch self {
      case .falseNegative, .falsePositive, .fieldOverflow, .refused: true
      default: false
      }
    }

    /// Orders classes worst first, in declaration order.
    public static func < (a: Category, b: Category) -> Bool {
      (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)  // every case is in allCases
    }
  }
}
