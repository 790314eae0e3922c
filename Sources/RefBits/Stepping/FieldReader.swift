/// Reads fields out of words: the part of a ``Machine`` an evaluation needs,
/// three arrays, cheap to copy.
struct FieldReader: Sendable {
  let fields: [Layout.Field]
  let fieldMask: [UInt128]
  let words: [Layout.Word]

  func bits(_ f: Int, in words: [UInt128]) -> UInt128 {
    (words[fields[f].word] >> fields[f].lsb) & fieldMask[f]
  }

  func reading(_ f: Int, in words: [UInt128], as reading: Expression.Reading = .declared) -> BigInt {
    Self.value(bits(f, in: words), width: fields[f].bits, signed: reading == .signed || (reading == .declared && fields[f].signed))
  }

  /// The whole word `w`'s bits, in the word's own reading or the given one.
  func wordReading(_ w: Int, in words: [UInt128], as reading: Expression.Reading = .declared) -> BigInt {
    Self.value(words[w], width: self.words[w].bits, signed: reading == .signed || (reading == .declared && self.words[w].signed))
  }

  /// `width` raw bits as a number, two's complement when `signed`.
  static func value(_ raw: UInt128, width: Int, signed: Bool) -> BigInt {
    guard signed, (raw >> (width - 1)) & 1 == 1 else { return BigInt(raw) }
    // Negative: raw - 2^width, by sign-extending the bit pattern to 128 bits.
    return BigInt(Int128(bitPattern: width == 128 ? raw : raw | (~UInt128(0) << width)))
  }
}
