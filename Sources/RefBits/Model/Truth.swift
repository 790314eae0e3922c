/// What is really held.
public struct Truth: Sendable, Hashable {
  /// References held, per kind index.
  public var held: [BigInt]
  /// References held by each actor, per kind index (actors holding nothing
  /// are absent).
  var byActor: [Int: [BigInt]]
  /// Each field's ideal value, per field index.
  var ideal: [BigInt]

  /// Creates a truth from held counts per kind, per actor and each field's
  /// ideal value; the caller keeps them consistent.
  init(held: [BigInt], byActor: [Int: [BigInt]], ideal: [BigInt]) {
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
