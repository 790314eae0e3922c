/// `lo ... hi` with either side open: the range of a value in a box.
struct Bounds: Sendable, Hashable {
  var lo: BigInt?
  var hi: BigInt?

  static let anything = Bounds(lo: nil, hi: nil)

  init(lo: BigInt?, hi: BigInt?) {
    self.lo = lo
    self.hi = hi
  }

  init(_ v: BigInt) { self.init(lo: v, hi: v) }

  init(_ s: Span) { self.init(lo: s.lo, hi: s.hi) }

  static func + (a: Bounds, b: Bounds) -> Bounds {
    Bounds(lo: a.lo.flatMap { x in b.lo.map { x + $0 } }, hi: a.hi.flatMap { x in b.hi.map { x + $0 } })
  }

  func scaled(_ k: BigInt) -> Bounds {
    if k.isZero { return Bounds(0) }
    let l = lo.map { $0 * k }, h = hi.map { $0 * k }
    return k.isNegative ? Bounds(lo: h, hi: l) : Bounds(lo: l, hi: h)
  }

  /// Whether every value is below zero, at zero, ...: nil when it depends.
  var sign: Int? {
    if let hi, hi < 0 { return -1 }
    if let lo, lo > 0 { return 1 }
    if lo == 0 && hi == 0 { return 0 }
    return nil
  }
}

/// `sum of coefficient * variable + constant`.
struct Linear: Sendable, Hashable {
  var terms: [Variable: BigInt]
  var constant: BigInt

  init(_ c: BigInt) {
    terms = [:]
    constant = c
  }

  init(_ v: Variable, offset: BigInt = 0) {
    terms = [v: 1]
    constant = offset
  }

  static func + (a: Linear, b: Linear) -> Linear {
    var out = a
    out.constant += b.constant
    for (v, c) in b.terms {
      let s = (out.terms[v] ?? 0) + c
      out.terms[v] = s.isZero ? nil : s
    }
    return out
  }

  func scaled(_ k: BigInt) -> Linear {
    if k.isZero { return Linear(0) }
    var out = self
    out.constant *= k
    for (v, c) in terms { out.terms[v] = c * k }
    return out
  }

  static prefix func - (a: Linear) -> Linear { a.scaled(-1) }
  static func - (a: Linear, b: Linear) -> Linear { a + (-b) }

  var constantValue: BigInt? { terms.isEmpty ? constant : nil }

  func bounds(_ box: Box) -> Bounds {
    terms.reduce(Bounds(constant)) { $0 + Bounds(box[$1.key]).scaled($1.value) }
  }
}

/// A condition as the abstract evaluation sees it: atoms `linear OP 0` joined
/// by `!`, `&&`, `||`, or truth values already known.
indirect enum ZoneCondition: Sendable {
  case known(Bool?)
  case atom(Linear, Comparison)
  case not(ZoneCondition)
  case and(ZoneCondition, ZoneCondition)
  case or(ZoneCondition, ZoneCondition)

  enum Comparison: Sendable {
    case less, lessOrEqual, equal, notEqual
  }

  /// Kleene truth over a box: nil when some state of the box decides it
  /// one way and another the other (or the box cannot tell).
  func truth(_ box: Box) -> Bool? {
    switch self {
    case .known(let t): return t
    case .atom(let l, let cmp):
      let s = l.bounds(box)
      switch cmp {
      case .less:
        if let hi = s.hi, hi < 0 { return true }
        if let lo = s.lo, lo >= 0 { return false }
      case .lessOrEqual:
        if let hi = s.hi, hi <= 0 { return true }
        if let lo = s.lo, lo > 0 { return false }
      case .equal:
        if s.lo == 0 && s.hi == 0 { return true }
        if let lo = s.lo, lo > 0 { return false }
        if let hi = s.hi, hi < 0 { return false }
      case .notEqual:
        if s.lo == 0 && s.hi == 0 { return false }
        if let lo = s.lo, lo > 0 { return true }
        if let hi = s.hi, hi < 0 { return true }
      }
      return nil
    case .not(let c): return c.truth(box).map { !$0 }
    case .and(let a, let b):
      let x = a.truth(box), y = b.truth(box)
      if x == false || y == false { return false }
      return x == true && y == true ? true : nil
    case .or(let a, let b):
      let x = a.truth(box), y = b.truth(box)
      if x == true || y == true { return true }
      return x == false && y == false ? false : nil
    }
  }

  /// An undecided atom over one variable, and where to cut that variable's
  /// range so that the atom is decided on every part (cut points are the
  /// first values of the upper parts).
  func cut(_ box: Box) -> (Variable, [BigInt])? {
    switch self {
    case .known: return nil
    case .atom(let l, let cmp):
      guard l.terms.count == 1, let (v, a) = l.terms.first, l.truthOnBox(cmp, box) == nil else { return nil }
      // a*x + c OP 0.
      let c = l.constant
      switch cmp {
      case .less:
        // a*x < -c.
        return a > 0 ? (v, [(-c).ceilDivided(by: a)]) : (v, [(-c).floorDivided(by: a) + 1])
      case .lessOrEqual:
        return a > 0 ? (v, [(-c).floorDivided(by: a) + 1]) : (v, [(-c).ceilDivided(by: a)])
      case .equal, .notEqual:
        let (q, r) = (-c).quotientAndRemainder(dividingBy: a)
        return r.isZero ? (v, [q, q + 1]) : nil
      }
    case .not(let x): return x.cut(box)
    case .and(let a, let b), .or(let a, let b): return a.cut(box) ?? b.cut(box)
    }
  }
}

extension Linear {
  fileprivate func truthOnBox(_ cmp: ZoneCondition.Comparison, _ box: Box) -> Bool? {
    ZoneCondition.atom(self, cmp).truth(box)
  }
}

/// A value as the abstract evaluation sees it.
enum ZoneValue: Sendable {
  case linear(Linear)
  /// Not linear in the variables: only its range is known.
  case bounded(Bounds)
  case condition(ZoneCondition)
}
