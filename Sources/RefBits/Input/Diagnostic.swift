/// One problem found in an input file, located as precisely as RefBits can:
/// `file:line:column` when the position is known, the key path always.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
  /// Whether the problem stops the input being used.
  public enum Severity: String, Sendable, Hashable {
    case error, warning
  }

  var severity: Severity
  /// The file the problem is in, as the user named it.
  public var file: String
  /// The 1-based line; nil when the position is unknown.
  public var line: Int?
  /// The 1-based column; nil when the position is unknown.
  public var column: Int?
  /// Dotted key path inside the file (`kinds.pin.acquire.refuse`), or "".
  var keyPath: String
  /// What is wrong, one sentence without a location.
  public var message: String
  /// How to fix it, when there is something useful to say.
  public var hint: String?

  /// Creates a diagnostic; `line`, `column` and `hint` are optional because
  /// not every problem has a position or a useful fix.
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
  /// The diagnostics, errors and warnings, in the order found.
  public var all: [Diagnostic]

  /// Creates the collection of `all`; it should hold at least one error.
  public init(_ all: [Diagnostic]) {
    self.all = all
  }

  /// The diagnostics that are errors, without the warnings.
  public var errors: [Diagnostic] { all.filter { $0.severity == .error } }

  /// Each diagnostic on its own line(s), as `refbits` prints them.
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
