/// Gives each question of the exact lens its verdict, from what the searches
/// found and what the certificates prove.
///
/// - A sequence the exhaustive search found is the shortest (it tried every
///   shorter one).
/// - A sequence only the phase search found is the shortest *found*; the
///   exhaustive search's depth is a proven lower bound.
/// - With no sequence, a certificate the checker accepted makes it
///   `impossible`; otherwise it is `unknown`, with what was tried.
struct VerdictBuilder {
  var layout: Layout
  var exhaustive: ExhaustiveSearch.Result
  var certifier: Certifier
  /// Whether the candidates are ranked by fewest operations (so that the
  /// exhaustive search's sequence, when found, is the answer); false for an
  /// attack, ranked by cost.
  var fewestOperations = true

  /// One verdict per target: the phase search's candidate (if any) for each.
  func verdicts(_ targets: [[OutcomePattern]], candidates: [OpSequence?]) -> [Verdict] {
    let depth = exhaustive.completeDepth
    let bound = BigInt(depth + 1)
    var verdicts = [Verdict?](repeating: nil, count: targets.count)
    var open: [Int] = []
    for (i, t) in targets.enumerated() {
      let shortest = t.compactMap { exhaustive.shortest[$0] }.min { $0.count < $1.count }
      if let shortest, fewestOperations {
        // The phase search's sequence when it is as short (the same figure
        // either way; its phases are the clearer script).
        let found = candidates[i].flatMap { $0.operations == BigInt(shortest.count) ? $0 : nil }
        verdicts[i] = .reachable(Reach(sequence: found ?? OpSequence(operations: shortest, layout: layout), length: .shortest))
      } else if let c = candidates[i] ?? shortest.map({ OpSequence(operations: $0, layout: layout) }) {
        verdicts[i] = .reachable(Reach(sequence: c, length: .shortestFound(atLeast: fewestOperations ? bound : nil)))
      } else {
        open.append(i)
      }
    }
    let attempts = certifier.prove(open.map { targets[$0] })
    for (i, a) in zip(open, attempts) {
      switch a {
      case .proved(let c): verdicts[i] = .impossible(c)
      case .notProved(let why):
        verdicts[i] = .unknown(Unknown(
          reason: "no sequence found (every sequence of at most \(depth) operations was tried, and the phase search); \(why); to settle it: a longer or many-phase search that reaches it, or an invariant that excludes it",
          atLeast: bound))
      }
    }
    return verdicts.map { $0! }
  }
}
