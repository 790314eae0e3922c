/// What makes a value the best in a row of `refbits compare`.
///
/// Each cell gets a ``CellRank``: greater is better. The best cells of a row
/// are those of the greatest rank, marked only when some other cell of the
/// row ranks lower (a row where every layout agrees has no winner). An
/// `unknown` cell is never best, and while a row has one, only a cell nothing
/// can beat (impossible, proved, unbounded) is marked.
enum RowPreference: String, Sendable, Hashable, Codable, CaseIterable {
  /// Capacity: more acquires before the first event; unbounded is best; at
  /// the same size, a refusal beats a saturation, which beats a trap, which
  /// beats a field overflow or a lie.
  case larger
  /// Predicate onset: impossible, then a lie that needs more operations.
  case later
  /// Reachable outcome: impossible, then needing more operations.
  case unreachable
  /// Attack: impossible, then beyond the budget, then the larger share of
  /// the budget, then more operations.
  case costlier
  /// Fuzz rate: fewer per million steps.
  case lower
  /// Claim: proved beats broken.
  case held

  /// The legend line for this rule.
  var legend: String {
    switch self {
    case .larger: "larger capacity (unbounded is best; at equal size a refusal beats an overflow; unknown is never best)"
    case .later: "later onset (impossible is best; unknown is never best; a sequence not proved shortest only when its proven lower bound is later than the others)"
    case .unreachable: "unreachable (impossible, then more operations; unknown is never best; a sequence not proved shortest only when its proven lower bound is longer than the others)"
    case .costlier: "more expensive attack (impossible, beyond budget, larger budget share, more operations; unknown is never best)"
    case .lower: "lower rate"
    case .held: "claim proved (proved > broken; unknown is never best)"
    }
  }
}

/// A cell's rank in its row: `tier` first, then `measure`, then `count`, then
/// `quality`; greater is better. An unknown cell has no rank.
struct CellRank: Sendable, Hashable, Comparable {
  var tier: Int
  var measure: Double
  var count: BigInt
  /// What breaks a tie of counts (a capacity's way of stopping).
  var quality: Int
  /// Whether nothing can rank above it (impossible, proved, unbounded).
  var isCeiling: Bool
  /// When `count` is only the length of a sequence found (not proved the
  /// shortest): the proven lower bound of the true figure. Nil when `count`
  /// is exact. Such a cell is marked best only when this bound already
  /// reaches past every other count of its tier.
  var floor: BigInt?

  init(tier: Int, measure: Double = 0, count: BigInt = 0, quality: Int = 0, isCeiling: Bool = false, floor: BigInt? = nil) {
    self.tier = tier
    self.measure = measure
    self.count = count
    self.quality = quality
    self.isCeiling = isCeiling
    self.floor = floor
  }

  /// The rank of a cell nothing beats.
  static func ceiling(tier: Int) -> CellRank { CellRank(tier: tier, isCeiling: true) }

  static func < (a: CellRank, b: CellRank) -> Bool {
    if a.tier != b.tier { return a.tier < b.tier }
    if a.measure != b.measure { return a.measure < b.measure }
    if a.count != b.count { return a.count < b.count }
    return a.quality < b.quality
  }
}
