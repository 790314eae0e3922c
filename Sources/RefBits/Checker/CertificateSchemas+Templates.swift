/// What ``CertificateSchemas`` compares and rewrites: a layout without the
/// values of its varying constants, an invariant with placeholders.
extension Layout {
  /// This layout as the checker reads it, with every use of the constants
  /// and parameters in `names` erased to value 0 (a schema states them as
  /// unknowns), and what the checker does not read (parameters, constants,
  /// claims, stated invariants, scenarios, race steps) left out: two points
  /// whose erasures are equal ask the checker the same questions but for
  /// those values.
  func erasing(_ names: Set<String>) -> Layout {
    func erase(_ e: Expression) -> Expression { e.substitutingConstants { names.contains($0) ? 0 : nil } }
    func erase(_ c: Condition) -> Condition { Condition(expression: erase(c.expression), text: c.text, description: c.description) }
    func erase(_ e: Effect) -> Effect {
      guard case .set(let x) = e.action else { return e }
      return Effect(field: e.field, action: .set(erase(x)), text: e.text)
    }
    func erase(_ a: Action) -> Action {
      Action(
        alias: a.alias, refuse: a.refuse.map(erase), effects: a.effects.map(erase), trap: a.trap.map(erase),
        fixups: a.fixups.map { Fixup(when: erase($0.when), effects: $0.effects.map(erase), outcome: $0.outcome, description: $0.description) },
        resurrects: a.resurrects)
    }
    return Layout(
      name: name, title: title, source: source, description: description, platform: platform,
      words: words, fields: fields,
      kinds: kinds.map { Kind(name: $0.name, description: $0.description, acquire: erase($0.acquire), release: erase($0.release)) },
      operations: operations.map { Operation(name: $0.name, description: $0.description, action: erase($0.action)) },
      predicates: predicates.map { Predicate(name: $0.name, when: erase($0.when), means: erase($0.means), role: $0.role, description: $0.description) },
      initial: initial)
  }
}

extension Expression {
  /// The expression with the value of each named constant replaced where
  /// `value` gives one (the others kept).
  func substitutingConstants(_ value: (String) -> BigInt?) -> Expression {
    switch self {
    case .constant(let name, let v): return .constant(name, value(name) ?? v)
    case .unary(let op, let a): return .unary(op, a.substitutingConstants(value))
    case .binary(let op, let a, let b): return .binary(op, a.substitutingConstants(value), b.substitutingConstants(value))
    case .call(let f, let args): return .call(f, args.map { $0.substitutingConstants(value) })
    case .literal, .name, .access, .field, .word, .held, .total: return self
    }
  }
}

extension Invariant {
  /// The invariant with every bound and residue passed through `map`
  /// (coefficients and moduli kept).
  func mappingBounds(_ map: (BigInt) -> BigInt) -> Invariant {
    Invariant(zones: zones.map { zone in
      Zone(constraints: zone.constraints.map { c in
        switch c.relation {
        case .within(let lower, let upper): Constraint(c.form, .within(lower: lower.map(map), upper: upper.map(map)))
        case .congruent(let residue, let modulus): Constraint(c.form, .congruent(residue: map(residue), modulus: modulus))
        }
      })
    })
  }
}

extension Expression {
  /// How a constant expression depends on the constants in `names`.
  enum Linearity {
    /// Not at all.
    case constant
    /// As a sum of them times numbers (with `ite`s, divisions by numbers):
    /// what Z3's linear arithmetic decides.
    case linear
    /// Through a shift or division by them, a product of two of them, or a
    /// bitwise operation of two of them.
    case nonLinear
  }

  func linearity(in names: Set<String>) -> Linearity {
    func join(_ a: Linearity, _ b: Linearity) -> Linearity {
      switch (a, b) {
      case (.nonLinear, _), (_, .nonLinear): .nonLinear
      case (.linear, _), (_, .linear): .linear
      default: .constant
      }
    }
    switch self {
    case .constant(let name, _): return names.contains(name) ? .linear : .constant
    case .literal, .name, .access, .field, .word, .held, .total: return .constant
    case .unary(_, let a): return a.linearity(in: names)
    case .call(_, let args): return args.reduce(.constant) { join($0, $1.linearity(in: names)) }
    case .binary(let op, let a, let b):
      let (x, y) = (a.linearity(in: names), b.linearity(in: names))
      switch op {
      case .multiply, .bitAnd, .bitOr, .bitXor:
        if case .linear = x, case .linear = y { return .nonLinear }
        return join(x, y)
      case .divide, .remainder, .shiftLeft, .shiftRight:
        if case .constant = y { return join(x, y) }
        return .nonLinear
      default:
        return join(x, y)
      }
    }
  }
}
