import Foundation

/// The attacker profiles that ship with RefBits (`attackers/`).
public enum ShippedAttackers {
  public static var names: [String] { BundledFiles.attackers.names }

  /// A path, or the name of a shipped profile.
  public static func resolve(_ argument: String) throws(Diagnostics) -> AttackerProfile {
    let (path, shown) = try BundledFiles.attackers.locate(argument)
    return try AttackerProfile.load(contentsOf: path, displayName: shown)
  }
}
