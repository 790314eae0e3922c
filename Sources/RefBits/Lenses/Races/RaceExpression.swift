/// An expression compiled for the race lens: it reads a packed race state
/// (``RaceProgram``'s slots) and the running thread's locals, on `Int128`
/// with every operation checked for overflow. An overflow (a value beyond
/// `Int128`) falls back to exact evaluation on ``BigInt``, so the value is
/// always exact. A class: steps and predicates hold it by reference, so the
/// explorer's inner loop does not copy (and retain) its parts.
final class RaceExpression: @unchecked Sendable {
  typealias Native = (UnsafePointer<UInt64>, Int) -> Int128?

  let expression: Expression
  let native: Native
  /// For the exact fallback.
  let geometry: RaceGeometry

  init(_ e: Expression, geometry: RaceGeometry) {
    expression = e
    self.geometry = geometry
    native = Self.compile(e, geometry)
  }

  /// The value on state `s`, with the locals of the thread whose slots start
  /// at `localBase`.
  @inline(__always)
  func value(_ s: UnsafePointer<UInt64>, localBase: Int) -> Int128 {
    if let v = native(s, localBase) { return v }
    let exact = expression.evaluate(RaceEnvironment(state: s, localBase: localBase, geometry: geometry))
    // Only a local can receive a value this wide; locals are 128-bit two's complement.
    return exact.int128 ?? Int128(truncatingIfNeeded: exact.truncatedUInt128(bits: 128))
  }

  @inline(__always)
  func holds(_ s: UnsafePointer<UInt64>, localBase: Int) -> Bool { value(s, localBase: localBase) != 0 }

  static func compile(_ e: Expression, _ g: RaceGeometry) -> Native {
    switch e {
    case .literal(let v), .constant(_, let v):
      guard let c = v.int128 else { return { _, _ in nil } }
      return { _, _ in c }
    case .name, .access:
      return { _, _ in 0 }
    case .field(let f, _, let r):
      if f >= g.fields.count {
        let l = 2 * (f - g.fields.count)
        return { s, b in Int128(truncatingIfNeeded: UInt128(s[b + l]) | UInt128(s[b + l + 1]) << 64) }
      }
      let field = g.fields[f]
      let read = g.reader(slot: g.wordSlot[field.word], lsb: field.lsb, width: field.bits, signed: r == .signed || (r == .declared && field.signed))
      return { s, _ in read(s) }
    case .word(let w, _, let r):
      let read = g.reader(slot: g.wordSlot[w], lsb: 0, width: g.words[w].bits, signed: r == .signed || (r == .declared && g.words[w].signed))
      return { s, _ in read(s) }
    case .held(let k):
      let slot = g.heldSlot + k
      return { s, _ in Int128(Int64(bitPattern: s[slot])) }
    case .total:
      let first = g.heldSlot, n = g.kindCount
      return { s, _ in
        var t: Int128 = 0
        for k in 0..<n { t += Int128(Int64(bitPattern: s[first + k])) }
        return t
      }
    case .unary(let op, let a):
      let x = compile(a, g)
      switch op {
      case .negate: return { s, b in x(s, b).flatMap { $0 == .min ? nil : -$0 } }
      case .complement: return { s, b in x(s, b).map { ~$0 } }
      case .not: return { s, b in x(s, b).map { $0 == 0 ? 1 : 0 } }
      }
    case .binary(let op, let a, let b):
      let x = compile(a, g), y = compile(b, g)
      switch op {
      case .and: return { s, l in guard let u = x(s, l) else { return nil }; if u == 0 { return 0 }; return y(s, l).map { $0 != 0 ? 1 : 0 } }
      case .or: return { s, l in guard let u = x(s, l) else { return nil }; if u != 0 { return 1 }; return y(s, l).map { $0 != 0 ? 1 : 0 } }
      default:
        return { s, l in
          guard let u = x(s, l), let v = y(s, l) else { return nil }
          return apply(op, u, v)
        }
      }
    case .call(let f, let args):
      let fs = args.map { compile($0, g) }
      return { s, l in
        var best: Int128?
        for a in fs {
          guard let v = a(s, l) else { return nil }
          best = best.map { f == .min ? Swift.min($0, v) : Swift.max($0, v) } ?? v
        }
        return best ?? 0
      }
    }
  }

  /// One operator on native values with the exact semantics of
  /// ``Expression/apply(_:_:_:)``; nil when the exact value does not fit.
  @inline(__always)
  static func apply(_ op: Expression.BinaryOperator, _ x: Int128, _ y: Int128) -> Int128? {
    switch op {
    case .add: let (r, o) = x.addingReportingOverflow(y); return o ? nil : r
    case .subtract: let (r, o) = x.subtractingReportingOverflow(y); return o ? nil : r
    case .multiply: let (r, o) = x.multipliedReportingOverflow(by: y); return o ? nil : r
    case .divide:
      if y == 0 { return 0 }
      let (r, o) = x.dividedReportingOverflow(by: y); return o ? nil : r
    case .remainder:
      if y == 0 { return x }
      let (r, o) = x.remainderReportingOverflow(dividingBy: y); return o ? nil : r
    case .shiftLeft, .shiftRight:
      let n = op == .shiftLeft ? y : -y
      if n >= 0 {
        if x == 0 { return 0 }
        guard n < 127 else { return nil }
        let r = x << n
        return r >> n == x ? r : nil
      }
      if n <= -127 { return x < 0 ? -1 : 0 }
      return x >> (-n)
    case .less: return x < y ? 1 : 0
    case .lessOrEqual: return x <= y ? 1 : 0
    case .greater: return x > y ? 1 : 0
    case .greaterOrEqual: return x >= y ? 1 : 0
    case .equal: return x == y ? 1 : 0
    case .notEqual: return x != y ? 1 : 0
    case .bitAnd: return x & y
    case .bitXor: return x ^ y
    case .bitOr: return x | y
    case .and: return (x != 0 && y != 0) ? 1 : 0
    case .or: return (x != 0 || y != 0) ? 1 : 0
    }
  }
}

/// Where things are in a packed race state.
struct RaceGeometry: Sendable {
  var fields: [Layout.Field]
  var words: [Layout.Word]
  /// The slot of each word (one 64-bit slot: races take words of at most 64 bits).
  var wordSlot: [Int]
  var heldSlot: Int
  var kindCount: Int

  /// A reader of a bit range of one word's slot.
  func reader(slot: Int, lsb: Int, width: Int, signed: Bool) -> (UnsafePointer<UInt64>) -> Int128 {
    let mask: UInt64 = width >= 64 ? ~0 : (1 << UInt64(width)) - 1
    if signed {
      let sign: UInt64 = 1 << UInt64(width - 1)
      return { s in
        let v = (s[slot] >> UInt64(lsb)) & mask
        return (v & sign) != 0 ? Int128(v) - (Int128(1) << width) : Int128(v)
      }
    }
    return { s in Int128((s[slot] >> UInt64(lsb)) & mask) }
  }

  /// The raw bits of field `f`.
  @inline(__always)
  func bits(_ f: Int, _ s: UnsafePointer<UInt64>) -> UInt64 {
    let field = fields[f]
    let mask: UInt64 = field.bits >= 64 ? ~0 : (1 << UInt64(field.bits)) - 1
    return (s[wordSlot[field.word]] >> UInt64(field.lsb)) & mask
  }

  /// The declared reading of field `f`.
  @inline(__always)
  func reading(_ f: Int, _ s: UnsafePointer<UInt64>) -> Int128 {
    let field = fields[f]
    let v = bits(f, s)
    if field.signed, (v >> UInt64(field.bits - 1)) & 1 != 0 { return Int128(v) - (Int128(1) << field.bits) }
    return Int128(v)
  }
}

/// Exact evaluation over a packed race state.
struct RaceEnvironment: ExpressionEnvironment {
  let state: UnsafePointer<UInt64>
  let localBase: Int
  let geometry: RaceGeometry

  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt {
    if index >= geometry.fields.count {
      let l = localBase + 2 * (index - geometry.fields.count)
      return BigInt(Int128(truncatingIfNeeded: UInt128(state[l]) | UInt128(state[l + 1]) << 64))
    }
    let f = geometry.fields[index]
    let signed = reading == .signed || (reading == .declared && f.signed)
    return BigInt(geometry.reader(slot: geometry.wordSlot[f.word], lsb: f.lsb, width: f.bits, signed: signed)(state))
  }

  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt {
    let w = geometry.words[index]
    let signed = reading == .signed || (reading == .declared && w.signed)
    return BigInt(geometry.reader(slot: geometry.wordSlot[index], lsb: 0, width: w.bits, signed: signed)(state))
  }

  func held(_ index: Int) -> BigInt { BigInt(Int64(bitPattern: state[geometry.heldSlot + index])) }

  var total: BigInt { (0..<geometry.kindCount).reduce(BigInt(0)) { $0 + held($1) } }
}
