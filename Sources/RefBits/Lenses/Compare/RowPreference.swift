/// What makes a value the best in a row of `refbits compare`.
///
/// Each cell gets a ``CellRank``: greater is better. The best cells of a row
/// are those of the greatest rank, marked only when some other cell of the
/// row ranks lower (a row where every layout agrees has no winner).
public enum RowPreference: String, Sendable, Hashable, Codable, CaseIterable {
  /// Capacity: more acquires before the first event; no event at all is best.
  case larger
  /// Predicate onset: a lie that needs more operations; none found is best.
  case later
  /// Reachable outcome: impossible, then not found, then needing more operations.
  case unreachable
  /// Attack: impossible, then not found, then beyond the budget, then the
  /// larger share of the budget, then more operations.
  case costlier
  /// Fuzz rate: fewer per million steps.
  case lower
  /// Claim: held beats breakable (the exact lens reaches it) beats broken.
  case held

  /// The legend line for this rule.
  public var legend: String {
    switch self {
    case .larger: "larger capacity (no event at all is best)"
    case .later: "later onset (none found is best)"
    case .unreachable: "unreachable (impossible, then not found, then more operations)"
    case .costlier: "more expensive attack (impossible, not found, beyond budget, larger budget share, more operations)"
    case .lower: "lower rate"
    case .held: "claim held (held > breakable > broken)"
    }
  }
}

/// A cell's rank in its row: `tier` first, then `measure`, then `count`;
/// greater is better.
public struct CellRank: Sendable, Hashable, Comparable {
  public var tier: Int
  public var measure: Double
  public var count: BigInt

  public init(tier: Int, measure: Double = 0, count: BigInt = 0) {
    self.tier = tier
    self.measure = measure
    self.count = count
  }

  public static func < (a: CellRank, b: CellRank) -> Bool {
    if a.tier != b.tier { return a.tier < b.tier }
    if a.measure != b.measure { return a.measure < b.measure }
    return a.count < b.count
  }
}
