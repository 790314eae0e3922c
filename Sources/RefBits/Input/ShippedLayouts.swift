import Foundation

/// The layouts that ship with RefBits (the repository's `layouts/`).
public enum ShippedLayouts {
  /// Names of the shipped layouts, sorted.
  public static var names: [String] { BundledFiles.layouts.names }

  /// Loads a shipped layout by name (the copy compiled in, whatever the
  /// working directory holds).
  public static func load(_ name: String) throws(Diagnostics) -> Layout {
    let source = try BundledFiles.layouts.shipped(name)
    return try Layout.parse(toml: source.text, name: source.name, file: source.file)
  }

  /// Resolves a command-line layout argument (``BundledFiles/resolve(_:)``),
  /// read at the given parameter values (`--set`).
  public static func resolve(_ argument: String, parameters: [String: BigInt] = [:]) throws(Diagnostics) -> Layout {
    try resolveWithDigest(argument, parameters: parameters).value
  }
}
