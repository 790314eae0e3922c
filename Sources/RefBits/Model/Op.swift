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
