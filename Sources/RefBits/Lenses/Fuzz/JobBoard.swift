import Synchronization

/// The chunks of a campaign: the next one to take, and the tallies of those
/// finished.
///
/// A reference type because it is shared: every job thread of a campaign
/// takes chunks from the same counter and files its tallies in the same
/// list, through an `Atomic` and a `Mutex`, which cannot be copied.
final class JobBoard: Sendable {
  let next = Atomic<Int>(0)
  let results: Mutex<[FuzzTally?]>

  init(chunks: Int) {
    results = Mutex(Array(repeating: nil, count: chunks))
  }
}
