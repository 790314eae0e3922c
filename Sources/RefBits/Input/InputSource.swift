import Foundation

/// The file a command-line argument resolved to, read: its text, how it is
/// shown, where it came from and its digest.
///
/// Every input named on the command line (a layout, workload, attacker
/// profile or sweep) is resolved by ``BundledFiles/resolve(_:)``, one rule
/// for every command, and every output names the file it used with
/// ``provenance``.
public struct InputSource: Sendable, Hashable {
  /// Where the text was read.
  public enum Origin: Sendable, Hashable {
    /// A path given on the command line (or a file named in a sweep).
    case path
    /// A bare name found as `DIRECTORY/NAME.toml` in the working directory.
    case workingDirectory
    /// A bare name not found there: the copy compiled into the tool.
    case shipped

    /// `file (digest)`, saying where a name was found.
    public func provenance(file: String, digest: String) -> String {
      switch self {
      case .path: "\(file) (\(digest))"
      case .workingDirectory: "\(file) (working directory, \(digest))"
      case .shipped: "\(file) (shipped copy, \(digest))"
      }
    }
  }

  /// As given (a name or a path).
  public var argument: String
  var origin: Origin
  /// How diagnostics and outputs name the file: the path as given, or
  /// `DIRECTORY/NAME.toml` for a name.
  var file: String
  /// The file's base name, without `.toml`: the input's name.
  public var name: String
  /// The file's text (UTF-8, at most ``InputLimits/tomlFileBytes`` bytes).
  public var text: String
  /// ``ContentDigest`` of the text.
  public var digest: String

  /// The file on disk, or nil for the copy compiled into the tool.
  var path: String? { origin == .shipped ? nil : file }

  /// The file and digest, saying where a name was found:
  /// `layouts/linux-gup-bias.toml (./, fnv1a64:…)`,
  /// `layouts/linux-gup-bias.toml (shipped, fnv1a64:…)`, or a path and its
  /// digest.
  public var provenance: String { origin.provenance(file: file, digest: digest) }
}
