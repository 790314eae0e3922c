/// The smallest and largest raw value each field took over a stretch of
/// states: what a repeated segment of a sweep is bounded by.
struct FieldRanges: Sendable, Hashable {
  var lowest: [UInt128]
  var highest: [UInt128]

  /// The ranges of one state.
  init(_ words: [UInt128], _ reader: FieldReader) {
    lowest = reader.fields.indices.map { reader.bits($0, in: words) }
    highest = lowest
  }

  /// Widens the ranges to include a state.
  mutating func include(_ words: [UInt128], _ reader: FieldReader) {
    for f in lowest.indices {
      let v = reader.bits(f, in: words)
      if v < lowest[f] { lowest[f] = v }
      if v > highest[f] { highest[f] = v }
    }
  }

  /// Widens the ranges to include another stretch.
  mutating func formUnion(_ other: FieldRanges) {
    for f in lowest.indices {
      lowest[f] = Swift.min(lowest[f], other.lowest[f])
      highest[f] = Swift.max(highest[f], other.highest[f])
    }
  }

  /// Field `f`'s raw range.
  func raw(_ f: Int) -> ClosedRange<BigInt> { BigInt(lowest[f])...BigInt(highest[f]) }
}
