/// The fuzzer's random numbers: SplitMix64, seeded by a campaign seed and a
/// stream index (one object lifetime), so that any range of lifetimes can run
/// anywhere, in any order, and draw the same numbers.
///
/// Everything derived from it uses integer arithmetic or IEEE-754 basic
/// operations only (no `log` from the C library, whose last bits may differ
/// between machines), so a seed gives the same run on every machine.
struct FuzzRandom: RandomNumberGenerator, Sendable {
  var state: UInt64

  /// The generator of stream `stream` (a lifetime index) of campaign `seed`.
  init(seed: UInt64, stream: UInt64) {
    state = Self.mix(seed ^ 0x5EED_5EED_5EED_5EED) &+ Self.mix(stream &+ 0x9E37_79B9_7F4A_7C15)
  }

  /// SplitMix64's finalizer: a bijective 64-bit mix.
  @inline(__always)
  static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inline(__always)
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// Moves on as ``next()`` does, for a draw whose value is not needed.
  @inline(__always)
  mutating func skip() {
    state &+= 0x9E37_79B9_7F4A_7C15
  }

  /// Uniform in `0..<n` (Lemire's multiply-high; the bias is below 2^-64·n).
  @inline(__always)
  mutating func below(_ n: UInt64) -> UInt64 {
    n.multipliedFullWidth(by: next()).high
  }

  /// Uniform in [0, 1) with 53 bits.
  @inline(__always)
  mutating func unit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Uniform in `0..<n` for any positive `n`.
  mutating func below(_ n: BigInt) -> BigInt {
    if let small = n.int128, small <= Int128(UInt64.max) { return BigInt(below(UInt64(small))) }
    // Enough random bits to make the modulo bias negligible (2^-64).
    var r = BigInt(0)
    for _ in 0..<((n.bitWidth + 64 + 63) / 64) { r = (r << 64) + BigInt(next()) }
    return r % n
  }

  /// The natural logarithm by IEEE basic operations only: x = m·2^e with m in
  /// [√½, √2), ln m = 2·atanh((m-1)/(m+1)) by its series. Deterministic on
  /// every machine; accurate to a few ulps, plenty for sampling.
  static func log(_ x: Double) -> Double {
    // Callers pass u in (0, 1] and 1 - 1/mean with mean in (1, 1e15]
    // (workload parsing bounds it): always positive.
    precondition(x > 0)
    var m = x.significand  // [1, 2)
    var e = Double(x.exponent)
    if m > 1.4142135623730951 { m /= 2; e += 1 }
    let s = (m - 1) / (m + 1), s2 = s * s
    var term = s, sum = 0.0
    var k = 1.0
    while k < 60 {
      sum += term / k
      term *= s2
      k += 2
    }
    return 2 * sum + e * 0.6931471805599453
  }
}

extension Distribution {
  /// One value. The number of random draws depends only on the distribution.
  func sample(_ rng: inout FuzzRandom) -> BigInt {
    switch self {
    case .fixed(let v): return v
    case .uniform(let a, let b): return a + rng.below(b - a + 1)
    case .geometric(let mean): return BigInt(Self.geometric(mean: mean, &rng))
    case .logUniform(let lo, let hi):
      let e = lo + Int(rng.below(UInt64(hi - lo)))
      if e < 63 { return BigInt((UInt64(1) << e) + rng.below(UInt64(1) << e)) }
      return BigInt.power(of2: e) + rng.below(BigInt.power(of2: e))
    }
  }

  /// One value, when it fits a UInt64 (the fast path of single-step bursts).
  @inline(__always)
  func sampleSmall(_ rng: inout FuzzRandom) -> UInt64? {
    switch self {
    case .fixed(let v): return v.int64.map { UInt64($0) }
    default:
      let v = sample(&rng)
      return v.int64.map { UInt64($0) }
    }
  }

  /// Geometric on 1, 2, ... with the given mean, by inversion.
  static func geometric(mean: Double, _ rng: inout FuzzRandom) -> Int64 {
    if mean <= 1 { _ = rng.next(); return 1 }
    let u = 1 - rng.unit()  // (0, 1]
    let p = 1 / mean
    let k = FuzzRandom.log(u) / FuzzRandom.log(1 - p)
    return 1 + Int64(Swift.min(k, 1e15))
  }
}
