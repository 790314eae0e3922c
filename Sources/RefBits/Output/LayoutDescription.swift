/// `refbits show` output: the bit diagram, then kinds, conditions,
/// predicates, the initial state and claims.
public struct LayoutDescription: Sendable {
  public var layout: Layout

  public init(layout: Layout) {
    self.layout = layout
  }

  public func text() -> String {
    var out: [String] = ["\(layout.name): \(layout.title)", "source: \(layout.source)"]
    if !layout.description.isEmpty { out += ["", layout.description.trimmingCharacters(in: .whitespacesAndNewlines)] }
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
        let op = k.operation(d)
        let name = d == .acquire ? (op.alias ?? k.name) : (op.alias ?? "-\(k.name)")
        out.append("    \(d.rawValue) (\(name)):")
        if let r = op.refuse { out.append("      refuse if \(r.text)\(r.description.isEmpty ? "" : "   -- \(r.description)")") }
        out.append("      effects: \(op.effects.isEmpty ? "none" : op.effects.map(\.text).joined(separator: "; "))")
        if let t = op.trap { out.append("      trap if \(t.text)\(t.description.isEmpty ? "" : "   -- \(t.description)")") }
        for f in op.fixups {
          out.append("      fixup if \(f.when.text): \(f.effects.isEmpty ? "no change" : f.effects.map(\.text).joined(separator: "; ")) => \(f.outcome.rawValue)\(f.description.isEmpty ? "" : "   -- \(f.description)")")
        }
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
      for c in layout.claims { out.append("  never \(c.text)\(c.description.isEmpty ? "" : "   -- \(c.description)")") }
    }
    return out.joined(separator: "\n")
  }
}
