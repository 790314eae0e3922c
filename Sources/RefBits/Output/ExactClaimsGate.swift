/// `refbits analyze --check`: the exact lens as a claims gate (the fuzz
/// lens has its own, for `refbits fuzz --check`). A claim fails
/// when a sequence breaks it (printed with the command that replays it), and
/// with `strict`, when it is unknown (neither broken nor proved).
public struct ExactClaimsGate: Sendable {
  /// Whether an unknown claim fails the gate too, not only a broken one.
  var strict: Bool

  /// Creates a gate; `strict` fails unknown claims as well as broken ones.
  public init(strict: Bool) {
    self.strict = strict
  }

  /// One message per failing claim; empty when the gate passes.
  ///
  /// - Parameter argument: the layout as the command line named it, for the
  ///   replay command.
  public func failures(_ a: Analysis, argument: String) -> [String] {
    a.claims.compactMap { c in
      switch c.verdict {
      case .reachable(let r):
        return """
          claim broken: \(a.layout.name): \(c.claim)
            witness (\(AnalysisRenderer.number(r.sequence.operations)) operations, \(r.lengthText)): \(r.sequence)
            replay: refbits trace \(argument) "\(r.sequence)"
          """
      case .unknown(let u) where strict:
        return """
          claim unknown: \(a.layout.name): \(c.claim)
            \(u.reason)
          """
      default:
        return nil
      }
    }
  }
}
