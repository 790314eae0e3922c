import Foundation

/// A layout or workload named on the command line, with the file it came
/// from and that file's digest.
public struct ResolvedInput<Value: Sendable>: Sendable {
  public var value: Value
  /// As given (a shipped name or a path).
  public var argument: String
  public var path: String
  public var digest: String
}

extension ShippedLayouts {
  /// Resolves a layout argument like ``resolve(_:parameters:)`` and digests
  /// its file; a layout read away from its parameters' defaults gets the
  /// digest of its point (``ContentDigest/ofPoint(_:of:)``), so that a
  /// witness or a shard names the point it was computed at.
  public static func resolveWithDigest(_ argument: String, parameters: [String: BigInt] = [:]) throws(Diagnostics) -> ResolvedInput<Layout> {
    let layout = try resolve(argument, parameters: parameters)
    let path = try BundledFiles.layouts.locate(argument).path
    guard let digest = ContentDigest.ofFile(path) else {
      throw Diagnostics([Diagnostic(file: argument, message: "cannot read the file")])
    }
    return ResolvedInput(value: layout, argument: argument, path: path, digest: ContentDigest.ofPoint(layout, of: digest))
  }
}

extension ShippedWorkloads {
  /// Resolves a workload argument like ``resolve(_:)`` and digests its file.
  public static func resolveWithDigest(_ argument: String) throws(Diagnostics) -> ResolvedInput<Workload> {
    let workload = try resolve(argument)
    let path = try BundledFiles.workloads.locate(argument).path
    guard let digest = ContentDigest.ofFile(path) else {
      throw Diagnostics([Diagnostic(file: argument, message: "cannot read the file")])
    }
    return ResolvedInput(value: workload, argument: argument, path: path, digest: digest)
  }
}
