/// What a range of lifetimes produced: counts of every outcome and where
/// each was first seen. Tallies of consecutive ranges append into the tally
/// of their union, exactly: this is how jobs, and shards, combine.
public struct FuzzTally: Sendable, Hashable, Codable {
  /// The first lifetime of the range.
  var firstLifetime: Int
  /// Lifetimes run.
  public var lifetimes: Int
  /// Operations run (a burst is one operation).
  public var operations: Int
  /// Steps run (a burst of k is k steps).
  public var steps: BigInt
  /// Every outcome seen, in outcome order (most severe first).
  var outcomes: [Entry]
  /// Bursts cut short (a condition that is not linear made them step one by
  /// one beyond the budget).
  var truncatedBursts: Int

  struct Entry: Sendable, Hashable, Codable {
    var outcome: Outcome
    /// Steps that produced it.
    var count: BigInt
    var first: FirstSeen?
  }

  init(firstLifetime: Int, lifetimes: Int, operations: Int, steps: BigInt, outcomes: [Entry], truncatedBursts: Int) {
    self.firstLifetime = firstLifetime
    self.lifetimes = lifetimes
    self.operations = operations
    self.steps = steps
    self.outcomes = outcomes.sorted { $0.outcome < $1.outcome }
    self.truncatedBursts = truncatedBursts
  }

  /// An empty tally starting at `lifetime`.
  public static func empty(at lifetime: Int) -> FuzzTally {
    FuzzTally(firstLifetime: lifetime, lifetimes: 0, operations: 0, steps: 0, outcomes: [], truncatedBursts: 0)
  }

  /// The lifetime after the range.
  var endLifetime: Int { firstLifetime + lifetimes }

  /// Appends the tally of the range that starts where this one ends.
  ///
  /// - Complexity: O(outcomes).
  public mutating func append(_ next: FuzzTally) {
    // Callers append in lifetime order: the job board chunk after chunk,
    // `FuzzResult.merged` after checking each shard's first lifetime.
    precondition(next.firstLifetime == endLifetime, "tallies append only in order")
    var byOutcome = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.outcome, $0) })
    for e in next.outcomes {
      var shifted = e.first
      shifted?.step += steps
      if var mine = byOutcome[e.outcome] {
        mine.count += e.count
        if mine.first == nil { mine.first = shifted }
        byOutcome[e.outcome] = mine
      } else {
        byOutcome[e.outcome] = Entry(outcome: e.outcome, count: e.count, first: shifted)
      }
    }
    outcomes = byOutcome.values.sorted { $0.outcome < $1.outcome }
    lifetimes += next.lifetimes
    operations += next.operations
    steps += next.steps
    truncatedBursts += next.truncatedBursts
  }

  /// The entry for an outcome, if it was seen.
  func entry(_ o: Outcome) -> Entry? { outcomes.first { $0.outcome == o } }

  enum CodingKeys: String, CodingKey {
    case lifetimes, operations, steps, outcomes
    case firstLifetime = "first_lifetime"
    case truncatedBursts = "truncated_bursts"
  }
}
