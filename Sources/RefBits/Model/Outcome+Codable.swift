import Foundation

extension Outcome: Codable {
  /// Parses `premature_free`, `false_positive(maybe_pinned)`, ...
  init?(parsing text: String) {
    guard let p = OutcomePattern(parsing: text) else {
      if text == "ok" { self = .ok; return }
      return nil
    }
    switch (p.category, p.argument) {
    case (.prematureFree, nil): self = .prematureFree
    case (.leak, nil): self = .leak
    case (.trapped, nil): self = .trapped
    case (.saturated, nil): self = .saturated
    case (.spilled, nil): self = .spilled
    case (.ok, nil): self = .ok
    case (.falsePositive, let a?): self = .falsePositive(predicate: a)
    case (.falseNegative, let a?): self = .falseNegative(predicate: a)
    case (.fieldOverflow, let a?): self = .fieldOverflow(field: a)
    case (.refused, let a?): self = .refused(kind: a)
    default: return nil
    }
  }

  /// Reads an outcome from its text form (`false_negative(maybe_pinned)`).
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let o = Outcome(parsing: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an outcome (premature_free, leak, trapped, saturated, spilled, ok, or false_positive, false_negative, field_overflow, refused with a name in parentheses)"))
    }
    // The argument names a predicate, field or kind of a layout: an
    // identifier (it becomes part of a witness file's name).
    if let a = o.argument, !Self.isName(a) {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an outcome: '\(a)' is not a name of a layout"))
    }
    self = o
  }

  /// Writes the outcome as its text form (`false_negative(maybe_pinned)`).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

extension Outcome {
  /// Whether `s` is an identifier of at most ``InputLimits/nameLength``
  /// characters, as layout names are.
  static func isName(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first),
      s.unicodeScalars.count <= InputLimits.nameLength
    else { return false }
    return s.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
  }
}
