import Foundation

/// Where `refbits report` reads its layouts, workloads and attacker profiles.
///
/// Run from a clone, a shipped name resolves to the repository's file
/// (`layouts/NAME.toml`), so that the reports follow an edited layout file
/// (and `report --check` notices it) and the witnesses name a path that
/// `refbits replay` finds from the clone's root. Elsewhere it is the copy
/// compiled into the tool (``BundledFiles/resolve(_:)``).
public enum ReportInputs {
  /// The argument to resolve for `name` given on the command line: a path as
  /// is; a bare name as `DIRECTORY/NAME.toml` when that file exists relative
  /// to the current directory.
  public static func argument(_ name: String, directory: String) -> String {
    if name.contains("/") || name.hasSuffix(".toml") { return name }
    let path = "\(directory)/\(name).toml"
    return FileManager.default.fileExists(atPath: path) ? path : name
  }

  /// Layouts: the named ones, or every shipped layout, read at the given
  /// parameter values.
  public static func layouts(_ names: [String], parameters: [String: BigInt] = [:]) throws(Diagnostics) -> [ResolvedInput<Layout>] {
    var out: [ResolvedInput<Layout>] = []
    for n in names.isEmpty ? ShippedLayouts.names : names {
      out.append(try ShippedLayouts.resolveWithDigest(argument(n, directory: "layouts"), parameters: parameters))
    }
    return out
  }

  /// Workloads: the named ones, each read from the clone as above.
  public static func workloads(_ names: [String]) throws(Diagnostics) -> [ResolvedInput<Workload>] {
    var out: [ResolvedInput<Workload>] = []
    for n in names { out.append(try ShippedWorkloads.resolveWithDigest(argument(n, directory: "workloads"))) }
    return out
  }

  /// Sweeps: the named ones, each with its layout and attacker read from
  /// the clone as above.
  public static func sweeps(_ names: [String]) throws(Diagnostics) -> [Sweep] {
    var out: [Sweep] = []
    for n in names {
      var spec = try ShippedSweeps.resolve(argument(n, directory: "sweeps"))
      spec.layout = argument(spec.layout, directory: "layouts")
      spec.attacker = spec.attacker.map { argument($0, directory: "attackers") }
      out.append(try Sweep.resolving(spec))
    }
    return out
  }

  /// Attacker profiles: the named ones, each read from the clone as above.
  public static func attackers(_ names: [String]) throws(Diagnostics) -> [AttackerProfile] {
    var out: [AttackerProfile] = []
    for n in names { out.append(try ShippedAttackers.resolve(argument(n, directory: "attackers"))) }
    return out
  }
}
