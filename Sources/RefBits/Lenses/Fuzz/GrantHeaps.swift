/// What an actor holds: grants of references, each due for release at an
/// operation index; one binary min-heap by (due, sequence) per actor, in
/// manually managed buffers so that the fuzzer's hot path neither allocates
/// nor copies arrays. A noncopyable value that owns its buffers: held by one
/// ``WorkloadDriver``.
struct GrantHeaps: ~Copyable {
  struct Grant {
    var due: Int64
    var sequence: Int64
    var kind: Int32
    /// References held; `UInt64.max` means "see the driver's big grants".
    var count: UInt64

    @inline(__always)
    static func < (a: Grant, b: Grant) -> Bool { a.due < b.due || (a.due == b.due && a.sequence < b.sequence) }
  }

  private var buffers: UnsafeMutablePointer<UnsafeMutablePointer<Grant>>
  private var counts: UnsafeMutablePointer<Int>
  private var capacities: UnsafeMutablePointer<Int>
  let actors: Int

  init(actors: Int) {
    self.actors = actors
    buffers = .allocate(capacity: actors)
    counts = .allocate(capacity: actors)
    capacities = .allocate(capacity: actors)
    for a in 0..<actors {
      buffers[a] = .allocate(capacity: 16)
      counts[a] = 0
      capacities[a] = 16
    }
  }

  deinit {
    for a in 0..<actors { buffers[a].deallocate() }
    buffers.deallocate()
    counts.deallocate()
    capacities.deallocate()
  }

  mutating func removeAll() {
    for a in 0..<actors { counts[a] = 0 }
  }

  /// The grant due first, if any.
  @inline(__always)
  func top(_ a: Int) -> Grant? { counts[a] > 0 ? buffers[a][0] : nil }

  @inline(__always)
  mutating func setTopCount(_ a: Int, _ c: UInt64) { buffers[a][0].count = c }

  mutating func push(_ g: Grant, actor a: Int) {
    if counts[a] == capacities[a] {
      let bigger = UnsafeMutablePointer<Grant>.allocate(capacity: capacities[a] * 2)
      bigger.update(from: buffers[a], count: counts[a])
      buffers[a].deallocate()
      buffers[a] = bigger
      capacities[a] *= 2
    }
    let h = buffers[a]
    var i = counts[a]
    counts[a] += 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard g < h[parent] else { break }
      h[i] = h[parent]
      i = parent
    }
    h[i] = g
  }

  mutating func popTop(actor a: Int) {
    let h = buffers[a]
    counts[a] -= 1
    let n = counts[a]
    guard n > 0 else { return }
    let last = h[n]
    var i = 0
    while true {
      let l = 2 * i + 1, r = l + 1
      var m = i
      var best = last
      if l < n && h[l] < best { m = l; best = h[l] }
      if r < n && h[r] < best { m = r }
      if m == i { break }
      h[i] = h[m]
      i = m
    }
    h[i] = last
  }
}
