/// A predicate on one state: what the word says and what the truth says.
public struct Standing: Sendable, Hashable {
  var when: Bool
  var means: Bool

  init(when: Bool, means: Bool) {
    self.when = when
    self.means = means
  }

  var lie: Lie { when == means ? .none : (when ? .falsePositive : .falseNegative) }
}

/// Whether a predicate tells the truth on a state.
public enum Lie: Sendable, Hashable {
  case none
  /// True on the word, false on the truth.
  case falsePositive
  /// False on the word, true on the truth.
  case falseNegative
}
