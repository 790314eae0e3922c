/// One step of a script, a workload or a search: an acquire or a release of
/// a kind, or an operation, by an actor.
public struct Op: Sendable, Hashable {
  /// What the step does, by index into the layout's kinds or operations.
  public enum Action: Sendable, Hashable {
    /// Acquire one reference of the kind.
    case acquire(kind: Int)
    /// Release one reference of the kind.
    case release(kind: Int)
    /// Perform the operation (``Layout/operations``): no reference is taken
    /// or dropped.
    case perform(operation: Int)
  }

  /// Whether the step acquires, releases or performs, and what.
  public var action: Action
  /// Which actor takes the step: an index into the workload's actors or a
  /// race's threads; 0 when there is only one.
  var actor: Int

  /// Creates a step of `action` by `actor`.
  init(_ action: Action, actor: Int = 0) {
    self.action = action
    self.actor = actor
  }

  /// An acquire or a release of kind `kind`.
  init(kind: Int, direction: Layout.Direction, actor: Int = 0) {
    self.init(direction == .acquire ? .acquire(kind: kind) : .release(kind: kind), actor: actor)
  }

  /// Operation `operation` (an index into ``Layout/operations``).
  init(operation: Int, actor: Int = 0) {
    self.init(.perform(operation: operation), actor: actor)
  }

  /// The kind whose references the step takes or drops; nil for an operation.
  @inlinable
  public var kind: Int? { action.kind }

  /// How far the step moves the held count of ``kind`` when it applies: 1
  /// for an acquire, -1 for a release, 0 for an operation.
  @inlinable
  public var heldDelta: Int { action.heldDelta }

  /// Whether the step is an acquire.
  @inlinable
  public var isAcquire: Bool { action.isAcquire }

  /// Whether the step is a release.
  @inlinable
  var isRelease: Bool {
    if case .release = action { true } else { false }
  }
}

extension Op.Action {
  /// Whether the action is an acquire.
  @inlinable
  var isAcquire: Bool {
    if case .acquire = self { true } else { false }
  }

  /// The kind whose references the action takes or drops; nil for an
  /// operation.
  @inlinable
  var kind: Int? {
    switch self {
    case .acquire(let k), .release(let k): k
    case .perform: nil
    }
  }

  /// How far the action moves the held count of ``kind``: 1, -1, or 0 for an
  /// operation.
  @inlinable
  var heldDelta: Int {
    switch self {
    case .acquire: 1
    case .release: -1
    case .perform: 0
    }
  }

  /// A fixed total order: each kind's acquire, then its release, kind by
  /// kind, then the operations.
  var order: (Int, Int, Int) {
    switch self {
    case .acquire(let k): (0, k, 0)
    case .release(let k): (0, k, 1)
    case .perform(let o): (1, o, 0)
    }
  }
}

/// The same operation repeated: `pin*1024`.
public struct Phase: Sendable, Hashable {
  /// The operation repeated.
  var op: Op
  /// How many times, at least 1; may exceed any native integer (`ref*2^64`).
  public var count: BigInt

  /// Creates the phase `op*count`.
  init(op: Op, count: BigInt) {
    self.op = op
    self.count = count
  }
}
