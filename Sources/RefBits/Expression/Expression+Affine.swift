/// `a + b*j`: a value that changes by the same amount at every step `j`.
public struct Affine: Sendable, Hashable {
  public var a: BigInt
  public var b: BigInt

  public init(_ a: BigInt, _ b: BigInt = 0) {
    self.a = a
    self.b = b
  }

  public func at(_ j: BigInt) -> BigInt { a + b * j }

  static func + (x: Affine, y: Affine) -> Affine { Affine(x.a + y.a, x.b + y.b) }
  static func - (x: Affine, y: Affine) -> Affine { Affine(x.a - y.a, x.b - y.b) }
  static prefix func - (x: Affine) -> Affine { Affine(-x.a, -x.b) }
  func scaled(_ k: BigInt) -> Affine { Affine(a * k, b * k) }
}

/// What the symbolic evaluation of an expression over a run of steps gives.
enum Symbolic {
  /// A number changing linearly with the step.
  case affine(Affine)
  /// A truth value: the steps at which it holds.
  case truth(IntervalSet)
  /// Not linear in the step (a product of two changing values, a bitwise
  /// operator on a changing value, ...): bulk stepping falls back to single
  /// steps.
  case nonLinear
}

/// The affine values an expression reads over a run of steps `j` in `domain`.
protocol AffineEnvironment {
  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine?
  /// A whole word, or nil when it does not move linearly (the default).
  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine?
  func held(_ index: Int) -> Affine
  var total: Affine { get }
  var domain: ClosedRange<BigInt> { get }
}

extension AffineEnvironment {
  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> Affine? { nil }
}

extension Expression {
  /// Evaluates over every step of `env.domain` at once.
  ///
  /// - Complexity: O(size of the expression × intervals), independent of the
  ///   length of the domain.
  func symbolic(_ env: some AffineEnvironment) -> Symbolic {
    let domain = env.domain
    let all = IntervalSet(domain.lowerBound, domain.upperBound)
    func truth(_ s: Symbolic) -> IntervalSet? {
      switch s {
      case .truth(let t): return t
      case .affine(let x):
        // x != 0
        let neg = IntervalSet.lessThanZero(c: x.a, m: x.b, domain: domain)
        let pos = IntervalSet.lessThanZero(c: -x.a, m: -x.b, domain: domain)
        return neg.union(pos)
      case .nonLinear: return nil
      }
    }
    func number(_ s: Symbolic) -> Affine? {
      switch s {
      case .affine(let x): return x
      case .truth(let t):
        // A truth value used as a number is linear only if constant.
        if t.isEmpty { return Affine(0) }
        if t == all { return Affine(1) }
        return nil
      case .nonLinear: return nil
      }
    }
    switch self {
    case .literal(let v), .constant(_, let v): return .affine(Affine(v))
    case .name, .access: return .nonLinear
    case .field(let f, let t, let r):
      guard let x = env.field(f, time: t, reading: r) else { return .nonLinear }
      return .affine(x)
    case .word(let w, let t, let r):
      guard let x = env.word(w, time: t, reading: r) else { return .nonLinear }
      return .affine(x)
    case .held(let k): return .affine(env.held(k))
    case .total: return .affine(env.total)
    case .unary(let op, let e):
      let s = e.symbolic(env)
      switch op {
      case .not:
        guard let t = truth(s) else { return .nonLinear }
        return .truth(t.complement(in: domain))
      case .negate:
        guard let x = number(s) else { return .nonLinear }
        return .affine(-x)
      case .complement:
        guard let x = number(s) else { return .nonLinear }
        return .affine(-x - Affine(1))
      }
    case .binary(let op, let l, let r):
      let sl = l.symbolic(env), sr = r.symbolic(env)
      switch op {
      case .and, .or:
        guard let a = truth(sl), let b = truth(sr) else { return .nonLinear }
        return .truth(op == .and ? a.intersection(b) : a.union(b))
      case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
        guard let a = number(sl), let b = number(sr) else { return .nonLinear }
        let d = a - b
        let lt = { (x: Affine) in IntervalSet.lessThanZero(c: x.a, m: x.b, domain: domain) }
        switch op {
        case .less: return .truth(lt(d))
        case .lessOrEqual: return .truth(lt(d - Affine(1)))
        case .greater: return .truth(lt(-d))
        case .greaterOrEqual: return .truth(lt(-d - Affine(1)))
        case .equal: return .truth(lt(d - Affine(1)).intersection(lt(-d - Affine(1))))
        default: return .truth(lt(d).union(lt(-d)))
        }
      default:
        guard let a = number(sl), let b = number(sr) else { return .nonLinear }
        switch op {
        case .add: return .affine(a + b)
        case .subtract: return .affine(a - b)
        case .multiply:
          if b.b.isZero { return .affine(a.scaled(b.a)) }
          if a.b.isZero { return .affine(b.scaled(a.a)) }
          return .nonLinear
        case .shiftLeft:
          guard b.b.isZero, let n = b.a.int, (0...Expression.maximumShift).contains(n) else {
            return a.b.isZero && b.b.isZero ? .affine(Affine(Expression.apply(op, a.a, b.a))) : .nonLinear
          }
          return .affine(a.scaled(BigInt.power(of2: n)))
        default:
          guard a.b.isZero, b.b.isZero else { return .nonLinear }
          return .affine(Affine(Expression.apply(op, a.a, b.a)))
        }
      }
    case .call(let f, let args):
      var values: [Affine] = []
      for a in args {
        guard case .affine(let x) = a.symbolic(env), x.b.isZero else { return .nonLinear }
        values.append(x)
      }
      let consts = values.map(\.a)
      return .affine(Affine((f == .min ? consts.min() : consts.max()) ?? 0))
    }
  }
}
