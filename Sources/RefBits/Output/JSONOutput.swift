import Foundation

/// Deterministic JSON: sorted keys, pretty printed, no escaped slashes.
public enum JSONOutput {
  /// The JSON text of `value`.
  ///
  /// The documents keep every number finite (a fraction past any budget is
  /// 1e308, a log2 is finite at any size); should one not be, it is written
  /// as the string "inf", "-inf" or "nan" rather than failing the whole
  /// document. Encoding then cannot fail: the fallback is not reached.
  public static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    guard let data = try? encoder.encode(value), let s = String(data: data, encoding: .utf8) else { return "null" }
    return s
  }
}
