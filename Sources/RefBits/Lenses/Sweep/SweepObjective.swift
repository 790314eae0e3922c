/// A metric to maximize or minimize over a sweep (`--maximize capacity(pin)`).
public struct SweepObjective: Sendable, Hashable, CustomStringConvertible {
  /// Whether larger (`maximize`) or smaller (`minimize`) values of the
  /// metric are better. The raw value is the word as written, which is
  /// also the command-line option's name.
  public enum Direction: String, Sendable, Hashable, CaseIterable {
    case maximize, minimize
  }

  var metric: SweepMetric
  var direction: Direction

  /// An objective on `metric` in `direction`.
  public init(metric: SweepMetric, direction: Direction) {
    self.metric = metric
    self.direction = direction
  }

  /// `maximize capacity(pin)`.
  public var description: String { "\(direction.rawValue) \(metric)" }

  /// Parses `maximize METRIC` or `minimize METRIC`.
  public init(parsing text: String) throws(ExpressionError) {
    let t = text.trimmingCharacters(in: .whitespaces)
    guard let space = t.firstIndex(of: " "), let d = Direction(rawValue: String(t[..<space])) else {
      throw ExpressionError(offset: 0, message: "an objective is 'maximize METRIC' or 'minimize METRIC', not '\(t)'")
    }
    self.init(metric: try SweepMetric(parsing: String(t[t.index(after: space)...])), direction: d)
  }

  /// How `a` compares with `b` for this objective: positive when `a` is
  /// better, 0 when equal, nil when either is unknown.
  func preference(_ a: SweepMeasure, over b: SweepMeasure) -> Int? {
    guard let o = a.order(b) else { return nil }
    return direction == .maximize ? o : -o
  }
}
