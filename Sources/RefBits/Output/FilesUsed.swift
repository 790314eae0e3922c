/// The files a command read its inputs from, each with where a name was
/// found and its digest (``InputSource/provenance``): every command prints
/// them, so that an output always says which file it describes.
///
/// In text and markdown they open the output; JSON keeps one shape per
/// command (its documents carry names and digests where their schema has
/// them), so the command line writes them to standard error instead.
public struct FilesUsed: Sendable {
  /// What each file is ("layout", "workload") and its provenance.
  public var entries: [(what: String, provenance: String)] = []

  /// Creates an empty list.
  public init() {}

  /// Adds the file `input` came from, as `what` ("layout").
  public mutating func add<Value>(_ what: String, _ input: ResolvedInput<Value>) {
    entries.append((what, input.provenance))
  }

  /// Adds the file `source` names, as `what` ("witness").
  public mutating func add(_ what: String, _ source: InputSource) {
    entries.append((what, source.provenance))
  }

  /// One line per file (`layout: layouts/x.toml (shipped copy, fnv1a64:…)`),
  /// a markdown list item each in markdown; empty when nothing was read.
  public func rendered(_ format: OutputFormat) -> String {
    guard !entries.isEmpty else { return "" }
    switch format {
    case .markdown: return entries.map { "- \($0.what): `\($0.provenance)`\n" }.joined() + "\n"
    case .text, .json: return entries.map { "\($0.what): \($0.provenance)\n" }.joined()
    }
  }
}
