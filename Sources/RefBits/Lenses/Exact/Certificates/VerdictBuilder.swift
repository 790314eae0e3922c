/// Gives each question of the exact lens its verdict, from what the search
/// found and what the certificates prove.
///
/// - A sequence as long as the breadth-first search's proven lower bound is
///   the shortest (every shorter sequence was tried).
/// - Any other sequence is the shortest *found*, with that lower bound.
/// - With no sequence, a certificate the checker accepted makes it
///   `impossible`; otherwise it is `unknown`, with what was tried. A target
///   the breadth-first search proved unreachable by exhausting every state
///   is still sent to the certifier: only a checked certificate is reported
///   as a proof.
struct VerdictBuilder {
  var layout: Layout
  var search: PhaseSearch.Result
  var certifier: Certifier
  /// What the certifier already said about some targets (see
  /// ``init(layout:searching:for:certifier:)``): not asked again.
  var attempts: [OutcomePattern: Certifier.Attempt] = [:]
  /// The targets the certifier was asked about before the class search, in
  /// that order, and those of them it left unanswered (known reachable):
  /// asked again, all of them, if one of those is not found after all.
  var asked: [OutcomePattern] = []
  var deferred: Set<OutcomePattern> = []
  /// Whether the candidates are ranked by fewest operations (so that the
  /// search's best sequence is the answer); false for an attack, ranked by
  /// cost, whose lower bound on operations says nothing about cost.
  var fewestOperations = true

  /// One verdict per target, given the candidate each is answered with
  /// (for fewest operations, the search's best).
  func verdicts(_ targets: [OutcomePattern], candidates: [OpSequence?]) -> [Verdict] {
    var verdicts = [Verdict?](repeating: nil, count: targets.count)
    var open: [Int] = []
    for (i, t) in targets.enumerated() {
      let result = search.targets[t]
      if let c = candidates[i] {
        let bound = result?.lowerBound
        if fewestOperations, let bound, c.operations == bound {
          verdicts[i] = .reachable(Reach(sequence: c, length: .shortest))
        } else {
          verdicts[i] = .reachable(Reach(sequence: c, length: .shortestFound(atLeast: fewestOperations ? bound : nil)))
        }
      } else {
        open.append(i)
      }
    }
    var attempts = self.attempts
    if open.contains(where: { deferred.contains(targets[$0]) }) {
      // The same question as before the search, so the same answers.
      for (t, a) in zip(asked, certifier.prove(asked.map { [$0] })) where deferred.contains(t) { attempts[t] = a }
    }
    let unasked = open.filter { attempts[targets[$0]] == nil }
    for (i, a) in zip(unasked, certifier.prove(unasked.map { [targets[$0]] })) { attempts[targets[i]] = a }
    for i in open {
      let a = attempts[targets[i]]!
      switch a {
      case .proved(let c): verdicts[i] = .impossible(c)
      case .notProved(let why):
        let result = search.targets[targets[i]]
        let tried = search.exhaustedStates
          ? "the breadth-first search expanded every reachable state (\(search.exhaustiveDepth) operations deep) without meeting it, a proof by exhaustion that no certificate restates"
          : "every sequence of at most \(search.exhaustiveDepth) operations was tried, and \(search.coverage.complete ? "the whole phase class" : "part of the phase class (its budget ran out)")"
        verdicts[i] = .unknown(Unknown(
          reason: "no sequence found (\(tried)); \(why); to settle it: a longer or many-phase search that reaches it, or an invariant that excludes it (state one under [[invariants]] in the layout: the checker verifies it)",
          atLeast: result?.lowerBound ?? BigInt(search.exhaustiveDepth + 1)))
      }
    }
    return verdicts.map { $0! }
  }
}

extension VerdictBuilder {
  /// Runs `search` for `targets`, the certifier settling every target the
  /// breadth-first search did not meet before the class search starts: one
  /// proved impossible is not looked for there (most of the class search's
  /// work goes into targets no sequence produces), and no target is sent to
  /// the certifier twice.
  ///
  /// A target the class search then finds keeps its sequence (its attempt
  /// is not a proof, or the checker would be wrong).
  ///
  /// Targets of `witnessed` (outcomes a sequence is already known to
  /// produce, such as a capacity run's last step) are left to the search
  /// where the certifier can leave them out without changing any other
  /// answer (``Certifier/prove(_:deferring:)``): the checker would only
  /// reject them. If the search then does not find one, ``verdicts(_:candidates:)``
  /// asks the certifier the whole first question again, and gets the
  /// answers it would have had.
  init(layout: Layout, searching search: PhaseSearch, for targets: [OutcomePattern], certifier: Certifier, witnessed: Set<OutcomePattern> = []) {
    var attempts: [OutcomePattern: Certifier.Attempt] = [:]
    var asked: [OutcomePattern] = []
    var deferred: Set<OutcomePattern> = []
    let result = search.run(targets: targets) { open in
      asked = open
      for (t, a) in zip(open, certifier.prove(open.map { [$0] }, deferring: witnessed)) {
        if let a { attempts[t] = a } else { deferred.insert(t) }
      }
      #if REFBITS_INTERNAL_CHECKS
      // Every answer given is the one the whole question gets, and every
      // target left out is one the checker rejects.
      if !deferred.isEmpty {
        for (t, a) in zip(open, certifier.prove(open.map { [$0] })) {
          if deferred.contains(t) {
            if case .proved = a { InternalChecks.verify("\(t) was left to the search as reachable, but the checker accepted a certificate for it") }
          } else if attempts[t] != a, certifier.schemas == nil || attempts[t]?.isProved != a.isProved {
            // (In a sweep the point's block may have answered one of the two
            // from a schema: the same judgement, perhaps quoting another
            // counterexample.)
            InternalChecks.verify("the certifier's answer for \(t) changed when reachable targets were left out: \(attempts[t]!) instead of \(a)")
          }
        }
      }
      #endif
      return Set(attempts.compactMap { t, a in if case .proved = a { t } else { nil } })
    }
    self.init(layout: layout, search: result, certifier: certifier, attempts: attempts, asked: asked, deferred: deferred)
  }
}
