extension Machine {
  /// Whether a predicate reads true on `state`, and whether its meaning holds
  /// on the truth.
  public func predicate(_ p: Int, on state: State) -> (when: Bool, means: Bool) {
    let env = StepEnvironment(machine: self, old: state.words, new: state.words, held: state.truth.held)
    return (env.holds(predicates[p].when), env.holds(predicates[p].means))
  }

  /// Which predicates lie on `state`: false positives and false negatives.
  func lies(on state: State) -> [Lie] {
    standing(on: state).map(\.lie)
  }

  /// How each predicate reads on `state`, and whether its meaning holds.
  func standing(on state: State) -> [Standing] {
    let env = StepEnvironment(machine: self, old: state.words, new: state.words, held: state.truth.held)
    return predicates.map { Standing(when: env.holds($0.when), means: env.holds($0.means)) }
  }

  /// Whether the truth says the object is dead: the `means` of some `freed`
  /// predicate holds (for the usual `means = "total == 0"`: no reference is
  /// left). On a dead object no plain predicate is judged, and no acquire is
  /// taken that would bring it back unless the layout declares one
  /// (``revives(_:_:)``).
  func isDead(_ truth: Truth) -> Bool {
    guard !freed.isEmpty else { return false }
    let env = truthEnvironment(truth.held)
    return freed.contains { env.holds(predicates[$0].means) }
  }

  /// ``isDead(_:)`` from the predicates' standing on the state.
  func isDead(_ standing: [Standing]) -> Bool {
    freed.contains { standing[$0].means }
  }

  /// Whether `op` is an acquire that would bring a dead object back: some
  /// `freed` predicate's `means` holds on `truth` and would not once one more
  /// reference of `op`'s kind is held, and the acquire is not declared
  /// `resurrect = true`. Such an acquire is no caller's move (no reference is
  /// left to take another from): ``step(_:_:)`` throws
  /// ``StepError/dead(kind:actor:)`` for it, and searches, the fuzzer and
  /// traces do not take it. Whether the step would be refused does not
  /// matter: a caller with nothing to take a reference from does not try.
  ///
  /// - Complexity: O(size of the freed predicates' `means`).
  func revives(_ op: Op, _ truth: Truth) -> Bool {
    guard case .acquire(let k) = op.action, !freed.isEmpty, !compiled(op).resurrects else { return false }
    let before = truthEnvironment(truth.held)
    var held = truth.held
    held[k] += 1
    let after = truthEnvironment(held)
    return freed.contains { before.holds(predicates[$0].means) && !after.holds(predicates[$0].means) }
  }

  /// An environment that reads only the truth (a `means` reads no field).
  func truthEnvironment(_ held: [BigInt]) -> StepEnvironment {
    let zero = [UInt128](repeating: 0, count: layout.words.count)
    return StepEnvironment(machine: self, old: zero, new: zero, held: held)
  }

  /// The outcome predicate `p` produces across a step, if it starts lying.
  ///
  /// A plain predicate produces `false_positive` / `false_negative` when it
  /// lies after the step and did not lie that way before; it is not judged on
  /// a dead object (``isDead(_:)``): after a step that leaves the object dead
  /// it produces nothing, and a lie it told while the object was dead does
  /// not count as told before. A `freed` predicate's lie is charged to the
  /// side that moved: `premature_free` on a step that `frees` (a release, or
  /// an operation, whose internal put may call the release callback, as
  /// percpu_ref's switch to atomic mode does) and makes the word read freed
  /// while references remain (the `atomic_dec_and_test()` that reaches zero:
  /// an acquire that wraps the word to "freed" frees nothing, it only sets up
  /// the release that will), `leak` when the last reference goes while the
  /// word does not read freed.
  ///
  /// This is the one place the rule lives: ``Machine/step(_:_:)``, bulk
  /// stepping (``UniformRunModel/lieOnsets(final:)``) and the native engine's
  /// onset table (``NativeMachine/onsets``) all follow it.
  func onset(predicate p: Int, before: Standing, after: Standing, frees: Bool, deadBefore: Bool, deadAfter: Bool) -> Outcome? {
    switch layout.predicates[p].role {
    case .plain:
      guard !deadAfter else { return nil }
      let told = deadBefore ? Lie.none : before.lie
      guard after.lie != .none, after.lie != told else { return nil }
      return outcome(of: after.lie, predicate: p)
    case .freed:
      if frees && after.when && !after.means && !before.when { return .prematureFree }
      if !after.when && after.means && !before.means { return .leak }
      return nil
    }
  }

  /// The outcome a lie of predicate `p` is reported as.
  func outcome(of lie: Lie, predicate p: Int) -> Outcome? {
    let pred = layout.predicates[p]
    switch (lie, pred.role) {
    case (.none, _): return nil
    case (.falsePositive, .freed): return .prematureFree
    case (.falseNegative, .freed): return .leak
    case (.falsePositive, .plain): return .falsePositive(predicate: pred.name)
    case (.falseNegative, .plain): return .falseNegative(predicate: pred.name)
    }
  }
}
