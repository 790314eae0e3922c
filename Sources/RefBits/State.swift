/// The encoded words and the truth side by side.
///
/// The words are what the code stores; the truth is what is really held: the
/// references of each kind, by actor, and each field's ideal value (the value
/// it would have with unbounded width and no neighbours), so that a carry, a
/// borrow or a wrap shows as a difference between the two.
public struct State: Sendable, Hashable {
  /// Raw bits of each word, masked to its width.
  public var words: [UInt128]
  /// The truth.
  public var truth: Truth

  public init(words: [UInt128], truth: Truth) {
    self.words = words
    self.truth = truth
  }
}

/// What is really held.
public struct Truth: Sendable, Hashable {
  /// References held, per kind index.
  public var held: [BigInt]
  /// References held by each actor, per kind index (actors holding nothing
  /// are absent).
  public var byActor: [Int: [BigInt]]
  /// Each field's ideal value, per field index.
  public var ideal: [BigInt]

  public init(held: [BigInt], byActor: [Int: [BigInt]], ideal: [BigInt]) {
    self.held = held
    self.byActor = byActor
    self.ideal = ideal
  }

  /// All references held, every kind.
  public var total: BigInt { held.reduce(0, +) }

  /// References of `kind` that `actor` holds.
  public func held(_ kind: Int, by actor: Int) -> BigInt {
    byActor[actor]?[kind] ?? 0
  }

  /// Moves the count of `kind` held by `actor` by `delta`.
  mutating func add(_ delta: BigInt, kind: Int, actor: Int) {
    held[kind] += delta
    var mine = byActor[actor] ?? Array(repeating: 0, count: held.count)
    mine[kind] += delta
    if mine.allSatisfy(\.isZero) { byActor[actor] = nil } else { byActor[actor] = mine }
  }
}

/// One operation of a script or workload: a kind, a direction, an actor.
public struct Op: Sendable, Hashable {
  public var kind: Int
  public var direction: Layout.Direction
  public var actor: Int

  public init(kind: Int, direction: Layout.Direction, actor: Int = 0) {
    self.kind = kind
    self.direction = direction
    self.actor = actor
  }
}

/// The same operation repeated: `pin*1024`.
public struct Phase: Sendable, Hashable {
  public var op: Op
  public var count: BigInt

  public init(op: Op, count: BigInt) {
    self.op = op
    self.count = count
  }
}
