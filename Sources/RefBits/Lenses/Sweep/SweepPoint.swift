/// One point of a sweep: where it is, and what the exact lens said there.
public struct SweepPoint: Sendable, Hashable {
  /// Position in the whole sweep (``SweepSpec/values(at:)``).
  public var index: Int
  /// The varied parameters' values, in axis order.
  public var values: [BigInt]
  var evaluation: Evaluation

  enum Evaluation: Sendable, Hashable {
    case measured(SweepMeasures)
    /// The layout is not valid at this point (fields overlap, a width out
    /// of range, ...) or its initial state cannot be built: the messages,
    /// each naming the point.
    case invalid([String])
  }

  init(index: Int, values: [BigInt], evaluation: Evaluation) {
    self.index = index
    self.values = values
    self.evaluation = evaluation
  }

  var measures: SweepMeasures? {
    if case .measured(let m) = evaluation { return m }
    return nil
  }

  /// Where a point stands once the whole sweep is known.
  public enum Standing: String, Sendable, Hashable, CaseIterable {
    /// On the Pareto front.
    case front
    /// Another point is at least as good on every objective and better on one.
    case dominated
    /// Kept, but the front was not computed (a shard, or no objectives).
    case kept
    /// A `--where` condition is false.
    case filtered
    /// A `--where` condition cannot be decided: it reads an unknown measure,
    /// or a bound it cannot decide.
    case undecided
    /// An objective is unknown at this point: kept off the front.
    case unknown
    /// An objective is only bounded at this point (the shortest sequence
    /// found is not proved shortest: ``SweepMeasure/atMost(_:atLeast:)``):
    /// kept off the front, since the bound is not the value.
    case bounded
    /// The exact lens gave up on some run (``SweepMeasures/complete``): its
    /// figures may not be the least, so the point is kept off the front.
    case incomplete
    /// The layout is not valid at this point.
    case invalid
  }
}
