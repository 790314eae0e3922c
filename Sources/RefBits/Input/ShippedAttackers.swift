import Foundation

/// The attacker profiles that ship with RefBits (`attackers/`).
public enum ShippedAttackers {
  /// The names of the shipped profiles, sorted (`unprivileged-linux`, ...).
  public static var names: [String] { BundledFiles.attackers.names }

  /// Resolves a command-line profile argument (``BundledFiles/resolve(_:)``).
  public static func resolve(_ argument: String) throws(Diagnostics) -> AttackerProfile {
    try resolveWithDigest(argument).value
  }

  /// ``resolve(_:)``, with the file it used and its digest.
  public static func resolveWithDigest(_ argument: String) throws(Diagnostics) -> ResolvedInput<AttackerProfile> {
    let source = try BundledFiles.attackers.resolve(argument)
    return ResolvedInput(try AttackerProfile.parse(toml: source.text, name: source.name, file: source.file), source: source)
  }
}
