/// A set of integers as sorted, disjoint, non-adjacent closed intervals.
///
/// Used by bulk stepping for "the steps `j` at which this condition holds",
/// where `j` ranges over `1...n` and `n` may be any size.
struct IntervalSet: Sendable, Hashable {
  /// Closed intervals, sorted, disjoint and non-adjacent.
  private(set) var intervals: [ClosedRange<BigInt>]

  init() { intervals = [] }

  init(_ lower: BigInt, _ upper: BigInt) {
    intervals = lower <= upper ? [lower...upper] : []
  }

  init(normalizing list: [ClosedRange<BigInt>]) {
    var out: [ClosedRange<BigInt>] = []
    for r in list.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = out.last, r.lowerBound <= last.upperBound + 1 {
        out[out.count - 1] = last.lowerBound...Swift.max(last.upperBound, r.upperBound)
      } else {
        out.append(r)
      }
    }
    intervals = out
  }

  var isEmpty: Bool { intervals.isEmpty }
  var first: BigInt? { intervals.first?.lowerBound }

  func contains(_ x: BigInt) -> Bool {
    intervals.contains { $0.contains(x) }
  }

  func union(_ other: IntervalSet) -> IntervalSet {
    IntervalSet(normalizing: intervals + other.intervals)
  }

  func intersection(_ other: IntervalSet) -> IntervalSet {
    var out: [ClosedRange<BigInt>] = []
    var i = 0, k = 0
    while i < intervals.count, k < other.intervals.count {
      let a = intervals[i], b = other.intervals[k]
      let lo = Swift.max(a.lowerBound, b.lowerBound), hi = Swift.min(a.upperBound, b.upperBound)
      if lo <= hi { out.append(lo...hi) }
      if a.upperBound < b.upperBound { i += 1 } else { k += 1 }
    }
    return IntervalSet(normalizing: out)
  }

  /// The complement within `domain`.
  func complement(in domain: ClosedRange<BigInt>) -> IntervalSet {
    var out: [ClosedRange<BigInt>] = []
    var next = domain.lowerBound
    for r in intervals {
      if r.lowerBound > next { out.append(next...Swift.min(r.lowerBound - 1, domain.upperBound)) }
      next = Swift.max(next, r.upperBound + 1)
      if next > domain.upperBound { break }
    }
    if next <= domain.upperBound { out.append(next...domain.upperBound) }
    return IntervalSet(normalizing: out.filter { $0.lowerBound <= $0.upperBound })
  }

  /// The steps at which runs start inside `domain`: members `j` such that
  /// `j - 1` is not a member, taking `memberBefore` as the membership of
  /// `domain.lowerBound - 1`.
  func runStartPoints(in domain: ClosedRange<BigInt>, memberBefore: Bool) -> [BigInt] {
    var out: [BigInt] = []
    for r in intervals where r.upperBound >= domain.lowerBound && r.lowerBound <= domain.upperBound {
      if r.lowerBound > domain.lowerBound { out.append(r.lowerBound) } else if !memberBefore { out.append(domain.lowerBound) }
    }
    return out
  }

  /// `{ j in domain : c + m*j < 0 }`.
  static func lessThanZero(c: BigInt, m: BigInt, domain: ClosedRange<BigInt>) -> IntervalSet {
    if m.isZero { return c.isNegative ? IntervalSet(domain.lowerBound, domain.upperBound) : IntervalSet() }
    if m.signum > 0 {
      // m*j <= -c - 1
      let hi = (-c - 1).floorDivided(by: m)
      return IntervalSet(domain.lowerBound, Swift.min(hi, domain.upperBound))
    }
    // (-m)*j >= c + 1
    let lo = (c + 1).ceilDivided(by: -m)
    return IntervalSet(Swift.max(lo, domain.lowerBound), domain.upperBound)
  }
}
