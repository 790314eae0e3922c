import Foundation

/// Deterministic JSON: sorted keys, pretty printed, no escaped slashes.
public enum JSONOutput {
  public static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value), let s = String(data: data, encoding: .utf8) else { return "null" }
    return s
  }
}
