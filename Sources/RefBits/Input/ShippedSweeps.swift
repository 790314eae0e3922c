import Foundation

/// The sweeps that ship with RefBits (the repository's `sweeps/`).
public enum ShippedSweeps {
  /// Names of the shipped sweeps, sorted.
  public static var names: [String] { BundledFiles.sweeps.names }

  /// Resolves a command-line sweep argument: a path, or the name of a
  /// shipped sweep.
  public static func resolve(_ argument: String) throws(Diagnostics) -> SweepSpec {
    let (path, shown) = try BundledFiles.sweeps.locate(argument)
    return try SweepSpec.load(contentsOf: path, displayName: shown)
  }

  /// Whether an argument names a sweep rather than a layout: a shipped
  /// sweep's name (shipped sweeps and layouts have distinct names), or a
  /// file whose top level names a `layout` and has no `words`.
  public static func isSweep(_ argument: String) -> Bool {
    if !argument.contains("/"), !argument.hasSuffix(".toml"), BundledFiles.sweeps.path(named: argument) != nil {
      return true
    }
    guard FileManager.default.fileExists(atPath: argument), let text = try? String(contentsOfFile: argument, encoding: .utf8) else { return false }
    let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    let top = lines.prefix { !$0.hasPrefix("[") }
    return top.contains { $0.hasPrefix("layout ") || $0.hasPrefix("layout=") } && !lines.contains { $0.hasPrefix("[words") }
  }
}
