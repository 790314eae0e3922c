extension Machine {
  /// Applies one acquire, release or operation to a state.
  ///
  /// Order: `refuse` on the old state (refused: nothing changes); the effects,
  /// each an add to the whole word or a store into the field; `trap` (trapped:
  /// nothing changes); the first fixup whose condition holds, its values read
  /// from the state after the effects. Then every field is compared with what
  /// the step wrote into it (`field_overflow` where a carry, borrow or wrap
  /// made them differ), the truth moves (an acquire takes a reference, a
  /// release drops one, an operation holds none), and each predicate that
  /// starts lying gives its outcome.
  ///
  /// - Throws: ``StepError/notHeld(kind:actor:)`` for a release of a reference
  ///   the actor does not hold: an error of the caller, not an underflow;
  ///   ``StepError/dead(kind:actor:)`` for an acquire that would bring back a
  ///   dead object (``revives(_:_:)``).
  public func step(_ state: State, _ op: Op) throws(StepError) -> StepResult {
    try step(state, op, standingBefore: nil)
  }

  /// ``step(_:_:)`` with the predicates' standing on `state` already known
  /// (from the previous step's ``StepResult/standing``).
  ///
  /// `creating` is set for the acquires that build a new object's initial
  /// word (``initialState()``): they bring a dead object to life, the one time
  /// that is no caller's move.
  func step(_ state: State, _ op: Op, standingBefore known: [Standing]?, creating: Bool = false) throws(StepError) -> StepResult {
    if case .release(let k) = op.action, state.truth.held(k, by: op.actor) < 1 {
      throw .notHeld(kind: layout.kinds[k].name, actor: op.actor)
    }
    // Named only when refused (a string per step would cost more than the step).
    func refusedName() -> String { layout.kindOrOperationName(op.action) }
    let compiled = self.compiled(op)
    if case .acquire(let k) = op.action, !creating, !freed.isEmpty, !compiled.resurrects, known.map({ isDead($0) }) ?? true, revives(op, state.truth) {
      throw .dead(kind: layout.kinds[k].name, actor: op.actor)
    }
    let old = state.words
    let held = state.truth.held
    let standingBefore = known
    let unchanged = { (o: Outcome, path: StepPath) in
      StepResult(state: state, outcomes: [o], fixup: nil, applied: false, path: path, standing: standingBefore ?? self.standing(on: state))
    }
    let before = StepEnvironment(machine: self, old: old, new: old, held: held)

    if let refuse = compiled.refuse, before.holds(refuse) {
      return unchanged(.refused(kind: refusedName()), .refused)
    }

    var new = old
    // What the step writes into each field it touches (exact); untouched
    // fields must keep their bits.
    var expected = [BigInt?](repeating: nil, count: layout.fields.count)
    var ideal = state.truth.ideal
    apply(compiled.effects, env: before, old: old, to: &new, expected: &expected, ideal: &ideal)

    let after = before.replacingNew(new)
    if let trap = compiled.trap, after.holds(trap) { return unchanged(.trapped, .trapped) }

    var outcomes: [Outcome] = []
    var fixupIndex: Int?
    var applied = true
    if let i = compiled.fixups.firstIndex(where: { after.holds($0.when) }) {
      let fixup = compiled.fixups[i]
      fixupIndex = i
      apply(fixup.effects, env: after, old: old, to: &new, expected: &expected, ideal: &ideal)
      switch fixup.outcome {
      case .ok: break
      case .saturated: outcomes.append(.saturated)
      case .spilled: outcomes.append(.spilled)
      case .refused:
        outcomes.append(.refused(kind: refusedName()))
        applied = false
      case .trapped:
        var r = unchanged(.trapped, .effects(fixup: i))
        r.fixup = i
        return r
      }
    }

    outcomes += overflows(old: old, new: new, expected: expected)

    var truth = state.truth
    truth.ideal = ideal
    if applied, let k = op.kind {
      truth.add(BigInt(op.heldDelta), kind: k, actor: op.actor)
    }
    let next = State(words: new, truth: truth)
    let standingAfter = standing(on: next)
    outcomes += lieOnsets(before: standingBefore ?? standing(on: state), after: standingAfter, frees: !op.isAcquire)
    outcomes.sort()
    return StepResult(state: next, outcomes: outcomes.isEmpty ? [.ok] : outcomes, fixup: fixupIndex, applied: applied, path: .effects(fixup: fixupIndex), standing: standingAfter)
  }

  /// The words after `op`'s main effects on `state`, before its trap and
  /// fixups: what those read as `new`.
  func effectWords(_ state: State, _ op: Op) -> [UInt128] {
    let env = StepEnvironment(machine: self, old: state.words, new: state.words, held: state.truth.held)
    var new = state.words
    var expected = [BigInt?](repeating: nil, count: layout.fields.count)
    var ideal = state.truth.ideal
    apply(compiled(op).effects, env: env, old: state.words, to: &new, expected: &expected, ideal: &ideal)
    return new
  }

  /// Applies effects in order. Values to set are read from `env` (the state
  /// before this list of effects ran).
  func apply(_ effects: [CompiledEffect], env: StepEnvironment, old: [UInt128], to words: inout [UInt128], expected: inout [BigInt?], ideal: inout [BigInt]) {
    for e in effects {
      if let c = e.add {
        addToWord(c, field: e.field, in: &words)
        expected[e.field] = (expected[e.field] ?? reading(e.field, in: old)) + c
        ideal[e.field] += c
      } else if let s = e.set {
        let v = env.value(s)
        store(v, field: e.field, in: &words)
        expected[e.field] = v
        ideal[e.field] = v
      }
    }
  }

  /// Fields whose value is not what the step wrote, and words whose bits
  /// outside every field changed.
  func overflows(old: [UInt128], new: [UInt128], expected: [BigInt?]) -> [Outcome] {
    var out: [Outcome] = []
    for f in layout.fields.indices {
      let landed = expected[f].map { reading(f, in: new) == $0 } ?? (bits(f, in: new) == bits(f, in: old))
      if !landed { out.append(.fieldOverflow(field: layout.fields[f].name)) }
    }
    for w in layout.words.indices where (old[w] ^ new[w]) & gapMask[w] != 0 {
      out.append(.fieldOverflow(field: layout.words[w].name))
    }
    return out
  }

  /// Outcomes of predicates that start lying across a step (see
  /// ``Machine/onset(predicate:before:after:frees:deadBefore:deadAfter:)``).
  func lieOnsets(before: [Standing], after: [Standing], frees: Bool) -> [Outcome] {
    let deadBefore = isDead(before), deadAfter = isDead(after)
    return after.indices.compactMap { p in onset(predicate: p, before: before[p], after: after[p], frees: frees, deadBefore: deadBefore, deadAfter: deadAfter) }
  }
}
