import CGMPShim

// Parsing and printing for `BigInt`.

extension BigInt {
  // MARK: - Parsing

  /// Value of an ASCII digit in radix up to 36 (either letter case), or nil.
  @inline(__always)
  static func digitValue(_ c: UInt8) -> Int? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c &- UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(c &- UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(c &- UInt8(ascii: "A")) + 10
    default: return nil
    }
  }

  /// Parses `text`: an optional leading `-`, then one or more digits of
  /// `radix` (2...36; letters in either case). No `+`, prefix, underscores or
  /// whitespace. Returns nil on anything else, including an empty string or
  /// an unsupported radix.
  public init?(_ text: String, radix: Int = 10) {
    guard (2...36).contains(radix) else { return nil }
    var text = text
    let parsed: BigInt? = text.withUTF8 { buf in
      var start = 0
      var negative = false
      if buf.first == UInt8(ascii: "-") {
        negative = true
        start = 1
      }
      guard start < buf.count else { return nil }
      return BigInt.parseDigits(
        UnsafeBufferPointer(rebasing: buf[start...]), radix: radix, negative: negative,
        allowUnderscores: false)
    }
    guard let parsed else { return nil }
    self = parsed
  }

  /// Parses a C-like integer literal: an optional leading `-`, then `0x`/`0X`
  /// (hex), `0b`/`0B` (binary), `0o`/`0O` (octal) or no prefix (decimal; a
  /// leading `0` does not mean octal), then digits. A single `_` may separate
  /// two digits (not leading, trailing, doubled, or right after the prefix).
  /// Any size. Returns nil otherwise.
  public init?(literal: String) {
    var text = literal
    let parsed: BigInt? = text.withUTF8 { buf in
      var i = 0
      var negative = false
      if i < buf.count, buf[i] == UInt8(ascii: "-") {
        negative = true
        i += 1
      }
      var radix = 10
      if i + 1 < buf.count, buf[i] == UInt8(ascii: "0") {
        switch buf[i + 1] {
        case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16
        case UInt8(ascii: "b"), UInt8(ascii: "B"): radix = 2
        case UInt8(ascii: "o"), UInt8(ascii: "O"): radix = 8
        default: break
        }
        if radix != 10 { i += 2 }
      }
      guard i < buf.count else { return nil }
      return BigInt.parseDigits(
        UnsafeBufferPointer(rebasing: buf[i...]), radix: radix, negative: negative,
        allowUnderscores: true)
    }
    guard let parsed else { return nil }
    self = parsed
  }

  /// Validates and converts a run of digits (no sign). With
  /// `allowUnderscores`, a single `_` may sit between two digits.
  static func parseDigits(
    _ digits: UnsafeBufferPointer<UInt8>, radix: Int, negative: Bool, allowUnderscores: Bool
  ) -> BigInt? {
    let underscore = UInt8(ascii: "_")
    guard !digits.isEmpty else { return nil }
    // Validate, and accumulate in a UInt128 while it fits.
    var acc: UInt128 = 0
    var overflow = false
    var previousWasDigit = false
    var digitCount = 0
    let r = UInt128(radix)
    for c in digits {
      if c == underscore {
        guard allowUnderscores, previousWasDigit else { return nil }
        previousWasDigit = false
        continue
      }
      guard let d = digitValue(c), d < radix else { return nil }
      previousWasDigit = true
      digitCount += 1
      if !overflow {
        let (m, o1) = acc.multipliedReportingOverflow(by: r)
        let (s, o2) = m.addingReportingOverflow(UInt128(d))
        if o1 || o2 { overflow = true } else { acc = s }
      }
    }
    // Trailing underscore (or nothing but underscores).
    guard previousWasDigit else { return nil }

    if !overflow {
      if !negative {
        if acc <= UInt128(Int128.max) { return BigInt(small: Int128(acc)) }
        return BigInt(acc)
      }
      if acc <= UInt128(1) << 127 { return BigInt(small: Int128(truncatingIfNeeded: 0 &- acc)) }
      return -BigInt(acc)
    }

    // Large: hand a clean, NUL-terminated copy to GMP.
    var cString = [CChar]()
    cString.reserveCapacity(digitCount + 2)
    if negative { cString.append(CChar(UInt8(ascii: "-"))) }
    for c in digits where c != underscore { cString.append(CChar(bitPattern: c)) }
    cString.append(0)
    return make { z in
      let rc = cString.withUnsafeBufferPointer { __gmpz_set_str(z, $0.baseAddress, Int32(radix)) }
      precondition(rc == 0, "BigInt: GMP rejected pre-validated digits")
    }
  }

  // MARK: - Printing

  /// `self` in `radix` (2...36): lowercase digits, `-` for negatives, no
  /// prefix.
  public func toString(radix: Int) -> String {
    precondition((2...36).contains(radix), "BigInt.toString: radix must be in 2...36")
    switch repr {
    case .small(let v):
      if let v64 = Int64(exactly: v) { return String(v64, radix: radix, uppercase: false) }
      // Int128's own formatting is generic and several times slower than
      // this: base 10 and 16 with constant divisors, others in general.
      switch radix {
      case 10: return BigInt.format(v, radix: 10)
      case 16: return BigInt.format(v, radix: 16)
      default: return BigInt.format(v, radix: radix)
      }
    case .big:
      return GMP.toString(self, radix: radix)
    }
  }

  /// `v` in `radix`: digits are produced from the low end of |v| in chunks
  /// of `radix^k` (the largest power that fits in a UInt64), so only one
  /// 128-bit division is needed per chunk and the rest is 64-bit arithmetic.
  @inline(__always)
  static func format(_ v: Int128, radix: Int) -> String {
    let r = UInt64(radix)
    // radix^k <= UInt64.max < radix^(k+1). For radix <= 36, radix^k >= 2^58,
    // so at most three chunks cover 128 bits.
    var power = r
    var k = 1
    while case (let p, false) = power.multipliedReportingOverflow(by: r) {
      power = p
      k += 1
    }
    var m = v.magnitude
    // Up to 128 binary digits and a sign.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 129) { buf in
      var i = buf.count
      while true {
        let (q, rem) = m.quotientAndRemainder(dividingBy: UInt128(power))
        var chunk = UInt64(truncatingIfNeeded: rem)
        // Full chunks below the top one are zero-padded to k digits.
        var digits = 0
        while chunk != 0 || (q != 0 && digits < k) {
          let d = UInt8(truncatingIfNeeded: chunk % r)
          chunk /= r
          i -= 1
          buf[i] = d < 10 ? d &+ UInt8(ascii: "0") : d &- 10 &+ UInt8(ascii: "a")
          digits += 1
        }
        if q == 0 { break }
        m = q
      }
      if i == buf.count {
        i -= 1
        buf[i] = UInt8(ascii: "0")
      }
      if v < 0 {
        i -= 1
        buf[i] = UInt8(ascii: "-")
      }
      return String(decoding: UnsafeBufferPointer(rebasing: buf[i...]), as: UTF8.self)
    }
  }

  /// Hexadecimal with a `0x` prefix: `"0x1f"`, `"-0x1f"`, `"0x0"`.
  var hexDescription: String {
    isNegative ? "-0x" + magnitude.toString(radix: 16) : "0x" + toString(radix: 16)
  }
}

extension BigInt: CustomStringConvertible {
  /// Decimal.
  public var description: String { toString(radix: 10) }
}

extension BigInt: Codable {
  /// Encodes as a decimal string (JSON numbers cannot carry arbitrary
  /// precision).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  /// Decodes a decimal string (optional leading `-`), or, leniently, an
  /// integer number that fits in `Int64`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let text = try? container.decode(String.self) {
      guard let value = BigInt(text) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "expected an integer as a decimal string, not '\(text.count > 40 ? text.prefix(40) + "..." : text)'")
      }
      self = value
    } else {
      self = BigInt(try container.decode(Int64.self))
    }
  }
}
