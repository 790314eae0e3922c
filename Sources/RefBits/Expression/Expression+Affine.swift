/// `a + b*j`: a value that changes by the same amount at every step `j`.
struct Affine: Sendable, Hashable {
  var a: BigInt
  var b: BigInt

  init(_ a: BigInt, _ b: BigInt = 0) {
    self.a = a
    self.b = b
  }

  func at(_ j: BigInt) -> BigInt { a + b * j }

  static func + (x: Affine, y: Affine) -> Affine { Affine(x.a + y.a, x.b + y.b) }
  static func - (x: Affine, y: Affine) -> Affine { Affine(x.a - y.a, x.b - y.b) }
  static prefix func - (x: Affine) -> Affine { Affine(-x.a, -x.b) }
  func scaled(_ k: BigInt) -> Affine { Affine(a * k, b * k) }
}

/// A value that moves one way only over the steps of a run (never down, or
/// never up), known exactly at every step: `x >> k`, `x / c`, `min`/`max` of
/// such values, sums of values moving the same way. A comparison of one with
/// a constant holds on one interval of steps, found by bisection.
struct Monotone {
  /// +1: never decreases; -1: never increases; 0: constant.
  var direction: Int
  /// The value at step `j`.
  var at: (BigInt) -> BigInt

  init(direction: Int, at: @escaping (BigInt) -> BigInt) {
    self.direction = direction
    self.at = at
  }

  init(_ x: Affine) {
    direction = x.b.signum
    at = { x.at($0) }
  }

  var negated: Monotone {
    let f = at
    return Monotone(direction: -direction) { -f($0) }
  }
}

/// What the symbolic evaluation of an expression over a run of steps gives.
enum Symbolic {
  /// A number changing linearly with the step.
  case affine(Affine)
  /// A number moving one way only, not linearly (a shift, a quotient).
  case monotone(Monotone)
  /// A truth value: the steps at which it holds.
  case truth(IntervalSet)
  /// Not solvable over the run (a product of two changing values, a bitwise
  /// operator between two changing values, ...): bulk stepping falls back to
  /// single steps.
  case nonLinear
}

/// The affine values an expression reads over a run of steps `j` in `domain`.
protocol AffineEnvironment {
  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine?
  /// A whole word, or nil when it does not move linearly (the default).
  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine?
  func held(_ index: Int) -> Affine
  var total: Affine { get }
  var domain: ClosedRange<BigInt> { get }
}

extension AffineEnvironment {
  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine? { nil }
}

extension Expression {
  /// Evaluates over every step of `env.domain` at once, exactly on the steps
  /// up to `cap`.
  ///
  /// Linear arithmetic stays affine in `j`. A shift right, or a division, by
  /// a constant is monotone, and so are sums, `min` and `max` of values moving
  /// the same way: a comparison of a monotone value with a constant holds on
  /// an interval of steps, found by bisection (`(unsigned(mapcount) >> 24) ==
  /// PGTY_slab` is solved over any run at once). A remainder, mask, `|` or
  /// `^` with a constant, or a `min`/`max` of values that cross, is affine
  /// piece by piece: the evaluation lowers `cap` to the end of the piece the
  /// run starts in (`(count & 0xFFFF) == 0` over a run of increments is
  /// affine until `count` reaches the next multiple of 2^16), and the caller
  /// must not use the result past `cap`. A condition used as a number is a
  /// constant up to where it changes.
  ///
  /// - Complexity: O(size of the expression × intervals), plus a bisection of
  ///   O(log |domain|) evaluations per monotone comparison: independent of
  ///   the length of the domain.
  func symbolic(_ env: some AffineEnvironment, cap: inout BigInt) -> Symbolic {
    let domain = env.domain
    let all = IntervalSet(domain.lowerBound, domain.upperBound)
    let start = domain.lowerBound
    func truth(_ s: Symbolic) -> IntervalSet? {
      switch s {
      case .truth(let t): return t
      case .affine(let x):
        // x != 0
        let neg = IntervalSet.lessThanZero(c: x.a, m: x.b, domain: domain)
        let pos = IntervalSet.lessThanZero(c: -x.a, m: -x.b, domain: domain)
        return neg.union(pos)
      case .monotone(let m):
        return Self.monotoneLessThanZero(m, domain).union(Self.monotoneLessThanZero(m.negated, domain))
      case .nonLinear: return nil
      }
    }
    /// A truth value used as a number: constant up to where it changes.
    func constant(_ t: IntervalSet, cap: inout BigInt) -> Affine {
      if t.isEmpty { return Affine(0) }
      if t == all { return Affine(1) }
      let member = t.contains(start)
      let change = (member ? t.complement(in: domain) : t).first ?? (domain.upperBound + 1)
      cap = Swift.min(cap, change - 1)
      return Affine(member ? 1 : 0)
    }
    func number(_ s: Symbolic, cap: inout BigInt) -> Affine? {
      switch s {
      case .affine(let x): return x
      case .truth(let t): return constant(t, cap: &cap)
      case .monotone, .nonLinear: return nil
      }
    }
    func monotone(_ s: Symbolic, cap: inout BigInt) -> Monotone? {
      switch s {
      case .affine(let x): return Monotone(x)
      case .monotone(let m): return m
      case .truth(let t): return Monotone(constant(t, cap: &cap))
      case .nonLinear: return nil
      }
    }
    switch self {
    case .literal(let v), .constant(_, let v): return .affine(Affine(v))
    case .name, .access: return .nonLinear
    case .field(let f, let t, let r):
      guard let x = env.field(f, time: t, reading: r) else { return .nonLinear }
      return .affine(x)
    case .word(let w, let t, let r):
      guard let x = env.word(w, time: t, reading: r) else { return .nonLinear }
      return .affine(x)
    case .held(let k): return .affine(env.held(k))
    case .total: return .affine(env.total)
    case .unary(let op, let e):
      let s = e.symbolic(env, cap: &cap)
      switch op {
      case .not:
        guard let t = truth(s) else { return .nonLinear }
        return .truth(t.complement(in: domain))
      case .negate, .complement:
        let shift = op == .negate ? Affine(0) : Affine(-1)
        if let x = number(s, cap: &cap) { return .affine(-x + shift) }
        guard let m = monotone(s, cap: &cap) else { return .nonLinear }
        let f = m.at, k = shift.a
        return .monotone(Monotone(direction: -m.direction) { -f($0) + k })
      }
    case .binary(let op, let l, let r):
      let sl = l.symbolic(env, cap: &cap), sr = r.symbolic(env, cap: &cap)
      switch op {
      case .and, .or:
        guard let a = truth(sl), let b = truth(sr) else { return .nonLinear }
        return .truth(op == .and ? a.intersection(b) : a.union(b))
      case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
        // The sign of d = l - r, affine or monotone: `below(k)` is the set of
        // steps where d + k < 0, `above(k)` where -d + k < 0.
        if let a = number(sl, cap: &cap), let b = number(sr, cap: &cap) {
          let d = a - b
          return .truth(Self.comparison(op,
            below: { IntervalSet.lessThanZero(c: d.a + $0, m: d.b, domain: domain) },
            above: { IntervalSet.lessThanZero(c: -d.a + $0, m: -d.b, domain: domain) }))
        }
        guard let a = monotone(sl, cap: &cap), let b = monotone(sr, cap: &cap), let d = Monotone.sum(a, b.negated) else { return .nonLinear }
        let f = d.at, dir = d.direction
        return .truth(Self.comparison(op,
          below: { k in Self.monotoneLessThanZero(Monotone(direction: dir) { f($0) + k }, domain) },
          above: { k in Self.monotoneLessThanZero(Monotone(direction: -dir) { -f($0) + k }, domain) }))
      default:
        if let a = number(sl, cap: &cap), let b = number(sr, cap: &cap),
          let x = Self.affineArithmetic(op, a, b, start: start, domain: domain, cap: &cap)
        {
          return x
        }
        guard let a = monotone(sl, cap: &cap), let b = monotone(sr, cap: &cap) else { return .nonLinear }
        return Self.monotoneArithmetic(op, a, b, domain: domain, cap: &cap)
      }
    case .call(let f, let args):
      var values: [Symbolic] = []
      for a in args { values.append(a.symbolic(env, cap: &cap)) }
      var affines: [Affine] = []
      for v in values {
        guard let x = number(v, cap: &cap) else { affines = []; break }
        affines.append(x)
      }
      if affines.count == values.count, !affines.isEmpty {
        // Affine arguments: the smallest (largest) at the run's start, up to
        // where another one crosses it.
        let pick = { (xs: [Affine], j: BigInt) -> Affine in
          f == .min ? xs.min { ($0.at(j), $0.b) < ($1.at(j), $1.b) }! : xs.max { ($0.at(j), $0.b) < ($1.at(j), $1.b) }!
        }
        let chosen = pick(affines, start)
        for other in affines where other != chosen {
          // First step at which `other` beats `chosen`.
          let d = f == .min ? other - chosen : chosen - other
          if let beat = IntervalSet.lessThanZero(c: d.a, m: d.b, domain: domain).first { cap = Swift.min(cap, beat - 1) }
        }
        return .affine(chosen)
      }
      var ms: [Monotone] = []
      for v in values {
        guard let m = monotone(v, cap: &cap) else { return .nonLinear }
        ms.append(m)
      }
      let directions = Set(ms.map(\.direction)).subtracting([0])
      guard directions.count <= 1 else { return .nonLinear }
      let fs = ms.map(\.at)
      return .monotone(Monotone(direction: directions.first ?? 0) { j in
        let vs = fs.map { $0(j) }
        return (f == .min ? vs.min() : vs.max()) ?? 0
      })
    }
  }

  /// The steps at which comparison `op` of `l` and `r` holds, given the
  /// steps where `l - r + k < 0` (`below`) and where `r - l + k < 0` (`above`).
  static func comparison(_ op: BinaryOperator, below: (BigInt) -> IntervalSet, above: (BigInt) -> IntervalSet) -> IntervalSet {
    switch op {
    case .less: return below(0)
    case .lessOrEqual: return below(-1)
    case .greater: return above(0)
    case .greaterOrEqual: return above(-1)
    case .equal: return below(-1).intersection(above(-1))
    default: return below(0).union(above(0))
    }
  }

  /// `{ j in domain : m(j) < 0 }` for a monotone `m`: a prefix of the domain
  /// when `m` never decreases, a suffix when it never increases, found by
  /// bisection.
  ///
  /// - Complexity: O(log |domain|) evaluations of `m`.
  static func monotoneLessThanZero(_ m: Monotone, _ domain: ClosedRange<BigInt>) -> IntervalSet {
    let lo = domain.lowerBound, hi = domain.upperBound
    switch m.direction {
    case 0:
      return m.at(lo).isNegative ? IntervalSet(lo, hi) : IntervalSet()
    case 1...:
      guard m.at(lo).isNegative else { return IntervalSet() }
      let first = firstStep(in: lo...hi) { !m.at($0).isNegative }
      return IntervalSet(lo, (first ?? hi + 1) - 1)
    default:
      guard let first = firstStep(in: lo...hi, where: { m.at($0).isNegative }) else { return IntervalSet() }
      return IntervalSet(first, hi)
    }
  }

  /// The first step of `range` at which `p` holds, for a `p` that once true
  /// stays true; nil if it never holds.
  static func firstStep(in range: ClosedRange<BigInt>, where p: (BigInt) -> Bool) -> BigInt? {
    var lo = range.lowerBound, hi = range.upperBound
    guard p(hi) else { return nil }
    if p(lo) { return lo }
    // p(lo) false, p(hi) true.
    while hi - lo > 1 {
      let mid = lo + (hi - lo).floorDivided(by: 2)
      if p(mid) { hi = mid } else { lo = mid }
    }
    return hi
  }

  /// The last step of `domain` (from its start) at which `x` is still in
  /// `range` (which holds `x` at the start).
  static func lastStep(_ x: Monotone, in range: ClosedRange<BigInt>, _ domain: ClosedRange<BigInt>) -> BigInt {
    switch x.direction {
    case 0: return domain.upperBound
    case 1...: return (firstStep(in: domain) { x.at($0) > range.upperBound } ?? domain.upperBound + 1) - 1
    default: return (firstStep(in: domain) { x.at($0) < range.lowerBound } ?? domain.upperBound + 1) - 1
    }
  }

  /// The last step at which an affine `x` is still in `range`.
  static func lastStep(_ x: Affine, in range: ClosedRange<BigInt>, _ domain: ClosedRange<BigInt>) -> BigInt {
    switch x.b.signum {
    case 0: return domain.upperBound
    case 1...: return Swift.min(domain.upperBound, (range.upperBound - x.a).floorDivided(by: x.b))
    default: return Swift.min(domain.upperBound, (x.a - range.lowerBound).floorDivided(by: -x.b))
    }
  }

  /// The values of `x` over which `x % c` (truncating) is `x - c·q` for the
  /// one `q` it has at `v`.
  static func remainderPiece(_ v: BigInt, _ c: BigInt) -> ClosedRange<BigInt> {
    let m = c.signum < 0 ? -c : c
    let q = v / m  // truncating
    if q.signum > 0 { return (q * m)...(q * m + m - 1) }
    if q.signum < 0 { return (q * m - m + 1)...(q * m) }
    return (-m + 1)...(m - 1)
  }

  /// For `x & m` (`m` a constant): the values of `x` over which it is
  /// `x & m` at `v` plus `x - v` times `slope` (0 or 1), with that slope.
  ///
  /// For `m >= 0` with `t` trailing ones and the rest of its bits from bit
  /// `s > t` up: on a stretch where `floor(x / 2^g)` is constant (`g = t`,
  /// or `s` when `t == 0`), the low `t` bits of `x & m` move with `x` and the
  /// others stay. For `m < 0`, `x & m == x - (x & ~m)`.
  static func maskPiece(_ v: BigInt, _ m: BigInt) -> (range: ClosedRange<BigInt>, slope: BigInt) {
    if m.isNegative {
      let p = maskPiece(v, ~m)
      return (p.range, 1 - p.slope)
    }
    if m.isZero { return (v...v, 0) }  // constant 0: any stretch; the caller widens
    var t = 0
    while !((m >> t) & 1).isZero { t += 1 }
    var g = t
    if t == 0 {
      var s = 0
      while ((m >> s) & 1).isZero { s += 1 }
      g = s
    }
    let unit = BigInt.power(of2: g)
    let q = v.floorDivided(by: unit)
    return ((q * unit)...(q * unit + unit - 1), t > 0 ? 1 : 0)
  }
}

extension Monotone {
  /// `a + b`, when they move the same way (or one does not move).
  static func sum(_ a: Monotone, _ b: Monotone) -> Monotone? {
    guard a.direction == 0 || b.direction == 0 || a.direction == b.direction else { return nil }
    let f = a.at, g = b.at
    return Monotone(direction: a.direction != 0 ? a.direction : b.direction) { f($0) + g($0) }
  }
}

extension Expression {
  /// Arithmetic on affine operands: affine, monotone, or affine on the piece
  /// that ends at `cap`; nil when the operator needs something else (a
  /// product of two changing values).
  static func affineArithmetic(_ op: BinaryOperator, _ a: Affine, _ b: Affine, start: BigInt, domain: ClosedRange<BigInt>, cap: inout BigInt) -> Symbolic? {
    if a.b.isZero && b.b.isZero { return .affine(Affine(apply(op, a.a, b.a))) }
    switch op {
    case .add: return .affine(a + b)
    case .subtract: return .affine(a - b)
    case .multiply:
      if b.b.isZero { return .affine(a.scaled(b.a)) }
      if a.b.isZero { return .affine(b.scaled(a.a)) }
      return nil
    case .shiftLeft, .shiftRight:
      guard b.b.isZero, let n0 = b.a.int, abs(n0) <= maximumShift else {
        // A shift by a changing count, or far past any word.
        guard b.b.isZero else { return nil }
        return .monotone(Monotone(direction: op == .shiftLeft ? 0 : a.b.signum) { apply(op, a.at($0), b.a) })
      }
      let n = op == .shiftLeft ? n0 : -n0
      if n >= 0 { return .affine(a.scaled(BigInt.power(of2: n))) }
      let unit = BigInt.power(of2: -n)
      // floor((a + b j) / 2^k) is affine when 2^k divides b.
      if (a.b % unit).isZero { return .affine(Affine(a.a.floorDivided(by: unit), a.b / unit)) }
      return .monotone(Monotone(direction: a.b.signum) { (a.at($0)).floorDivided(by: unit) })
    case .divide:
      guard b.b.isZero else { return nil }
      if b.a.isZero { return .affine(Affine(0)) }
      let c = b.a
      return .monotone(Monotone(direction: a.b.signum * c.signum) { a.at($0) / c })
    case .remainder:
      guard b.b.isZero else { return nil }
      if b.a.isZero { return .affine(a) }
      let v = a.at(start)
      cap = Swift.min(cap, lastStep(a, in: remainderPiece(v, b.a), domain))
      return .affine(Affine(a.a - (v - v % b.a), a.b))
    case .bitAnd, .bitOr, .bitXor:
      guard a.b.isZero || b.b.isZero else { return nil }
      let (x, m) = a.b.isZero ? (b, a.a) : (a, b.a)
      let v = x.at(start)
      let piece = maskPiece(v, m)
      if !(m.isZero) { cap = Swift.min(cap, lastStep(x, in: piece.range, domain)) }
      // x & m on the piece: (v & m) + slope·(x - v).
      let and = Affine((v & m) - piece.slope * v, 0) + x.scaled(piece.slope)
      switch op {
      case .bitAnd: return .affine(and)
      case .bitOr: return .affine(x - and + Affine(m))
      default: return .affine(x + Affine(m) - and.scaled(2))
      }
    default:
      return nil
    }
  }

  /// Arithmetic where an operand is monotone and not affine.
  static func monotoneArithmetic(_ op: BinaryOperator, _ a: Monotone, _ b: Monotone, domain: ClosedRange<BigInt>, cap: inout BigInt) -> Symbolic {
    let start = domain.lowerBound
    let f = a.at, g = b.at
    switch op {
    case .add: return Monotone.sum(a, b).map { .monotone($0) } ?? .nonLinear
    case .subtract: return Monotone.sum(a, b.negated).map { .monotone($0) } ?? .nonLinear
    case .multiply, .shiftLeft:
      if op == .multiply, a.direction == 0 {
        let c = f(start)
        return .monotone(Monotone(direction: b.direction * c.signum) { g($0) * c })
      }
      guard b.direction == 0 else { return .nonLinear }
      let c = g(start)
      if op == .shiftLeft {
        guard let n = c.int, (0...maximumShift).contains(n) else { return .nonLinear }
        return .monotone(Monotone(direction: a.direction) { f($0) << n })
      }
      return .monotone(Monotone(direction: a.direction * c.signum) { f($0) * c })
    case .shiftRight, .divide:
      guard b.direction == 0 else { return .nonLinear }
      let c = g(start)
      let sign = op == .divide ? c.signum : 1
      return .monotone(Monotone(direction: a.direction * sign) { apply(op, f($0), c) })
    case .remainder, .bitAnd, .bitOr, .bitXor:
      // One side constant; on the piece where the other stays in one
      // stretch, the result moves with it (or not at all).
      guard a.direction == 0 || b.direction == 0 else { return .nonLinear }
      let (x, c) = a.direction == 0 ? (b, f(start)) : (a, g(start))
      let v = x.at(start)
      let piece: (range: ClosedRange<BigInt>, slope: BigInt)
      let base: BigInt
      if op == .remainder {
        if c.isZero { return .monotone(x) }
        piece = (remainderPiece(v, c), 1)
        base = v % c
      } else {
        piece = maskPiece(v, c)
        base = v & c
      }
      if !(op != .remainder && c.isZero) { cap = Swift.min(cap, lastStep(x, in: piece.range, domain)) }
      let h = x.at, slope = piece.slope
      let and = Monotone(direction: slope.isZero ? 0 : x.direction) { base + slope * (h($0) - v) }
      switch op {
      case .remainder, .bitAnd: return .monotone(and)
      case .bitOr:
        // x - (x & c) + c: moves with x where the mask does not, else constant.
        let k = and.at
        return .monotone(Monotone(direction: slope.isZero ? x.direction : 0) { h($0) - k($0) + c })
      default:
        let k = and.at
        return .monotone(Monotone(direction: slope.isZero ? x.direction : -x.direction) { h($0) + c - 2 * k($0) })
      }
    default:
      return .nonLinear
    }
  }
}
