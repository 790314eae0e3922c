extension Machine {
  /// Applies `op` `count` times exactly, stopping at the first step that the
  /// rule says stops.
  ///
  /// Each run takes two probing steps, then proves how many further steps go
  /// the same way through the operation (same conditions, same change to every
  /// field, no carry, no sign crossing, no stopping lie) by solving the
  /// conditions as linear inequalities in the step number, and jumps over them
  /// at once.
  ///
  /// - Complexity: O(fields × conditions) runs, independent of `count`, when
  ///   every condition is linear in the field values (comparisons, `+`, `-`,
  ///   multiplication and shifts by constants, `&&`, `||`, `!`). A condition
  ///   that applies `&`, `|`, `^`, `/`, `%`, `>>`, `min`, `max` or a product to
  ///   a changing value is stepped one step at a time: O(count).
  /// A release of a reference the actor does not hold ends the run at that
  /// step with ``BulkResult/failure`` set (a refused release holds on to its
  /// reference, so how many releases can run is known only by running them).
  ///
  /// - Parameter singleStepBudget: give up (``BulkResult/exhausted``) after this
  ///   many single steps; searches use it so that a non-linear layout cannot
  ///   run for `count` steps.
  public func bulk(_ state: State, _ op: Op, count: BigInt, stopOn rule: StopRule = .anyOutcome, singleStepBudget: Int = .max) -> BulkResult {
    bulk(state, op, count: count, stopOn: rule, singleStepBudget: singleStepBudget, creating: false)
  }

  /// ``bulk(_:_:count:stopOn:singleStepBudget:)``, or with `creating` the
  /// acquires that build a new object (see ``step(_:_:standingBefore:creating:)``).
  func bulk(_ state: State, _ op: Op, count: BigInt, stopOn rule: StopRule, singleStepBudget: Int, creating: Bool) -> BulkResult {
    var s = state
    var done: BigInt = 0
    var tally: [Outcome: BigInt] = [:]
    var singles = 0
    var known: [Standing]? = nil  // the predicates' standing on `s`, when known
    var ranges = FieldRanges(state.words, reader)
    func record(_ r: StepResult) {
      for o in r.outcomes { tally[o, default: 0] += 1 }
      ranges.include(r.state.words, reader)
    }
    func result(stop: BulkStop? = nil, exhausted: Bool = false, failure: StepError? = nil) -> BulkResult {
      var r = BulkResult(completed: done, state: s, stop: stop, tally: tally, singleSteps: singles)
      r.exhausted = exhausted
      r.failure = failure
      r.fieldRanges = ranges
      return r
    }
    while done < count {
      if singles >= singleStepBudget { return result(exhausted: true) }
      // Two probing steps.
      let r1: StepResult
      do { r1 = try step(s, op, standingBefore: known, creating: creating) } catch { return result(failure: error) }
      singles += 1
      if rule.stops(r1) { return result(stop: BulkStop(step: done + 1, result: r1)) }
      record(r1)
      done += 1
      s = r1.state
      if done == count { break }
      let r2: StepResult
      do { r2 = try step(s, op, standingBefore: r1.standing, creating: creating) } catch { return result(failure: error) }
      singles += 1
      if rule.stops(r2) { return result(stop: BulkStop(step: done + 1, result: r2)) }
      record(r2)
      done += 1
      let before2 = s
      s = r2.state
      known = r2.standing
      if done == count { break }
      // Prove a uniform run after r2 and jump over it.
      if let run = uniformRun(from: before2, through: r2, op: op, limit: count - done, rule: rule, creating: creating), run.length > 0 {
        s = run.state
        known = nil
        done += run.length
        for (o, n) in run.tally { tally[o, default: 0] += n }
        // Every field moves monotonically over the run: its ends bound it.
        ranges.include(s.words, reader)
      }
    }
    return result()
  }

  /// Applies `op` `count` times one step at a time, with the same stopping
  /// rule: the reference that ``bulk(_:_:count:stopOn:singleStepBudget:)`` must equal.
  ///
  /// - Complexity: O(count).
  public func repeatedSteps(_ state: State, _ op: Op, count: Int, stopOn rule: StopRule = .anyOutcome) -> BulkResult {
    var s = state
    var tally: [Outcome: BigInt] = [:]
    var ranges = FieldRanges(state.words, reader)
    func result(_ completed: Int, stop: BulkStop? = nil, failure: StepError? = nil) -> BulkResult {
      var r = BulkResult(completed: BigInt(completed), state: s, stop: stop, tally: tally, singleSteps: completed + (stop == nil ? 0 : 1))
      r.failure = failure
      r.fieldRanges = ranges
      return r
    }
    for i in 0..<count {
      let r: StepResult
      do { r = try step(s, op) } catch { return result(i, failure: error) }
      if rule.stops(r) { return result(i, stop: BulkStop(step: BigInt(i + 1), result: r)) }
      for o in r.outcomes { tally[o, default: 0] += 1 }
      s = r.state
      ranges.include(s.words, reader)
    }
    return result(count)
  }
}
