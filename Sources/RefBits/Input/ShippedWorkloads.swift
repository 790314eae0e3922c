import Foundation

/// The workloads that ship with RefBits (the repository's `workloads/`).
public enum ShippedWorkloads {
  /// Names of the shipped workloads, sorted.
  public static var names: [String] { BundledFiles.workloads.names }

  /// Resolves a command-line workload argument (``BundledFiles/resolve(_:)``).
  public static func resolve(_ argument: String) throws(Diagnostics) -> Workload {
    try resolveWithDigest(argument).value
  }
}
