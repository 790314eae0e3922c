import Synchronization

/// The chunks of a campaign: the next one to take, and the tallies of those
/// finished.
final class JobBoard: Sendable {
  let next = Atomic<Int>(0)
  let results: Mutex<[FuzzTally?]>

  init(chunks: Int) {
    results = Mutex(Array(repeating: nil, count: chunks))
  }
}
