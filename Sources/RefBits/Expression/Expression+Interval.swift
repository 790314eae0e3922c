/// The range of values each truth variable can take (held counts and total),
/// and, when known, each field's raw bits.
struct TruthBox {
  var held: [ClosedRange<BigInt>]
  var total: ClosedRange<BigInt>
  /// Per field index; empty when the fields are not bounded (a read of a
  /// field then has no interval).
  var fields: [FieldBox] = []
  /// Per word index, for words whose every bit is in a field (a read of the
  /// word is then the sum of its fields); empty, or nil for a word, when not
  /// known (a read of it then has no interval).
  var words: [WordBox?] = []
}

/// A word made of fields only, as a box reads it: its value is
/// `Σ field · 2^lsb`.
struct WordBox {
  var bits: Int
  var signed: Bool
  /// Its fields, by index into ``TruthBox/fields``, with their lowest bit.
  var fields: [(index: Int, lsb: Int)]

  /// The word's unsigned values over the fields' raw ranges.
  func unsigned(_ boxes: [FieldBox]) -> ClosedRange<BigInt> {
    var lo = BigInt(0), hi = BigInt(0)
    for (f, lsb) in fields {
      let unit = BigInt.power(of2: lsb)
      lo += boxes[f].raw.lowerBound * unit
      hi += boxes[f].raw.upperBound * unit
    }
    return lo...hi
  }

  /// The values a reading of the word can take (as ``FieldBox/reading(_:)``).
  func reading(_ r: Expression.Reading, _ boxes: [FieldBox]) -> ClosedRange<BigInt> {
    FieldBox(raw: unsigned(boxes), bits: bits, signed: signed).reading(r)
  }

  /// Whether the reading is signed.
  func readsSigned(_ r: Expression.Reading) -> Bool { r == .signed || (r == .declared && signed) }

  /// How far the word's unsigned value moves per translation.
  func slope(_ d: Translation) -> BigInt {
    fields.reduce(BigInt(0)) { $0 + d.fields[$1.index] * BigInt.power(of2: $1.lsb) }
  }
}

/// The raw values a field can take, with what is needed to read them.
struct FieldBox {
  var raw: ClosedRange<BigInt>
  var bits: Int
  var signed: Bool

  /// The values a reading of the field can take: the raw range, or its
  /// two's-complement image when read signed (the whole signed range when the
  /// raw values straddle the sign bit).
  func reading(_ r: Expression.Reading) -> ClosedRange<BigInt> {
    guard r == .signed || (r == .declared && signed) else { return raw }
    let half = BigInt.power(of2: bits - 1)
    if raw.upperBound < half { return raw }
    if raw.lowerBound >= half { return (raw.lowerBound - half * 2)...(raw.upperBound - half * 2) }
    return (-half)...(half - 1)
  }
}

extension Expression {
  /// A range containing every value the expression takes over a box of truth
  /// values and field bits, or nil if it cannot be bounded (an unbounded field
  /// read, a bitwise operator between two ranges). Shifts right, divisions,
  /// remainders and masks by constants are bounded.
  /// Sound, not tight: used to prove
  /// that a predicate's `means` cannot change during a run, and that a
  /// condition keeps its value over a repeated segment of a sweep.
  func interval(_ box: TruthBox) -> ClosedRange<BigInt>? {
    func bool(_ t: Bool?) -> ClosedRange<BigInt> {
      switch t {
      case true?: return 1...1
      case false?: return 0...0
      case nil: return 0...1
      }
    }
    func truth(_ r: ClosedRange<BigInt>) -> Bool? {
      if r.lowerBound > 0 || r.upperBound < 0 { return true }
      if r.lowerBound == 0 && r.upperBound == 0 { return false }
      return nil
    }
    switch self {
    case .literal(let v), .constant(_, let v): return v...v
    case .held(let k): return k < box.held.count ? box.held[k] : nil
    case .total: return box.total
    case .field(let f, _, let r): return f < box.fields.count ? box.fields[f].reading(r) : nil
    case .word(let w, _, let r):
      // Bounded by its fields' boxes when every bit is in a field.
      guard w < box.words.count, let word = box.words[w] else { return nil }
      return word.reading(r, box.fields)
    case .name, .access: return nil
    case .unary(let op, let a):
      guard let x = a.interval(box) else { return op == .not ? 0...1 : nil }
      switch op {
      case .negate: return (-x.upperBound)...(-x.lowerBound)
      case .complement: return (-x.upperBound - 1)...(-x.lowerBound - 1)
      case .not: return bool(truth(x).map { !$0 })
      }
    case .binary(let op, let a, let b):
      let x = a.interval(box), y = b.interval(box)
      switch op {
      case .and:
        let tx = x.flatMap(truth), ty = y.flatMap(truth)
        if tx == false || ty == false { return 0...0 }
        return bool(tx == true && ty == true ? true : nil)
      case .or:
        let tx = x.flatMap(truth), ty = y.flatMap(truth)
        if tx == true || ty == true { return 1...1 }
        return bool(tx == false && ty == false ? false : nil)
      default: break
      }
      guard let x, let y else { return op.isBoolean ? 0...1 : nil }
      switch op {
      case .add: return (x.lowerBound + y.lowerBound)...(x.upperBound + y.upperBound)
      case .subtract: return (x.lowerBound - y.upperBound)...(x.upperBound - y.lowerBound)
      case .multiply:
        let c = [x.lowerBound * y.lowerBound, x.lowerBound * y.upperBound, x.upperBound * y.lowerBound, x.upperBound * y.upperBound]
        return c.min()!...c.max()!  // four corners: never empty
      case .less: return bool(x.upperBound < y.lowerBound ? true : x.lowerBound >= y.upperBound ? false : nil)
      case .lessOrEqual: return bool(x.upperBound <= y.lowerBound ? true : x.lowerBound > y.upperBound ? false : nil)
      case .greater: return bool(x.lowerBound > y.upperBound ? true : x.upperBound <= y.lowerBound ? false : nil)
      case .greaterOrEqual: return bool(x.lowerBound >= y.upperBound ? true : x.upperBound < y.lowerBound ? false : nil)
      case .equal:
        if x.lowerBound == x.upperBound, y.lowerBound == y.upperBound { return bool(x.lowerBound == y.lowerBound) }
        return bool(x.upperBound < y.lowerBound || y.upperBound < x.lowerBound ? false : nil)
      case .notEqual:
        if x.lowerBound == x.upperBound, y.lowerBound == y.upperBound { return bool(x.lowerBound != y.lowerBound) }
        return bool(x.upperBound < y.lowerBound || y.upperBound < x.lowerBound ? true : nil)
      default:
        if x.lowerBound == x.upperBound, y.lowerBound == y.upperBound {
          let v = Expression.apply(op, x.lowerBound, y.lowerBound)
          return v...v
        }
        // By a constant: a shift right and a division are monotone, a
        // remainder and a mask are bounded by the constant.
        guard y.lowerBound == y.upperBound else {
          if op == .bitAnd, x.lowerBound == x.upperBound, !x.lowerBound.isNegative { return 0...x.lowerBound }
          return nil
        }
        let c = y.lowerBound
        switch op {
        case .shiftRight, .divide:
          if op == .divide && c.isZero { return 0...0 }
          let ends = [Expression.apply(op, x.lowerBound, c), Expression.apply(op, x.upperBound, c)]
          return ends.min()!...ends.max()!
        case .remainder:
          if c.isZero { return x }
          let m = (c.isNegative ? -c : c) - 1
          if !x.lowerBound.isNegative { return 0...m }
          if x.upperBound.signum <= 0 { return (-m)...0 }
          return (-m)...m
        case .bitAnd:
          return c.isNegative ? nil : 0...c
        default:
          return nil
        }
      }
    case .call(let f, let args):
      var rs: [ClosedRange<BigInt>] = []
      for a in args {
        guard let r = a.interval(box) else { return nil }
        rs.append(r)
      }
      let lower = rs.map(\.lowerBound), upper = rs.map(\.upperBound)
      switch f {
      case .min:
        guard let lo = lower.min(), let hi = upper.min() else { return nil }
        return lo...hi
      case .max:
        guard let lo = lower.max(), let hi = upper.max() else { return nil }
        return lo...hi
      }
    }
  }

  /// Whether the expression, as a condition, has one value over the whole box:
  /// `true`/`false`, or nil when it may change.
  func constantTruth(over box: TruthBox) -> Bool? {
    guard let r = interval(box) else { return nil }
    if r.lowerBound > 0 || r.upperBound < 0 { return true }
    if r.lowerBound == 0 && r.upperBound == 0 { return false }
    return nil
  }
}
