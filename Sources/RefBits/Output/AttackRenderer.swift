import Foundation

/// Renders attacks as text, markdown or JSON (`refbits attack`).
public struct AttackRenderer: ResultRenderer, Sendable {
  /// The attacks, one per layout, in output order.
  var attacks: [Attack]

  /// Creates a renderer of `attacks`.
  public init(_ attacks: [Attack]) {
    self.attacks = attacks
  }

  /// The sentence a security reviewer reads.
  static func verdict(_ r: Attack.Result, profile: AttackerProfile) -> String {
    guard let seq = r.sequence else {
      switch r.verdict {
      case .impossible: return "impossible"
      case .unknown(let u): return "unknown" + (u.atLeast.map { ": no sequence of fewer than \(AnalysisRenderer.number($0)) operations reaches it" } ?? "")
      case .reachable: return ""
      }
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

  /// Each goal's cheapest sequence, its cost and whether it fits the budget.
  public func text() -> String {
    attacks.map { a in
      var out = ["\(a.layout.label) attacked by \(a.profile.name): \(a.profile.title)", ""]
      if !a.outOfReach.isEmpty { out.append("out of the attacker's reach: \(a.outOfReach.joined(separator: ", "))") }
      for m in a.mapping {
        guard let r = a.profile.routes[m.name] else { continue }
        out.append("  \(m.name) <- ops.\(m.route)\(m.declared ? "" : " (by name only)"): \(r.via) (\(r.rate)/s\(r.estimate ? ", estimate" : ""))")
      }
      out.append("")
      let gw = a.results.map(\.goal.description.count).max() ?? 0
      var certificates = CertificateList()
      for r in a.results {
        out.append("\(r.goal.description.padding(toLength: gw, withPad: " ", startingAt: 0))  \(Self.verdict(r, profile: a.profile))\(certificates.reference(r.verdict, row: r.goal.description))")
        if let why = r.verdict.reason { out.append("\(String(repeating: " ", count: gw))    \(why)") }
        if let seq = r.sequence {
          out.append("\(String(repeating: " ", count: gw))    after \(seq) (cheapest found)")
          let used = r.costs.filter { !$0.total.isZero }
          if !used.isEmpty {
            out.append("\(String(repeating: " ", count: gw))    uses " + used.map { c in
              let total = c.unit == .seconds ? Quantity.duration(r.seconds) : Quantity.format(c.total, c.unit)
              return "\(c.resource) \(total)" + (c.budget.map { " of \(Quantity.format($0, c.unit))" } ?? "")
            }.joined(separator: ", "))
          }
        }
      }
      out += certificates.text(a.layout, all: a.operations)
      out += ["", "searched: \(a.searchClass)"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  /// The routes used, one sentence: `ref` by `ops.ref`, `map` by `ops.map`
  /// (by name only), and the warnings.
  static func mappingMarkdown(_ a: Attack) -> String {
    let routes = a.mapping.map { "\(Markdown.code($0.name)) by \(Markdown.code("ops." + $0.route))\($0.declared ? "" : " (**by name only**)")" }
    var s = routes.isEmpty ? "No route of the profile applies." : "Routes: " + routes.joined(separator: ", ") + "."
    for w in a.warnings { s += " **Warning**: \(Markdown.text(w.message))." }
    return s
  }

  /// The same as ``text()`` as markdown tables, for reports.
  public func markdown() -> String {
    attacks.map { a in
      var out = ["## \(Markdown.text(a.layout.label)) vs \(Markdown.code(a.profile.name))", "", "| goal | verdict | sequence | fits |", "|---|---|---|---|"]
      var certificates = CertificateList()
      for r in a.results {
        let reason = r.verdict.reason.map { "<br>" + AnalysisRenderer.escaped($0) } ?? ""
        out.append("| `\(r.goal)` | \(Self.verdict(r, profile: a.profile))\(certificates.reference(r.verdict, row: r.goal.description))\(reason) | \(r.sequence.map { "`\($0)`" } ?? "") | \(r.sequence == nil ? "" : (r.fits ? "yes" : "no")) |")
      }
      out += certificates.markdown(a.layout, all: a.operations)
      if !a.outOfReach.isEmpty { out += ["", "Out of the attacker's reach: \(a.outOfReach.map { "`\($0)`" }.joined(separator: ", "))."] }
      out += ["", Self.mappingMarkdown(a)]
      out += ["", "_Searched: \(Markdown.text(a.searchClass))._"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n") + "\n"
  }

  /// An array of attacks (schema: docs/schema/attack.schema.json).
  public func json() -> String {
    JSONOutput.encode(attacks.map(AttackDocument.init))
  }
}

extension Attack {
  /// The operations every certificate of the attack covers.
  var operations: [Op] {
    layout.kinds.indices.flatMap { k -> [Op] in
      guard let route = profile.routes[layout.kinds[k].name] else { return [] }
      return [Op(kind: k, direction: .acquire, actor: Self.attacker)] + (route.release ? [Op(kind: k, direction: .release, actor: Self.attacker)] : [])
    }
  }
}
