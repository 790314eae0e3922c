import Foundation

/// An outcome class, optionally narrowed to one argument:
/// `false_negative(maybe_pinned)`, `false_negative`, `premature_free`.
public struct OutcomePattern: Sendable, Hashable, CustomStringConvertible {
  var category: Outcome.Category
  /// `nil` matches any argument.
  public var argument: String?

  /// Creates the pattern of `category`, narrowed to `argument` when not nil.
  init(category: Outcome.Category, argument: String? = nil) {
    self.category = category
    self.argument = argument
  }

  /// Parses `category` or `category(argument)`; `nil` if malformed.
  init?(parsing text: String) {
    let t = text.trimmingCharacters(in: .whitespaces)
    if let open = t.firstIndex(of: "("), t.hasSuffix(")") {
      let name = String(t[..<open]).trimmingCharacters(in: .whitespaces)
      let arg = String(t[t.index(after: open)..<t.index(before: t.endIndex)]).trimmingCharacters(in: .whitespaces)
      guard let c = Outcome.Category(rawValue: name), c.takesArgument, !arg.isEmpty else { return nil }
      self.init(category: c, argument: arg)
    } else {
      guard let c = Outcome.Category(rawValue: t) else { return nil }
      self.init(category: c)
    }
  }

  func matches(_ outcome: Outcome) -> Bool {
    outcome.category == category && (argument == nil || argument == outcome.argument)
  }

  /// The pattern as layout files spell it: `false_negative(maybe_pinned)` or
  /// `premature_free`.
  public var description: String {
    if let argument { "\(category.rawValue)(\(argument))" } else { category.rawValue }
  }
}
