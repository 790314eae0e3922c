import Foundation
import Testing

@testable import RefBits

// BigInt is checked against Swift's native Int64/Int128/UInt128 arithmetic
// on values from a seeded SplitMix64 generator (the seed is in each test's
// name), plus identities that hold beyond 128 bits (reduction mod 2^128
// commutes with +, -, *, &, |, ^, ~ in two's complement).
//
// Values in Int128 range are inline and use overflow-checked Int128 fast
// paths; the "Int128 boundary" tests below check those paths, and their GMP
// fallbacks, against `BigInt.GMP` (each operation's GMP path, forced even
// for inline operands), against full-width Int128 arithmetic,
// and against identities, on values straddling ±2^127 and ±2^128.

/// Value generators for the BigInt tests, over the shared seeded SplitMix64.
extension SplitMix64 {
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  mutating func uint128() -> UInt128 { UInt128(next()) << 64 | UInt128(next()) }

  /// A mix that exercises both representations and every boundary.
  mutating func int128() -> Int128 {
    switch below(7) {
    case 0:
      return Int128(below(2001)) - 1000
    case 1:
      return Int128(Int64(bitPattern: next()))
    case 2:
      let base: [Int128] = [
        Int128(Int64.max), Int128(Int64.min), Int128(UInt64.max), -Int128(UInt64.max), 0,
      ]
      return base[below(base.count)] + Int128(below(7)) - 3
    case 3:
      return Int128(bitPattern: uint128())
    case 4:
      return Int128(bitPattern: uint128()) >> below(128)
    case 5:
      let edge: [Int128] = [
        .max, .min, .min + 1, .max - 1, 0, 1, -1, Int128(1) << 64, -(Int128(1) << 64),
        Int128(1) << 63, -(Int128(1) << 63), -(Int128(1) << 63) - 1, Int128(1) << 126,
      ]
      return edge[below(edge.count)]
    default:
      return Int128(Int32(truncatingIfNeeded: next()))
    }
  }

  /// A BigInt of up to `maxWords` random 64-bit words (often beyond 2^128).
  mutating func big(maxWords: Int = 6) -> BigInt {
    let words = 1 + below(maxWords)
    var hex = ""
    for i in 0..<words {
      let w = String(next(), radix: 16)
      hex += i == 0 ? w : String(repeating: "0", count: 16 - w.count) + w
    }
    let v = BigInt(hex, radix: 16)!
    return below(2) == 0 ? v : -v
  }
}

/// A BigInt from little-endian magnitude words and a sign, built through
/// GMP (`fromMagnitudeWords`), independently of the arithmetic operators.
private func fromWords(_ words: [UInt64], negative: Bool = false) -> BigInt {
  BigInt.fromMagnitudeWords(words.map { UInt($0) }, negative: negative)
}

/// A magnitude given as a UInt128, with a sign (see `fromWords`).
private func fromMagnitude(_ m: UInt128, negative: Bool = false) -> BigInt {
  fromWords([UInt64(truncatingIfNeeded: m), UInt64(truncatingIfNeeded: m >> 64)], negative: negative)
}

/// Values on both sides of ±2^127 (the Int128 boundary), ±2^128 and ±2^64,
/// each built from words through GMP.
private let boundaryValues: [BigInt] = {
  let two127 = UInt128(1) << 127
  var magnitudes: [UInt128] = [0, 1, 2, 3, 7, UInt128(UInt64.max), UInt128(UInt64.max) + 1]
  magnitudes += (-2...2).map { two127 &+ UInt128(bitPattern: Int128($0)) }
  magnitudes += [UInt128.max, UInt128.max - 1, UInt128(1) << 126, (UInt128(1) << 126) + 1, 0xFFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF]
  var values: [BigInt] = []
  for m in magnitudes {
    values.append(fromMagnitude(m))
    if m != 0 { values.append(fromMagnitude(m, negative: true)) }
  }
  for words: [UInt64] in [[0, 0, 1], [1, 0, 1], [UInt64.max, UInt64.max, 1], [3, 0, 0x8000_0000_0000_0000]] {
    values.append(fromWords(words))
    values.append(fromWords(words, negative: true))
  }
  return values
}()

extension SplitMix64 {
  /// A BigInt of 120...136 bits (either sign), or within ±4 of ±2^127 or
  /// ±2^128, built from words through GMP.
  mutating func nearBoundary() -> BigInt {
    let negative = below(2) == 0
    switch below(3) {
    case 0:
      let bits = 120 + below(17)
      var words = [next(), next(), next()]
      let top = bits - 1
      words[top / 64] |= 1 << UInt64(top % 64)
      for i in 0..<3 {
        let keep = min(max(bits - 64 * i, 0), 64)
        words[i] &= keep == 64 ? UInt64.max : (1 << UInt64(keep)) - 1
      }
      return fromWords(words, negative: negative)
    case 1:
      let m = (UInt128(1) << 127) &+ UInt128(bitPattern: Int128(below(9)) - 4)
      return fromMagnitude(m, negative: negative)
    default:
      let d = below(9) - 4
      let words: [UInt64] = d < 0 ? [UInt64(bitPattern: Int64(d)), UInt64.max, 0] : [UInt64(d), 0, 1]
      return fromWords(words, negative: negative)
    }
  }

  /// Inline values (all over Int128), values near the boundary, and values
  /// of up to three words.
  mutating func mixed() -> BigInt {
    switch below(3) {
    case 0: return BigInt(int128())
    case 1: return nearBoundary()
    default: return big(maxWords: 3)
    }
  }
}

/// x mod 2^128 as a two's complement Int128.
private func wrap(_ x: BigInt) -> Int128 {
  Int128(bitPattern: x.truncatedUInt128(bits: 128))
}

/// The canonical-representation invariant: inline iff in Int128 range.
private func isCanonical(_ x: BigInt) -> Bool {
  let inRange = x.bitWidth <= 127 || (x.isNegative && x.bitWidth == 128 && x.magnitude.uint128 == UInt128(1) << 127)
  return x.isInline == inRange
}

/// Exact product of two Int128s, rebuilt from the full-width result.
private func fullProduct(_ a: Int128, _ b: Int128) -> BigInt {
  let (high, low) = a.multipliedFullWidth(by: b)
  return BigInt(high) * BigInt.power(of2: 128) + BigInt(low)
}

@Suite("BigInt")
struct BigIntTests {
  // MARK: Construction and conversion

  @Test("construction and conversion at boundaries")
  func boundaries() {
    #expect(BigInt(Int64.max).int64 == Int64.max)
    #expect(BigInt(Int64.min).int64 == Int64.min)
    #expect(BigInt(UInt64.max).int64 == nil)
    #expect(BigInt(UInt64.max).int128 == Int128(UInt64.max))
    #expect(BigInt(UInt64.max).description == "18446744073709551615")
    #expect(BigInt(Int128.max).int128 == Int128.max)
    #expect(BigInt(Int128.min).int128 == Int128.min)
    #expect((BigInt(Int128.max) + 1).int128 == nil)
    #expect((BigInt(Int128.min) - 1).int128 == nil)
    #expect(BigInt(Int128.min).uint128 == nil)
    #expect(BigInt(-1).uint128 == nil)
    #expect(BigInt(UInt128.max).uint128 == UInt128.max)
    #expect(BigInt(UInt128.max).int128 == nil)
    #expect(BigInt(UInt128.max).description == "340282366920938463463374607431768211455")
    #expect(BigInt(Int128.min).description == "-170141183460469231731687303715884105728")
    let two128 = BigInt.power(of2: 128)
    #expect(two128.description == "340282366920938463463374607431768211456")
    #expect(two128 == BigInt(UInt128.max) + 1)
    #expect(two128.uint128 == nil)
    #expect(two128.int128 == nil)
    #expect(two128.int64 == nil && two128.int == nil)
    #expect(BigInt(Int.max).int == Int.max)
    #expect(BigInt(Int.min).int == Int.min)
    #expect(BigInt(UInt64(Int64.max) + 1).int == nil)
    #expect(BigInt(UInt8(200)) == 200)
    #expect(BigInt(Int8(-100)) == -100)
    #expect(BigInt(integerLiteral: -7) == BigInt(-7))
    #expect(BigInt(exactly: UInt128.max) == BigInt(UInt128.max))
    #expect(BigInt.zero.isZero && BigInt.one == 1)
    for v: Int128 in [
      .max, .min, 0, -1, Int128(Int64.min), Int128(Int64.min) - 1, Int128(Int64.max) + 1,
    ] {
      #expect(isCanonical(BigInt(v)), "\(v)")
    }
    #expect(isCanonical(BigInt(UInt64.max)))
  }

  @Test("sign, magnitude, bitWidth (seed 0xB17_5EED)")
  func signAndWidth() {
    var rng = SplitMix64(seed: 0xB17_5EED)
    for _ in 0..<1000 {
      let v = rng.int128()
      let x = BigInt(v)
      #expect(x.signum == Int(v.signum()))
      #expect(x.isZero == (v == 0))
      #expect(x.isNegative == (v < 0))
      #expect(x.magnitude.uint128 == v.magnitude)
      #expect(x.bitWidth == 128 - v.magnitude.leadingZeroBitCount)
      #expect(x.int128 == v)
      #expect(x.int64 == Int64(exactly: v))
      #expect(x.int == Int(exactly: v))
      #expect(x.uint128 == UInt128(exactly: v))
      #expect(x.doubleValue == Double(v))
      #expect(isCanonical(x))
    }
    #expect(BigInt(0).bitWidth == 0)
    #expect(BigInt(-1).bitWidth == 1)
    #expect(BigInt.power(of2: 300).bitWidth == 301)
    #expect((-BigInt.power(of2: 300)).bitWidth == 301)
    #expect((-BigInt.power(of2: 300)).signum == -1)
    #expect(BigInt.power(of2: 300).magnitude == BigInt.power(of2: 300))
    #expect((-BigInt.power(of2: 300)).magnitude == BigInt.power(of2: 300))
  }

  @Test("power(of2:)")
  func powerOf2() {
    for n in 0..<127 {
      #expect(BigInt.power(of2: n).int128 == Int128(1) << n)
    }
    #expect(BigInt.power(of2: 127).uint128 == UInt128(1) << 127)
    #expect(
      BigInt.power(of2: 200).description
        == "1606938044258990275541962092341162602522202993782792835301376")
    #expect(BigInt.power(of2: -1) == 0)
  }

  // MARK: Arithmetic vs Int128

  @Test("+ - * and negation vs Int128 (seed 0xA11_7E57)")
  func additiveMultiplicative() {
    var rng = SplitMix64(seed: 0xA11_7E57)
    let two128 = BigInt.power(of2: 128)
    for _ in 0..<2000 {
      let a = rng.int128()
      let b = rng.int128()
      let x = BigInt(a)
      let y = BigInt(b)

      let (s, so) = a.addingReportingOverflow(b)
      let sum = x + y
      #expect(sum == (so ? BigInt(s) + (s < 0 ? two128 : -two128) : BigInt(s)), "\(a) + \(b)")
      #expect(wrap(sum) == s)
      #expect(sum.int128 == (so ? nil : s))
      #expect(isCanonical(sum))

      let (d, dov) = a.subtractingReportingOverflow(b)
      let diff = x - y
      #expect(diff == (dov ? BigInt(d) + (d < 0 ? two128 : -two128) : BigInt(d)), "\(a) - \(b)")
      #expect(wrap(diff) == d)
      #expect(isCanonical(diff))

      let (p, po) = a.multipliedReportingOverflow(by: b)
      let prod = x * y
      #expect(prod == fullProduct(a, b), "\(a) * \(b)")
      #expect(wrap(prod) == p)
      #expect(prod.int128 == (po ? nil : p))
      #expect(isCanonical(prod))

      let neg = -x
      #expect(neg.int128 == (a == .min ? nil : -a))
      #expect(neg + x == 0)
      #expect(isCanonical(neg))

      var m = x
      m += y
      #expect(m == sum)
      m -= y
      #expect(m == x)
      m *= y
      #expect(m == prod)
    }
    #expect(-BigInt(Int64.min) == BigInt(UInt64(1) << 63))
    #expect(isCanonical(-BigInt(Int64.min)))
    #expect(-BigInt(UInt64(1) << 63) == BigInt(Int64.min))
    #expect(isCanonical(-BigInt(UInt64(1) << 63)))
    // Results that fall back into Int64 range are stored inline again.
    let big = BigInt.power(of2: 100)
    let back = (big + 5) - big
    #expect(back == 5 && back.isInline)
  }

  @Test("/ % truncate like Int128; floor/ceil/floorModulo (seed 0xD1F_1DE5)")
  func division() {
    var rng = SplitMix64(seed: 0xD1F_1DE5)
    for _ in 0..<2000 {
      let a = rng.int128()
      var b = rng.int128()
      if rng.below(4) == 0 { b = Int128(rng.below(21)) - 10 }
      let x = BigInt(a)
      let y = BigInt(b)

      if b == 0 {
        #expect(x / y == 0)
        #expect(x % y == x)
        #expect(x.floorDivided(by: y) == 0)
        #expect(x.ceilDivided(by: y) == 0)
        #expect(x.floorModulo(y) == x)
        continue
      }
      if a == .min && b == -1 {
        #expect(x / y == BigInt(UInt128(1) << 127))
        #expect(x % y == 0)
        continue
      }
      let q = a / b
      let r = a % b
      #expect((x / y).int128 == q, "\(a) / \(b)")
      #expect((x % y).int128 == r, "\(a) % \(b)")
      let qr = x.quotientAndRemainder(dividingBy: y)
      #expect(qr.quotient.int128 == q && qr.remainder.int128 == r)
      #expect(isCanonical(x / y) && isCanonical(x % y))

      let inexact = r != 0
      let signsDiffer = (a < 0) != (b < 0)
      let fq = inexact && signsDiffer ? q - 1 : q
      let cq = inexact && !signsDiffer ? q + 1 : q
      let fm = inexact && signsDiffer ? r + b : r
      #expect(x.floorDivided(by: y).int128 == fq, "floor \(a) / \(b)")
      #expect(x.ceilDivided(by: y).int128 == cq, "ceil \(a) / \(b)")
      #expect(x.floorModulo(y).int128 == fm, "floorMod \(a) % \(b)")
      if b > 0 {
        let fmod = x.floorModulo(y)
        #expect(fmod >= 0 && fmod < y)
      }
    }
    // Sign rules spelled out.
    #expect(BigInt(7) / -2 == -3 && BigInt(7) % -2 == 1)
    #expect(BigInt(-7) / 2 == -3 && BigInt(-7) % 2 == -1)
    #expect(BigInt(-7).floorDivided(by: 2) == -4 && BigInt(-7).floorModulo(2) == 1)
    #expect(BigInt(7).ceilDivided(by: 2) == 4 && BigInt(-7).ceilDivided(by: 2) == -3)
    #expect(BigInt(7).floorModulo(-2) == -1)
    #expect(BigInt(Int64.min) / -1 == BigInt(UInt64(1) << 63))
    #expect(BigInt(Int64.min) % -1 == 0)
    #expect(BigInt(Int64.min).floorDivided(by: -1) == BigInt(UInt64(1) << 63))
    #expect(BigInt(Int64.min).floorModulo(-1) == 0)
    let big = BigInt.power(of2: 200)
    #expect(big / 0 == 0 && big % 0 == big && big.floorModulo(0) == big)
    #expect(big.floorDivided(by: 0) == 0 && big.ceilDivided(by: 0) == 0)
    #expect(big.quotientAndRemainder(dividingBy: 0) == (0, big))
  }

  @Test("division beyond 128 bits (seed 0x0B16_D1F)")
  func bigDivision() {
    var rng = SplitMix64(seed: 0x0B16_D1F)
    for _ in 0..<500 {
      let a = rng.int128()
      let b = rng.int128()
      guard a != 0, b != 0 else { continue }
      let n0 = fullProduct(a, b)
      // A remainder with the sign of the product and |r| < |b|.
      var r = BigInt(Int128(bitPattern: rng.uint128())) % BigInt(b)
      if !r.isZero && r.isNegative != n0.isNegative { r = -r }
      let n = n0 + r
      let y = BigInt(b)
      #expect(n / y == BigInt(a), "(\(a)*\(b) + \(r)) / \(b)")
      #expect(n % y == r)
      #expect(n.quotientAndRemainder(dividingBy: y) == (BigInt(a), r))
      let f = n.floorDivided(by: y)
      let c = n.ceilDivided(by: y)
      let fm = n.floorModulo(y)
      #expect(f * y + fm == n)
      #expect(fm.isZero || fm.isNegative == y.isNegative)
      #expect(fm.magnitude < y.magnitude)
      #expect(c - f == (r.isZero ? 0 : 1))
    }
  }

  // MARK: Bitwise and shifts

  @Test("& | ^ ~ vs Int128 two's complement (seed 0xB177_0B5)")
  func bitwise() {
    var rng = SplitMix64(seed: 0xB177_0B5)
    for _ in 0..<2000 {
      let a = rng.int128()
      let b = rng.int128()
      let x = BigInt(a)
      let y = BigInt(b)
      #expect((x & y).int128 == a & b, "\(a) & \(b)")
      #expect((x | y).int128 == a | b, "\(a) | \(b)")
      #expect((x ^ y).int128 == a ^ b, "\(a) ^ \(b)")
      #expect((~x).int128 == ~a)
      #expect(isCanonical(x & y) && isCanonical(x | y) && isCanonical(x ^ y) && isCanonical(~x))
    }
    // Beyond 128 bits: bitwise ops commute with reduction mod 2^128.
    for _ in 0..<500 {
      let x = rng.big()
      let y = rng.big()
      #expect(wrap(x & y) == wrap(x) & wrap(y))
      #expect(wrap(x | y) == wrap(x) | wrap(y))
      #expect(wrap(x ^ y) == wrap(x) ^ wrap(y))
      #expect(wrap(~x) == ~wrap(x))
      #expect(~x == -x - 1)
      #expect(x ^ y == (x | y) - (x & y))
      #expect((x & y).isNegative == (x.isNegative && y.isNegative))
      #expect((x | y).isNegative == (x.isNegative || y.isNegative))
    }
    #expect(BigInt(-1) & BigInt.power(of2: 200) == BigInt.power(of2: 200))
    #expect((BigInt.power(of2: 200) | -1) == -1)
  }

  @Test("<< and >> vs Int128 (seed 0x5_41F7)")
  func shifts() {
    var rng = SplitMix64(seed: 0x5_41F7)
    for _ in 0..<1000 {
      let a = rng.int128()
      let x = BigInt(a)
      let k = rng.below(140)
      // >> is floor division by 2^k, like Int128's arithmetic (smart) shift.
      #expect((x >> k).int128 == a >> k, "\(a) >> \(k)")
      #expect(x << -k == x >> k)
      #expect(isCanonical(x >> k))
      // << is exact; compare modulo 2^128 and by shifting back.
      let l = x << k
      #expect(wrap(l) == (k >= 128 ? 0 : a << k), "\(a) << \(k)")
      #expect(l >> k == x)
      #expect(x >> -k == l)
      #expect(l == x * BigInt.power(of2: k))
      #expect(isCanonical(l))
    }
    for _ in 0..<300 {
      let x = rng.big()
      let k = rng.below(400)
      #expect((x >> k) == x.floorDivided(by: BigInt.power(of2: k)))
      #expect((x << k) >> k == x)
      #expect(((x >> k) << k) + (x & (BigInt.power(of2: k) - 1)) == x)
    }
    #expect(BigInt(-1) >> 1000 == -1)
    #expect(BigInt(-5) >> 1 == -3)
    #expect(BigInt(5) >> 1000 == 0)
    #expect(BigInt.power(of2: 300) >> 1000 == 0)
    #expect(-BigInt.power(of2: 300) >> 1000 == -1)
    #expect(BigInt(3) << Int.min == 0 && BigInt(-3) << Int.min == -1)
    #expect(BigInt(1) << 0 == 1 && BigInt(0) << 1000 == 0)
  }

  // MARK: Ordering and hashing

  @Test("==, <, hash vs Int128 (seed 0xC0_4BA4)")
  func ordering() {
    var rng = SplitMix64(seed: 0xC0_4BA4)
    for _ in 0..<2000 {
      let a = rng.int128()
      let b = rng.int128()
      let x = BigInt(a)
      let y = BigInt(b)
      #expect((x == y) == (a == b))
      #expect((x < y) == (a < b), "\(a) < \(b)")
      #expect((x <= y) == (a <= b))
      #expect(max(x, y).int128 == max(a, b))
    }
    let big = BigInt.power(of2: 200)
    #expect(big > BigInt(Int64.max) && -big < BigInt(Int64.min))
    #expect(big > BigInt(UInt128.max) && -big < BigInt(Int128.min))
    #expect(-big < big && big + 1 > big)
    // Equal values built along different paths hash alike.
    let viaGMP = (big + 12345) - big
    let viaParse = BigInt("1" + String(repeating: "0", count: 50))!
    let viaMul = BigInt(10_000_000_000) * BigInt(10_000_000_000) * BigInt(10_000_000_000)
      * BigInt(10_000_000_000) * BigInt(10_000_000_000)
    #expect(viaGMP == 12345 && viaGMP.hashValue == BigInt(12345).hashValue)
    #expect(viaParse == viaMul && viaParse.hashValue == viaMul.hashValue)
    #expect(Set([viaParse, viaMul, big, big * 1, viaGMP, 12345]).count == 3)
  }

  // MARK: Text

  @Test("radix 2/10/16 round trips vs String(Int128) (seed 0x7E_C7)")
  func textRoundTrips() {
    var rng = SplitMix64(seed: 0x7E_C7)
    for _ in 0..<600 {
      let a = rng.int128()
      let x = BigInt(a)
      for radix in [2, 10, 16, 36] {
        let s = String(a, radix: radix)
        #expect(x.toString(radix: radix) == s)
        #expect(BigInt(s, radix: radix) == x)
        #expect(BigInt(s.uppercased(), radix: radix) == x)
      }
      #expect(x.description == "\(a)")
      #expect(x.hexDescription == (a < 0 ? "-0x" : "0x") + String(a.magnitude, radix: 16))
      #expect(BigInt(literal: x.hexDescription) == x)
      #expect(BigInt(literal: x.description) == x)
    }
    for _ in 0..<300 {
      let x = rng.big()
      for radix in [2, 8, 10, 16, 36] {
        #expect(BigInt(x.toString(radix: radix), radix: radix) == x)
      }
      #expect(BigInt(literal: x.hexDescription) == x)
      #expect(BigInt(x.description) == x)
    }
    #expect(BigInt(31).hexDescription == "0x1f")
    #expect(BigInt(-31).hexDescription == "-0x1f")
    #expect(BigInt(0).hexDescription == "0x0")
    #expect(
      BigInt("265252859812191058636308480000000")! == (1...30).reduce(BigInt(1)) { $0 * BigInt($1) })
    #expect(BigInt.power(of2: 128).toString(radix: 16) == "1" + String(repeating: "0", count: 32))
    #expect((-BigInt.power(of2: 130)).toString(radix: 2) == "-1" + String(repeating: "0", count: 130))
    #expect(BigInt(UInt128.max).toString(radix: 16) == String(repeating: "f", count: 32))
  }

  @Test("init?(_:radix:) rejects")
  func parseRejects() {
    for bad in ["", "-", "+1", " 1", "1 ", "1_000", "0x10", "12a", "--1", "1-", "\u{0661}", "١"] {
      #expect(BigInt(bad) == nil, "\(bad.debugDescription)")
    }
    #expect(BigInt("102", radix: 2) == nil)
    #expect(BigInt("g", radix: 16) == nil)
    #expect(BigInt("10", radix: 1) == nil && BigInt("10", radix: 37) == nil)
    #expect(BigInt("-0") == 0)
    #expect(BigInt("007") == 7)
    #expect(BigInt("zz", radix: 36) == BigInt(35 * 36 + 35))
    #expect(BigInt("-9223372036854775808") == BigInt(Int64.min))
    #expect(BigInt("-9223372036854775808")!.isInline)
    #expect(BigInt("9223372036854775808") == BigInt(UInt64(1) << 63))
    #expect(BigInt("18446744073709551616") == BigInt(UInt128(1) << 64))
    #expect(BigInt("-" + String(repeating: "9", count: 40) + "x") == nil)
    #expect(BigInt(String(repeating: "0", count: 40) + "42") == 42)
    #expect(BigInt(String(repeating: "0", count: 40) + "42")!.isInline)
  }

  @Test("init?(literal:) accepts and rejects")
  func literals() {
    let accepted: [(String, BigInt)] = [
      ("0", 0), ("-0", 0), ("42", 42), ("-42", -42), ("1_000", 1000), ("1_0_0", 100),
      ("007", 7), ("0xFFFF_FFFF", 4_294_967_295), ("0xff", 255), ("0XfF", 255),
      ("-0b101", -5), ("0B1_0", 2), ("0o17", 15), ("0O7_7", 63), ("-0x8000_0000_0000_0000", BigInt(Int64.min)),
      ("0x1_0000_0000_0000_0000_0000_0000_0000_0000", BigInt.power(of2: 128)),
      ("340_282_366_920_938_463_463_374_607_431_768_211_456", BigInt.power(of2: 128)),
      ("-0b1" + String(repeating: "0", count: 200), -BigInt.power(of2: 200)),
    ]
    for (text, value) in accepted {
      #expect(BigInt(literal: text) == value, "\(text)")
    }
    let rejected = [
      "", "-", "0x", "-0x", "0b", "0o", "0x_1", "0b_1", "_1", "1_", "1__0", "1_000_", "0x1_",
      "+1", " 1", "1 ", "0b102", "0o8", "0xg", "12a", "--1", "0x-1", "-_1", "0 x1", "0h1", "1e3",
      "0x1__0", "_", "1.0",
    ]
    for text in rejected {
      #expect(BigInt(literal: text) == nil, "\(text.debugDescription)")
    }
  }

  // MARK: Truncation, Double, Codable

  @Test("truncatedUInt128 vs Int128 bit patterns (seed 0x7_2C)")
  func truncation() {
    var rng = SplitMix64(seed: 0x7_2C)
    for _ in 0..<1000 {
      let a = rng.int128()
      let bits = 1 + rng.below(128)
      let mask = bits == 128 ? UInt128.max : (UInt128(1) << bits) - 1
      #expect(BigInt(a).truncatedUInt128(bits: bits) == UInt128(bitPattern: a) & mask, "\(a) \(bits)")
    }
    let two128 = BigInt.power(of2: 128)
    #expect((two128 + 5).truncatedUInt128(bits: 128) == 5)
    #expect((-two128 - 1).truncatedUInt128(bits: 128) == UInt128.max)
    #expect((-two128 * 4).truncatedUInt128(bits: 128) == 0)
    #expect(BigInt(-1).truncatedUInt128(bits: 1) == 1)
    #expect(BigInt(-1).truncatedUInt128(bits: 8) == 255)
    #expect(BigInt(256).truncatedUInt128(bits: 8) == 0)
    #expect(BigInt(UInt128.max).truncatedUInt128(bits: 64) == UInt128(UInt64.max))
  }

  @Test("doubleValue (seed 0xD0_0B1E)")
  func doubles() {
    var rng = SplitMix64(seed: 0xD0_0B1E)
    for _ in 0..<1000 {
      let a = rng.int128()
      let x = BigInt(a)
      #expect(x.doubleValue == Double(a), "\(a)")
      // The same rounding through the GMP-backed (beyond Int128) path:
      // scaling by 2^128 is exact in Double.
      #expect((x << 128).doubleValue == x.doubleValue * 0x1p128, "\(a) << 128")
    }
    #expect(BigInt.power(of2: 1023).doubleValue == 0x1p1023)
    #expect(BigInt.power(of2: 1024).doubleValue == .infinity)
    #expect((-BigInt.power(of2: 1024)).doubleValue == -.infinity)
    // Round to nearest, ties to even, with sticky bits far below.
    let two200 = BigInt.power(of2: 200)
    let halfUlp = BigInt.power(of2: 200 - 53)
    #expect((two200 + halfUlp).doubleValue == 0x1p200)  // tie -> even
    #expect((two200 + halfUlp + 1).doubleValue == 0x1p200 + 0x1p148)  // just above tie
    #expect((two200 + halfUlp * 3).doubleValue == 0x1p200 + 0x1p149)  // tie -> even (up)
    #expect((-(two200 + halfUlp + 1)).doubleValue == -(0x1p200 + 0x1p148))
  }

  @Test("Codable as a decimal string")
  func codable() throws {
    let values = [BigInt(0), BigInt(-5), BigInt.power(of2: 200), -BigInt.power(of2: 130)]
    let data = try JSONEncoder().encode(values)
    let json = String(decoding: data, as: UTF8.self)
    #expect(json.contains("\"1606938044258990275541962092341162602522202993782792835301376\""))
    #expect(try JSONDecoder().decode([BigInt].self, from: data) == values)
    #expect(try JSONDecoder().decode([BigInt].self, from: Data("[\"-12\", 7]".utf8)) == [-12, 7])
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode([BigInt].self, from: Data("[\"0x12\"]".utf8))
    }
  }

  @Test("value semantics: operands are never mutated")
  func valueSemantics() {
    let a = BigInt.power(of2: 150) + 3
    let b = a
    var c = a
    c += 1
    c *= 2
    c <<= 3
    c = -c
    #expect(a == b && a == BigInt.power(of2: 150) + 3)
    #expect(c == -(((BigInt.power(of2: 150) + 4) * 2) << 3))
  }

  // MARK: Int128 boundary (inline fast paths vs GMP)

  private typealias R = BigInt.GMP

  /// Every binary operation on `x` and `y` against GMP, plus the
  /// canonical-representation invariant for each result.
  private func checkAgainstGMP(_ x: BigInt, _ y: BigInt) {
    let results: [(String, BigInt, BigInt)] = [
      ("+", x + y, R.add(x, y)),
      ("-", x - y, R.sub(x, y)),
      ("*", x * y, R.mul(x, y)),
      ("&", x & y, R.and(x, y)),
      ("|", x | y, R.or(x, y)),
      ("^", x ^ y, R.xor(x, y)),
    ]
    for (op, got, want) in results {
      #expect(got == want && isCanonical(got), "\(x) \(op) \(y)")
    }
    #expect((x < y ? -1 : x == y ? 0 : 1) == R.compare(x, y), "\(x) <=> \(y)")
    #expect(x != y || x.hashValue == y.hashValue)
    if !y.isZero {
      let divisions: [(String, BigInt, BigInt)] = [
        ("/", x / y, R.truncatingDivide(x, y)),
        ("%", x % y, R.truncatingRemainder(x, y)),
        ("floor", x.floorDivided(by: y), R.floorDivide(x, y)),
        ("ceil", x.ceilDivided(by: y), R.ceilDivide(x, y)),
        ("floorMod", x.floorModulo(y), R.floorModulo(x, y)),
      ]
      for (op, got, want) in divisions {
        #expect(got == want && isCanonical(got), "\(x) \(op) \(y)")
      }
      let qr = x.quotientAndRemainder(dividingBy: y)
      #expect(qr.quotient == divisions[0].2 && qr.remainder == divisions[1].2)
    }
  }

  /// Unary operations and conversions on `x` against GMP and UInt128.
  private func checkUnary(_ x: BigInt) {
    #expect(-x == R.neg(x) && isCanonical(-x), "-\(x)")
    #expect(~x == R.not(x) && isCanonical(~x), "~\(x)")
    #expect(x.bitWidth == R.bitWidth(x), "bitWidth \(x)")
    #expect(x.signum == R.compare(x, 0))
    #expect(x.isNegative == (R.compare(x, 0) < 0))
    #expect(isCanonical(x))
    let decimal = R.toString(x, radix: 10)
    #expect(x.description == decimal)
    #expect(BigInt(decimal) == x)
    for radix in [2, 3, 16, 36] {
      let text = R.toString(x, radix: radix)
      #expect(x.toString(radix: radix) == text && BigInt(text, radix: radix) == x, "\(x) radix \(radix)")
    }
    #expect(BigInt(literal: x.hexDescription) == x)
    if x.bitWidth <= 128 {
      // |x| fits in a UInt128: conversions have a native oracle.
      let m = x.magnitude.uint128!
      #expect(x.description == (x.isNegative ? "-" : "") + String(m))
      let wrapped = x.isNegative ? 0 &- m : m
      #expect(x.truncatedUInt128(bits: 128) == wrapped)
      #expect(x.truncatedUInt128(bits: 127) == wrapped & (UInt128.max >> 1))
      #expect(x.truncatedUInt128(bits: 64) == wrapped & UInt128(UInt64.max))
      let expectedInt128: Int128? =
        x.isNegative
        ? (m <= UInt128(1) << 127 ? Int128(truncatingIfNeeded: 0 &- m) : nil)
        : Int128(exactly: m)
      #expect(x.int128 == expectedInt128, "int128 \(x)")
      #expect(x.uint128 == (x.isNegative && m != 0 ? nil : m))
      #expect(x.int64 == expectedInt128.flatMap { Int64(exactly: $0) })
      #expect(x.int == expectedInt128.flatMap { Int(exactly: $0) })
      let d = Double(m)
      #expect(x.doubleValue == (x.isNegative ? -d : d), "double \(x)")
      #expect((x << 128).doubleValue == x.doubleValue * 0x1p128, "double \(x) << 128")
    } else {
      #expect(x.int128 == nil && x.uint128 == nil && x.int64 == nil && x.int == nil)
    }
  }

  @Test("Int128 boundary: explicit values vs GMP and conversions")
  func int128BoundaryExplicit() {
    let max = BigInt(Int128.max)
    let min = BigInt(Int128.min)
    let two127 = fromMagnitude(UInt128(1) << 127)
    #expect(max.isInline && min.isInline && !two127.isInline)
    #expect(max + 1 == two127 && !(max + 1).isInline)
    #expect(two127 - 1 == max && (two127 - 1).isInline)
    #expect(min - 1 == fromMagnitude((UInt128(1) << 127) + 1, negative: true) && !(min - 1).isInline)
    #expect((min - 1) + 1 == min && ((min - 1) + 1).isInline)
    #expect(min + 1 == BigInt(Int128.min + 1))
    #expect(-min == two127 && !(-min).isInline)
    #expect(-two127 == min && (-two127).isInline)
    #expect(-max == BigInt(-Int128.max) && min.magnitude == two127)
    #expect(min * -1 == two127 && two127 * -1 == min && (two127 * -1).isInline)
    #expect(min / -1 == two127 && min % -1 == 0)
    #expect(min.quotientAndRemainder(dividingBy: -1) == (two127, 0))
    #expect(min.floorDivided(by: -1) == two127 && min.ceilDivided(by: -1) == two127)
    #expect(min.floorModulo(-1) == 0)
    #expect(min / 1 == min && min / min == 1 && min / max == -1 && min % max == -1)
    #expect(min.floorDivided(by: max) == -2 && min.floorModulo(max) == BigInt(Int128.max - 1))
    #expect(two127 / 2 == BigInt(Int128(1) << 126) && (two127 / 2).isInline)
    #expect(two127 / -1 == min && (two127 / -1).isInline)
    #expect(max * 2 == two127 * 2 - 2 && max * max == R.mul(max, max))
    #expect(BigInt(Int128(1) << 64) * BigInt(Int128(1) << 63) == two127)
    #expect(BigInt(-(Int128(1) << 64)) * BigInt(Int128(1) << 63) == min)
    #expect((BigInt(-(Int128(1) << 64)) * BigInt(Int128(1) << 63)).isInline)
    #expect(BigInt(1) << 127 == two127 && !(BigInt(1) << 127).isInline)
    #expect(BigInt(-1) << 127 == min && (BigInt(-1) << 127).isInline)
    #expect(BigInt(1) << 126 == BigInt(Int128(1) << 126))
    #expect(two127 >> 1 == BigInt(Int128(1) << 126) && (two127 >> 1).isInline)
    #expect(min >> 127 == -1 && max >> 127 == 0 && min >> 126 == -2)
    #expect((two127 << 1) >> 1 == two127)
    #expect(max & min == 0 && max | min == -1 && max ^ min == -1 && ~max == min && ~min == max)
    #expect(two127 & max == 0 && (two127 | max) == fromMagnitude(UInt128.max))
    #expect(max < two127 && min > -two127 - 1 && min < max && -two127 - 1 < min)
    #expect(max.bitWidth == 127 && two127.bitWidth == 128 && min.bitWidth == 128)
    #expect(max.description == "170141183460469231731687303715884105727")
    #expect(two127.description == "170141183460469231731687303715884105728")
    #expect(min.description == "-170141183460469231731687303715884105728")
    #expect((min - 1).description == "-170141183460469231731687303715884105729")
    #expect(BigInt("170141183460469231731687303715884105728")!.isInline == false)
    #expect(BigInt("-170141183460469231731687303715884105728")!.isInline)
    #expect(BigInt("-170141183460469231731687303715884105729")!.isInline == false)
    #expect(BigInt("170141183460469231731687303715884105727")!.isInline)
    #expect(two127.doubleValue == 0x1p127 && min.doubleValue == -0x1p127 && max.doubleValue == 0x1p127)
    #expect(min.truncatedUInt128(bits: 128) == UInt128(1) << 127 && two127.truncatedUInt128(bits: 128) == UInt128(1) << 127)
    // Equal values reached through GMP and through the Int128 paths are
    // structurally equal and hash alike.
    let viaGMP = (two127 + 5) - 7
    #expect(viaGMP.isInline && viaGMP == BigInt(Int128.max - 1))
    #expect(viaGMP.hashValue == BigInt(Int128.max - 1).hashValue)
    #expect(Set([viaGMP, max - 1, BigInt(Int128.max - 1), fromMagnitude(UInt128(Int128.max) - 1)]).count == 1)

    for x in boundaryValues {
      checkUnary(x)
      for y in boundaryValues { checkAgainstGMP(x, y) }
    }
  }

  @Test("Int128 boundary: random ops vs GMP (seed 0x127_B0DE)")
  func int128BoundaryRandom() {
    var rng = SplitMix64(seed: 0x127_B0DE)
    for _ in 0..<400 {
      let x = rng.mixed()
      let y = rng.mixed()
      checkAgainstGMP(x, y)
      if rng.below(4) == 0 { checkUnary(x) }
    }
  }

  @Test("Int128 boundary: identities (seed 0x1DE_4717)")
  func int128BoundaryIdentities() {
    var rng = SplitMix64(seed: 0x1DE_4717)
    for _ in 0..<400 {
      let a = rng.mixed()
      let b = rng.mixed()
      #expect((a + b) - b == a && (a - b) + b == a, "\(a) ± \(b)")
      if !b.isZero {
        let p = a * b
        #expect(p / b == a && p % b == 0 && p.floorModulo(b) == 0, "(\(a) * \(b)) / \(b)")
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        #expect(q * b + r == a && r.magnitude < b.magnitude)
        #expect(r.isZero || r.isNegative == a.isNegative)
        let f = a.floorDivided(by: b)
        #expect(f * b + a.floorModulo(b) == a)
        #expect(a.ceilDivided(by: b) - f == (r.isZero ? 0 : 1))
      }
      let k = rng.below(140)
      let mask = BigInt.power(of2: k) - 1
      #expect(((a >> k) << k) + (a & mask) == a, "\(a) split at \(k)")
      #expect((a << k) >> k == a && a << k == a * BigInt.power(of2: k))
      #expect(a << k == R.shiftLeft(a, k) && a >> k == R.shiftRight(a, k), "\(a) shifted by \(k)")
      #expect(isCanonical(a << k) && isCanonical(a >> k))
      #expect(-(-a) == a && ~(~a) == a && a ^ b ^ b == a)
      #expect((a & b) + (a | b) == a + b)
    }
  }

  @Test("Int128 boundary: products and shifts crossing 2^127")
  func int128BoundaryCrossing() {
    // (2^k + da) * (2^(127-k) + db) lands within a few 2^k of ±2^127.
    for k in stride(from: 1, through: 126, by: 5) {
      for da: Int128 in [-1, 0, 1] {
        for db: Int128 in [-1, 0, 1] {
          for (sa, sb): (Int128, Int128) in [(1, 1), (-1, 1), (-1, -1)] {
            let a = sa * ((Int128(1) << k) + da)
            let b = sb * ((Int128(1) << (127 - k)) + db)
            let p = BigInt(a) * BigInt(b)
            #expect(p == fullProduct(a, b) && p == R.mul(BigInt(a), BigInt(b)), "\(a) * \(b)")
            #expect(isCanonical(p))
            let (native, overflow) = a.multipliedReportingOverflow(by: b)
            #expect(p.int128 == (overflow ? nil : native))
            #expect(p.isInline == !overflow)
          }
        }
      }
    }
    // x << k where x has j significant bits and j + k is near 128.
    for j in stride(from: 1, through: 127, by: 3) {
      for x: Int128 in [Int128(1) << (j - 1), (Int128(1) << (j - 1)) | 1, -(Int128(1) << (j - 1)), ~(Int128(1) << (j - 1))] {
        for k in (127 - j)...(129 - j) {
          let s = BigInt(x) << k
          #expect(s == R.shiftLeft(BigInt(x), k), "\(x) << \(k)")
          #expect(isCanonical(s) && s >> k == BigInt(x))
          if k <= 126 {
            let (high, low) = x.multipliedFullWidth(by: Int128(1) << k)
            #expect(s == BigInt(high) * BigInt.power(of2: 128) + BigInt(low))
          }
        }
      }
    }
  }
}
