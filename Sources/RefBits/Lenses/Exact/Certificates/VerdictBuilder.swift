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
    let attempts = certifier.prove(open.map { [targets[$0]] })
    for (i, a) in zip(open, attempts) {
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
