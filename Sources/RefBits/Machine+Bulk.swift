/// The result of applying one operation many times.
public struct BulkResult: Sendable, Hashable {
  /// How many steps ran without stopping.
  public var completed: BigInt
  /// The state after those steps.
  public var state: State
  /// The step that stopped the run, if one did.
  public var stop: BulkStop?
  /// Every outcome the completed steps produced (not the stopping step's),
  /// with how many times; `ok` counts steps that produced nothing else.
  public var tally: [Outcome: BigInt]
  /// Steps that had to be taken one at a time (a condition that is not linear
  /// in the step, or the two probing steps of each run).
  public var singleSteps: Int
  /// Set when the run gave up before `count` because it spent its budget of
  /// single steps (see ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)``).
  public var exhausted: Bool = false
  /// Set when step `completed + 1` was a release of a reference the actor did
  /// not hold: an error of the caller, so the run ends there.
  public var failure: StepError? = nil
  /// The raw range of every field over the states the run passed through
  /// (its start and every completed step; not the stopping step's).
  var fieldRanges: FieldRanges? = nil
}

/// The step at which a bulk run stopped.
public struct BulkStop: Sendable, Hashable {
  /// 1-based index of the stopping step within the run.
  public var step: BigInt
  /// What it did (its state is the state after it).
  public var result: StepResult
}

/// Which outcomes stop a bulk run.
public struct StopRule: Sendable {
  public let stops: @Sendable (Outcome) -> Bool

  public init(_ stops: @escaping @Sendable (Outcome) -> Bool) {
    self.stops = stops
  }

  /// Stop at the first step that is not `ok`.
  public static let anyOutcome = StopRule { $0 != .ok }
  /// Stop at events (refused, trapped, saturated, spilled, field_overflow) and
  /// at premature_free and leak; predicate false positives and negatives do not
  /// stop.
  public static let events = StopRule { o in o != .ok && !(o.category == .falsePositive || o.category == .falseNegative) }

  func stops(_ r: StepResult) -> Bool { r.outcomes.contains(where: stops) }
}

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
      do { r1 = try step(s, op, standingBefore: known) } catch { return result(failure: error) }
      singles += 1
      if rule.stops(r1) { return result(stop: BulkStop(step: done + 1, result: r1)) }
      record(r1)
      done += 1
      s = r1.state
      if done == count { break }
      let r2: StepResult
      do { r2 = try step(s, op, standingBefore: r1.standing) } catch { return result(failure: error) }
      singles += 1
      if rule.stops(r2) { return result(stop: BulkStop(step: done + 1, result: r2)) }
      record(r2)
      done += 1
      let before2 = s
      s = r2.state
      known = r2.standing
      if done == count { break }
      // Prove a uniform run after r2 and jump over it.
      if let run = uniformRun(from: before2, through: r2, op: op, limit: count - done, rule: rule), run.length > 0 {
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

  struct UniformRun {
    var length: BigInt
    var state: State
    var tally: [Outcome: BigInt]
  }

  /// How many steps after `probe` (which went from `before` to `probe.state`)
  /// provably go the same way, and the state after them.
  ///
  /// Step `j` of the run (1-based) starts from the state after `j - 1` run
  /// steps; the hypothesis is that every field moves by what it moved in the
  /// probe. The run ends before the first step at which a stored value would
  /// leave the half of its range it is in (a carry, a wrap, a signed reading
  /// jumping), the path through the operation changes, or a lie that stops
  /// starts. Returns nil when the hypothesis does not hold or a condition is
  /// not linear.
  func uniformRun(from before: State, through probe: StepResult, op: Op, limit: BigInt, rule: StopRule) -> UniformRun? {
    let base = probe.state
    let compiled = kinds[op.kind].operation(op.direction)
    let fields = layout.fields.indices
    let r0 = fields.map { reading($0, in: base.words) }
    let d = fields.map { r0[$0] - reading($0, in: before.words) }
    let raw0 = fields.map { BigInt(bits($0, in: base.words)) }

    var m = limit
    /// Caps `m` so that `start + (i - first) * slope` stays in the half of the
    /// field's unsigned range that `start` is in, for i in first...m.
    func keepInHalf(_ start: BigInt, slope: BigInt, field f: Int, first: BigInt) -> Bool {
      let w = layout.fields[f].bits
      let half = BigInt.power(of2: w - 1), top = BigInt.power(of2: w)
      guard !start.isNegative, start < top else { return false }
      let (lo, hi) = start >= half ? (half, top - 1) : (BigInt(0), half - 1)
      if slope.signum > 0 { m = Swift.min(m, first + (hi - start).floorDivided(by: slope)) }
      if slope.signum < 0 { m = Swift.min(m, first + (start - lo).floorDivided(by: -slope)) }
      return true
    }
    for f in fields { guard keepInHalf(raw0[f], slope: d[f], field: f, first: 0) else { return nil } }

    // The path.
    let t: BigInt = probe.applied ? (op.direction == .acquire ? 1 : -1) : 0
    // A release run ends when the actor holds no more (the next one throws).
    if t.signum < 0 { m = Swift.min(m, base.truth.held(op.kind, by: op.actor)) }
    var fixup: Int?
    var reverted = true  // the step leaves the words as they were
    switch probe.path {
    case .refused, .trapped: break
    case .effects(let i):
      fixup = i
      reverted = i.map { compiled.fixups[$0].outcome == .trapped } ?? false
    }

    // Raw values before the step (old) and after the main effects (mid).
    let oldRaw = fields.map { Affine(raw0[$0] - d[$0], d[$0]) }
    var midRaw = oldRaw
    var idealSlope = fields.map { _ in BigInt(0) }
    var idealSet = fields.map { _ in false }
    for e in compiled.effects {
      if let c = e.add {
        midRaw[e.field] = midRaw[e.field] + Affine(c)
        idealSlope[e.field] += c
      } else if let v = e.set {
        guard v.expression.isConstant else { return nil }
        midRaw[e.field] = Affine(BigInt(v.expression.constantValue.truncatedUInt128(bits: layout.fields[e.field].bits)))
        idealSet[e.field] = true
      }
    }
    // A word that stays put over the run (a saturated count whose fixup puts
    // back what the effects moved) has the same state after the effects at
    // every step: take it from the word arithmetic itself, carries included.
    var midWords = base.words
    for w in layout.words.indices where fields.allSatisfy({ layout.fields[$0].word != w || d[$0].isZero }) {
      for e in compiled.effects where layout.fields[e.field].word == w {
        if let c = e.add { addToWord(c, field: e.field, in: &midWords) }
        if let v = e.set { store(v.expression.constantValue, field: e.field, in: &midWords) }
      }
      for f in fields where layout.fields[f].word == w { midRaw[f] = Affine(BigInt(bits(f, in: midWords))) }
    }
    if probe.path != .refused {
      for f in fields where midRaw[f].b == oldRaw[f].b && midRaw[f] != oldRaw[f] {
        guard keepInHalf(midRaw[f].at(1), slope: midRaw[f].b, field: f, first: 1) else { return nil }
      }
    }
    guard m >= 1 else { return nil }
    let domain: ClosedRange<BigInt> = 1...m

    func readings(_ raw: [Affine]) -> (Int, Expression.Reading) -> Affine {
      let sample = raw.map { $0.at(1) }
      return { f, r in
        let field = self.layout.fields[f]
        let signed = r == .signed || (r == .declared && field.signed)
        if signed, sample[f] >= BigInt.power(of2: field.bits - 1) { return raw[f] - Affine(BigInt.power(of2: field.bits)) }
        return raw[f]
      }
    }
    let heldBase = base.truth.held
    let totalBase = heldBase.reduce(BigInt(0), +)
    let heldBefore = { (k: Int) in k == op.kind ? Affine(heldBase[k] - t, t) : Affine(heldBase[k]) }
    let heldAfter = { (k: Int) in k == op.kind ? Affine(heldBase[k], t) : Affine(heldBase[k]) }
    let beforeEnv = RunEnvironment(old: readings(oldRaw), new: readings(oldRaw), heldAt: heldBefore, total: Affine(totalBase - t, t), domain: domain)
    let afterEnv = RunEnvironment(old: readings(oldRaw), new: readings(midRaw), heldAt: heldBefore, total: Affine(totalBase - t, t), domain: domain)

    // Every condition on the path must keep its value; the first step where one
    // does not ends the run.
    var required: [(CompiledExpression, Bool, RunEnvironment)] = []
    if let r = compiled.refuse { required.append((r, probe.path == .refused, beforeEnv)) }
    if probe.path != .refused {
      if let tr = compiled.trap { required.append((tr, probe.path == .trapped, afterEnv)) }
      if case .effects = probe.path {
        for (k, fx) in compiled.fixups.enumerated() {
          if let fixup, k > fixup { break }
          required.append((fx.when, k == fixup, afterEnv))
        }
      }
    }
    var end = m + 1
    for (c, expected, env) in required {
      guard let holds = truthSet(c, env) else { return nil }
      if let bad = (expected ? holds.complement(in: domain) : holds).first { end = Swift.min(end, bad) }
    }

    // The values after the step must be the hypothesis raw0 + d*j.
    var finalRaw = reverted ? oldRaw : midRaw
    if let fixup, !reverted {
      for e in compiled.fixups[fixup].effects {
        if let c = e.add {
          finalRaw[e.field] = finalRaw[e.field] + Affine(c)
          idealSlope[e.field] += c
        } else if let v = e.set {
          // The value set must be exactly the hypothesis' reading.
          guard case .affine(let x) = v.expression.symbolic(afterEnv), x == Affine(r0[e.field], d[e.field]) else { return nil }
          finalRaw[e.field] = Affine(raw0[e.field], d[e.field])
          idealSet[e.field] = true
        }
      }
    }
    for f in fields where finalRaw[f] != Affine(raw0[f], d[f]) { return nil }

    // Lies on the state after step j.
    let stateEnv = RunEnvironment(old: readings(finalRaw), new: readings(finalRaw), heldAt: heldAfter, total: Affine(totalBase, t), domain: domain)
    // The steps at which each predicate starts lying (see
    // ``Machine/onset(predicate:before:after:)``): run starts of the lie's set
    // for a plain predicate; for a freed predicate, run starts of `when`
    // outside `means` (premature_free) and of `means` outside `when` (leak).
    var onsets: [(Outcome, [BigInt])] = []
    for (p, pred) in predicates.enumerated() {
      guard let when = truthSet(pred.when, stateEnv), let means = truthSet(pred.means, stateEnv) else { return nil }
      let before = probe.standing[p]
      switch layout.predicates[p].role {
      case .plain:
        for (lie, set) in [(Lie.falsePositive, when.intersection(means.complement(in: domain))), (Lie.falseNegative, means.intersection(when.complement(in: domain)))] {
          guard let o = outcome(of: lie, predicate: p) else { continue }
          onsets.append((o, set.runStartPoints(in: domain, memberBefore: before.lie == lie)))
        }
      case .freed:
        onsets.append((.prematureFree, when.runStartPoints(in: domain, memberBefore: before.when).filter { !means.contains($0) }))
        onsets.append((.leak, means.runStartPoints(in: domain, memberBefore: before.means).filter { !when.contains($0) }))
      }
    }
    for (o, points) in onsets where rule.stops(o) {
      if let j = points.first { end = Swift.min(end, j) }
    }

    let length = end - 1
    guard length >= 1 else { return nil }

    // The state after `length` steps.
    var words = base.words
    for f in fields where !d[f].isZero { store(raw0[f] + d[f] * length, field: f, in: &words) }
    var truth = base.truth
    if !t.isZero { truth.add(t * length, kind: op.kind, actor: op.actor) }
    for f in fields {
      if idealSet[f] && !reverted {
        truth.ideal[f] = reading(f, in: words)
      } else if !reverted && !idealSlope[f].isZero {
        truth.ideal[f] += idealSlope[f] * length
      }
    }

    // What the run produced: the probe's events at every step, and each lie
    // that starts within it.
    var tally: [Outcome: BigInt] = [:]
    for o in probe.events { tally[o] = length }
    var lieSteps = Set<BigInt>()
    for (o, points) in onsets {
      let starts = points.filter { $0 <= length }
      if !starts.isEmpty { tally[o, default: 0] += BigInt(starts.count) }
      lieSteps.formUnion(starts)
    }
    if probe.events.isEmpty {
      let ok = length - BigInt(lieSteps.count)
      if !ok.isZero { tally[.ok] = ok }
    }
    return UniformRun(length: length, state: State(words: words, truth: truth), tally: tally)
  }

  /// The steps at which a compiled condition holds, or nil if not linear.
  func truthSet(_ c: CompiledExpression, _ env: some AffineEnvironment) -> IntervalSet? {
    switch c.expression.symbolic(env) {
    case .truth(let s): return s
    case .affine(let x):
      return IntervalSet.lessThanZero(c: x.a, m: x.b, domain: env.domain)
        .union(IntervalSet.lessThanZero(c: -x.a, m: -x.b, domain: env.domain))
    case .nonLinear: return nil
    }
  }
}

/// Readings and truth over a run of steps, as affine functions of the step.
struct RunEnvironment: AffineEnvironment {
  var old: (Int, Expression.Reading) -> Affine
  var new: (Int, Expression.Reading) -> Affine
  var heldAt: (Int) -> Affine
  var total: Affine
  var domain: ClosedRange<BigInt>

  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine? {
    time == .old ? old(index, reading) : new(index, reading)
  }

  func held(_ index: Int) -> Affine { heldAt(index) }
}
