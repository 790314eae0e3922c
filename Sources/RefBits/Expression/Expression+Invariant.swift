extension Expression {
  /// The invariant a stated condition (`[[invariants]]`) describes: the
  /// condition as a disjunction of zones, each a conjunction of linear
  /// constraints over field readings, held counts and `total`.
  ///
  /// `||` joins zones, `&&` joins constraints (distributing over `||`), `!`
  /// is pushed down to the comparisons, `a != b` is the two zones `a < b`
  /// and `a > b`; a constant is true (every state) or false (no state).
  /// Each comparison must be linear on both sides: sums and differences of
  /// fields, kinds, `total` and constants, times constants (`<<` by a
  /// constant); `(x) % M == 0` (M a positive constant) is the congruence
  /// `x == 0 (mod M)`. Anything else (a product of two values, `&`, `>>`,
  /// `min`, a whole word's bits) is refused with the offset of its first
  /// name, so that the checker only ever sees what it can decide.
  ///
  /// - Parameter source: the same expression before resolution, whose names
  ///   carry the offsets errors point at.
  /// - Complexity: the product of the disjunct counts of the conjuncts; more
  ///   than ``invariantZoneLimit`` zones is an error.
  func invariant(source: Expression) throws(ExpressionError) -> Invariant {
    Invariant(zones: try zones(source: source, negated: false).map { Invariant.Zone(constraints: $0) })
  }

  /// The most zones a stated invariant may expand to.
  static let invariantZoneLimit = 64

  private func zones(source: Expression, negated: Bool) throws(ExpressionError) -> [[Invariant.Constraint]] {
    let offset = source.firstOffset ?? 0
    if isConstant {
      return (constantValue.isZero == negated) ? [[]] : []
    }
    switch (self, source) {
    case (.unary(.not, let a), .unary(_, let sa)):
      return try a.zones(source: sa, negated: !negated)
    case (.binary(let op, let a, let b), .binary(_, let sa, let sb)) where op == .and || op == .or:
      let left = try a.zones(source: sa, negated: negated)
      let right = try b.zones(source: sb, negated: negated)
      // De Morgan: a negated `&&` is an `||` and the reverse.
      if (op == .or) != negated { return try Self.capped(left + right, offset: offset) }
      var product: [[Invariant.Constraint]] = []
      for l in left {
        for r in right {
          product.append(l + r)
          _ = try Self.capped(product, offset: offset)
        }
      }
      return product
    case (.binary(let op, let a, let b), .binary(_, let sa, let sb)) where op.isComparison && (a.divisibility != nil || b.divisibility != nil):
      // `x % M == 0`: M divides x (whatever the sign: C's remainder is 0
      // exactly then), a congruence.
      guard op == .equal || op == .notEqual, !negated == (op == .equal),
        let (x, sx, m) = a.divisibility.map({ ($0.0, Self.remainderOperand(sa), $0.1) }) ?? b.divisibility.map({ ($0.0, Self.remainderOperand(sb), $0.1) }),
        (a.divisibility != nil ? b : a).isConstant, (a.divisibility != nil ? b : a).constantValue.isZero
      else {
        throw ExpressionError(offset: offset, message: "a remainder in an invariant must read `(x) % M == 0` (M a positive constant): a congruence")
      }
      let (form, constant) = try Self.linear(x, source: sx)
      return [[Invariant.Constraint(form, .congruent(residue: (-constant).floorModulo(m), modulus: m))]]
    case (.binary(let op, let a, let b), .binary(_, let sa, let sb)) where op.isComparison:
      // a OP b  <=>  (a - b) OP 0  <=>  form + constant OP 0.
      let (form, constant) = try Self.linear(.binary(.subtract, a, b), source: .binary(.subtract, sa, sb))
      let c = -constant
      switch negated ? (op.negation ?? op) : op {
      case .less: return [[Invariant.Constraint(form, .within(lower: nil, upper: c - 1))]]
      case .lessOrEqual: return [[Invariant.Constraint(form, .within(lower: nil, upper: c))]]
      case .greater: return [[Invariant.Constraint(form, .within(lower: c + 1, upper: nil))]]
      case .greaterOrEqual: return [[Invariant.Constraint(form, .within(lower: c, upper: nil))]]
      case .equal: return [[Invariant.Constraint(form, .congruent(residue: c, modulus: 0))]]
      default:
        return [[Invariant.Constraint(form, .within(lower: nil, upper: c - 1))], [Invariant.Constraint(form, .within(lower: c + 1, upper: nil))]]
      }
    default:
      throw ExpressionError(offset: offset, message: "an invariant is comparisons of linear sums joined by &&, || and !; this part is not a comparison")
    }
  }

  /// `(x, M)` for `x % M` with a positive constant `M`.
  private var divisibility: (Expression, BigInt)? {
    guard case .binary(.remainder, let x, let m) = self, m.isConstant, m.constantValue.signum > 0 else { return nil }
    return (x, m.constantValue)
  }

  private static func remainderOperand(_ source: Expression) -> Expression {
    if case .binary(_, let x, _) = source { return x }
    return source
  }

  private static func capped(_ zones: [[Invariant.Constraint]], offset: Int) throws(ExpressionError) -> [[Invariant.Constraint]] {
    guard zones.count <= invariantZoneLimit else {
      throw ExpressionError(offset: offset, message: "the invariant expands to more than \(invariantZoneLimit) zones (conjunctions of comparisons)")
    }
    return zones
  }

  /// `(form, constant)` with `self == form + constant`, or an error at the
  /// first name of the part that is not linear.
  private static func linear(_ e: Expression, source: Expression) throws(ExpressionError) -> (Invariant.LinearForm, BigInt) {
    var terms: [Invariant.Atom: BigInt] = [:]
    var order: [Invariant.Atom] = []
    var constant = BigInt(0)
    func add(_ e: Expression, _ s: Expression, _ k: BigInt) throws(ExpressionError) {
      if e.isConstant {
        constant += k * e.constantValue
        return
      }
      var atom: Invariant.Atom?
      switch e {
      case .field(let f, .new, let r): atom = .field(f, r)
      case .held(let i): atom = .held(i)
      case .total: atom = .total
      case .unary(.negate, let a):
        guard case .unary(_, let sa) = s else { break }
        try add(a, sa, -k)
        return
      case .binary(let op, let a, let b):
        guard case .binary(_, let sa, let sb) = s else { break }
        switch op {
        case .add:
          try add(a, sa, k)
          try add(b, sb, k)
          return
        case .subtract:
          try add(a, sa, k)
          try add(b, sb, -k)
          return
        case .multiply where a.isConstant:
          try add(b, sb, k * a.constantValue)
          return
        case .multiply where b.isConstant:
          try add(a, sa, k * b.constantValue)
          return
        case .shiftLeft where b.isConstant:
          // Resolution keeps constant shift counts within 0...128.
          try add(a, sa, k << (b.constantValue.int ?? 0))
          return
        default: break
        }
        throw ExpressionError(offset: s.firstOffset ?? 0, message: "'\(op.rawValue)' makes this comparison non-linear: an invariant compares sums of fields, kinds and total times constants")
      default: break
      }
      guard let atom else {
        if case .word = e {
          throw ExpressionError(offset: s.firstOffset ?? 0, message: "an invariant reads fields, not a whole word split into fields")
        }
        throw ExpressionError(offset: s.firstOffset ?? 0, message: "an invariant compares sums of fields, kinds and total times constants; this part is not one")
      }
      if terms[atom] == nil { order.append(atom) }
      terms[atom, default: 0] += k
    }
    try add(e, source, 1)
    return (Invariant.LinearForm(order.map { Invariant.LinearForm.Term(terms[$0]!, $0) }), constant)
  }
}

extension Expression.BinaryOperator {
  var isComparison: Bool { negation != nil }

  /// The comparison that holds exactly when this one does not; nil for an
  /// operator that is not a comparison.
  var negation: Self? {
    switch self {
    case .less: .greaterOrEqual
    case .lessOrEqual: .greater
    case .greater: .lessOrEqual
    case .greaterOrEqual: .less
    case .equal: .notEqual
    case .notEqual: .equal
    default: nil
    }
  }
}
