import Foundation
import CGMPShim

/// An arbitrary-precision signed integer, backed by GMP.
///
/// `BigInt` is an immutable value type: every operation produces a fresh
/// result and never mutates the storage of an operand, so copies can be shared
/// freely (including across concurrency domains).
///
/// Representation: values in `Int128` range are always stored inline
/// (`.small`); only values outside it allocate a GMP `mpz_t` (`.big`). The
/// invariant is canonical (no `.big` ever holds an `Int128`-range value), so
/// equality, hashing and ordering can rely on the case. Arithmetic on inline
/// operands runs in overflow-checked `Int128` and falls back to GMP only
/// when the exact result leaves `Int128` range.
///
/// Division semantics (see `BigInt+Arithmetic.swift`): `/` and `%` truncate
/// toward zero like C and Swift's fixed-width integers, and never trap:
/// `x / 0 == 0` and `x % 0 == x`.
public struct BigInt: Sendable {
  /// Owns one initialised GMP integer; the only class in RefBits.
  ///
  /// `@unchecked Sendable`: the `mpz_t` is fully computed before the object
  /// is created and is never mutated afterwards (every `BigInt` operation
  /// writes its result into a fresh `mpz_t`), and GMP only reads source
  /// operands. Concurrent reads are therefore safe. `deinit` runs only once
  /// no reference remains, so clearing there cannot race with a reader.
  final class Storage: @unchecked Sendable {
    /// The GMP integer. `__mpz_struct` is `{alloc, size, limb pointer}` and
    /// is bitwise movable, so handing GMP a pointer to a copy of it for a
    /// read-only call is fine.
    let z: __mpz_struct

    /// Takes ownership of an initialised `mpz` (cleared in `deinit`).
    init(taking z: __mpz_struct) {
      assert(
        refbits_gmp_numb_bits() == 64 && mp_limb_t.bitWidth == 64,
        "RefBits assumes 64-bit GMP limbs without nails")
      self.z = z
    }

    deinit {
      var z = self.z
      __gmpz_clear(&z)
    }

    @inline(__always)
    func withPointer<R>(_ body: (UnsafePointer<__mpz_struct>) throws -> R) rethrows -> R {
      try withUnsafePointer(to: z) { try body($0) }
    }

    /// Signed limb count (negative for negative values; never 0 here).
    @inline(__always)
    var size: Int { Int(z._mp_size) }

    /// Number of limbs of the magnitude.
    @inline(__always)
    var limbCount: Int { Int(z._mp_size.magnitude) }

    /// Limb `i` of the magnitude (least significant first).
    @inline(__always)
    func limb(_ i: Int) -> UInt64 { UInt64(z._mp_d[i]) }
  }

  enum Repr: Sendable {
    /// Every value in `Int128.min...Int128.max`, and only those.
    case small(Int128)
    /// Every value outside `Int128` range, and only those.
    case big(Storage)
  }

  let repr: Repr

  /// True when stored inline (`.small`); for tests of the canonical invariant.
  var isInline: Bool {
    if case .small = repr { return true }
    return false
  }

  /// Bits per GMP limb. RefBits assumes 64 (every 64-bit platform GMP
  /// builds for without nails; asserted in `Storage.init` in debug builds):
  /// `init(adopting:)` and `withMPZ` rely on it to map an `Int128` to and
  /// from two limbs.
  static var limbBits: Int { 64 }

  // MARK: - Construction

  @inline(__always)
  init(small v: Int128) {
    repr = .small(v)
  }

  /// Creates the value of `v`; never allocates.
  public init(_ v: Int) {
    repr = .small(Int128(v))
  }

  /// Creates the value of an integer literal (`let bias: BigInt = 1024`).
  public init(integerLiteral value: Int) {
    repr = .small(Int128(value))
  }

  /// Exact conversion from any binary integer (`Int64`, `UInt64`, `Int128`,
  /// `UInt128`, ...).
  public init<T: BinaryInteger>(_ v: T) {
    if let s = Int128(exactly: v) {
      repr = .small(s)
    } else {
      self = BigInt.fromMagnitudeWords(v.magnitude.words, negative: v < 0)
    }
  }

  /// Always succeeds; present for `Numeric`.
  public init?<T: BinaryInteger>(exactly source: T) {
    self.init(source)
  }

  /// An `Int128` value (always inline; same as `init(small:)`).
  @inline(__always)
  init(int128 v: Int128) {
    repr = .small(v)
  }

  /// Builds a value from little-endian magnitude words and a sign.
  static func fromMagnitudeWords<W: Collection>(_ words: W, negative: Bool) -> BigInt
  where W.Element == UInt {
    // `UInt` words and GMP limbs (`unsigned long`) are both 64 bits here.
    let n = words.count
    if n == 0 { return BigInt(small: 0) }
    return make { r in
      let p = __gmpz_limbs_write(r, n)!
      var i = 0
      for w in words {
        p[i] = mp_limb_t(w)
        i += 1
      }
      // limbs_finish normalises away high zero limbs.
      __gmpz_limbs_finish(r, negative ? -n : n)
    }
  }

  /// Takes ownership of an initialised `mpz` and canonicalises it: values in
  /// `Int128` range become `.small` (and the `mpz` is cleared).
  init(adopting r: __mpz_struct) {
    let size = r._mp_size
    if size >= -2 && size <= 2 {
      // |value| < 2^128: at most two 64-bit limbs.
      var m: UInt128 = 0
      if size != 0 { m = UInt128(UInt64(r._mp_d[0])) }
      if size == 2 || size == -2 { m |= UInt128(UInt64(r._mp_d[1])) << 64 }
      let v: Int128?
      if size >= 0 {
        v = m <= UInt128(Int128.max) ? Int128(m) : nil
      } else {
        v = m <= UInt128(1) << 127 ? Int128(truncatingIfNeeded: 0 &- m) : nil
      }
      if let v {
        var r = r
        __gmpz_clear(&r)
        repr = .small(v)
        return
      }
    }
    repr = .big(Storage(taking: r))
  }

  /// Runs `body` with a fresh, initialised `mpz` to fill in, and adopts it.
  @inline(__always)
  static func make(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> BigInt {
    var r = __mpz_struct()
    __gmpz_init(&r)
    withUnsafeMutablePointer(to: &r) { body($0) }
    return BigInt(adopting: r)
  }

  /// Read-only `mpz` view of `self`, without allocating for `.small` values.
  @inline(__always)
  func withMPZ<R>(_ body: (UnsafePointer<__mpz_struct>) throws -> R) rethrows -> R {
    switch repr {
    case .big(let s):
      return try s.withPointer(body)
    case .small(let v):
      // Two limbs on the stack; GMP only reads them (`roinit`, alloc 0).
      let m = v.magnitude
      let lo = UInt64(truncatingIfNeeded: m)
      let hi = UInt64(truncatingIfNeeded: m >> 64)
      let n = hi != 0 ? 2 : (lo != 0 ? 1 : 0)
      return try withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 2) { limbs in
        limbs.initializeElement(at: 0, to: mp_limb_t(lo))
        limbs.initializeElement(at: 1, to: mp_limb_t(hi))
        var z = __mpz_struct()
        return try withUnsafeMutablePointer(to: &z) { zp in
          _ = __gmpz_roinit_n(zp, limbs.baseAddress!, v < 0 ? -n : n)
          return try body(UnsafePointer(zp))
        }
      }
    }
  }

  /// `op(result, self)` through GMP.
  @inline(__always)
  func unaryGMP(
    _ op: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) -> Void
  ) -> BigInt {
    withMPZ { a in BigInt.make { r in op(r, a) } }
  }

  /// `op(result, a, b)` through GMP.
  @inline(__always)
  static func binaryGMP(
    _ a: BigInt, _ b: BigInt,
    _ op: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>,
           UnsafePointer<__mpz_struct>) -> Void
  ) -> BigInt {
    a.withMPZ { pa in b.withMPZ { pb in BigInt.make { r in op(r, pa, pb) } } }
  }

  // MARK: - Constants

  /// The value 0.
  public static var zero: BigInt { BigInt(small: 0) }
  /// The value 1.
  public static var one: BigInt { BigInt(small: 1) }

  /// 2^n. For negative `n` the result is 0 (i.e. `1 << n`, a floor shift).
  public static func power(of2 n: Int) -> BigInt {
    if n < 0 { return .zero }
    if n < 127 { return BigInt(small: Int128(1) << n) }
    return make { r in __gmpz_setbit(r, mp_bitcnt_t(n)) }
  }

  // MARK: - Sign and size

  /// -1, 0 or 1.
  public var signum: Int {
    switch repr {
    case .small(let v): return Int(v.signum())
    case .big(let s): return s.withPointer { Int(refbits_mpz_sgn($0)) }
    }
  }

  var isZero: Bool {
    if case .small(0) = repr { return true }
    return false
  }

  var isNegative: Bool {
    switch repr {
    case .small(let v): return v < 0
    case .big(let s): return s.size < 0
    }
  }

  /// |self|.
  public var magnitude: BigInt {
    isNegative ? -self : self
  }

  /// Number of bits of |self|; 0 for 0.
  public var bitWidth: Int {
    switch repr {
    case .small(let v): return UInt128.bitWidth - v.magnitude.leadingZeroBitCount
    case .big(let s): return s.withPointer { Int(__gmpz_sizeinbase($0, 2)) }
    }
  }

  // MARK: - Magnitude bit access (for conversions)

  /// `count` (<= 64) bits of |self| starting at bit `start`, as the low bits
  /// of the result.
  func magnitudeBits(from start: Int, count: Int) -> UInt64 {
    precondition(start >= 0 && (0...64).contains(count))
    switch repr {
    case .small(let v):
      if start >= 128 { return 0 }
      let m = UInt64(truncatingIfNeeded: v.magnitude >> UInt128(start))
      return count == 64 ? m : m & ((UInt64(1) << UInt64(count)) - 1)
    case .big(let s):
      let lb = BigInt.limbBits
      let n = s.limbCount
      var result: UInt64 = 0
      var got = 0
      var pos = start
      while got < count {
        let li = pos / lb
        if li >= n { break }
        let off = pos % lb
        let take = min(lb - off, count - got)
        var chunk = s.limb(li) >> UInt64(off)
        if take < 64 { chunk &= (UInt64(1) << UInt64(take)) - 1 }
        result |= chunk << UInt64(got)
        got += take
        pos += take
      }
      return result
    }
  }

  /// |self| mod 2^128.
  var magnitudeLow128: UInt128 {
    if case .small(let v) = repr { return v.magnitude }
    return UInt128(magnitudeBits(from: 0, count: 64))
      | UInt128(magnitudeBits(from: 64, count: 64)) << 64
  }

  // MARK: - Conversions

  /// The value as an `Int64`, or nil if out of range.
  var int64: Int64? {
    if case .small(let v) = repr { return Int64(exactly: v) }
    return nil
  }

  /// The value as an `Int`, or nil if out of range.
  var int: Int? {
    if case .small(let v) = repr { return Int(exactly: v) }
    return nil
  }

  /// The value as an `Int128`, or nil if out of range.
  var int128: Int128? {
    // Canonical: a `.big` value is never in `Int128` range.
    if case .small(let v) = repr { return v }
    return nil
  }

  /// The value as a `UInt128`, or nil if negative or too large.
  var uint128: UInt128? {
    switch repr {
    case .small(let v):
      return UInt128(exactly: v)
    case .big(let s):
      return s.size > 0 && bitWidth <= 128 ? magnitudeLow128 : nil
    }
  }

  /// `self` mod 2^bits, i.e. the low `bits` bits of the infinite two's
  /// complement representation. `bits` must be in 1...128.
  func truncatedUInt128(bits: Int) -> UInt128 {
    precondition((1...128).contains(bits), "truncatedUInt128: bits must be in 1...128")
    let full: UInt128
    switch repr {
    case .small(let v):
      full = UInt128(truncatingIfNeeded: v)
    case .big(let s):
      let m = magnitudeLow128
      full = s.size < 0 ? 0 &- m : m
    }
    if bits == 128 { return full }
    return full & ((UInt128(1) << UInt128(bits)) - 1)
  }

  /// Nearest `Double` (round to nearest, ties to even); ±infinity beyond
  /// `Double`'s range.
  var doubleValue: Double {
    switch repr {
    case .small(let v):
      return Double(v)
    case .big(let s):
      let n = bitWidth  // > 127
      let shift = n - 64
      var top = magnitudeBits(from: shift, count: 64)
      if shift > 0 {
        // Sticky bit: any set bit below the 64 we kept. The lowest set bit
        // of x and of -x is the same, so scan1 on the signed value is fine.
        let lowest = s.withPointer { Int(__gmpz_scan1($0, 0)) }
        if lowest < shift { top |= 1 }
      }
      return Double(
        sign: s.size < 0 ? .minus : .plus, exponent: shift, significand: Double(top))
    }
  }
}

extension BigInt {
  /// log2 of a positive value, finite at any size (`doubleValue` is
  /// infinite past 2^1024; a word of 128 bits times sixteen is not); 0 for
  /// zero and negative values.
  ///
  /// - Complexity: O(1).
  var log2Value: Double {
    guard signum > 0 else { return 0 }
    let n = bitWidth
    guard n > 1000 else { return Foundation.log2(doubleValue) }
    let shift = n - 64
    return Foundation.log2((self >> shift).doubleValue) + Double(shift)
  }
}

// MARK: - Equatable, Hashable, Comparable

extension BigInt: Hashable {
  /// Whether the two values are equal.
  /// 
  /// - Complexity: O(1) in `Int128` range, else linear in the number of limbs.
  public static func == (a: BigInt, b: BigInt) -> Bool {
    switch (a.repr, b.repr) {
    case (.small(let x), .small(let y)):
      return x == y
    case (.big(let s), .big(let t)):
      if s === t { return true }
      return s.withPointer { ps in t.withPointer { pt in __gmpz_cmp(ps, pt) == 0 } }
    default:
      // Canonical representation: a small value never equals a big one.
      return false
    }
  }

  /// Hashes the value, the same way whatever its representation.
  public func hash(into hasher: inout Hasher) {
    switch repr {
    case .small(let v):
      hasher.combine(v)
    case .big(let s):
      hasher.combine(s.size)
      for i in 0..<s.limbCount { hasher.combine(s.limb(i)) }
    }
  }
}

extension BigInt: Comparable {
  /// Whether `a` is less than `b`.
  /// 
  /// - Complexity: O(1) in `Int128` range, else linear in the number of limbs.
  public static func < (a: BigInt, b: BigInt) -> Bool {
    switch (a.repr, b.repr) {
    case (.small(let x), .small(let y)):
      return x < y
    case (.small, .big(let t)):
      // b is outside Int128 range: a < b iff b is positive.
      return t.size > 0
    case (.big(let s), .small):
      return s.size < 0
    case (.big(let s), .big(let t)):
      return s.withPointer { ps in t.withPointer { pt in __gmpz_cmp(ps, pt) < 0 } }
    }
  }
}

extension BigInt: ExpressibleByIntegerLiteral {}

extension BigInt: SignedNumeric {}
