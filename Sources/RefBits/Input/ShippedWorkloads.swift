import Foundation

/// The workloads that ship with RefBits (the repository's `workloads/`).
public enum ShippedWorkloads {
  /// Names of the shipped workloads, sorted.
  public static var names: [String] { BundledFiles.workloads.names }

  /// The path of a shipped workload file.
  public static func path(named name: String) -> String? { BundledFiles.workloads.path(named: name) }

  /// Resolves a command-line workload argument: a path, or the name of a
  /// shipped workload.
  public static func resolve(_ argument: String) throws(Diagnostics) -> Workload {
    let (path, shown) = try BundledFiles.workloads.locate(argument)
    return try Workload.load(contentsOf: path, displayName: shown)
  }
}
