/// `refbits show` output: the bit diagram, then kinds, operations,
/// conditions, predicates, the initial state, claims and stated invariants.
public struct LayoutDescription: Sendable {
  /// The layout described.
  public var layout: Layout

  /// Creates the description of `layout`.
  public init(layout: Layout) {
    self.layout = layout
  }

  /// The description as `refbits show` prints it, before any wrapping.
  public func text() -> String {
    var out: [String] = ["\(layout.label): \(layout.title)", "source: \(layout.source)"]
    if !layout.description.isEmpty { out += ["", layout.description.trimmingCharacters(in: .whitespacesAndNewlines)] }
    if !layout.parameters.isEmpty {
      out += ["", "parameters (--set NAME=VALUE; refbits sweep):"]
      for p in layout.parameters {
        let at = p.isDefault ? "\(p.value) (default)" : "\(p.value) (set; default \(p.defaultValue))"
        out.append("  \(p.name) = \(at), range \(p.range.lowerBound)..\(p.range.upperBound)\(p.description.isEmpty ? "" : " - \(p.description)")")
      }
    }
    if !layout.constants.isEmpty {
      out += ["", "constants:"]
      for c in layout.constants {
        let text = c.description == c.value.description ? "" : "\(c.description) = "
        out.append("  \(c.name) = \(text)\(c.value) (\(c.value.hexDescription))")
      }
    }
    let diagram = BitDiagram(layout: layout)
    for (w, word) in layout.words.enumerated() {
      out += ["", "word \(word.name): \(word.bits) bits, \(word.signed ? "signed" : "unsigned")\(word.description.isEmpty ? "" : " - \(word.description)")"]
      out += diagram.render(word: w).split(separator: "\n").map { "  " + $0 }
      for f in layout.fields(ofWord: w).reversed() where layout.fields[f].name != word.name || !layout.fields[f].description.isEmpty {
        let field = layout.fields[f]
        out.append("  \(field.name): bits \(field.msb)..\(field.lsb) (\(field.bits) bits, \(field.signed ? "signed" : "unsigned"))\(field.description.isEmpty ? "" : " - \(field.description)")")
      }
    }
    out += ["", "kinds:"]
    for k in layout.kinds {
      out.append("  \(k.name)\(k.description.isEmpty ? "" : " - \(k.description)")")
      for d in Layout.Direction.allCases {
        let action = k.action(d)
        let name = d == .acquire ? (action.alias ?? k.name) : (action.alias ?? "-\(k.name)")
        out.append("    \(d.rawValue) (\(name)):")
        out += lines(action, indent: "      ")
      }
    }
    if !layout.operations.isEmpty {
      out += ["", "operations (no reference held):"]
      for o in layout.operations {
        let alias = o.action.alias.map { " (\($0))" } ?? ""
        out.append("  \(o.name)\(alias)\(o.description.isEmpty ? "" : " - \(o.description)")")
        out += lines(o.action, indent: "    ")
      }
    }
    if !layout.predicates.isEmpty {
      out += ["", "predicates:"]
      for p in layout.predicates {
        out.append("  \(p.name)\(p.role == .freed ? " (role: freed)" : ""): when \(p.when.text); means \(p.means.text)\(p.description.isEmpty ? "" : "   -- \(p.description)")")
      }
    }
    out += ["", "initial: held " + layout.initial.held.sorted { $0.key < $1.key }.map { "\(layout.kinds[$0.key].name)=\($0.value)" }.joined(separator: ", ")]
    if let fields = layout.initial.fields {
      out.append("  stored " + fields.sorted { $0.key < $1.key }.map { "\(layout.fields[$0.key].name)=\($0.value)" }.joined(separator: ", "))
    } else {
      out.append("  stored: built by acquiring the held references from all-zero fields")
    }
    if !layout.claims.isEmpty {
      out += ["", "claims:"]
      for c in layout.claims { out.append("  never \(c.text)\(c.judged == .always ? "" : " (judged \(c.judged))")\(c.description.isEmpty ? "" : "   -- \(c.description)")") }
    }
    if !layout.invariants.isEmpty {
      out += ["", "stated invariants (offered to the certificate checker, one zone a line):"]
      for (i, s) in layout.invariants.enumerated() {
        out.append("  [\(i + 1)]\(s.line.map { " line \($0)" } ?? "")   -- \(s.description)")
        for (j, z) in CertificateList.zoneLines(s.invariant, layout).enumerated() { out.append("         \(j == 0 ? "   " : "|| ")\(z)") }
      }
    }
    if !layout.scenarios.isEmpty {
      out += ["", "race scenarios (refbits races):"]
      for sc in layout.scenarios {
        out.append("  \(sc.name): " + sc.threads.map { "`\($0)`" }.joined(separator: " | ") + (sc.from.isEmpty ? "" : ", from `\(sc.from)`") + (sc.order.isEmpty ? "" : ", order \(sc.order.joined(separator: ", "))") + (sc.description.isEmpty ? "" : "   -- \(sc.description)"))
      }
    }
    return out.joined(separator: "\n")
  }

  /// An action's conditions, effects and fixups, one per line; for an action
  /// with steps, the steps first, then the atomic meaning derived from them.
  func lines(_ action: Layout.Action, indent: String) -> [String] {
    var out: [String] = []
    if let steps = action.steps {
      out.append("\(indent)steps (each atomic; locals: \(steps.locals.isEmpty ? "none" : steps.locals.joined(separator: ", "))):")
      let width = steps.steps.map { "[\($0.label ?? "")] \($0.text)\($0.commits ? " (commit)" : "")".count }.max() ?? 0
      for (i, st) in steps.steps.enumerated() {
        let head = "[\(st.label ?? "\(i + 1)")] \(st.text)\(st.commits ? " (commit)" : "")"
        out.append("\(indent)  \(st.description.isEmpty ? head : head.padding(width + 2) + "-- \(st.description)")")
      }
      out.append("\(indent)atomic meaning (the steps run alone; what analyze and fuzz step):")
      out += atomicLines(action, indent: indent + "  ")
      return out
    }
    return atomicLines(action, indent: indent)
  }

  func atomicLines(_ action: Layout.Action, indent: String) -> [String] {
    var out: [String] = []
    if let r = action.refuse { out.append("\(indent)refuse if \(r.text)\(r.description.isEmpty ? "" : "   -- \(r.description)")") }
    out.append("\(indent)effects: \(action.effects.isEmpty ? "none" : action.effects.map(\.text).joined(separator: "; "))")
    if let t = action.trap { out.append("\(indent)trap if \(t.text)\(t.description.isEmpty ? "" : "   -- \(t.description)")") }
    for f in action.fixups {
      out.append("\(indent)fixup if \(f.when.text): \(f.effects.isEmpty ? "no change" : f.effects.map(\.text).joined(separator: "; ")) => \(f.outcome.rawValue)\(f.description.isEmpty ? "" : "   -- \(f.description)")")
    }
    return out
  }
}
