extension Machine {
  /// Whether a predicate reads true on `state`, and whether its meaning holds
  /// on the truth.
  public func predicate(_ p: Int, on state: State) -> (when: Bool, means: Bool) {
    let env = StepEnvironment(machine: self, old: state.words, new: state.words, held: state.truth.held)
    return (env.holds(predicates[p].when), env.holds(predicates[p].means))
  }

  /// Which predicates lie on `state`: false positives and false negatives.
  public func lies(on state: State) -> [Lie] {
    standing(on: state).map(\.lie)
  }

  /// How each predicate reads on `state`, and whether its meaning holds.
  public func standing(on state: State) -> [Standing] {
    let env = StepEnvironment(machine: self, old: state.words, new: state.words, held: state.truth.held)
    return predicates.map { Standing(when: env.holds($0.when), means: env.holds($0.means)) }
  }

  /// The outcome predicate `p` produces across a step, if it starts lying.
  ///
  /// A plain predicate produces `false_positive` / `false_negative` when it
  /// lies after the step and did not lie that way before. A `freed`
  /// predicate's lie is charged to the side that moved: `premature_free` when
  /// the word starts to read freed while references remain, `leak` when the
  /// last reference goes while the word does not read freed. A reference taken
  /// on an object the word already reads as freed is the caller's
  /// use-after-free, not a lie of the encoding, and produces neither.
  func onset(predicate p: Int, before: Standing, after: Standing) -> Outcome? {
    switch layout.predicates[p].role {
    case .plain:
      guard after.lie != .none, after.lie != before.lie else { return nil }
      return outcome(of: after.lie, predicate: p)
    case .freed:
      if after.when && !after.means && !before.when { return .prematureFree }
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
