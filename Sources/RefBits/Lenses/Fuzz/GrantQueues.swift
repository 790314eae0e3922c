/// Per actor, a FIFO queue of grants (a ring buffer of a power-of-two
/// capacity), for actors whose grants are due in the order they are taken.
/// Manually managed buffers, like ``GrantHeaps``: a noncopyable value held by
/// one driver.
struct GrantQueues: ~Copyable {
  private var buffers: UnsafeMutablePointer<UnsafeMutablePointer<GrantHeaps.Grant>>
  private var heads: UnsafeMutablePointer<Int>
  private var counts: UnsafeMutablePointer<Int>
  private var capacities: UnsafeMutablePointer<Int>
  let actors: Int
  static let empty = GrantHeaps.Grant(due: 0, sequence: 0, kind: 0, count: 0)

  init(actors: Int) {
    self.actors = actors
    buffers = .allocate(capacity: max(1, actors))
    heads = .allocate(capacity: max(1, actors))
    counts = .allocate(capacity: max(1, actors))
    capacities = .allocate(capacity: max(1, actors))
    for a in 0..<actors {
      // Initialized whole: ``push(kind:actor:)`` writes one field.
      buffers[a] = .allocate(capacity: 16)
      buffers[a].initialize(repeating: Self.empty, count: 16)
      heads[a] = 0
      counts[a] = 0
      capacities[a] = 16
    }
  }

  deinit {
    for a in 0..<actors { buffers[a].deallocate() }
    buffers.deallocate()
    heads.deallocate()
    counts.deallocate()
    capacities.deallocate()
  }

  mutating func removeAll() {
    for a in 0..<actors {
      counts[a] = 0
      heads[a] = 0
    }
  }

  /// The oldest grant, if any.
  @inline(__always)
  func top(_ a: Int) -> GrantHeaps.Grant? { counts[a] > 0 ? buffers[a][heads[a]] : nil }

  /// The kind of the oldest grant, if any (for queues of single references,
  /// ``push(kind:actor:)``).
  @inline(__always)
  func topKind(_ a: Int) -> Int32? { counts[a] > 0 ? buffers[a][heads[a]].kind : nil }

  @inline(__always)
  mutating func setTopCount(_ a: Int, _ c: UInt64) { buffers[a][heads[a]].count = c }

  @inline(__always)
  mutating func push(_ g: GrantHeaps.Grant, actor a: Int) {
    if counts[a] == capacities[a] { grow(a) }
    buffers[a][(heads[a] &+ counts[a]) & (capacities[a] &- 1)] = g
    counts[a] &+= 1
  }

  /// Queues a grant of one reference of `kind`, due when taken, whose other
  /// fields nobody reads: a queue filled so is read with
  /// ``topKind(_:)`` (``NativeEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``).
  @inline(__always)
  mutating func push(kind: Int32, actor a: Int) {
    if counts[a] == capacities[a] { grow(a) }
    buffers[a][(heads[a] &+ counts[a]) & (capacities[a] &- 1)].kind = kind
    counts[a] &+= 1
  }

  @inline(__always)
  mutating func popTop(actor a: Int) {
    heads[a] = (heads[a] &+ 1) & (capacities[a] &- 1)
    counts[a] &-= 1
  }

  @inline(never)
  mutating func grow(_ a: Int) {
    let old = buffers[a], cap = capacities[a], head = heads[a], n = counts[a]
    let bigger = UnsafeMutablePointer<GrantHeaps.Grant>.allocate(capacity: cap * 2)
    for i in 0..<n { (bigger + i).initialize(to: old[(head + i) & (cap - 1)]) }
    (bigger + n).initialize(repeating: Self.empty, count: cap * 2 - n)
    old.deallocate()
    buffers[a] = bigger
    heads[a] = 0
    capacities[a] = cap * 2
  }
}
