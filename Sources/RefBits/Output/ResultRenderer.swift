/// How a result is printed: `--format text|markdown|json`.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
  case text, markdown, json
}

/// A result that prints as text, markdown or JSON: every command whose
/// output is a result renders it through one of these.
///
/// Conformers implement the three forms; ``rendered(_:)`` picks one by
/// format and ends it as a command prints it.
public protocol ResultRenderer {
  /// Plain text for a terminal or a log, without a final newline.
  func text() -> String
  /// A markdown document, ending with a newline.
  func markdown() -> String
  /// The JSON document, without a final newline.
  func json() -> String
}

// MARK: - Default implementations

extension ResultRenderer {
  /// The result in `format`, ending with exactly one newline: what a command
  /// writes to standard output.
  public func rendered(_ format: OutputFormat) -> String {
    switch format {
    case .text: text() + "\n"
    case .markdown: markdown()
    case .json: json() + "\n"
    }
  }
}
