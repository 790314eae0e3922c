import Foundation

/// A stable digest of an input file's content: FNV-1a 64 over its bytes with
/// line endings normalized to `\n`, written `fnv1a64:` and 16 hex digits.
///
/// Traces carry the digest of the layout they were recorded on, so that a
/// replay on a changed layout fails loudly instead of explaining something
/// else. Not a cryptographic hash: it detects edits, not forgeries.
enum ContentDigest {
  /// - Complexity: O(bytes).
  static func of(_ bytes: some Sequence<UInt8>) -> String {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var pendingCR = false
    func eat(_ b: UInt8) {
      h ^= UInt64(b)
      h &*= 0x0000_0100_0000_01B3
    }
    for b in bytes {
      if pendingCR {
        pendingCR = false
        if b == 0x0A { eat(0x0A); continue }
        eat(0x0D)
      }
      if b == 0x0D { pendingCR = true; continue }
      eat(b)
    }
    if pendingCR { eat(0x0D) }
    let hex = String(h, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// The digest of a layout read at a point: the file's digest when every
  /// parameter is at its default, else the digest of the file's digest
  /// followed by each parameter set away from its default
  /// (`NAME=VALUE`, in file order).
  static func ofPoint(_ layout: Layout, of fileDigest: String) -> String {
    let set = layout.overriddenParameters
    guard !set.isEmpty else { return fileDigest }
    return of(Array(([fileDigest] + set.map { "\($0.name)=\($0.value)" }).joined(separator: "\n").utf8))
  }

  /// The digest of a file, or nil if it cannot be read.
  static func ofFile(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { of($0) }
  }
}
