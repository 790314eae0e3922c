extension CertificateChecker {
  /// The checker's step on one concrete state, evaluated by Z3: the words and
  /// held counts after it and the outcomes it produces, or nil when the
  /// operation is not enabled there (a release of a kind not held).
  ///
  /// For the tests that hold the checker's semantics and `Machine.step` to
  /// the same answers; the checker itself only reasons symbolically.
  ///
  /// - Parameter z: the context to build terms in (one per batch of steps).
  func concreteStep(words: [BigInt], held: [BigInt], action: Op.Action, in z: Z3Context) throws -> (words: [BigInt], held: [BigInt], outcomes: Set<Outcome>)? {
    let semantics = CheckerSemantics(z: z, layout: layout)
    let values = semantics.pieces.map { p in (words[p.word] >> p.lsb) & (BigInt.power(of2: p.width) - 1) }
    let s = CheckerSemantics.SymbolicState(pieces: values.map(z.numeral), held: held.map(z.numeral))
    let st = try semantics.step(s, action)
    func truth(_ t: Z3Context.Term) -> Bool { z.constantValue(z.ite(t, z.numeral(1), z.numeral(0))) == 1 }
    guard truth(st.enabled) else { return nil }
    var outcomes: Set<Outcome> = []
    if truth(st.refused) { outcomes.insert(.refused(kind: layout.kindOrOperationName(action))) }
    if truth(st.trapped) { outcomes.insert(.trapped) }
    if truth(st.saturated) { outcomes.insert(.saturated) }
    if truth(st.spilled) { outcomes.insert(.spilled) }
    for (name, t) in st.overflow where truth(t) { outcomes.insert(.fieldOverflow(field: name)) }
    for (name, t) in st.falsePositive where truth(t) { outcomes.insert(.falsePositive(predicate: name)) }
    for (name, t) in st.falseNegative where truth(t) { outcomes.insert(.falseNegative(predicate: name)) }
    if truth(st.prematureFree) { outcomes.insert(.prematureFree) }
    if truth(st.leak) { outcomes.insert(.leak) }
    if outcomes.isEmpty { outcomes.insert(.ok) }
    var after = layout.words.map { _ in BigInt(0) }
    for (i, p) in semantics.pieces.enumerated() { after[p.word] += (z.constantValue(st.next.pieces[i]) ?? -1) << p.lsb }
    return (after, st.next.held.map { z.constantValue($0) ?? -1 }, outcomes)
  }
}
