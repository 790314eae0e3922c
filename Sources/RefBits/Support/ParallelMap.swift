import Dispatch
import Synchronization

/// Maps independent work over the machine's cores, keeping the input order.
enum ParallelMap {
  /// `items.map(transform)`, the calls spread over `DispatchQueue.concurrentPerform`.
  ///
  /// Each call writes only its own slot of a buffer allocated up front, so no
  /// two threads touch the same memory, and the output is the same whatever
  /// the scheduling. `transform` must not touch shared mutable state.
  static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let slots = UnsafeMutableBufferPointer<R>.allocate(capacity: items.count)
    defer { slots.deallocate() }
    // Disjoint writes, one slot per iteration: safe to share the address
    // (there are at least two items, so the buffer has one).
    nonisolated(unsafe) let base = slots.baseAddress!
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
      (base + i).initialize(to: transform(items[i]))
    }
    let out = Array(slots)
    _ = slots.deinitialize()
    return out
  }

  /// `items.map(transform)` on at most `jobs` threads (1: on this one). Each
  /// thread takes the next item no one has taken, so items of uneven cost
  /// balance; the output is in input order whatever the scheduling.
  static func map<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) -> R) -> [R] {
    guard jobs > 1, items.count > 1 else { return items.map(transform) }
    let slots = UnsafeMutableBufferPointer<R>.allocate(capacity: items.count)
    defer { slots.deallocate() }
    nonisolated(unsafe) let base = slots.baseAddress!
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: min(jobs, items.count)) { _ in
      while true {
        let i = next.add(1, ordering: .relaxed).oldValue
        guard i < items.count else { break }
        (base + i).initialize(to: transform(items[i]))
      }
    }
    let out = Array(slots)
    _ = slots.deinitialize()
    return out
  }
}
