extension CheckerSemantics {
  /// Whether a state satisfies an invariant, as a boolean term.
  ///
  /// - Parameter assumed: the invariant is assumed, not concluded: a
  ///   congruence `form == r (mod m)` is then stated as `form - r == m * k`
  ///   for a fresh `k`, linear, instead of with `mod`.
  func satisfies(_ invariant: Invariant, _ s: SymbolicState, assumed: Bool = false) throws(Unsupported) -> Term {
    var zones: [Term] = []
    for zone in invariant.zones {
      var constraints: [Term] = []
      for c in zone.constraints {
        var terms: [Term] = []
        for t in c.form.terms { terms.append(z.product(z.numeral(t.coefficient), try atom(t.atom, s))) }
        let form = z.sum(terms)
        switch c.relation {
        case .within(let lower, let upper):
          if let lower { constraints.append(z.lessOrEqual(number(lower), form)) }
          if let upper { constraints.append(z.lessOrEqual(form, number(upper))) }
        case .congruent(let residue, let modulus):
          if modulus.isZero {
            constraints.append(z.equal(form, number(residue)))
          } else {
            let offset = z.difference(form, number(residue))
            if assumed {
              constraints.append(z.equal(offset, z.product(z.numeral(modulus.magnitude), z.integer("k"))))
            } else {
              constraints.append(z.equal(z.mod(offset, z.numeral(modulus.magnitude)), z.numeral(0)))
            }
          }
        }
      }
      zones.append(z.and(constraints))
    }
    return z.or(zones)
  }

  /// A bound or residue of an invariant: its symbol when it is a
  /// placeholder, else the number.
  private func number(_ v: BigInt) -> Term { placeholders[v] ?? z.numeral(v) }

  private func atom(_ a: Invariant.Atom, _ s: SymbolicState) throws(Unsupported) -> Term {
    switch a {
    case .field(let f, let r):
      guard f >= 0, f < layout.fields.count else { throw Unsupported(message: "the invariant reads field #\(f); the layout has \(layout.fields.count)") }
      return reading(f, r, in: s.pieces)
    case .bits(let w, let lsb, let count):
      guard w >= 0, w < layout.words.count, lsb >= 0, count >= 1, lsb + count <= layout.words[w].bits else {
        throw Unsupported(message: "the invariant reads bits that are not in the layout's words")
      }
      return bits(s.pieces, word: w, lsb: lsb, count: count)
    case .held(let k):
      guard k >= 0, k < s.held.count else { throw Unsupported(message: "the invariant reads kind #\(k); the layout has \(s.held.count)") }
      return s.held[k]
    case .total: return z.sum(s.held)
    }
  }
}
