/// Per actor, a FIFO queue of grants (a ring buffer of a power-of-two
/// capacity), for actors whose grants are due in the order they are taken.
/// Manually managed buffers, like ``GrantHeaps``: a noncopyable value held by
/// one driver.
struct GrantQueues: ~Copyable {
  /// The queues' buffers: a copyable view that a loop can keep in
  /// registers (``NativeEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``).
  let rings: Rings
  let actors: Int
  static let empty = GrantHeaps.Grant(due: 0, sequence: 0, kind: 0, count: 0)

  init(actors: Int) {
    self.actors = actors
    rings = Rings(
      buffers: .allocate(capacity: max(1, actors)), heads: .allocate(capacity: max(1, actors)),
      counts: .allocate(capacity: max(1, actors)), capacities: .allocate(capacity: max(1, actors)))
    for a in 0..<actors {
      // Initialized whole: ``Rings/push(kind:actor:)`` writes one field.
      rings.buffers[a] = .allocate(capacity: 16)
      rings.buffers[a].initialize(repeating: Self.empty, count: 16)
      rings.heads[a] = 0
      rings.counts[a] = 0
      rings.capacities[a] = 16
    }
  }

  deinit {
    for a in 0..<actors { rings.buffers[a].deallocate() }
    rings.buffers.deallocate()
    rings.heads.deallocate()
    rings.counts.deallocate()
    rings.capacities.deallocate()
  }

  mutating func removeAll() {
    for a in 0..<actors {
      rings.counts[a] = 0
      rings.heads[a] = 0
    }
  }

  /// The oldest grant, if any.
  @inline(__always)
  func top(_ a: Int) -> GrantHeaps.Grant? { rings.top(a) }

  @inline(__always)
  mutating func setTopCount(_ a: Int, _ c: UInt64) { rings.setTopCount(a, c) }

  @inline(__always)
  mutating func push(_ g: GrantHeaps.Grant, actor a: Int) { rings.push(g, actor: a) }

  @inline(__always)
  mutating func popTop(actor a: Int) { rings.popTop(actor: a) }

  /// The ring buffers of every actor, by pointer: what the queues' operations
  /// read and write (the pointers themselves never change; a ring that
  /// grows is replaced in ``buffers``).
  struct Rings {
    let buffers: UnsafeMutablePointer<UnsafeMutablePointer<GrantHeaps.Grant>>
    let heads: UnsafeMutablePointer<Int>
    let counts: UnsafeMutablePointer<Int>
    let capacities: UnsafeMutablePointer<Int>

    /// The oldest grant, if any.
    @inline(__always)
    func top(_ a: Int) -> GrantHeaps.Grant? { counts[a] > 0 ? buffers[a][heads[a]] : nil }

    /// The kind of the oldest grant, if any (for queues of single
    /// references, ``push(kind:actor:)``).
    @inline(__always)
    func topKind(_ a: Int) -> Int32? { counts[a] > 0 ? buffers[a][heads[a]].kind : nil }

    @inline(__always)
    func setTopCount(_ a: Int, _ c: UInt64) { buffers[a][heads[a]].count = c }

    @inline(__always)
    func push(_ g: GrantHeaps.Grant, actor a: Int) {
      if counts[a] == capacities[a] { grow(a) }
      buffers[a][(heads[a] &+ counts[a]) & (capacities[a] &- 1)] = g
      counts[a] &+= 1
    }

    /// Queues a grant of one reference of `kind`, due when taken, whose
    /// other fields nobody reads: a queue filled so is read with
    /// ``topKind(_:)`` (``NativeEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``).
    @inline(__always)
    func push(kind: Int32, actor a: Int) {
      if counts[a] == capacities[a] { grow(a) }
      buffers[a][(heads[a] &+ counts[a]) & (capacities[a] &- 1)].kind = kind
      counts[a] &+= 1
    }

    @inline(__always)
    func popTop(actor a: Int) {
      heads[a] = (heads[a] &+ 1) & (capacities[a] &- 1)
      counts[a] &-= 1
    }

    /// Doubles actor `a`'s ring, its grants first in order.
    @inline(never)
    func grow(_ a: Int) {
      let old = buffers[a], cap = capacities[a], head = heads[a], n = counts[a]
      let bigger = UnsafeMutablePointer<GrantHeaps.Grant>.allocate(capacity: cap * 2)
      for i in 0..<n { (bigger + i).initialize(to: old[(head + i) & (cap - 1)]) }
      (bigger + n).initialize(repeating: GrantQueues.empty, count: cap * 2 - n)
      old.deallocate()
      buffers[a] = bigger
      heads[a] = 0
      capacities[a] = cap * 2
    }
  }
}
