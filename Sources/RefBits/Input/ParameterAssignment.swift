extension Layout.Parameter {
  /// Parses `NAME=VALUE` assignments (`--set GUP_PIN_COUNTING_BIAS=2^23`):
  /// the value is a ``NumberText`` (`1024`, `2^23`, `1 << 23`, `2^31 - 1`).
  ///
  /// Whether the layout declares `NAME`, and whether the value lies in its
  /// range, is checked when the layout is read
  /// (``Layout/load(contentsOf:displayName:parameters:)``).
  ///
  /// - Parameter option: how the assignments were given, for messages.
  /// - Throws: ``Diagnostics`` naming each malformed or repeated assignment.
  public static func assignments(_ texts: [String], option: String = "--set") throws(Diagnostics) -> [String: BigInt] {
    var out: [String: BigInt] = [:]
    var problems: [Diagnostic] = []
    for text in texts {
      guard let eq = text.firstIndex(of: "=") else {
        problems.append(Diagnostic(file: option, message: "'\(text)' is not NAME=VALUE", hint: "e.g. \(option) GUP_PIN_COUNTING_BIAS=2^23"))
        continue
      }
      let name = text[..<eq].trimmingCharacters(in: .whitespaces)
      let valueText = String(text[text.index(after: eq)...])
      guard !name.isEmpty else {
        problems.append(Diagnostic(file: option, message: "'\(text)' names no parameter", hint: "write NAME=VALUE"))
        continue
      }
      do {
        let value = try NumberText.parse(valueText)
        if let earlier = out[name], earlier != value {
          problems.append(Diagnostic(file: option, message: "\(name) is set twice (\(earlier) and \(value))", hint: "give each parameter once"))
        }
        out[name] = value
      } catch {
        problems.append(Diagnostic(file: option, message: "\(name): \(error.message) in '\(valueText)' at column \(error.offset + 1)", hint: "a value is an integer: 1024, 0x400, 2^23, 1 << 23, 2^31 - 1 (here ^ is a power)"))
      }
    }
    guard problems.isEmpty else { throw Diagnostics(problems) }
    return out
  }
}
