extension Expression {
  /// Whether the expression is linear in the values it reads (so bulk
  /// stepping can solve it): `&`, `|`, `^`, `/`, `%`, `>>`, `min`, `max` only
  /// on constants, `*` with a constant side, `<<` by a constant.
  var isLinear: Bool {
    switch self {
    case .literal, .constant, .name, .access, .field, .word, .held, .total: return true
    case .unary(_, let a): return a.isLinear
    case .binary(let op, let a, let b):
      guard a.isLinear, b.isLinear else { return false }
      switch op {
      case .multiply: return a.isConstant || b.isConstant
      case .shiftLeft: return b.isConstant
      case .divide, .remainder, .shiftRight, .bitAnd, .bitOr, .bitXor: return a.isConstant && b.isConstant
      default: return true
      }
    case .call(_, let args): return args.allSatisfy(\.isConstant)
    }
  }
}
