/// Reads fields out of words: the part of a ``Machine`` an evaluation needs,
/// two arrays, cheap to copy.
struct FieldReader: Sendable {
  let fields: [Layout.Field]
  let fieldMask: [UInt128]

  func bits(_ f: Int, in words: [UInt128]) -> UInt128 {
    (words[fields[f].word] >> fields[f].lsb) & fieldMask[f]
  }

  func reading(_ f: Int, in words: [UInt128], as reading: Expression.Reading = .declared) -> BigInt {
    let raw = bits(f, in: words)
    let width = fields[f].bits
    let signed = reading == .signed || (reading == .declared && fields[f].signed)
    guard signed, (raw >> (width - 1)) & 1 == 1 else { return BigInt(raw) }
    // Negative: raw - 2^width, by sign-extending the bit pattern to 128 bits.
    return BigInt(Int128(bitPattern: width == 128 ? raw : raw | (~UInt128(0) << width)))
  }
}
