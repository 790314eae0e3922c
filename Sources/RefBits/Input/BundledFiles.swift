import Foundation

/// A directory of TOML files that ships inside RefBits' resource bundle (the
/// repository's `layouts/`, `attackers/`, `workloads/`, `sweeps/`), so that they are
/// found wherever the tool runs from.
public struct BundledFiles: Sendable {
  /// The directory's name in the bundle and the repository.
  public let directoryName: String
  /// What one file is, for messages ("layout", "attacker profile").
  public let what: String

  public static let layouts = BundledFiles(directoryName: "layouts", what: "layout")
  public static let attackers = BundledFiles(directoryName: "attackers", what: "attacker profile")
  public static let workloads = BundledFiles(directoryName: "workloads", what: "workload")
  public static let sweeps = BundledFiles(directoryName: "sweeps", what: "sweep")

  /// The bundled directory, if the bundle is found.
  public var directory: URL? {
    Bundle.module.resourceURL?.appendingPathComponent(directoryName)
  }

  /// Names of the bundled files (without `.toml`), sorted.
  public var names: [String] {
    guard let dir = directory, let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
    return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// The path of a bundled file.
  public func path(named name: String) -> String? {
    guard let dir = directory else { return nil }
    let url = dir.appendingPathComponent("\(name).toml")
    return FileManager.default.fileExists(atPath: url.path) ? url.path : nil
  }

  /// Where a command-line argument points: an existing path (or anything that
  /// looks like one), or the name of a bundled file, shown as
  /// `layouts/NAME.toml` in messages.
  ///
  /// - Throws: ``Diagnostics`` naming the closest bundled name, if any.
  public func locate(_ argument: String) throws(Diagnostics) -> (path: String, displayName: String?) {
    if argument.contains("/") || argument.hasSuffix(".toml") || FileManager.default.fileExists(atPath: argument) {
      return (argument, nil)
    }
    return try locate(named: argument)
  }

  /// The bundled file with this name, shown as `layouts/NAME.toml`.
  ///
  /// - Throws: ``Diagnostics`` naming the closest bundled name, if any.
  public func locate(named name: String) throws(Diagnostics) -> (path: String, displayName: String?) {
    guard let path = path(named: name) else {
      let all = names
      let close = closestName(to: name, among: all, within: 4).map { "did you mean '\($0)'? " } ?? ""
      throw Diagnostics([Diagnostic(file: name, message: "no shipped \(what) named '\(name)'", hint: "\(close)shipped: \(all.joined(separator: ", ")); a path to a .toml file works too")])
    }
    return (path, "\(directoryName)/\(name).toml")
  }
}
