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
    // Validate, and accumulate in a UInt64 while it fits.
    var acc: UInt64 = 0
    var overflow = false
    var previousWasDigit = false
    var digitCount = 0
    let r = UInt64(radix)
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
        let (s, o2) = m.addingReportingOverflow(UInt64(d))
        if o1 || o2 { overflow = true } else { acc = s }
      }
    }
    // Trailing underscore (or nothing but underscores).
    guard previousWasDigit else { return nil }

    if !overflow {
      if !negative {
        if acc <= UInt64(Int64.max) { return BigInt(small: Int64(acc)) }
        return BigInt(acc)
      }
      if acc <= UInt64(1) << 63 { return BigInt(small: Int64(truncatingIfNeeded: 0 &- acc)) }
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
      return String(v, radix: radix, uppercase: false)
    case .big(let s):
      return s.withPointer { p in
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

  /// Hexadecimal with a `0x` prefix: `"0x1f"`, `"-0x1f"`, `"0x0"`.
  public var hexDescription: String {
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
          in: container, debugDescription: "invalid decimal integer string: \(text)")
      }
      self = value
    } else {
      self = BigInt(try container.decode(Int64.self))
    }
  }
}
