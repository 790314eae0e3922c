import Synchronization

/// The chunks of a campaign: the next one to take, and the tally of the
/// longest run of finished chunks from the first.
///
/// A reference type because it is shared: every job thread of a campaign
/// takes chunks from the same counter and files its tallies on the same
/// board, through an `Atomic` and a `Mutex`, which cannot be copied.
/// Finished chunks are appended to the tally as soon as every chunk before
/// them has finished, so the board holds only the few that finished out of
/// order: its memory does not grow with the number of chunks (a campaign of
/// 2^50 operations has 2^34 of them).
final class JobBoard: Sendable {
  let next = Atomic<Int>(0)
  let chunks: Int
  private let state: Mutex<Progress>

  struct Progress {
    /// The chunks 0..<`merged` appended, in order.
    var tally: FuzzTally
    var merged = 0
    /// Finished chunks after a gap, by index.
    var waiting: [Int: FuzzTally] = [:]
  }

  init(chunks: Int, firstLifetime: Int) {
    self.chunks = chunks
    state = Mutex(Progress(tally: .empty(at: firstLifetime)))
  }

  /// Records chunk `index`'s tally, and appends every chunk that can now be.
  func finished(_ index: Int, _ tally: FuzzTally) {
    state.withLock { p in
      p.waiting[index] = tally
      while let t = p.waiting.removeValue(forKey: p.merged) {
        p.tally.append(t)
        p.merged += 1
      }
    }
  }

  /// The tally of the longest run of finished chunks from the first (exactly
  /// that of a shorter campaign), and whether it is every chunk.
  var result: (tally: FuzzTally, complete: Bool) {
    state.withLock { ($0.tally, $0.merged == chunks) }
  }
}
