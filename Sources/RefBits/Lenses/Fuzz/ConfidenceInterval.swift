/// A 95% confidence interval for the chance that one step produces an
/// outcome, from `count` steps that did out of `trials`.
///
/// With at least one, the Wilson score interval; with none, the
/// rule-of-three bound [0, 3/n]. Both treat steps as independent trials,
/// which the steps of a lifetime are not (a burst's steps are alike, a held
/// reference makes the next lie likelier): read it as a scale, not a proof.
public struct ConfidenceInterval: Sendable, Hashable, Codable {
  /// The interval's ends, as chances per step (from 0 to 1) or, in a
  /// ``FuzzResult``, per million steps.
  public var lower: Double
  /// The upper end, in the same unit as ``lower``.
  public var upper: Double
  /// `wilson` or `rule-of-three`.
  var method: String

  /// z for a two-sided 95% interval.
  static let z = 1.959963984540054

  /// - Complexity: O(1); IEEE basic operations and `sqrt` only, so the same
  ///   counts give the same bits on every machine.
  public init(count: BigInt, trials: BigInt) {
    let n = trials.doubleValue
    guard n > 0 else {
      self.init(lower: 0, upper: 1, method: "none")
      return
    }
    if count.isZero {
      self.init(lower: 0, upper: min(1, 3 / n), method: "rule-of-three")
      return
    }
    let p = count.doubleValue / n
    let z2 = Self.z * Self.z
    let denominator = 1 + z2 / n
    let centre = (p + z2 / (2 * n)) / denominator
    let half = Self.z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
    self.init(lower: max(0, centre - half), upper: min(1, centre + half), method: "wilson")
  }

  init(lower: Double, upper: Double, method: String) {
    self.lower = lower
    self.upper = upper
    self.method = method
  }

  /// Scaled (to a rate per million, say).
  func scaled(_ k: Double) -> ConfidenceInterval {
    ConfidenceInterval(lower: lower * k, upper: upper * k, method: method)
  }
}
