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
  func bulk(_ state: State, _ op: Op, count: BigInt, stopOn rule: StopRule = .anyOutcome, singleStepBudget: Int = .max) -> BulkResult {
    bulk(state, op, count: count, stopOn: rule, singleStepBudget: singleStepBudget, creating: false)
  }

  /// ``bulk(_:_:count:stopOn:singleStepBudget:)``, or with `creating` the
  /// acquires that build a new object (see ``step(_:_:standingBefore:creating:)``),
  /// and with a `watch` the crossings of its conditions recorded
  /// (``BulkResult/crossings``): runs end before each, and a segment is
  /// repeated only once every crossing in it was seen twice, so the first
  /// two crossings of each kind are seen.
  ///
  /// Without `tallying` (a search that needs only where the rule stops),
  /// runs follow only the lies the rule stops on: the tally then counts
  /// events and those lies, not every lie.
  func bulk(_ state: State, _ op: Op, count: BigInt, stopOn rule: StopRule, singleStepBudget: Int, creating: Bool, watch: Watch? = nil, tallying: Bool = true) -> BulkResult {
    var s = state
    var done: BigInt = 0
    var tally: [Outcome: BigInt] = [:]
    var singles = 0
    var known: [Standing]? = nil  // the predicates' standing on `s`, when known
    var ranges = FieldRanges(state.words, reader)
    var repeats = SegmentFinder(machine: self, op: op, watch: watch)
    var watched = watch.map { $0.values(on: state, machine: self) } ?? []
    var lastEvents: [Outcome] = []
    var crossings = CrossingLog()
    func record(_ r: StepResult) {
      for o in r.outcomes { tally[o, default: 0] += 1 }
      ranges.include(r.state.words, reader)
    }
    /// A single step from `before` that did not stop: its states go into the
    /// segment being watched for repeats, its crossing into the log.
    func note(_ before: State, _ r: StepResult) {
      repeats.include(before: before, step: r, machine: self)
      guard let watch else { return }
      let now = watch.values(on: r.state, machine: self)
      if Crossing.crosses(watched, now, events: r.events, previous: lastEvents) {
        crossings.record(Crossing(step: done, before: before, after: r.state, signature: .init(before: watched, after: now, events: r.events)))
      }
      watched = now
      lastEvents = r.events
    }
    func result(stop: BulkStop? = nil, exhausted: Bool = false, failure: StepError? = nil) -> BulkResult {
      var r = BulkResult(completed: done, state: s, stop: stop, tally: tally, singleSteps: singles)
      r.exhausted = exhausted
      r.failure = failure
      r.fieldRanges = ranges
      r.crossings = crossings.crossings
      r.segmentJumps = repeats.jumps
      return r
    }
    while done < count {
      // A stretch that repeats, translated: jump over its repeats (when
      // watching, once every crossing in it was seen twice).
      let log = crossings
      if let jump = repeats.mark(s, done: done, tally: tally, remaining: count - done, allowed: { watch == nil || log.complete(after: $0) }) {
        s = jump.state
        done += jump.steps
        for (o, n) in jump.tally { tally[o, default: 0] += n }
        ranges.formUnion(jump.ranges)
        known = nil
        continue
      }
      if singles >= singleStepBudget { return result(exhausted: true) }
      // Two probing steps.
      let r1: StepResult
      do { r1 = try step(s, op, standingBefore: known, creating: creating) } catch { return result(failure: error) }
      singles += 1
      if rule.stops(r1) { return result(stop: BulkStop(step: done + 1, result: r1)) }
      record(r1)
      done += 1
      note(s, r1)
      s = r1.state
      if done == count { break }
      let r2: StepResult
      do { r2 = try step(s, op, standingBefore: r1.standing, creating: creating) } catch { return result(failure: error) }
      singles += 1
      if rule.stops(r2) { return result(stop: BulkStop(step: done + 1, result: r2)) }
      record(r2)
      done += 1
      note(s, r2)
      let before2 = s
      s = r2.state
      known = r2.standing
      if done == count { break }
      // Prove a uniform run after r2 and jump over it.
      if let run = uniformRun(from: before2, through: r2, op: op, limit: count - done, rule: rule, creating: creating, watch: watch, watched: watched, tallying: tallying), run.length > 0 {
        #if REFBITS_INTERNAL_CHECKS
        // Without `tallying` the run counts only the lies the rule follows.
        if tallying && !creating {
          // The same proof with a smaller limit gives the run's prefixes.
          let prefix = { (steps: BigInt) in uniformRun(from: before2, through: r2, op: op, limit: steps, rule: rule, creating: creating, watch: watch, watched: watched, tallying: tallying) }
          InternalChecks.verify(uniformRunDiscrepancy(run, from: s, op: op, rule: rule, prefix: prefix))
        }
        #endif
        s = run.state
        known = nil
        done += run.length
        for (o, n) in run.tally { tally[o, default: 0] += n }
        // Every field moves monotonically over the run: its ends bound it.
        ranges.include(s.words, reader)
        repeats.include(run: run, to: s, reader: reader)
        if let watch {
          // The run ends before any watched condition changes, and repeats
          // the events of the probe before it (no crossing of its own).
          let now = watch.values(on: s, machine: self)
          assert(now == watched, "a uniform run crossed a watched condition")
          watched = now
        }
      }
    }
    return result()
  }

  /// How a uniform run from `start` differs from single steps, if it does:
  /// the whole run when it is short, else its first and last
  /// ``InternalChecks/uniformRunEdge`` steps (the last ones stepped from the
  /// state the run's proof gives before them). Each stretch must complete
  /// without stopping under `rule`, end in the run's state, and produce the
  /// run's tally for those steps. `prefix` gives the run's first steps
  /// (the same proof with a smaller limit).
  func uniformRunDiscrepancy(_ run: UniformRun, from start: State, op: Op, rule: StopRule, prefix: (BigInt) -> UniformRun?) -> String? {
    let edge = BigInt(InternalChecks.uniformRunEdge)
    var stretches: [(from: State, steps: BigInt, to: State, tally: [Outcome: BigInt])] = []
    if run.length <= 2 * edge {
      stretches.append((start, run.length, run.state, run.tally))
    } else {
      guard let head = prefix(edge), let body = prefix(run.length - edge), head.length == edge, body.length == run.length - edge else {
        return "uniform run of \(run.length) steps of \(op) from \(start): the same proof with a smaller limit does not give its prefixes"
      }
      var tail = run.tally
      for (o, n) in body.tally { tail[o, default: 0] -= n }
      stretches.append((start, edge, head.state, head.tally))
      stretches.append((body.state, edge, run.state, tail.filter { !$0.value.isZero }))
    }
    for s in stretches {
      let stepped = repeatedSteps(s.from, op, count: s.steps.int ?? 0, stopOn: rule)
      guard stepped.stop == nil, stepped.failure == nil, stepped.completed == s.steps, stepped.state == s.to, stepped.tally == s.tally else {
        return "uniform run of \(run.length) steps of \(op) from \(start): \(s.steps) steps from \(s.from) give \(stepped.state) and \(stepped.tally) (stopped: \(stepped.stop != nil || stepped.failure != nil)); the run says \(s.to) and \(s.tally)"
      }
    }
    return nil
  }

  /// Applies `op` `count` times one step at a time, with the same stopping
  /// rule: the reference that ``bulk(_:_:count:stopOn:singleStepBudget:)`` must equal.
  ///
  /// - Complexity: O(count).
  func repeatedSteps(_ state: State, _ op: Op, count: Int, stopOn rule: StopRule = .anyOutcome) -> BulkResult {
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
