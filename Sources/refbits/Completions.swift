import ArgumentParser
import Foundation
import RefBits

/// Shell completions for the names the command line takes: shipped layout,
/// workload, attacker profile and sweep names, and `.toml` files (or
/// directories on the way to one) under the word typed so far
/// (`refbits --generate-completion-script bash|zsh|fish`).
enum Completions {
  static let layouts = CompletionKind.custom { _, _, prefix in candidates(ShippedLayouts.names, prefix: prefix, extensions: ["toml"]) }
  static let workloads = CompletionKind.custom { _, _, prefix in candidates(ShippedWorkloads.names, prefix: prefix, extensions: ["toml"]) }
  static let attackers = CompletionKind.custom { _, _, prefix in candidates(ShippedAttackers.names, prefix: prefix, extensions: ["toml"]) }
  static let sweeps = CompletionKind.custom { _, _, prefix in candidates(ShippedSweeps.names, prefix: prefix, extensions: ["toml"]) }

  /// The names starting with `prefix`, then the files with one of
  /// `extensions` and the directories whose path starts with it.
  static func candidates(_ names: [String], prefix: String, extensions: [String]) -> [String] {
    var out = names.filter { $0.hasPrefix(prefix) }
    let slash = prefix.lastIndex(of: "/")
    let directory = slash.map { String(prefix[...$0]) } ?? ""
    let fm = FileManager.default
    let entries = (try? fm.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
    for name in entries.sorted() where !name.hasPrefix(".") || prefix.hasPrefix(directory + ".") {
      let path = directory + name
      guard path.hasPrefix(prefix) else { continue }
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        out.append(path + "/")
      } else if extensions.contains(where: { name.hasSuffix("." + $0) }) {
        out.append(path)
      }
    }
    return out
  }
}
