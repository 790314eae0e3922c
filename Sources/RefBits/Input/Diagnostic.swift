/// One problem found in an input file, located as precisely as RefBits can:
/// `file:line:column` when the position is known, the key path always.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable {
    case error, warning
  }

  var severity: Severity
  public var file: String
  public var line: Int?
  public var column: Int?
  /// Dotted key path inside the file (`kinds.pin.acquire.refuse`), or "".
  var keyPath: String
  public var message: String
  /// How to fix it, when there is something useful to say.
  public var hint: String?

  public init(_ severity: Severity = .error, file: String, line: Int? = nil, column: Int? = nil, keyPath: String = "", message: String, hint: String? = nil) {
    self.severity = severity
    self.file = file
    self.line = line
    self.column = column
    self.keyPath = keyPath
    self.message = message
    self.hint = hint
  }

  /// `file:line:col: error: message [key.path]` and the hint on a second line.
  public var description: String {
    var location = file
    if let line {
      location += ":\(line)"
      if let column { location += ":\(column)" }
    }
    var s = "\(location): \(severity.rawValue): \(message)"
    if !keyPath.isEmpty { s += " [\(keyPath)]" }
    if let hint { s += "\n  hint: \(hint)" }
    return s
  }
}

/// Every error found in one or more files (at least one).
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
  public var all: [Diagnostic]

  public init(_ all: [Diagnostic]) {
    self.all = all
  }

  public var errors: [Diagnostic] { all.filter { $0.severity == .error } }

  public var description: String { all.map(\.description).joined(separator: "\n") }
}

extension Array where Element == Diagnostic {
  /// In the order a reader meets them: file, then line and column; within a
  /// file, problems without a line (a missing top-level key) come first, and
  /// diagnostics at the same place keep the order they were found in.
  func sortedByPosition() -> [Diagnostic] {
    var fileRank: [String: Int] = [:]
    for d in self where fileRank[d.file] == nil { fileRank[d.file] = fileRank.count }
    return enumerated().sorted { a, b in
      let x = a.element, y = b.element
      return (fileRank[x.file] ?? 0, x.line ?? 0, x.column ?? 0, a.offset) < (fileRank[y.file] ?? 0, y.line ?? 0, y.column ?? 0, b.offset)
    }.map(\.element)
  }
}
