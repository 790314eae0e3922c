/// A translation of states: every field's raw value, every held count and the
/// total move by a fixed amount per application. ``Machine/repeatSegment``
/// proves that a stretch of a run, translated again and again, is still a
/// run of the same operation; these are the facts about expressions it needs.
struct Translation {
  /// Per field index: how far its raw value moves per translation.
  var fields: [BigInt]
  /// Per kind index: how far its held count moves per translation.
  var held: [BigInt]
  var total: BigInt
}

extension Expression {
  /// How far the expression's value moves per translation, when the move is
  /// the same at every state: `e(X + i·D) == e(X) + i·s` for every state `X`
  /// of the box and every `i` the caller allows. Nil when that cannot be shown
  /// (a product of two moving values, a bitwise operator between moving
  /// values).
  ///
  /// A field read moves by its field's raw move: the caller keeps every moving
  /// field inside one half of its range, where every reading of it is affine.
  /// A value that does not move (`s == 0`) may be anything: it is the same at
  /// `X` and at `X + i·D`. Periodic operators by constants move predictably
  /// when the move is a multiple of their period: `x & m` does not move when
  /// `x` moves by a multiple of the power of two above `m`, `x >> k` moves by
  /// `s / 2^k` when `2^k` divides `s`, `x % c` and `x / c` when `c` divides
  /// `s` and `x` keeps its sign over the box (`box` given).
  ///
  /// A whole word made of fields only (``TruthBox/words``) moves by the sum
  /// of its fields' moves, shifted into place: read unsigned, or read signed
  /// where it does not move, or, with `signedWordsBounded` (the caller
  /// bounds the translations so that the word stays in one half of its
  /// range: ``translationLimit(_:over:)``), read signed.
  func translationSlope(_ d: Translation, over box: TruthBox? = nil, signedWordsBounded: Bool = false) -> BigInt? {
    func slope(_ e: Expression) -> BigInt? { e.translationSlope(d, over: box, signedWordsBounded: signedWordsBounded) }
    switch self {
    case .literal, .constant: return 0
    case .name, .access: return nil
    case .field(let f, _, _): return d.fields[f]
    case .word(let w, _, let r):
      guard let box, w < box.words.count, let word = box.words[w] else { return nil }
      let s = word.slope(d)
      guard !word.readsSigned(r) || s.isZero || signedWordsBounded else { return nil }
      return s
    case .held(let k): return d.held[k]
    case .total: return d.total
    case .unary(let op, let a):
      guard let s = slope(a) else { return nil }
      switch op {
      case .negate, .complement: return -s
      case .not: return s.isZero ? 0 : nil
      }
    case .binary(let op, let a, let b):
      guard let sa = slope(a), let sb = slope(b) else { return nil }
      if sa.isZero && sb.isZero { return 0 }
      switch op {
      case .add: return sa + sb
      case .subtract: return sa - sb
      case .multiply:
        if a.isConstant { return sb * a.constantValue }
        if b.isConstant { return sa * b.constantValue }
      case .shiftLeft:
        if b.isConstant, let n = b.constantValue.int, (0...Expression.maximumShift).contains(n) {
          return sa * BigInt.power(of2: n)
        }
      case .shiftRight:
        if b.isConstant, let n = b.constantValue.int, (0...Expression.maximumShift).contains(n) {
          let unit = BigInt.power(of2: n)
          if (sa % unit).isZero { return sa / unit }
        }
      case .bitAnd, .bitOr, .bitXor:
        // One side a constant mask m, the other moving by a multiple of the
        // power of two above m's bits: x & m does not move.
        let (x, m, s): (Expression, Expression, BigInt) = a.isConstant ? (b, a, sb) : (a, b, sa)
        guard m.isConstant, !x.isConstant || s.isZero else { return nil }
        let mask = m.constantValue
        let width = (mask.isNegative ? ~mask : mask).bitWidth
        guard (s % BigInt.power(of2: width)).isZero else { return nil }
        // x & m: 0 (for m >= 0) or s (for m < 0: x - (x & ~m)); | and ^ follow.
        let and: BigInt = mask.isNegative ? s : 0
        switch op {
        case .bitAnd: return and
        case .bitOr: return s - and
        default: return s - 2 * and
        }
      case .divide, .remainder:
        guard b.isConstant, sb.isZero, let box, let x = a.interval(box) else { return nil }
        let c = b.constantValue
        guard !c.isZero, (sa % c).isZero else { return nil }
        // Truncation: x must keep its sign over every translation.
        guard (sa.signum >= 0 && !x.lowerBound.isNegative) || (sa.signum <= 0 && x.upperBound.signum <= 0) else { return nil }
        return op == .divide ? sa / c : 0
      default: break
      }
      return nil
    case .call(_, let args):
      var slopes: [BigInt] = []
      for a in args {
        guard let s = slope(a) else { return nil }
        slopes.append(s)
      }
      // min/max of values all moving by the same amount move by it.
      guard let first = slopes.first, slopes.allSatisfy({ $0 == first }) else { return nil }
      return first
    }
  }

  /// How many translations a condition provably keeps its value under, at
  /// every state of the box: nil when there is no limit, 0 when it cannot be
  /// shown even for one.
  ///
  /// Each comparison is either unmoved by the translation (it keeps its value
  /// at every state, whatever that value is) or has one value over the whole
  /// box and keeps it until its moving side reaches the other: for `g < 0`
  /// with `g` in `[lo, hi]` over the box and moving by `s`, that is while
  /// `hi + i·s < 0` (or `lo + i·s >= 0`). `&&`, `||` and `!` of conditions that
  /// keep their values keep theirs. Sound, not tight.
  ///
  /// - Complexity: O(size of the expression).
  ///
  /// A whole word read signed keeps its reading affine only while it stays
  /// in the half of its range it is in over the box: the limit includes how
  /// many translations keep it there (0 when the box straddles the halves).
  func translationLimit(_ d: Translation, over box: TruthBox) -> BigInt? {
    // The whole-word reads first: a walk whose closure captures the box and
    // the translation copies them at every node.
    var reads: [(word: Int, reading: Reading)] = []
    forEachNode { node in
      if case .word(let w, _, let r) = node { reads.append((w, r)) }
    }
    var half: BigInt? = nil
    for (w, r) in reads {
      guard w < box.words.count, let word = box.words[w], word.readsSigned(r) else { continue }
      let s = word.slope(d)
      guard !s.isZero else { continue }
      let u = word.unsigned(box.fields), mid = BigInt.power(of2: word.bits - 1)
      let (lo, hi) = u.upperBound < mid ? (BigInt(0), mid - 1) : (mid, mid * 2 - 1)
      let k = u.lowerBound < mid && u.upperBound >= mid ? 0 : s.signum > 0 ? (hi - u.upperBound).floorDivided(by: s) : (u.lowerBound - lo).floorDivided(by: -s)
      half = Swift.min(half ?? k, k)
    }
    guard let value = valueLimit(d, over: box) else { return half }
    return Swift.min(value, half ?? value)
  }

  /// ``translationLimit(_:over:)`` with every signed word read taken as
  /// affine (the caller bounds the translations to keep it so).
  private func valueLimit(_ d: Translation, over box: TruthBox) -> BigInt? {
    func lessThanZero(_ lo: BigInt, _ hi: BigInt, slope s: BigInt) -> BigInt? {
      if hi.isNegative { return s.signum > 0 ? (-1 - hi).floorDivided(by: s) : nil }
      if !lo.isNegative { return s.signum < 0 ? lo.floorDivided(by: -s) : nil }
      return 0
    }
    func atom(_ a: Expression, _ b: Expression, _ op: BinaryOperator) -> BigInt? {
      guard let sa = a.translationSlope(d, over: box, signedWordsBounded: true), let sb = b.translationSlope(d, over: box, signedWordsBounded: true) else { return 0 }
      let s = sa - sb
      if s.isZero { return nil }
      guard let x = a.interval(box), let y = b.interval(box) else { return 0 }
      // g = a - b over the box.
      let lo = x.lowerBound - y.upperBound, hi = x.upperBound - y.lowerBound
      switch op {
      case .less: return lessThanZero(lo, hi, slope: s)
      case .lessOrEqual: return lessThanZero(lo - 1, hi - 1, slope: s)
      case .greater: return lessThanZero(-hi, -lo, slope: -s)
      case .greaterOrEqual: return lessThanZero(-hi - 1, -lo - 1, slope: -s)
      default:
        // == and != keep their value only while g stays on one side of 0.
        if hi.isNegative { return lessThanZero(lo, hi, slope: s) }
        if lo.signum > 0 { return lessThanZero(-hi, -lo, slope: -s) }
        return 0
      }
    }
    switch self {
    case .unary(.not, let a): return a.valueLimit(d, over: box)
    case .binary(let op, let a, let b):
      switch op {
      case .and, .or:
        let x = a.valueLimit(d, over: box), y = b.valueLimit(d, over: box)
        guard let x else { return y }
        guard let y else { return x }
        return Swift.min(x, y)
      case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
        return atom(a, b, op)
      default: break
      }
    default: break
    }
    // A number used as a condition: `e != 0`.
    return atom(self, .literal(0), .notEqual)
  }
}
