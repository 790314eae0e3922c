import ArgumentParser

/// `--format text|markdown|json` for commands whose output is a result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, markdown, json
}
