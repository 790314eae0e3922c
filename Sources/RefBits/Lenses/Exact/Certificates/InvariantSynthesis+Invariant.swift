extension InvariantSynthesis {
  /// The zones as an ``Invariant``: field bounds in the field's own reading
  /// where the zone keeps to one side of its sign bit, the forms in the same
  /// readings, and held bounds only where the rest does not already imply
  /// them.
  func invariant(_ zones: [AbstractZone]) -> Invariant {
    Invariant(zones: zones.map(zone))
  }

  /// How a cell is written: its field (in the field's declared reading,
  /// which is the cell's value), or its raw bits.
  private func atom(_ c: Int) -> Invariant.Atom {
    let cell = geometry.cells[c]
    guard let f = cell.field else { return .bits(word: cell.word, lsb: cell.lsb, count: cell.bits) }
    return .field(f, .declared)
  }

  private func zone(_ z: AbstractZone) -> Invariant.Zone {
    typealias C = Invariant.Constraint
    var out: [C] = []
    for (c, span) in z.box.cells.enumerated() {
      let cell = geometry.cells[c]
      guard span.lo > cell.minimum || span.hi! < cell.maximum else { continue }
      let form = Invariant.LinearForm(atom(c))
      if span.isSingleton {
        out.append(C(form, .congruent(residue: span.lo, modulus: 0)))
      } else {
        out.append(C(form, .within(lower: span.lo > cell.minimum ? span.lo : nil, upper: span.hi! < cell.maximum ? span.hi! : nil)))
      }
    }
    // What was written of each form (the held bounds below may lean on it).
    var printed: [Int: FormValue] = [:]
    for (i, f) in transfer.forms.enumerated() {
      guard let v = z.forms[i] else { continue }
      let vars = f.variables
      // Nothing a bound does not already say.
      if vars.count < 2 || vars.allSatisfy({ z.box[$0.0].isSingleton }) { continue }
      var terms: [Invariant.LinearForm.Term] = []
      for (c, a) in f.cells.enumerated() where !a.isZero { terms.append(.init(a, atom(c))) }
      let held = f.held
      if geometry.kinds > 1, let b = held.first, !b.isZero, held.allSatisfy({ $0 == b }) {
        terms.append(.init(b, .total))
      } else {
        for (k, b) in held.enumerated() where !b.isZero { terms.append(.init(b, .held(k))) }
      }
      let form = Invariant.LinearForm(terms)
      if v.isExact {
        out.append(C(form, .congruent(residue: v.residue, modulus: 0)))
        printed[i] = v
        continue
      }
      if v.hasClass { out.append(C(form, .congruent(residue: v.residue, modulus: v.modulus))) }
      // Bounds the cells' own bounds do not already give.
      let implied = vars.reduce(Bounds(0)) { $0 + Bounds(z.box[$1.0]).scaled($1.1) }
      let lo = v.lo.flatMap { l in implied.lo.map { $0 >= l } == true ? nil : l }
      let hi = v.hi.flatMap { h in implied.hi.map { $0 <= h } == true ? nil : h }
      if lo != nil || hi != nil { out.append(C(form, .within(lower: lo, upper: hi))) }
      printed[i] = FormValue(residue: v.residue, modulus: v.modulus, lo: lo, hi: hi)
    }
    // Held bounds the rest implies (by the same propagation) are left out.
    var loose = z
    for k in loose.box.held.indices { loose.box.held[k] = Span(lo: 0, hi: nil) }
    for i in loose.forms.indices { loose.forms[i] = printed[i] }
    _ = transfer.normalize(&loose.box, &loose.forms)
    for (k, span) in z.box.held.enumerated() where span != loose.box.held[k] && (span.lo > 0 || span.hi != nil) {
      out.append(C(Invariant.LinearForm(.held(k)), span.isSingleton ? .congruent(residue: span.lo, modulus: 0) : .within(lower: span.lo > 0 ? span.lo : nil, upper: span.hi)))
    }
    return Invariant.Zone(constraints: out)
  }
}
