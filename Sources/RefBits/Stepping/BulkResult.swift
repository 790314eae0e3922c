/// The result of applying one operation many times.
struct BulkResult: Sendable, Hashable {
  /// How many steps ran without stopping.
  var completed: BigInt
  /// The state after those steps.
  var state: State
  /// The step that stopped the run, if one did.
  var stop: BulkStop?
  /// Every outcome the completed steps produced (not the stopping step's),
  /// with how many times; `ok` counts steps that produced nothing else.
  var tally: [Outcome: BigInt]
  /// Steps that had to be taken one at a time (a condition that is not linear
  /// in the step, or the two probing steps of each run).
  var singleSteps: Int
  /// Set when the run gave up before `count` because it spent its budget of
  /// single steps (see ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)``).
  var exhausted: Bool = false
  /// Set when step `completed + 1` was a release of a reference the actor did
  /// not hold: an error of the caller, so the run ends there.
  var failure: StepError? = nil
  /// The raw range of every field over the states the run passed through
  /// (its start and every completed step; not the stopping step's).
  var fieldRanges: FieldRanges? = nil
  /// With a watch (``Watch``): the first two crossings of each kind, in step
  /// order.
  var crossings: [Crossing] = []
  /// How many times the run jumped over repeats of a stretch of its steps
  /// (``Machine/repeatSegment(_:_:watch:limit:)``).
  var segmentJumps = 0
}

/// The step at which a bulk run stopped.
struct BulkStop: Sendable, Hashable {
  /// 1-based index of the stopping step within the run.
  var step: BigInt
  /// What it did (its state is the state after it).
  var result: StepResult
}

/// Which outcomes stop a bulk run.
public struct StopRule: Sendable {
  let stops: @Sendable (Outcome) -> Bool

  init(_ stops: @escaping @Sendable (Outcome) -> Bool) {
    self.stops = stops
  }

  /// Stop at the first step that is not `ok`.
  static let anyOutcome = StopRule { $0 != .ok }
  /// Stop at events (refused, trapped, saturated, spilled, field_overflow) and
  /// at premature_free and leak; predicate false positives and negatives do not
  /// stop.
  static let events = StopRule { o in o != .ok && !(o.category == .falsePositive || o.category == .falseNegative) }

  func stops(_ r: StepResult) -> Bool { r.outcomes.contains(where: stops) }
}
