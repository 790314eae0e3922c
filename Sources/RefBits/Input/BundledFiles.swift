import Foundation

/// A directory of TOML files shipped with RefBits (the repository's
/// `layouts/`, `attackers/`, `workloads/`, `sweeps/`), compiled into the
/// library by the EmbedShippedFiles build-tool plugin, so that the tool finds
/// them wherever it is copied, with no resource bundle beside it.
///
/// ``resolve(_:)`` is the one rule by which every command turns an argument
/// into a file: a path is read as a path; a bare name is
/// `./DIRECTORY/NAME.toml` when the working directory has that file (a clone,
/// or a project with its own layouts), else the shipped copy.
public struct BundledFiles: Sendable {
  /// The directory's name in the repository (and in the working directory).
  let directoryName: String
  /// What one file is, for messages ("layout", "attacker profile").
  let what: String

  /// The shipped layouts (`layouts/`).
  public static let layouts = BundledFiles(directoryName: "layouts", what: "layout")
  /// The shipped attacker profiles (`attackers/`).
  public static let attackers = BundledFiles(directoryName: "attackers", what: "attacker profile")
  /// The shipped workloads (`workloads/`).
  public static let workloads = BundledFiles(directoryName: "workloads", what: "workload")
  /// The shipped sweeps (`sweeps/`).
  public static let sweeps = BundledFiles(directoryName: "sweeps", what: "sweep")

  /// The shipped files of this directory, by name.
  var contents: [String: String] { ShippedFileContents.directories[directoryName] ?? [:] }

  /// Names of the shipped files (without `.toml`), sorted.
  public var names: [String] { contents.keys.sorted() }

  /// The text of a shipped file, as compiled in.
  public func text(named name: String) -> String? { contents[name] }

  /// Whether an argument is read as a path rather than a name: it has a `/`,
  /// ends in `.toml`, or is an existing file.
  public static func isPath(_ argument: String) -> Bool {
    argument.contains("/") || argument.hasSuffix(".toml") || FileManager.default.fileExists(atPath: argument)
  }

  /// Whether a bare name resolves (in the working directory or shipped).
  public func has(named name: String) -> Bool {
    contents[name] != nil || FileManager.default.fileExists(atPath: "\(directoryName)/\(name).toml")
  }

  /// Reads the file a command-line argument names: a path (see
  /// ``isPath(_:)``), else `./DIRECTORY/NAME.toml` if the working directory
  /// has it, else the shipped copy.
  ///
  /// - Throws: ``Diagnostics`` when the file cannot be read (bounded by
  ///   ``InputLimits/tomlFileBytes``, UTF-8), or naming the closest shipped
  ///   name when there is no such name.
  public func resolve(_ argument: String) throws(Diagnostics) -> InputSource {
    if Self.isPath(argument) { return try read(argument, origin: .path, argument: argument) }
    let local = "\(directoryName)/\(argument).toml"
    if FileManager.default.fileExists(atPath: local) { return try read(local, origin: .workingDirectory, argument: argument) }
    return try shipped(argument)
  }

  /// The shipped copy named `name`, whatever the working directory holds.
  ///
  /// - Throws: ``Diagnostics`` naming the closest shipped name.
  func shipped(_ name: String) throws(Diagnostics) -> InputSource {
    guard let text = contents[name] else {
      let all = names
      let close = closestName(to: name, among: all, within: 4).map { "did you mean '\($0)'? " } ?? ""
      throw Diagnostics([Diagnostic(file: name, message: "no shipped \(what) named '\(name)'", hint: "\(close)shipped: \(all.joined(separator: ", ")); a path to a .toml file works too")])
    }
    return InputSource(argument: name, origin: .shipped, file: "\(directoryName)/\(name).toml", name: name, text: text, digest: ContentDigest.of(Array(text.utf8)))
  }

  private func read(_ path: String, origin: InputSource.Origin, argument: String) throws(Diagnostics) -> InputSource {
    let bytes = try InputFile.read(path, shown: path, limit: InputLimits.tomlFileBytes, what: "TOML input", hint: "check the path; shipped \(directoryName): \(names.joined(separator: ", "))")
    let text = try InputFile.text(bytes, shown: path)
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    return InputSource(argument: argument, origin: origin, file: path, name: name, text: text, digest: ContentDigest.of(bytes))
  }
}
