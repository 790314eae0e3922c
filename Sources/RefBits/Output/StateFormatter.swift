/// How a state reads to a person: words in hex and binary, fields decoded
/// next to their ideal values, the truth, and every predicate.
struct StateFormatter: Sendable {
  var machine: Machine

  init(machine: Machine) {
    self.machine = machine
  }

  var layout: Layout { machine.layout }

  /// `0x00000400`: the word's raw bits, zero-padded to its width.
  func hex(_ value: UInt128, bits: Int) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, (bits + 3) / 4 - digits.count)) + digits
  }

  /// The word's bits, highest first, with `|` between fields (and gaps).
  func binary(word w: Int, in words: [UInt128]) -> String {
    let diagram = BitDiagram(layout: layout)
    return diagram.cells(ofWord: w).map { (_, msb, lsb) in
      (lsb...msb).reversed().map { (words[w] >> $0) & 1 == 1 ? "1" : "0" }.joined()
    }.joined(separator: "|")
  }

  /// Lines describing a state.
  func lines(_ state: State) -> [String] {
    var out: [String] = []
    for (w, word) in layout.words.enumerated() {
      out.append("\(word.name) = \(hex(state.words[w], bits: word.bits))  \(binary(word: w, in: state.words))")
    }
    var fieldParts: [String] = []
    for (f, field) in layout.fields.enumerated() {
      let v = machine.reading(f, in: state.words)
      let ideal = state.truth.ideal[f]
      fieldParts.append(v == ideal ? "\(field.name)=\(v)" : "\(field.name)=\(v) (ideal \(ideal))")
    }
    out.append("fields: " + fieldParts.joined(separator: "  "))
    var truth = layout.kinds.enumerated().map { "\($1.name)=\(state.truth.held[$0])" }
    truth.append("total=\(state.truth.total)")
    let actors = state.truth.byActor.keys.sorted()
    if actors.count > 1 || actors.first.map({ $0 != 0 }) == true {
      truth.append("actors: " + actors.map { a in
        "\(a):{" + layout.kinds.indices.compactMap { k in
          let n = state.truth.held(k, by: a)
          return n.isZero ? nil : "\(layout.kinds[k].name)=\(n)"
        }.joined(separator: ",") + "}"
      }.joined(separator: " "))
    }
    out.append("truth:  " + truth.joined(separator: "  "))
    if !layout.predicates.isEmpty {
      let lies = machine.lies(on: state)
      out.append("predicates: " + layout.predicates.indices.map { p in
        let (w, _) = machine.predicate(p, on: state)
        let name = layout.predicates[p].name
        switch lies[p] {
        case .none: return "\(name)=\(w)"
        case .falsePositive: return "\(name)=\(w) LIES (\(layout.predicates[p].role == .freed ? "premature free" : "false positive"))"
        case .falseNegative: return "\(name)=\(w) LIES (\(layout.predicates[p].role == .freed ? "leak" : "false negative"))"
        }
      }.joined(separator: "  "))
    }
    return out
  }
}
