import Foundation

/// The layouts that ship with RefBits (the repository's `layouts/`, bundled
/// as a resource so they are found wherever the tool runs from).
public enum ShippedLayouts {
  /// The directory holding the shipped layout files, if the bundle is found.
  public static var directory: URL? {
    Bundle.module.resourceURL?.appendingPathComponent("layouts")
  }

  /// Names of the shipped layouts, sorted.
  public static var names: [String] {
    guard let dir = directory,
      let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
    else { return [] }
    return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// The path of a shipped layout file.
  public static func path(named name: String) -> String? {
    guard let dir = directory else { return nil }
    let url = dir.appendingPathComponent("\(name).toml")
    return FileManager.default.fileExists(atPath: url.path) ? url.path : nil
  }

  /// Loads a shipped layout by name.
  public static func load(_ name: String) throws(Diagnostics) -> Layout {
    guard let path = path(named: name) else {
      throw Diagnostics([Diagnostic(file: name, message: "no shipped layout named '\(name)'", hint: suggestion(for: name))])
    }
    return try Layout.load(contentsOf: path, displayName: "layouts/\(name).toml")
  }

  /// Resolves a command-line layout argument: an existing path, or the name of
  /// a shipped layout.
  public static func resolve(_ argument: String) throws(Diagnostics) -> Layout {
    if argument.contains("/") || argument.hasSuffix(".toml") || FileManager.default.fileExists(atPath: argument) {
      return try Layout.load(contentsOf: argument)
    }
    return try load(argument)
  }

  static func suggestion(for name: String) -> String {
    let all = names
    if let best = all.min(by: { editDistance($0, name) < editDistance($1, name) }), editDistance(best, name) <= 4 {
      return "did you mean '\(best)'? `refbits list` shows them all"
    }
    return "`refbits list` shows the shipped layouts; a path to a .toml file works too"
  }
}
