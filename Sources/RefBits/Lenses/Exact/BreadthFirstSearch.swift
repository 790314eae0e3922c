/// Every sequence of operations up to a depth, breadth first over states:
/// the exact lens's proof that nothing shorter exists.
///
/// Level `d` applies every operation to every state first reached at level
/// `d - 1`. Steps are deterministic and depend on the state alone (the words
/// and who holds what: the fields' ideal values, carried for display, change
/// nothing a step does), so a state reached again later need not be expanded
/// again: when the search has
/// completed level `d`, every sequence of at most `d` operations has been
/// accounted for, and a target first met at level `d` has no witness shorter
/// than `d`. A step that traps ends its sequence (the process is gone); a
/// release of a reference not held, or an acquire that would bring back a
/// dead object, is no move at all.
struct BreadthFirstSearch {
  var machine: Machine
  var start: State
  var ops: [Op]
  /// Stop before a level would take the states seen past this many.
  var stateBudget: Int
  /// Never go deeper than this.
  var maxDepth: Int

  struct Result {
    /// Every sequence of at most this many operations was examined.
    var depth: Int
    /// Whether every reachable state was expanded: the search went as deep
    /// as any sequence can go, so a target it did not meet is unreachable.
    var exhaustedStates: Bool
    /// For each target met: the operations of a shortest sequence, and what
    /// its last step produced.
    var found: [OutcomePattern: (ops: [Op], outcomes: [Outcome])]
    /// States seen.
    var states: Int

    /// How this answer differs from `other`, if it does: the depth, whether
    /// the states were exhausted, how many were seen, each shortest sequence
    /// found and what its last step produced.
    func discrepancy(from other: Result) -> String? {
      let mine = found.mapValues { "\($0.ops) -> \($0.outcomes)" }
      let theirs = other.found.mapValues { "\($0.ops) -> \($0.outcomes)" }
      guard depth == other.depth, exhaustedStates == other.exhaustedStates, states == other.states, mine == theirs else {
        return "breadth-first searches differ: depth \(depth), exhausted \(exhaustedStates), \(states) states, found \(mine); the reference: depth \(other.depth), exhausted \(other.exhaustedStates), \(other.states) states, found \(theirs)"
      }
      return nil
    }
  }

  /// What decides a step: the words and who holds what, flat (each actor
  /// holding something, by increasing number, then its count of every kind):
  /// hashed and compared as two arrays, not as a dictionary of arrays.
  private struct Key: Hashable {
    var words: [UInt128]
    var holders: [BigInt]
    init(_ s: State) {
      words = s.words
      let byActor = s.truth.byActor
      switch byActor.count {
      case 0: holders = []
      case 1:
        let (actor, counts) = byActor.first!
        holders = [BigInt(actor)] + counts
      default:
        holders = []
        for actor in byActor.keys.sorted() { holders += [BigInt(actor)] + byActor[actor]! }
      }
    }
  }

  /// Runs the search on the native engine when the layout and the start fit
  /// it (``runNative(targets:)``), on the reference ``Machine`` otherwise;
  /// the two give the same answer (checked on every search in builds with
  /// `REFBITS_INTERNAL_CHECKS`: the whole answer, which checks every native
  /// step at the cost of one reference search; and on every shipped layout
  /// by a test).
  ///
  /// - Complexity: O(states × ops) steps, at most about `stateBudget × ops`.
  func run(targets: [OutcomePattern]) -> Result {
    guard let native = runNative(targets: targets) else { return referenceRun(targets: targets) }
    #if REFBITS_INTERNAL_CHECKS
    InternalChecks.verify(native.discrepancy(from: referenceRun(targets: targets)))
    #endif
    return native
  }

  /// The search stepped by ``Machine/step(_:_:)``: the reference the
  /// native search is checked against.
  ///
  /// - Complexity: O(states × ops) steps, at most about `stateBudget × ops`.
  func referenceRun(targets: [OutcomePattern]) -> Result {
    var states: [State] = [start]
    // The predicates' standing on each state, so that a step need not
    // evaluate them on its state again.
    var standings: [[Standing]] = [machine.standing(on: start)]
    var tree = SearchTree()
    var seen: Set<Key> = [Key(start)]
    var frontier = [0]
    var found: [OutcomePattern: (ops: [Op], outcomes: [Outcome])] = [:]
    var depth = 0
    while depth < maxDepth, !frontier.isEmpty {
      var next: [Int] = []
      for i in frontier {
        for op in ops {
          guard let r = try? machine.step(states[i], op, standingBefore: standings[i]) else { continue }
          for t in targets where found[t] == nil && r.outcomes.contains(where: t.matches) {
            found[t] = (tree.path(to: i, then: op), r.outcomes)
          }
          let key = Key(r.state)
          if r.outcomes.contains(.trapped) || seen.contains(key) { continue }
          if states.count >= stateBudget {
            // Level depth + 1 cannot be completed within the budget (what it
            // met so far is still shortest: every shorter sequence was seen).
            return Result(depth: depth, exhaustedStates: false, found: found, states: states.count)
          }
          seen.insert(key)
          states.append(r.state)
          standings.append(r.standing)
          tree.add(from: i, by: op)
          next.append(states.count - 1)
        }
      }
      depth += 1
      frontier = next
      if found.count == targets.count { break }
    }
    return Result(depth: depth, exhaustedStates: frontier.isEmpty, found: found, states: states.count)
  }

  /// How each state of a search was first reached: the state it was
  /// expanded from and the operation, back to the start (state 0).
  struct SearchTree {
    private var parent: [(index: Int, op: Op)?] = [nil]

    /// Records the next state, reached from state `index` by `op`.
    mutating func add(from index: Int, by op: Op) { parent.append((index, op)) }

    /// The operations from the start to state `index`, then `op`.
    ///
    /// - Complexity: O(depth of `index`).
    func path(to index: Int, then op: Op) -> [Op] {
      var out = [op]
      var j = index
      while let p = parent[j] {
        out.append(p.op)
        j = p.index
      }
      return out.reversed()
    }
  }
}
