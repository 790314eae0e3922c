/// A loop written outside the library that repeats the fuzz lens on one
/// layout under the `bench-single-steps` workload: `refbits bench`'s C
/// baseline. The library times it, compares its counts with its own outcome
/// by outcome by name (``FuzzBenchmark/countsAgree(_:_:)``), and checks its
/// steps one by one against ``Machine/step(_:_:)``
/// (``FuzzBenchmark/stepDiscrepancy(_:layout:seed:operations:lifetime:)``).
public protocol BaselineLoop: Sendable {
  /// The shipped layout the loop hard-codes.
  var layout: String { get }
  /// Runs `operations` operations in lifetimes of `lifetime` operations,
  /// with the random numbers of `seed`, as fast as it can.
  func run(seed: UInt64, operations: Int, lifetime: Int) -> BaselineLoopCounts
  /// The same run, calling `observe` after every step.
  func run(seed: UInt64, operations: Int, lifetime: Int, observe: (BaselineLoopStep) -> Void) -> BaselineLoopCounts
}

/// What a baseline loop counted.
public struct BaselineLoopCounts: Sendable, Hashable {
  var operations: Int
  var steps: Int
  /// Steps per outcome, the outcome by its name (``Outcome/description``).
  public var counts: [String: UInt64]

  /// The loop's totals: operations run, steps run, and steps per outcome
  /// name.
  public init(operations: Int, steps: Int, counts: [String: UInt64]) {
    self.operations = operations
    self.steps = steps
    self.counts = counts
  }
}

/// One step of a baseline loop.
public struct BaselineLoopStep: Sendable, Hashable {
  /// The lifetime (from the layout's initial state) and the operation in it.
  public var lifetime: Int
  var operation: Int
  /// The kind, by name, and whether it was acquired or released (by actor 0).
  public var kind: String
  var direction: Layout.Direction
  /// What the step produced, by name (``Outcome/description``).
  public var outcomes: Set<String>
  /// The layout's words after the step.
  public var words: [UInt128]

  /// One step as the loop reports it: `operation` is its 0-based index in the
  /// lifetime, `direction` whether `kind` was acquired or released.
  public init(lifetime: Int, operation: Int, kind: String, direction: Layout.Direction, outcomes: Set<String>, words: [UInt128]) {
    self.lifetime = lifetime
    self.operation = operation
    self.kind = kind
    self.direction = direction
    self.outcomes = outcomes
    self.words = words
  }
}

extension FuzzBenchmark {
  /// Whether a baseline loop counted what a run of the fuzz lens counted:
  /// the same operations and steps, and for every outcome of the layout's
  /// outcome table the same count under its name; an outcome the loop names
  /// that the layout cannot produce must have count 0.
  ///
  /// - Complexity: O(outcomes of the layout + outcomes the loop names).
  static func countsAgree(_ baseline: BaselineLoopCounts, _ run: FuzzRun) -> Bool {
    guard baseline.operations == run.tally.operations, BigInt(baseline.steps) == run.tally.steps else { return false }
    var unmatched = baseline.counts
    for o in run.prepared.table.outcomes {
      let name = o.description
      guard BigInt(unmatched.removeValue(forKey: name) ?? 0) == (run.tally.entry(o)?.count ?? 0) else { return false }
    }
    return unmatched.values.allSatisfy { $0 == 0 }
  }

  /// How a baseline loop's steps differ from ``Machine/step(_:_:)``, if they
  /// do: each lifetime starts from the layout's initial state, and every
  /// step must produce the same outcomes and the same words as the
  /// reference step from the state before it. Nil when they all agree.
  ///
  /// - Complexity: O(operations) reference steps.
  static func stepDiscrepancy(_ loop: some BaselineLoop, layout: Layout, seed: UInt64, operations: Int, lifetime: Int) throws(InitialStateError) -> String? {
    let machine = Machine(layout)
    let initial = try machine.initialState()
    var state = initial
    var current = -1
    var found: String?
    _ = loop.run(seed: seed, operations: operations, lifetime: lifetime) { step in
      guard found == nil else { return }
      if step.lifetime != current {
        state = initial
        current = step.lifetime
      }
      let at = "lifetime \(step.lifetime), operation \(step.operation + 1)"
      guard let kind = layout.kinds.firstIndex(where: { $0.name == step.kind }) else {
        found = "\(at): the loop steps kind '\(step.kind)', which \(layout.name) does not have"
        return
      }
      let op = Op(kind: kind, direction: step.direction, actor: 0)
      do {
        let r = try machine.step(state, op)
        let expected = Set(r.outcomes.map(\.description))
        guard expected == step.outcomes, r.state.words == step.words else {
          found = "\(at): \(layout.operationName(op)) gives \(step.outcomes.sorted()) and words \(step.words) in the loop, \(expected.sorted()) and \(r.state.words) in the reference step"
          return
        }
        state = r.state
      } catch {
        found = "\(at): \(error)"
      }
    }
    return found
  }
}
