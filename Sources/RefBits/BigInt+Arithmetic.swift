import CGMPShim

// Arithmetic, division, bitwise and shift operators for `BigInt`.
//
// Every operator has a fast path for two inline (`Int64`-range) operands that
// computes in `Int64`/`Int128` without touching GMP; everything else goes
// through GMP into a fresh `mpz` and is canonicalised on the way out.
//
// Division never traps. With a zero divisor:
//   x / 0 == 0, x % 0 == x,
//   x.floorDivided(by: 0) == 0, x.ceilDivided(by: 0) == 0,
//   x.floorModulo(0) == x,
// so that `q * d + r == x` still holds for each (quotient, remainder) pair.

extension BigInt {
  // MARK: - Additive and multiplicative

  public static func + (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      let (s, overflow) = x.addingReportingOverflow(y)
      return overflow ? BigInt(int128: Int128(x) + Int128(y)) : BigInt(small: s)
    }
    return binaryGMP(a, b) { __gmpz_add($0, $1, $2) }
  }

  public static func - (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      let (s, overflow) = x.subtractingReportingOverflow(y)
      return overflow ? BigInt(int128: Int128(x) - Int128(y)) : BigInt(small: s)
    }
    return binaryGMP(a, b) { __gmpz_sub($0, $1, $2) }
  }

  public static func * (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      let (p, overflow) = x.multipliedReportingOverflow(by: y)
      return overflow ? BigInt(int128: Int128(x) * Int128(y)) : BigInt(small: p)
    }
    return binaryGMP(a, b) { __gmpz_mul($0, $1, $2) }
  }

  public static prefix func - (a: BigInt) -> BigInt {
    switch a.repr {
    case .small(let x):
      return x == .min ? BigInt(int128: -Int128(x)) : BigInt(small: -x)
    case .big:
      return a.unaryGMP { __gmpz_neg($0, $1) }
    }
  }

  public mutating func negate() {
    self = -self
  }

  public static func += (a: inout BigInt, b: BigInt) { a = a + b }
  public static func -= (a: inout BigInt, b: BigInt) { a = a - b }
  public static func *= (a: inout BigInt, b: BigInt) { a = a * b }

  // MARK: - Division

  /// Quotient truncated toward zero (like C and Swift's `/`).
  /// `x / 0 == 0` (defined; does not trap).
  public static func / (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      if y == 0 { return .zero }
      let (q, overflow) = x.dividedReportingOverflow(by: y)
      // Only Int64.min / -1 overflows.
      return overflow ? BigInt(int128: -Int128(x)) : BigInt(small: q)
    }
    if b.isZero { return .zero }
    return binaryGMP(a, b) { __gmpz_tdiv_q($0, $1, $2) }
  }

  /// Remainder of truncating division: sign of the dividend, like C and
  /// Swift's `%`. `x % 0 == x` (defined; does not trap).
  public static func % (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      if y == 0 { return a }
      if y == -1 { return .zero }
      return BigInt(small: x % y)
    }
    if b.isZero { return a }
    return binaryGMP(a, b) { __gmpz_tdiv_r($0, $1, $2) }
  }

  public static func /= (a: inout BigInt, b: BigInt) { a = a / b }
  public static func %= (a: inout BigInt, b: BigInt) { a = a % b }

  /// Truncating quotient and remainder in one GMP call (`(0, self)` for a
  /// zero divisor).
  public func quotientAndRemainder(dividingBy d: BigInt) -> (quotient: BigInt, remainder: BigInt) {
    if case .small = repr, case .small = d.repr {
      return (self / d, self % d)
    }
    if d.isZero { return (.zero, self) }
    var q = __mpz_struct()
    var r = __mpz_struct()
    __gmpz_init(&q)
    __gmpz_init(&r)
    withMPZ { pa in
      d.withMPZ { pd in
        withUnsafeMutablePointer(to: &q) { pq in
          withUnsafeMutablePointer(to: &r) { pr in __gmpz_tdiv_qr(pq, pr, pa, pd) }
        }
      }
    }
    return (BigInt(adopting: q), BigInt(adopting: r))
  }

  /// ⌊self / d⌋. Returns 0 when `d` is zero (defined; does not trap).
  public func floorDivided(by d: BigInt) -> BigInt {
    if case .small(let x) = repr, case .small(let y) = d.repr {
      if y == 0 { return .zero }
      let (a, b) = (Int128(x), Int128(y))
      var q = a / b
      if (a % b != 0) && ((a < 0) != (b < 0)) { q -= 1 }
      return BigInt(int128: q)
    }
    if d.isZero { return .zero }
    return BigInt.binaryGMP(self, d) { __gmpz_fdiv_q($0, $1, $2) }
  }

  /// ⌈self / d⌉. Returns 0 when `d` is zero (defined; does not trap).
  public func ceilDivided(by d: BigInt) -> BigInt {
    if case .small(let x) = repr, case .small(let y) = d.repr {
      if y == 0 { return .zero }
      let (a, b) = (Int128(x), Int128(y))
      var q = a / b
      if (a % b != 0) && ((a < 0) == (b < 0)) { q += 1 }
      return BigInt(int128: q)
    }
    if d.isZero { return .zero }
    return BigInt.binaryGMP(self, d) { __gmpz_cdiv_q($0, $1, $2) }
  }

  /// Remainder of floor division: `self - m * floorDivided(by: m)`.
  /// For `m > 0` the result is in `0..<m`; for `m < 0` it is in `(m, 0]`
  /// (it takes the sign of `m`). Returns `self` when `m` is zero.
  public func floorModulo(_ m: BigInt) -> BigInt {
    if case .small(let x) = repr, case .small(let y) = m.repr {
      if y == 0 { return self }
      if y == -1 { return .zero }
      var r = x % y
      if r != 0 && ((r < 0) != (y < 0)) { r += y }  // |r| < |y|: cannot overflow
      return BigInt(small: r)
    }
    if m.isZero { return self }
    return BigInt.binaryGMP(self, m) { __gmpz_fdiv_r($0, $1, $2) }
  }

  // MARK: - Bitwise (infinite two's complement, like GMP's mpz_and/ior/xor/com)

  public static func & (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      return BigInt(small: x & y)
    }
    return binaryGMP(a, b) { __gmpz_and($0, $1, $2) }
  }

  public static func | (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      return BigInt(small: x | y)
    }
    return binaryGMP(a, b) { __gmpz_ior($0, $1, $2) }
  }

  public static func ^ (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      return BigInt(small: x ^ y)
    }
    return binaryGMP(a, b) { __gmpz_xor($0, $1, $2) }
  }

  /// `~x == -x - 1`.
  public static prefix func ~ (a: BigInt) -> BigInt {
    if case .small(let x) = a.repr { return BigInt(small: ~x) }
    return a.unaryGMP { __gmpz_com($0, $1) }
  }

  public static func &= (a: inout BigInt, b: BigInt) { a = a & b }
  public static func |= (a: inout BigInt, b: BigInt) { a = a | b }
  public static func ^= (a: inout BigInt, b: BigInt) { a = a ^ b }

  // MARK: - Shifts

  /// `a * 2^n`; a negative `n` shifts right (floor). Traps if the result
  /// cannot be represented (e.g. a non-zero value shifted left by `Int.max`
  /// bits exhausts memory).
  public static func << (a: BigInt, n: Int) -> BigInt {
    if n < 0 {
      return n == .min ? (a.isNegative ? BigInt(small: -1) : .zero) : a >> -n
    }
    if n == 0 { return a }
    if case .small(let x) = a.repr {
      if x == 0 { return a }
      if n < 64 { return BigInt(int128: Int128(x) << n) }  // |x| < 2^63: fits
    }
    return a.unaryGMP { __gmpz_mul_2exp($0, $1, mp_bitcnt_t(n)) }
  }

  /// `⌊a / 2^n⌋` (arithmetic shift: negative values round toward -∞, so
  /// `-1 >> k == -1`); a negative `n` shifts left.
  public static func >> (a: BigInt, n: Int) -> BigInt {
    if n < 0 {
      precondition(n != .min || a.isZero, "BigInt: shift count out of range")
      return n == .min ? a : a << -n
    }
    if n == 0 { return a }
    if case .small(let x) = a.repr {
      return BigInt(small: n >= 64 ? (x < 0 ? -1 : 0) : x >> n)
    }
    return a.unaryGMP { __gmpz_fdiv_q_2exp($0, $1, mp_bitcnt_t(n)) }
  }

  public static func <<= (a: inout BigInt, n: Int) { a = a << n }
  public static func >>= (a: inout BigInt, n: Int) { a = a >> n }
}
