/// Breadth-first search over every sequence of operations, as deep as a
/// budget of steps allows: the shortest sequence to each target within that
/// depth, and a proven lower bound for the others.
///
/// States are the words and who holds what (the ideal values do not change
/// what a step does), so each is expanded once. A step that traps ends its
/// sequence; a release of a reference not held is not a step.
public struct ExhaustiveSearch: Sendable {
  public var machine: Machine
  public var start: State
  public var ops: [Op]
  /// Steps the search may take in all.
  public var stepBudget: Int

  public init(machine: Machine, start: State, ops: [Op], stepBudget: Int = 3000) {
    self.machine = machine
    self.start = start
    self.ops = ops
    self.stepBudget = stepBudget
  }

  public struct Result: Sendable {
    /// The shortest sequence to each target found, as operations in order.
    public var shortest: [OutcomePattern: [Op]]
    /// Every sequence of at most this many operations was tried: a target
    /// not in ``shortest`` needs more.
    public var completeDepth: Int
  }

  private struct Key: Hashable {
    var words: [UInt128]
    var byActor: [Int: [BigInt]]
  }

  /// - Complexity: O(stepBudget) steps.
  public func run(targets: [OutcomePattern]) -> Result {
    var shortest: [OutcomePattern: [Op]] = [:]
    var frontier: [(State, [Op])] = [(start, [])]
    var seen: Set<Key> = [Key(words: start.words, byActor: start.truth.byActor)]
    var steps = 0
    var depth = 0
    while !frontier.isEmpty, shortest.count < targets.count {
      // Expand the next level only if the budget covers all of it.
      if steps + frontier.count * ops.count > stepBudget { break }
      var next: [(State, [Op])] = []
      for (s, path) in frontier {
        for op in ops {
          guard let r = try? machine.step(s, op) else { continue }
          steps += 1
          for t in targets where shortest[t] == nil && r.outcomes.contains(where: t.matches) { shortest[t] = path + [op] }
          if r.outcomes.contains(.trapped) { continue }
          if seen.insert(Key(words: r.state.words, byActor: r.state.truth.byActor)).inserted { next.append((r.state, path + [op])) }
        }
      }
      depth += 1
      frontier = next
    }
    return Result(shortest: shortest, completeDepth: depth)
  }
}

extension OpSequence {
  /// Operations in order as phases: runs of the same operation merged.
  public init(operations: [Op], layout: Layout) {
    var phases: [Phase] = []
    for op in operations {
      if let last = phases.last, last.op == op { phases[phases.count - 1].count += 1 } else { phases.append(Phase(op: op, count: 1)) }
    }
    self.init(phases: phases, layout: layout)
  }
}
