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

  /// Widens the ranges to include raw field values (out-of-range values
  /// widen the field to its whole range).
  mutating func include(raw: [BigInt], _ reader: FieldReader) {
    for f in lowest.indices {
      guard !raw[f].isNegative, raw[f] <= BigInt(reader.fieldMask[f]) else {
        lowest[f] = 0
        highest[f] = reader.fieldMask[f]
        continue
      }
      let v = raw[f].truncatedUInt128(bits: 128)
      if v < lowest[f] { lowest[f] = v }
      if v > highest[f] { highest[f] = v }
    }
  }

  /// These ranges and their translates by `times` moves of `shift` (per
  /// field, raw): what a stretch repeated that many times passes through.
  func widened(by shift: [BigInt], times: BigInt) -> FieldRanges {
    var out = self
    for f in lowest.indices where !shift[f].isZero {
      let move = shift[f] * times
      let lo = BigInt(lowest[f]) + move, hi = BigInt(highest[f]) + move
      if move.isNegative { out.lowest[f] = lo.truncatedUInt128(bits: 128) } else { out.highest[f] = hi.truncatedUInt128(bits: 128) }
    }
    return out
  }

  /// Field `f`'s raw range.
  func raw(_ f: Int) -> ClosedRange<BigInt> { BigInt(lowest[f])...BigInt(highest[f]) }
}
