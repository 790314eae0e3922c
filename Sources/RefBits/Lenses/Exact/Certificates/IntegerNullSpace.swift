/// The integer vectors orthogonal to a set of integer vectors: the linear
/// forms that a set of changes leaves constant.
enum IntegerNullSpace {
  /// A basis of `{ v : row · v == 0 for every row }`, one primitive integer
  /// vector per free column of the rows' reduced echelon form (columns are
  /// taken left to right, so that later columns are the free ones where they
  /// can be), each with its first non-zero entry positive.
  ///
  /// - Complexity: O(rows × columns²) exact rational operations.
  static func basis(of rows: [[BigInt]], columns n: Int) -> [[BigInt]] {
    var m = rows.map { $0.map { Fraction($0) } }
    var pivots: [Int] = []
    var r = 0
    for c in 0..<n where r < m.count {
      guard let p = (r..<m.count).first(where: { !m[$0][c].isZero }) else { continue }
      m.swapAt(r, p)
      let lead = m[r][c]
      m[r] = m[r].map { $0 / lead }
      for i in m.indices where i != r && !m[i][c].isZero {
        let f = m[i][c]
        m[i] = zip(m[i], m[r]).map { $0 - f * $1 }
      }
      pivots.append(c)
      r += 1
    }
    var out: [[BigInt]] = []
    for free in 0..<n where !pivots.contains(free) {
      var v = [Fraction](repeating: Fraction(0), count: n)
      v[free] = Fraction(1)
      for (i, c) in pivots.enumerated() { v[c] = Fraction(0) - m[i][free] }
      let scale = v.reduce(BigInt(1)) { lcm($0, $1.den) }
      var ints = v.map { $0.num * (scale / $0.den) }
      let g = ints.reduce(BigInt(0)) { gcd($0, $1) }
      if !g.isZero { ints = ints.map { $0 / g } }
      if let first = ints.first(where: { !$0.isZero }), first.isNegative { ints = ints.map { -$0 } }
      out.append(ints)
    }
    return out
  }

  private static func lcm(_ a: BigInt, _ b: BigInt) -> BigInt { (a / gcd(a, b)) * b }

  /// An exact rational, reduced, with a positive denominator.
  private struct Fraction {
    var num: BigInt
    var den: BigInt

    init(_ n: BigInt, _ d: BigInt = 1) {
      let g = gcd(n, d)
      let s: BigInt = d.isNegative ? -1 : 1
      num = g.isZero ? 0 : n / g * s
      den = g.isZero ? 1 : d / g * s
    }

    var isZero: Bool { num.isZero }

    static func - (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.den - b.num * a.den, a.den * b.den) }
    static func * (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.num, a.den * b.den) }
    static func / (a: Fraction, b: Fraction) -> Fraction { Fraction(a.num * b.den, a.den * b.num) }
  }
}
