@testable import RefBits

/// The tests' own breadth-first search over every sequence of operations (any
/// interleaving), independent of ``BreadthFirstSearch`` and ``PhaseSearch``.
///
/// States are the words and who holds what: the ideal values do not change
/// what a step does. A step that traps ends its sequence.
enum BreadthFirst {
  /// The fewest operations to each target within `depth`, and the depth to
  /// which every sequence was tried (`Int.max` when no new state remains).
  /// Stops deepening once more than `maxStates` states were seen.
  static func shortest(_ m: Machine, from start: State, ops: [Op], targets: [OutcomePattern], depth: Int, maxStates: Int) -> (found: [OutcomePattern: Int], complete: Int) {
    var best: [OutcomePattern: Int] = [:]
    var frontier: [State] = [start]
    struct Key: Hashable { var words: [UInt128]; var byActor: [Int: [BigInt]] }
    func key(_ s: State) -> Key { Key(words: s.words, byActor: s.truth.byActor) }
    var seen: Set<Key> = [key(start)]
    var complete = 0
    for d in 1...depth {
      var next: [State] = []
      for s in frontier {
        for op in ops {
          guard let r = try? m.step(s, op) else { continue }
          for t in targets where best[t] == nil && r.outcomes.contains(where: t.matches) { best[t] = d }
          if r.outcomes.contains(.trapped) { continue }
          if seen.insert(key(r.state)).inserted { next.append(r.state) }
        }
      }
      complete = d
      frontier = next
      if frontier.isEmpty { return (best, .max) }
      if seen.count > maxStates { break }
    }
    return (best, complete)
  }
}
