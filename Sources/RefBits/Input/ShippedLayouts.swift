import Foundation

/// The layouts that ship with RefBits (the repository's `layouts/`).
public enum ShippedLayouts {
  /// Names of the shipped layouts, sorted.
  public static var names: [String] { BundledFiles.layouts.names }

  /// The path of a shipped layout file.
  public static func path(named name: String) -> String? { BundledFiles.layouts.path(named: name) }

  /// The bundled directory of shipped layouts.
  public static var directory: URL? { BundledFiles.layouts.directory }

  /// Loads a shipped layout by name.
  public static func load(_ name: String) throws(Diagnostics) -> Layout {
    let (path, shown) = try BundledFiles.layouts.locate(named: name)
    return try Layout.load(contentsOf: path, displayName: shown)
  }

  /// Resolves a command-line layout argument: a path, or the name of a
  /// shipped layout, read at the given parameter values (`--set`).
  public static func resolve(_ argument: String, parameters: [String: BigInt] = [:]) throws(Diagnostics) -> Layout {
    let (path, shown) = try BundledFiles.layouts.locate(argument)
    return try Layout.load(contentsOf: path, displayName: shown, parameters: parameters)
  }
}
