import Foundation

public struct AttackRenderer: ResultRenderer, Sendable {
  public var attacks: [Attack]

  public init(_ attacks: [Attack]) {
    self.attacks = attacks
  }

  /// The sentence a security reviewer reads.
  public static func verdict(_ r: Attack.Result, profile: AttackerProfile) -> String {
    guard let seq = r.sequence else {
      return r.impossible ? "impossible: no condition of the layout produces it" : "not reachable in the searched class"
    }
    let ops = AnalysisRenderer.number(seq.operations)
    let binding = r.costs.first { $0.resource == r.binding }
    let needs = binding.map { "\(Quantity.format($0.total, $0.unit)) of \($0.resource)" }
    let est = r.estimate ? " (rests on estimates)" : ""
    if r.fits {
      let share = binding.map { String(format: ", %.3g%% of its %@ budget", $0.fraction * 100, $0.resource) } ?? ""
      return "reachable in \(ops) operations, \(Quantity.duration(r.seconds))\(share)\(est)"
    }
    let budget = binding.flatMap { b in b.budget.map { Quantity.format($0, b.unit) } }
    return "needs \(needs ?? "\(ops) operations")\(budget.map { " (budget \($0))" } ?? ""): beyond the \(profile.name) limits\(est)"
  }

  public func text() -> String {
    attacks.map { a in
      var out = ["\(a.layout.label) attacked by \(a.profile.name): \(a.profile.title)", ""]
      if !a.outOfReach.isEmpty { out.append("out of the attacker's reach: \(a.outOfReach.joined(separator: ", "))") }
      for name in a.layout.kinds.map(\.name) + a.layout.operations.map(\.name) {
        guard let r = a.profile.routes[name] else { continue }
        out.append("  \(name): \(r.via) (\(r.rate)/s\(r.estimate ? ", estimate" : ""))")
      }
      out.append("")
      let gw = a.results.map(\.goal.description.count).max() ?? 0
      for r in a.results {
        out.append("\(r.goal.description.padding(toLength: gw, withPad: " ", startingAt: 0))  \(Self.verdict(r, profile: a.profile))")
        if let seq = r.sequence {
          out.append("\(String(repeating: " ", count: gw))    after \(seq)")
          let used = r.costs.filter { !$0.total.isZero }
          if !used.isEmpty {
            out.append("\(String(repeating: " ", count: gw))    uses " + used.map { c in
              let total = c.unit == .seconds ? Quantity.duration(r.seconds) : Quantity.format(c.total, c.unit)
              return "\(c.resource) \(total)" + (c.budget.map { " of \(Quantity.format($0, c.unit))" } ?? "")
            }.joined(separator: ", "))
          }
        }
      }
      out += ["", "searched: \(a.searchClass)"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  public func markdown() -> String {
    attacks.map { a in
      var out = ["## \(a.layout.label) vs `\(a.profile.name)`", "", "| goal | verdict | sequence | fits |", "|---|---|---|---|"]
      for r in a.results {
        out.append("| `\(r.goal)` | \(Self.verdict(r, profile: a.profile)) | \(r.sequence.map { "`\($0)`" } ?? "") | \(r.sequence == nil ? "" : (r.fits ? "yes" : "no")) |")
      }
      if !a.outOfReach.isEmpty { out += ["", "Out of the attacker's reach: \(a.outOfReach.map { "`\($0)`" }.joined(separator: ", "))."] }
      out += ["", "_Searched: \(a.searchClass)._"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n") + "\n"
  }

  public func json() -> String {
    JSONOutput.encode(attacks.map(AttackDocument.init))
  }
}
