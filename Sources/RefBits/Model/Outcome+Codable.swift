import Foundation

extension Outcome: Codable {
  /// Parses `premature_free`, `false_positive(maybe_pinned)`, ...
  public init?(parsing text: String) {
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

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let o = Outcome(parsing: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an outcome"))
    }
    self = o
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
