/// "Did you mean" for names the command line takes (subcommands, layouts,
/// workloads, attacker profiles), by the one rule every message of the
/// library follows: the nearest name by edit distance, within a third of the
/// name's length (at least 2), never one that negates it
/// (`privileged` is not suggested for `unprivileged`).
public enum NameSuggestion {
  /// The closest of `candidates` to `name`, or nil when none is close enough.
  public static func closest(to name: String, among candidates: [String]) -> String? {
    closestName(to: name, among: candidates, within: max(2, name.count / 3))
  }
}
