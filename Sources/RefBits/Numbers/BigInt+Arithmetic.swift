import CGMPShim

// Arithmetic, division, bitwise and shift operators for `BigInt`.
//
// Every operator has a fast path for two inline (`Int128`-range) operands
// that computes in overflow-checked `Int128` (or `Int64`, for division of
// `Int64`-range values) without touching GMP. Only when the exact result
// leaves `Int128` range, or an operand is already outside it, does the
// operation take its GMP path (`BigInt.GMP`, kept out of line so the fast
// paths stay small enough to inline): GMP computes into a fresh `mpz`, which
// is canonicalised on the way out. Inline operands are lent to GMP as
// stack-allocated read-only limbs (`withMPZ`), so the only allocation on the
// slow path is the result's, and none at all when it lands back in `Int128`
// range.
//
// Division never traps. With a zero divisor:
//   x / 0 == 0, x % 0 == x,
//   x.floorDivided(by: 0) == 0, x.ceilDivided(by: 0) == 0,
//   x.floorModulo(0) == x,
// so that `q * d + r == x` still holds for each (quotient, remainder) pair.

extension BigInt {
  // MARK: - Additive and multiplicative

  /// The exact sum; never overflows.
  /// 
  /// - Complexity: O(1) when both values and the result are in `Int128`
  ///   range, else linear in the number of limbs.
  public static func + (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      let (s, overflow) = x.addingReportingOverflow(y)
      if !overflow { return BigInt(small: s) }
    }
    return GMP.add(a, b)
  }

  /// The exact difference; never overflows.
  /// 
  /// - Complexity: O(1) in `Int128` range, else linear in the number of limbs.
  public static func - (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      let (s, overflow) = x.subtractingReportingOverflow(y)
      if !overflow { return BigInt(small: s) }
    }
    return GMP.sub(a, b)
  }

  /// The exact product; never overflows.
  /// 
  /// - Complexity: O(1) in `Int128` range, else GMP's multiplication.
  public static func * (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      let (p, overflow) = x.multipliedReportingOverflow(by: y)
      if !overflow { return BigInt(small: p) }
    }
    return GMP.mul(a, b)
  }

  /// The negation, exact (`-Int128.min` leaves `Int128` range and is still right).
  public static prefix func - (a: BigInt) -> BigInt {
    // -Int128.min == 2^127 leaves Int128 range.
    if case .small(let x) = a.repr, x != .min { return BigInt(small: 0 &- x) }
    return GMP.neg(a)
  }

  /// Replaces the value by its negation.
  public mutating func negate() {
    self = -self
  }

  /// Adds `b` to `a`, exactly.
  public static func += (a: inout BigInt, b: BigInt) { a = a + b }
  /// Subtracts `b` from `a`, exactly.
  public static func -= (a: inout BigInt, b: BigInt) { a = a - b }
  /// Multiplies `a` by `b`, exactly.
  public static func *= (a: inout BigInt, b: BigInt) { a = a * b }

  // MARK: - Division

  /// Truncating quotient and remainder of inline operands, `y` not 0 or -1
  /// (so nothing overflows). Uses one 64-bit division when both operands are
  /// in `Int64` range (Int128 division is a library call).
  @inline(__always)
  static func truncatingQR(_ x: Int128, _ y: Int128) -> (q: Int128, r: Int128) {
    let x64 = Int64(truncatingIfNeeded: x)
    let y64 = Int64(truncatingIfNeeded: y)
    if Int128(x64) == x && Int128(y64) == y {
      let q = x64 / y64
      return (Int128(q), Int128(x64 &- q &* y64))
    }
    let q = x / y
    return (q, x &- q &* y)  // exact: |r| < |y|
  }

  /// Quotient truncated toward zero (like C and Swift's `/`).
  /// `x / 0 == 0` (defined; does not trap).
  public static func / (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      if y == 0 { return .zero }
      // Only Int128.min / -1 overflows (to 2^127).
      if y == -1 { return -a }
      return BigInt(small: truncatingQR(x, y).q)
    }
    if b.isZero { return .zero }
    return GMP.truncatingDivide(a, b)
  }

  /// Remainder of truncating division: sign of the dividend, like C and
  /// Swift's `%`. `x % 0 == x` (defined; does not trap).
  public static func % (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      if y == 0 { return a }
      if y == -1 { return .zero }  // Int128.min % -1 traps in Swift
      return BigInt(small: truncatingQR(x, y).r)
    }
    if b.isZero { return a }
    return GMP.truncatingRemainder(a, b)
  }

  /// Divides `a` by `b` as `/` does (truncating toward zero).
  public static func /= (a: inout BigInt, b: BigInt) { a = a / b }
  /// Replaces `a` by its remainder modulo `b` as `%` does.
  public static func %= (a: inout BigInt, b: BigInt) { a = a % b }

  /// Truncating quotient and remainder in one division (`(0, self)` for a
  /// zero divisor).
  public func quotientAndRemainder(dividingBy d: BigInt) -> (quotient: BigInt, remainder: BigInt) {
    if case .small(let x) = repr, case .small(let y) = d.repr {
      if y == 0 { return (.zero, self) }
      if y == -1 { return (-self, .zero) }
      let (q, r) = BigInt.truncatingQR(x, y)
      return (BigInt(small: q), BigInt(small: r))
    }
    if d.isZero { return (.zero, self) }
    return GMP.truncatingQuotientAndRemainder(self, d)
  }

  /// ⌊self / d⌋. Returns 0 when `d` is zero (defined; does not trap).
  func floorDivided(by d: BigInt) -> BigInt {
    if case .small(let x) = repr, case .small(let y) = d.repr {
      if y == 0 { return .zero }
      if y == -1 { return -self }  // exact; Int128.min overflows to 2^127
      // |y| >= 2 here, so |q| <= |x| / 2 and q - 1 cannot overflow.
      let (q, r) = BigInt.truncatingQR(x, y)
      return BigInt(small: r != 0 && (r < 0) != (y < 0) ? q - 1 : q)
    }
    if d.isZero { return .zero }
    return GMP.floorDivide(self, d)
  }

  /// ⌈self / d⌉. Returns 0 when `d` is zero (defined; does not trap).
  func ceilDivided(by d: BigInt) -> BigInt {
    if case .small(let x) = repr, case .small(let y) = d.repr {
      if y == 0 { return .zero }
      if y == -1 { return -self }
      // |y| >= 2 here, so |q| <= |x| / 2 and q + 1 cannot overflow.
      let (q, r) = BigInt.truncatingQR(x, y)
      return BigInt(small: r != 0 && (r < 0) == (y < 0) ? q + 1 : q)
    }
    if d.isZero { return .zero }
    return GMP.ceilDivide(self, d)
  }

  /// Remainder of floor division: `self - m * floorDivided(by: m)`.
  /// For `m > 0` the result is in `0..<m`; for `m < 0` it is in `(m, 0]`
  /// (it takes the sign of `m`). Returns `self` when `m` is zero.
  func floorModulo(_ m: BigInt) -> BigInt {
    if case .small(let x) = repr, case .small(let y) = m.repr {
      if y == 0 { return self }
      if y == -1 { return .zero }
      var r = BigInt.truncatingQR(x, y).r
      if r != 0 && ((r < 0) != (y < 0)) { r += y }  // |r| < |y|: cannot overflow
      return BigInt(small: r)
    }
    if m.isZero { return self }
    return GMP.floorModulo(self, m)
  }

  // MARK: - Bitwise (infinite two's complement, like GMP's mpz_and/ior/xor/com)

  // On inline operands these are Int128's own two's complement operations:
  // sign-extending both operands to infinity commutes with &, |, ^ and ~, and
  // the results stay in Int128 range.

  /// Bitwise and, on the infinite two's complement representation.
  public static func & (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      return BigInt(small: x & y)
    }
    return GMP.and(a, b)
  }

  /// Bitwise or, on the infinite two's complement representation.
  public static func | (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      return BigInt(small: x | y)
    }
    return GMP.or(a, b)
  }

  /// Bitwise exclusive or, on the infinite two's complement representation.
  public static func ^ (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.repr, case .small(let y) = b.repr {
      return BigInt(small: x ^ y)
    }
    return GMP.xor(a, b)
  }

  /// `~x == -x - 1`.
  public static prefix func ~ (a: BigInt) -> BigInt {
    if case .small(let x) = a.repr { return BigInt(small: ~x) }
    return GMP.not(a)
  }

  /// Replaces `a` by `a & b`.
  public static func &= (a: inout BigInt, b: BigInt) { a = a & b }
  /// Replaces `a` by `a | b`.
  public static func |= (a: inout BigInt, b: BigInt) { a = a | b }
  /// Replaces `a` by `a ^ b`.
  public static func ^= (a: inout BigInt, b: BigInt) { a = a ^ b }

  // MARK: - Shifts

  /// `a * 2^n`; a negative `n` shifts right (floor). Traps if the result
  /// cannot be represented (e.g. a non-zero value shifted left by `Int.max`
  /// bits exhausts memory).
  public static func << (a: BigInt, n: Int) -> BigInt {
    if n < 0 {
      return n == .min ? (a.isNegative ? BigInt(small: -1) : .zero) : a >> -n
    }
    if case .small(let x) = a.repr {
      if x == 0 || n == 0 { return a }
      if n < 128 {
        // Exact iff shifting back (arithmetically) restores x.
        let s = x &<< Int128(n)
        if s &>> Int128(n) == x { return BigInt(small: s) }
      }
    } else if n == 0 {
      return a
    }
    return GMP.shiftLeft(a, n)
  }

  /// `⌊a / 2^n⌋` (arithmetic shift: negative values round toward -∞, so
  /// `-1 >> k == -1`); a negative `n` shifts left.
  public static func >> (a: BigInt, n: Int) -> BigInt {
    if n < 0 {
      precondition(n != .min || a.isZero, "BigInt: shift count out of range")
      return n == .min ? a : a << -n
    }
    if case .small(let x) = a.repr {
      return BigInt(small: n >= 128 ? (x < 0 ? -1 : 0) : x &>> Int128(n))
    }
    if n == 0 { return a }
    return GMP.shiftRight(a, n)
  }

  /// Replaces `a` by `a << n`.
  public static func <<= (a: inout BigInt, n: Int) { a = a << n }
  /// Replaces `a` by `a >> n`.
  public static func >>= (a: inout BigInt, n: Int) { a = a >> n }
}

// MARK: - GMP paths

extension BigInt {
  /// Each operation computed by GMP, for any operands (inline ones included).
  /// The operators above fall back to these when their `Int128` fast path
  /// does not apply; tests also call them directly, as a reference for the
  /// fast paths. Out of line, so that the operators' fast paths stay small.
  /// Divisors must be non-zero (GMP raises SIGFPE on division by zero), and
  /// shift counts non-negative: the operators above test for both before
  /// calling (`x / 0` is defined as 0 there), so the preconditions below
  /// are contracts between this file's functions, unreachable from input.
  enum GMP {
    @inline(never)
    static func add(_ a: BigInt, _ b: BigInt) -> BigInt { binaryGMP(a, b) { __gmpz_add($0, $1, $2) } }
    @inline(never)
    static func sub(_ a: BigInt, _ b: BigInt) -> BigInt { binaryGMP(a, b) { __gmpz_sub($0, $1, $2) } }
    @inline(never)
    static func mul(_ a: BigInt, _ b: BigInt) -> BigInt { binaryGMP(a, b) { __gmpz_mul($0, $1, $2) } }
    @inline(never)
    static func neg(_ a: BigInt) -> BigInt { a.unaryGMP { __gmpz_neg($0, $1) } }
    @inline(never)
    static func and(_ a: BigInt, _ b: BigInt) -> BigInt { binaryGMP(a, b) { __gmpz_and($0, $1, $2) } }
    @inline(never)
    static func or(_ a: BigInt, _ b: BigInt) -> BigInt { binaryGMP(a, b) { __gmpz_ior($0, $1, $2) } }
    @inline(never)
    static func xor(_ a: BigInt, _ b: BigInt) -> BigInt { binaryGMP(a, b) { __gmpz_xor($0, $1, $2) } }
    @inline(never)
    static func not(_ a: BigInt) -> BigInt { a.unaryGMP { __gmpz_com($0, $1) } }

    @inline(never)
    static func truncatingDivide(_ a: BigInt, _ b: BigInt) -> BigInt {
      precondition(!b.isZero, "BigInt.GMP: division by zero")
      return binaryGMP(a, b) { __gmpz_tdiv_q($0, $1, $2) }
    }
    @inline(never)
    static func truncatingRemainder(_ a: BigInt, _ b: BigInt) -> BigInt {
      precondition(!b.isZero, "BigInt.GMP: division by zero")
      return binaryGMP(a, b) { __gmpz_tdiv_r($0, $1, $2) }
    }
    @inline(never)
    static func truncatingQuotientAndRemainder(_ a: BigInt, _ b: BigInt) -> (BigInt, BigInt) {
      precondition(!b.isZero, "BigInt.GMP: division by zero")
      var q = __mpz_struct()
      var r = __mpz_struct()
      __gmpz_init(&q)
      __gmpz_init(&r)
      a.withMPZ { pa in
        b.withMPZ { pb in
          withUnsafeMutablePointer(to: &q) { pq in
            withUnsafeMutablePointer(to: &r) { pr in __gmpz_tdiv_qr(pq, pr, pa, pb) }
          }
        }
      }
      return (BigInt(adopting: q), BigInt(adopting: r))
    }
    @inline(never)
    static func floorDivide(_ a: BigInt, _ b: BigInt) -> BigInt {
      precondition(!b.isZero, "BigInt.GMP: division by zero")
      return binaryGMP(a, b) { __gmpz_fdiv_q($0, $1, $2) }
    }
    @inline(never)
    static func ceilDivide(_ a: BigInt, _ b: BigInt) -> BigInt {
      precondition(!b.isZero, "BigInt.GMP: division by zero")
      return binaryGMP(a, b) { __gmpz_cdiv_q($0, $1, $2) }
    }
    @inline(never)
    static func floorModulo(_ a: BigInt, _ b: BigInt) -> BigInt {
      precondition(!b.isZero, "BigInt.GMP: division by zero")
      return binaryGMP(a, b) { __gmpz_fdiv_r($0, $1, $2) }
    }

    /// `a * 2^n` for `n >= 0`.
    @inline(never)
    static func shiftLeft(_ a: BigInt, _ n: Int) -> BigInt {
      precondition(n >= 0)
      return a.unaryGMP { __gmpz_mul_2exp($0, $1, mp_bitcnt_t(n)) }
    }
    /// `⌊a / 2^n⌋` for `n >= 0`.
    @inline(never)
    static func shiftRight(_ a: BigInt, _ n: Int) -> BigInt {
      precondition(n >= 0)
      return a.unaryGMP { __gmpz_fdiv_q_2exp($0, $1, mp_bitcnt_t(n)) }
    }

    /// -1, 0 or 1 as `a` <, ==, > `b`.
    static func compare(_ a: BigInt, _ b: BigInt) -> Int {
      a.withMPZ { pa in b.withMPZ { pb in Int(__gmpz_cmp(pa, pb).signum()) } }
    }
    static func bitWidth(_ a: BigInt) -> Int {
      a.isZero ? 0 : a.withMPZ { Int(__gmpz_sizeinbase($0, 2)) }
    }
    /// `a` in `radix` (2...36), lowercase, `-` for negatives.
    static func toString(_ a: BigInt, radix: Int) -> String {
      a.withMPZ { p in
        // sizeinbase may overestimate by one; +2 for '-' and NUL.
        let capacity = Int(__gmpz_sizeinbase(p, Int32(radix))) + 2
        return String(unsafeUninitializedCapacity: capacity) { buf in
          buf.withMemoryRebound(to: CChar.self) { cbuf in
            _ = __gmpz_get_str(cbuf.baseAddress, Int32(radix), p)
          }
          return buf.firstIndex(of: 0) ?? capacity
        }
      }
    }
  }
}
