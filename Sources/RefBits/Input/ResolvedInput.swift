import Foundation

/// A layout, workload or attacker profile named on the command line, with
/// the file it came from and that file's digest.
public struct ResolvedInput<Value: Sendable>: Sendable {
  /// The parsed layout, workload or profile.
  public var value: Value
  /// As given (a shipped name or a path).
  public var argument: String
  /// The file used, as shown (``InputSource/file``).
  var path: String
  /// The digest of the file's content (`fnv1a64:` and 16 hex digits, line
  /// endings normalized), so that output says which contents it describes.
  public var digest: String
  /// Where the file came from; nil when built by hand.
  public var source: InputSource.Origin? = nil

  /// Creates a resolved input; `source` is nil when the value was built by hand.
  init(value: Value, argument: String, path: String, digest: String, source: InputSource.Origin? = nil) {
    self.value = value
    self.argument = argument
    self.path = path
    self.digest = digest
    self.source = source
  }

  /// `value` read from `source`, with its file's digest.
  init(_ value: Value, source: InputSource, digest: String? = nil) {
    self.init(value: value, argument: source.argument, path: source.file, digest: digest ?? source.digest, source: source.origin)
  }

  /// The file and digest, and where a name was found (see
  /// ``InputSource/provenance``).
  public var provenance: String { (source ?? .path).provenance(file: path, digest: digest) }
}

extension ShippedLayouts {
  /// Resolves a layout argument (``BundledFiles/resolve(_:)``) at the given
  /// parameter values; a layout read away from its parameters' defaults
  /// gets the digest of its point (``ContentDigest/ofPoint(_:of:)``), so
  /// that a witness or a shard names the point it was computed at.
  public static func resolveWithDigest(_ argument: String, parameters: [String: BigInt] = [:]) throws(Diagnostics) -> ResolvedInput<Layout> {
    let source = try BundledFiles.layouts.resolve(argument)
    let layout = try Layout.parse(toml: source.text, name: source.name, file: source.file, parameters: parameters)
    return ResolvedInput(layout, source: source, digest: ContentDigest.ofPoint(layout, of: source.digest))
  }
}

extension ShippedWorkloads {
  /// Resolves a workload argument (``BundledFiles/resolve(_:)``) with its
  /// file's digest.
  public static func resolveWithDigest(_ argument: String) throws(Diagnostics) -> ResolvedInput<Workload> {
    let source = try BundledFiles.workloads.resolve(argument)
    return ResolvedInput(try Workload.parse(toml: source.text, name: source.name, file: source.file), source: source)
  }
}
