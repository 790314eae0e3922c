import ArgumentParser
import RefBits

/// `--format text|markdown|json` for commands whose output is a result.
extension OutputFormat: ExpressibleByArgument {}
