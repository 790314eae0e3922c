extension Machine {
  /// A run of steps that provably go the same way, jumped over at once.
  struct UniformRun {
    var length: BigInt
    var state: State
    var tally: [Outcome: BigInt]
    /// Every field's raw value after the main effects of the run's first and
    /// last step (nil for a refused run, which has no such state): with the
    /// ends of the run, the bounds of every state it passed through.
    var midEnds: (first: [BigInt], last: [BigInt])? = nil
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
  ///
  /// The stages, each a method of ``UniformRunModel``: the hypothesis and the
  /// range it holds in (``UniformRunModel/init(machine:before:probe:op:limit:creating:)``),
  /// the state after the main effects as affine functions of `j`
  /// (``UniformRunModel/afterEffects()``), the steps at which the path would
  /// change (``UniformRunModel/pathEnd(mid:)``), the check that the step
  /// lands where the hypothesis says (``UniformRunModel/landsOnHypothesis(mid:)``),
  /// the lies that start within the run (``UniformRunModel/lieOnsets(final:)``),
  /// and the state and tally after the run (``UniformRunModel/advance(by:onsets:)``).
  ///
  /// - Complexity: O(fields × size of the conditions × intervals),
  ///   independent of `limit`.
  ///
  /// With a `watch`, the run also ends before the first step after which a
  /// watched condition reads differently from `watched` (its values on
  /// `probe.state`): the search that watches sees every such step singly.
  ///
  /// Without `tallying`, only the lies the rule stops on are followed (and
  /// the `freed` predicates, which say where the object is dead): the tally
  /// then counts the probe's events and those lies only.
  func uniformRun(from before: State, through probe: StepResult, op: Op, limit: BigInt, rule: StopRule, creating: Bool = false, watch: Watch? = nil, watched: [Bool] = [], tallying: Bool = true) -> UniformRun? {
    guard var model = UniformRunModel(machine: self, before: before, probe: probe, op: op, limit: limit, creating: creating),
      let mid = model.afterEffects(), model.limit >= 1
    else { return nil }
    guard var end = model.pathEnd(mid: mid) else { return nil }
    let followed = tallying ? nil : Set(layout.predicates.indices.filter { p in
      layout.predicates[p].role == .freed || [Lie.falsePositive, .falseNegative].contains { outcome(of: $0, predicate: p).map(rule.stops) ?? false }
    })
    guard let final = model.landsOnHypothesis(mid: mid), let onsets = model.lieOnsets(final: final, following: followed) else { return nil }
    for (o, points) in onsets where rule.stops(o) {
      if let j = points.first { end = Swift.min(end, j) }
    }
    if let watch {
      guard let watchEnd = model.watchEnd(final: final, watch: watch, at0: watched) else { return nil }
      end = Swift.min(end, watchEnd)
    }
    // Piecewise conditions (a mask, a remainder) are exact up to `limit`.
    end = Swift.min(end, model.limit + 1)
    let length = end - 1
    guard length >= 1 else { return nil }
    var run = model.advance(by: length, onsets: onsets)
    if probe.path != .refused { run.midEnds = (mid.map { $0.at(1) }, mid.map { $0.at(length) }) }
    return run
  }
}

/// The hypothesis of a uniform run and what follows from it, as affine
/// functions of the step `j` (see ``Machine/uniformRun(from:through:op:limit:rule:creating:)``).
struct UniformRunModel {
  let machine: Machine
  let op: Op
  let probe: StepResult
  let compiled: Machine.CompiledAction
  /// The state after the probe: step 0 of the run.
  let base: State
  /// Per field: its reading and raw bits on `base`, and how much it moved.
  let r0: [BigInt]
  let raw0: [BigInt]
  let d: [BigInt]
  /// How the truth of `op`'s kind moves per step: +1, -1 or 0 (an operation,
  /// or a step that does not apply).
  let t: BigInt
  /// The fixup the probe took, and whether the step leaves the words as they
  /// were (refused, trapped, or a trapping fixup).
  let fixup: Int?
  let reverted: Bool
  /// The last step the run may reach so far.
  var limit: BigInt
  /// Whether the run builds a new object (no acquire is then refused for
  /// bringing a dead object back).
  let creating: Bool
  /// Per field: how its ideal value moves per step, and whether a set
  /// replaces it.
  var idealSlope: [BigInt]
  var idealSet: [Bool]
  /// Per word: its bits outside every field after the main effects (before
  /// and after a step they are `base`'s: a change would be a carry, which
  /// ends the run).
  var midGaps: [UInt128] = []

  var layout: Layout { machine.layout }
  var fields: Range<Int> { layout.fields.indices }
  var domain: ClosedRange<BigInt> { 1...limit }

  /// The hypothesis: every field moves by what it moved in the probe, while
  /// its raw value stays in the half of its range it is in. Nil when a field
  /// is out of range to begin with.
  init?(machine: Machine, before: State, probe: StepResult, op: Op, limit: BigInt, creating: Bool = false) {
    self.machine = machine
    self.creating = creating
    self.op = op
    self.probe = probe
    self.limit = limit
    base = probe.state
    let compiled = machine.compiled(op)
    self.compiled = compiled
    let fields = machine.layout.fields.indices
    let base = probe.state
    let r0 = fields.map { machine.reading($0, in: base.words) }
    self.r0 = r0
    d = fields.map { r0[$0] - machine.reading($0, in: before.words) }
    raw0 = fields.map { BigInt(machine.bits($0, in: base.words)) }
    t = probe.applied ? BigInt(op.heldDelta) : 0
    idealSlope = fields.map { _ in 0 }
    idealSet = fields.map { _ in false }
    switch probe.path {
    case .refused, .trapped:
      fixup = nil
      reverted = true
    case .effects(let i):
      fixup = i
      reverted = i.map { compiled.fixups[$0].outcome == .trapped } ?? false
    }
    for f in fields { guard keepInHalf(raw0[f], slope: d[f], field: f, first: 0) else { return nil } }
    // A release run ends when the actor holds no more (the next one throws).
    if t.signum < 0, let k = op.kind { self.limit = Swift.min(self.limit, base.truth.held(k, by: op.actor)) }
  }

  /// Caps ``limit`` so that `start + (i - first) * slope` stays in the half
  /// of the field's unsigned range that `start` is in, for i in first...limit.
  mutating func keepInHalf(_ start: BigInt, slope: BigInt, field f: Int, first: BigInt) -> Bool {
    let w = layout.fields[f].bits
    let half = BigInt.power(of2: w - 1), top = BigInt.power(of2: w)
    guard !start.isNegative, start < top else { return false }
    let (lo, hi) = start >= half ? (half, top - 1) : (BigInt(0), half - 1)
    if slope.signum > 0 { limit = Swift.min(limit, first + (hi - start).floorDivided(by: slope)) }
    if slope.signum < 0 { limit = Swift.min(limit, first + (start - lo).floorDivided(by: -slope)) }
    return true
  }

  /// Raw values before step `j`.
  var oldRaw: [Affine] { fields.map { Affine(raw0[$0] - d[$0], d[$0]) } }

  /// Raw values after the main effects of step `j`, or nil when a set value
  /// is not constant. Records how the ideal values move.
  mutating func afterEffects() -> [Affine]? {
    var midRaw = oldRaw
    for e in compiled.effects {
      if let c = e.add {
        // An add after a set of the field: its ideal value is the value set
        // plus the add, unwrapped, which the run does not follow: stepped.
        if idealSet[e.field] { return nil }
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
        if let c = e.add { machine.addToWord(c, field: e.field, in: &midWords) }
        if let v = e.set { machine.store(v.expression.constantValue, field: e.field, in: &midWords) }
      }
      for f in fields where layout.fields[f].word == w { midRaw[f] = Affine(BigInt(machine.bits(f, in: midWords))) }
    }
    midGaps = layout.words.indices.map { midWords[$0] & machine.gapMask[$0] }
    if probe.path != .refused {
      let old = oldRaw
      for f in fields where midRaw[f].b == old[f].b && midRaw[f] != old[f] {
        guard keepInHalf(midRaw[f].at(1), slope: midRaw[f].b, field: f, first: 1) else { return nil }
      }
    }
    return midRaw
  }

  /// Readings of raw values, signed where read signed, as affine functions
  /// (the raw values stay in one half, so a reading is affine too).
  func readings(_ raw: [Affine]) -> (Int, Expression.Reading) -> Affine {
    let sample = raw.map { $0.at(1) }
    let fields = layout.fields
    return { f, r in
      let field = fields[f]
      let signed = r == .signed || (r == .declared && field.signed)
      if signed, sample[f] >= BigInt.power(of2: field.bits - 1) { return raw[f] - Affine(BigInt.power(of2: field.bits)) }
      return raw[f]
    }
  }

  /// Readings of whole words, from the raw values of their fields and the
  /// bits outside every field (`gaps`), signed where read signed: affine,
  /// since every field stays in one half of its range over the run, and so
  /// does the word's top bit.
  func wordReadings(_ raw: [Affine], gaps: [UInt128]) -> (Int, Expression.Reading) -> Affine {
    let (fields, words) = (layout.fields, layout.words)
    return { w, r in
      // Computed when a condition reads a word, which few layouts do.
      let value = fields.indices.reduce(Affine(BigInt(gaps[w]))) { sum, f in
        fields[f].word == w ? sum + raw[f].scaled(BigInt.power(of2: fields[f].lsb)) : sum
      }
      let word = words[w]
      let signed = r == .signed || (r == .declared && word.signed)
      if signed, value.at(1) >= BigInt.power(of2: word.bits - 1) { return value - Affine(BigInt.power(of2: word.bits)) }
      return value
    }
  }

  /// The words' bits outside every field, before and after a step.
  var baseGaps: [UInt128] { layout.words.indices.map { base.words[$0] & machine.gapMask[$0] } }

  /// The truth before step `j` (`after` false) or after it.
  func heldAt(after: Bool) -> (Int) -> Affine {
    let held = base.truth.held, kind = op.kind, t = self.t
    return { k in k == kind ? Affine(held[k] - (after ? 0 : t), t) : Affine(held[k]) }
  }

  func total(after: Bool) -> Affine {
    Affine(base.truth.total - (after ? 0 : t), t)
  }

  /// The first step at which a condition on the probe's path would change
  /// its value (``limit`` + 1 if none), or nil when one is not linear.
  mutating func pathEnd(mid midRaw: [Affine]) -> BigInt? {
    let old = readings(oldRaw), oldWords = wordReadings(oldRaw, gaps: baseGaps)
    let beforeEnv = RunEnvironment(old: old, new: old, oldWords: oldWords, newWords: oldWords, heldAt: heldAt(after: false), total: total(after: false), domain: domain)
    let afterEnv = RunEnvironment(old: old, new: readings(midRaw), oldWords: oldWords, newWords: wordReadings(midRaw, gaps: midGaps), heldAt: heldAt(after: false), total: total(after: false), domain: domain)
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
    var end = limit + 1
    for (c, expected, env) in required {
      guard let holds = machine.truthSet(c, env, cap: &limit) else { return nil }
      if let bad = (expected ? holds.complement(in: domain) : holds).first { end = Swift.min(end, bad) }
    }
    // An acquire that would bring back a dead object is not taken
    // (``Machine/revives(_:_:)``): the run ends before it.
    if t.signum > 0, !creating, !compiled.resurrects, !machine.freed.isEmpty {
      let after = RunEnvironment(old: old, new: old, oldWords: oldWords, newWords: oldWords, heldAt: heldAt(after: true), total: total(after: true), domain: domain)
      for p in machine.freed {
        guard let was = machine.truthSet(machine.predicates[p].means, beforeEnv, cap: &limit), let will = machine.truthSet(machine.predicates[p].means, after, cap: &limit) else { return nil }
        if let bad = was.intersection(will.complement(in: domain)).first { end = Swift.min(end, bad) }
      }
    }
    return end
  }

  /// The raw values after step `j`, when they are the hypothesis
  /// `raw0 + d·j`; nil otherwise (a fixup's effects do not keep the run
  /// uniform). Records how the ideal values move.
  mutating func landsOnHypothesis(mid midRaw: [Affine]) -> [Affine]? {
    var finalRaw = reverted ? oldRaw : midRaw
    if let fixup, !reverted {
      let afterEnv = RunEnvironment(
        old: readings(oldRaw), new: readings(midRaw), oldWords: wordReadings(oldRaw, gaps: baseGaps), newWords: wordReadings(midRaw, gaps: midGaps),
        heldAt: heldAt(after: false), total: total(after: false), domain: domain)
      for e in compiled.fixups[fixup].effects {
        if let c = e.add {
          if idealSet[e.field] { return nil }  // as in ``afterEffects()``
          finalRaw[e.field] = finalRaw[e.field] + Affine(c)
          idealSlope[e.field] += c
        } else if let v = e.set {
          // The value set must be exactly the hypothesis' reading.
          guard case .affine(let x) = v.expression.symbolic(afterEnv, cap: &limit), x == Affine(r0[e.field], d[e.field]) else { return nil }
          finalRaw[e.field] = Affine(raw0[e.field], d[e.field])
          idealSet[e.field] = true
        }
      }
    }
    for f in fields where finalRaw[f] != Affine(raw0[f], d[f]) { return nil }
    return finalRaw
  }

  /// The steps at which each predicate starts lying on the state after step
  /// `j` (see ``Machine/onset(predicate:before:after:frees:deadBefore:deadAfter:)``):
  /// run starts of the lie's set where the object is alive for a plain
  /// predicate; for a freed predicate, run starts of `when` outside `means`
  /// (premature_free, on a release run only) and of `means` outside `when`
  /// (leak). Nil when a predicate is not linear. With `following`, only those
  /// predicates (which must include every `freed` one).
  mutating func lieOnsets(final finalRaw: [Affine], following: Set<Int>? = nil) -> [(Outcome, [BigInt])]? {
    let state = readings(finalRaw), words = wordReadings(finalRaw, gaps: baseGaps)
    let env = RunEnvironment(old: state, new: state, oldWords: words, newWords: words, heldAt: heldAt(after: true), total: total(after: true), domain: domain)
    var sets: [(when: IntervalSet, means: IntervalSet)?] = []
    for (p, pred) in machine.predicates.enumerated() {
      guard following?.contains(p) ?? true else { sets.append(nil); continue }
      guard let when = machine.truthSet(pred.when, env, cap: &limit), let means = machine.truthSet(pred.means, env, cap: &limit) else { return nil }
      sets.append((when, means))
    }
    // No plain predicate is judged on a dead object: its lies count only
    // where the object is alive after the step, and a lie it told on a dead
    // object before the run does not count as told.
    var dead = IntervalSet()
    for p in machine.freed { dead = dead.union(sets[p]!.means) }
    let alive = dead.complement(in: domain)
    let deadBefore = machine.isDead(probe.standing)
    var onsets: [(Outcome, [BigInt])] = []
    for (p, set) in sets.enumerated() {
      guard let (when, means) = set else { continue }
      let before = probe.standing[p]
      switch layout.predicates[p].role {
      case .plain:
        for (lie, set) in [(Lie.falsePositive, when.intersection(means.complement(in: domain))), (Lie.falseNegative, means.intersection(when.complement(in: domain)))] {
          guard let o = machine.outcome(of: lie, predicate: p) else { continue }
          onsets.append((o, set.intersection(alive).runStartPoints(in: domain, memberBefore: before.lie == lie && !deadBefore)))
        }
      case .freed:
        // A premature free happens on a release or an operation, never an
        // acquire (the step that makes the word read freed is the one that
        // frees).
        let frees = !op.isAcquire ? when.runStartPoints(in: domain, memberBefore: before.when).filter { !means.contains($0) } : []
        onsets.append((.prematureFree, frees))
        onsets.append((.leak, means.runStartPoints(in: domain, memberBefore: before.means).filter { !when.contains($0) }))
      }
    }
    return onsets
  }

  /// The first step after which a watched condition reads differently from
  /// `at0` (``limit`` + 1 if none); nil when one cannot be solved over the
  /// run (a value another operation sets that is not affine, or an add of it
  /// that carries on some steps and not others): the run is then stepped.
  mutating func watchEnd(final finalRaw: [Affine], watch: Watch, at0: [Bool]) -> BigInt? {
    let state = readings(finalRaw)
    let words = wordReadings(finalRaw, gaps: baseGaps)
    let env = RunEnvironment(old: state, new: state, oldWords: words, newWords: words, heldAt: heldAt(after: true), total: total(after: true), domain: domain)
    var end = limit + 1
    var mids: [Op: (raw: [Affine], gaps: [UInt128])] = [:]
    for (i, item) in watch.items.enumerated() {
      var itemEnv = env
      if let then = item.then {
        if mids[then] == nil {
          guard let mid = effectsRaw(then, on: finalRaw) else { return nil }
          mids[then] = mid
        }
        let mid = mids[then]!
        itemEnv.new = readings(mid.raw)
        itemEnv.newWords = wordReadings(mid.raw, gaps: mid.gaps)
      }
      guard let holds = machine.truthSet(item.condition, itemEnv, cap: &limit) else { return nil }
      if let j = (at0[i] ? holds.complement(in: domain) : holds).first { end = Swift.min(end, j) }
    }
    return Swift.min(end, limit + 1)
  }

  /// Raw values after the main effects of `other` on the state after step
  /// `j`, kept in range and in one half (the run is capped where they would
  /// leave it), and each word's bits outside every field; nil when a value
  /// set is not affine over the run, or an add carries out of its field at
  /// the run's first step while the field moves.
  /// A word none of whose fields move has the same value after the effects at
  /// every step: taken from the word arithmetic, carries included. In a word
  /// whose fields move no add carries out of its field (each stays in one
  /// half of its range), so its bits outside every field are the run's own.
  mutating func effectsRaw(_ other: Op, on raw: [Affine]) -> (raw: [Affine], gaps: [UInt128])? {
    let state = readings(raw)
    let words = wordReadings(raw, gaps: baseGaps)
    let env = RunEnvironment(old: state, new: state, oldWords: words, newWords: words, heldAt: heldAt(after: true), total: total(after: true), domain: domain)
    var mid = raw
    var gaps = baseGaps
    let effects = machine.compiled(other).effects
    var still = Set<Int>()  // words whose fields do not move
    for w in layout.words.indices where fields.allSatisfy({ layout.fields[$0].word != w || raw[$0].b.isZero }) { still.insert(w) }
    // A set into a still word that reads a field: its value may move.
    for e in effects where still.contains(layout.fields[e.field].word) {
      if let v = e.set, !v.expression.isConstant { still.remove(layout.fields[e.field].word) }
    }
    if !still.isEmpty {
      var words = base.words
      for f in fields where still.contains(layout.fields[f].word) { machine.store(raw[f].a, field: f, in: &words) }
      let after = machine.effectWords(State(words: words, truth: base.truth), other)
      for f in fields where still.contains(layout.fields[f].word) { mid[f] = Affine(BigInt(machine.bits(f, in: after))) }
      for w in still { gaps[w] = after[w] & machine.gapMask[w] }
    }
    for e in effects where !still.contains(layout.fields[e.field].word) {
      if let c = e.add {
        mid[e.field] = mid[e.field] + Affine(c)
      } else if let v = e.set {
        guard case .affine(let x) = v.expression.symbolic(env, cap: &limit) else { return nil }
        // Stored modulo 2^bits: affine while the value stays in one window.
        let top = BigInt.power(of2: layout.fields[e.field].bits)
        let k = x.at(1).floorDivided(by: top)
        limit = Swift.min(limit, Expression.lastStep(x, in: (k * top)...(k * top + top - 1), domain))
        mid[e.field] = x - Affine(k * top)
      }
    }
    for f in fields where !still.contains(layout.fields[f].word) && mid[f] != raw[f] {
      guard keepInHalf(mid[f].at(1), slope: mid[f].b, field: f, first: 1) else { return nil }
    }
    return (mid, gaps)
  }

  /// The state after `length` run steps, and what they produced: the probe's
  /// events at every step, and each lie that starts within the run.
  func advance(by length: BigInt, onsets: [(Outcome, [BigInt])]) -> Machine.UniformRun {
    var words = base.words
    for f in fields where !d[f].isZero { machine.store(raw0[f] + d[f] * length, field: f, in: &words) }
    var truth = base.truth
    if !t.isZero, let k = op.kind { truth.add(t * length, kind: k, actor: op.actor) }
    for f in fields {
      if idealSet[f] && !reverted {
        truth.ideal[f] = machine.reading(f, in: words)
      } else if !reverted && !idealSlope[f].isZero {
        truth.ideal[f] += idealSlope[f] * length
      }
    }
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
    return Machine.UniformRun(length: length, state: State(words: words, truth: truth), tally: tally)
  }
}

extension Machine {
  /// The compiled form of `op`'s action.
  func compiled(_ op: Op) -> CompiledAction {
    switch op.action {
    case .acquire(let k): kinds[k].acquire
    case .release(let k): kinds[k].release
    case .perform(let o): operations[o]
    }
  }

  /// The steps at which a compiled condition holds, exact up to `cap`
  /// (which it may lower: see ``Expression/symbolic(_:cap:)``), or nil if
  /// it cannot be solved over the run.
  func truthSet(_ c: CompiledExpression, _ env: some AffineEnvironment, cap: inout BigInt) -> IntervalSet? {
    switch c.expression.symbolic(env, cap: &cap) {
    case .truth(let s): return s
    case .affine(let x):
      return IntervalSet.lessThanZero(c: x.a, m: x.b, domain: env.domain)
        .union(IntervalSet.lessThanZero(c: -x.a, m: -x.b, domain: env.domain))
    case .monotone(let m):
      return Expression.monotoneLessThanZero(m, env.domain).union(Expression.monotoneLessThanZero(m.negated, env.domain))
    case .nonLinear: return nil
    }
  }
}

/// Readings and truth over a run of steps, as affine functions of the step.
struct RunEnvironment: AffineEnvironment {
  var old: (Int, Expression.Reading) -> Affine
  var new: (Int, Expression.Reading) -> Affine
  var oldWords: (Int, Expression.Reading) -> Affine
  var newWords: (Int, Expression.Reading) -> Affine
  var heldAt: (Int) -> Affine
  var total: Affine
  var domain: ClosedRange<BigInt>

  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine? {
    time == .old ? old(index, reading) : new(index, reading)
  }

  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine? {
    time == .old ? oldWords(index, reading) : newWords(index, reading)
  }

  func held(_ index: Int) -> Affine { heldAt(index) }
}
