/// The certificate checker's own statement of what a step does, as Z3 terms.
///
/// Written from the layout format's definition (docs/layout-format.md), not
/// from `Machine.step`, and sharing no code with it or with the searches: a
/// mistake in either shows as a certificate the checker rejects, or as a
/// difference in the tests that run both on the same states
/// (`CheckerSemanticsTests`). It reads the layout as data (`Layout`,
/// `Expression`) and does its arithmetic in Z3, exactly.
///
/// The encoding, in full:
/// - A word is cut into pieces: its fields, and the runs of bits outside every
///   field. A state is one integer per piece, `0 <= v < 2^width` (its raw
///   bits), and one per kind, `held >= 0` (references held, all actors
///   together). The word is `sum of piece * 2^lsb`; nothing reads it whole.
/// - A field's signed reading is `raw - 2^width` when `raw >= 2^(width-1)`;
///   `declared` is the field's own.
/// - `f += c` adds `c * 2^lsb` to the word modulo `2^bits`: `c` goes into the
///   field, and the carry (or borrow) out of each piece into the piece above,
///   the one out of the top piece is lost. `f = e` replaces the field's bits
///   by `e mod 2^width`. Set values read the state before the list of effects
///   they belong to.
/// - A step: `refuse` on the old state (refused: nothing changes); the
///   effects; `trap` on old and new (trapped: nothing changes); the first
///   fixup whose condition holds, its effects; its outcome (`refused`: the
///   effects stay, the truth does not move; `trapped`: nothing changes). Then
///   `field_overflow(F)` for every field whose declared reading differs from
///   the value written into it (or, untouched, whose bits changed), and for a
///   word whose bits outside every field changed; the truth moves by one; and
///   predicate lies start.
/// - The object is *dead* when the meaning of some `freed` predicate holds.
/// - Lies: a plain predicate gives `false_positive(P)` (`false_negative(P)`)
///   when after the step the object is alive and the predicate reads true
///   (false) while its meaning is false (true), and did not lie that way
///   before while the object was alive. A `freed` predicate gives
///   `premature_free` when the step of a release or an operation (never an
///   acquire) makes the word start to read freed while references remain, and `leak` when the last reference goes
///   while the word does not read freed.
/// - An acquire can be tried unless the object is dead and one more
///   reference of its kind would bring it back (allowed only where the
///   acquire says `resurrect = true`); a release needs `held >= 1` of its kind
///   (`held >= kept + 1` where the certificate keeps references held by
///   actors its operations do not act for).
/// - Expressions are unbounded integers: `/` and `%` truncate toward zero
///   (`x / 0 == 0`, `x % 0 == x`), `>>` floors, shifts past 4096 give 0 (or
///   the sign for `>>`), comparisons and `&&`, `||`, `!` give 1 or 0. `&`,
///   `|`, `^` need one constant operand (they are then sums of bit slices).
///
/// Carries are written with `ite` (a piece overflows by at most one period
/// when the constant added is smaller than its range), so that Z3 reasons in
/// linear arithmetic with case splits rather than with `div` and `mod`.
struct CheckerSemantics {
  typealias Term = Z3Context.Term

  let z: Z3Context
  let layout: Layout
  /// The pieces, word by word from bit 0 up.
  let pieces: [Piece]
  /// Per field, its piece.
  let pieceOfField: [Int]
  /// Constants (and parameters) stated as Z3 terms rather than as their
  /// values: empty except for a ``CertificateSchemas`` schema, where they
  /// stand for every point of a sweep block at once.
  var symbols: [String: Term] = [:]
  /// Numbers of an invariant that stand for a symbol (placeholders a
  /// schema's invariant holds instead of a point's values).
  var placeholders: [BigInt: Term] = [:]

  /// Part of a word: a field, or bits outside every field.
  struct Piece {
    var word: Int
    var lsb: Int
    var width: Int
    var field: Int?
    /// The piece the carry out of this one goes into.
    var above: Int?
  }

  init(z: Z3Context, layout: Layout) {
    self.z = z
    self.layout = layout
    var pieces: [Piece] = []
    var pieceOfField = [Int](repeating: 0, count: layout.fields.count)
    for (w, word) in layout.words.enumerated() {
      var bit = 0
      let first = pieces.count
      let fields = layout.fields.indices.filter { layout.fields[$0].word == w }.sorted { layout.fields[$0].lsb < layout.fields[$1].lsb }
      for f in fields {
        if layout.fields[f].lsb > bit { pieces.append(Piece(word: w, lsb: bit, width: layout.fields[f].lsb - bit, field: nil)) }
        pieceOfField[f] = pieces.count
        pieces.append(Piece(word: w, lsb: layout.fields[f].lsb, width: layout.fields[f].bits, field: f))
        bit = layout.fields[f].msb + 1
      }
      if bit < word.bits { pieces.append(Piece(word: w, lsb: bit, width: word.bits - bit, field: nil)) }
      for i in first..<(pieces.count - 1) { pieces[i].above = i + 1 }
    }
    self.pieces = pieces
    self.pieceOfField = pieceOfField
  }

  /// Something the encoding cannot state (a construct Z3's arithmetic would
  /// need bit-vectors for): the certificate is rejected, never accepted.
  struct Unsupported: Error {
    var message: String
  }

  /// The pieces and the held counts as terms.
  struct SymbolicState {
    var pieces: [Term]
    var held: [Term]
  }

  /// What an expression reads: the state before and after, and the truth.
  struct Environment {
    var old: [Term]
    var new: [Term]
    var held: [Term]
  }

  // MARK: Geometry

  func two(_ n: Int) -> Term { z.numeral(BigInt.power(of2: n)) }

  /// A fresh state within the domain: pieces in range, held counts >= 0.
  func freshState(_ name: String) -> (state: SymbolicState, domain: [Term]) {
    var domain: [Term] = []
    let values = pieces.map { p -> Term in
      let t = z.integer("\(name).\(p.field.map { layout.fields[$0].name } ?? "\(layout.words[p.word].name)[\(p.lsb + p.width - 1)..\(p.lsb)]")")
      domain += [z.lessOrEqual(z.numeral(0), t), z.less(t, two(p.width))]
      return t
    }
    let held = layout.kinds.map { k -> Term in
      let t = z.integer("\(name).\(k.name)")
      domain.append(z.lessOrEqual(z.numeral(0), t))
      return t
    }
    return (SymbolicState(pieces: values, held: held), domain)
  }

  /// Raw bits `lsb ..< lsb + count` of word `w`.
  func bits(_ values: [Term], word w: Int, lsb: Int, count: Int) -> Term {
    if let i = pieces.firstIndex(where: { $0.word == w && $0.lsb == lsb && $0.width == count }) { return values[i] }
    // Not one piece: from the word's value.
    let word = z.sum(pieces.indices.filter { pieces[$0].word == w }.map { z.product(values[$0], two(pieces[$0].lsb)) })
    return z.mod(z.div(word, two(lsb)), two(count))
  }

  func raw(_ f: Int, in values: [Term]) -> Term { values[pieceOfField[f]] }

  func reading(_ f: Int, _ r: Expression.Reading, in values: [Term]) -> Term {
    let field = layout.fields[f]
    let v = raw(f, in: values)
    let signed = r == .signed || (r == .declared && field.signed)
    guard signed else { return v }
    return z.ite(z.lessOrEqual(two(field.bits - 1), v), z.difference(v, two(field.bits)), v)
  }

  /// A whole word's bits as a number (a word's name in a condition), two's
  /// complement when read signed.
  func wordReading(_ w: Int, _ r: Expression.Reading, in values: [Term]) -> Term {
    let word = layout.words[w]
    // The pieces are in range: their weighted sum is the raw word.
    let v = z.sum(pieces.indices.filter { pieces[$0].word == w }.map { z.product(values[$0], two(pieces[$0].lsb)) })
    let signed = r == .signed || (r == .declared && word.signed)
    guard signed else { return v }
    return z.ite(z.lessOrEqual(two(word.bits - 1), v), z.difference(v, two(word.bits)), v)
  }

  /// `f = value`: the field's bits replaced by `value mod 2^width`.
  func storing(_ value: Term, into f: Int, _ values: [Term]) -> [Term] {
    var out = values
    let width = layout.fields[f].bits
    if let k = z.constantValue(value) {
      out[pieceOfField[f]] = z.numeral(k.floorModulo(BigInt.power(of2: width)))
    } else {
      // Within one period below or above the range, without `mod`.
      let inRange = z.and([z.lessOrEqual(z.numeral(0), value), z.less(value, two(width))])
      let below = z.and([z.lessOrEqual(z.negation(two(width)), value), z.less(value, z.numeral(0))])
      out[pieceOfField[f]] = z.ite(inRange, value, z.ite(below, z.sum([value, two(width)]), z.mod(value, two(width))))
    }
    return out
  }

  /// `f += c`: an add to the whole word, modulo its width.
  func adding(_ c: BigInt, to f: Int, _ values: [Term]) -> [Term] {
    var out = values
    var piece: Int? = pieceOfField[f]
    var amount = z.numeral(c)
    let small = c.magnitude < BigInt.power(of2: pieces[pieceOfField[f]].width)
    while let i = piece {
      let period = two(pieces[i].width)
      let t = z.sum([out[i], amount])
      let carry: Term
      if small {
        // |amount| < 2^width: at most one period, in the direction of the add.
        carry = c.isNegative ? z.ite(z.less(t, z.numeral(0)), z.numeral(-1), z.numeral(0)) : z.ite(z.lessOrEqual(period, t), z.numeral(1), z.numeral(0))
      } else {
        carry = z.div(t, period)
      }
      out[i] = z.difference(t, z.product(carry, period))
      guard let above = pieces[i].above else { break }
      piece = above
      // A carry after a small add is -1, 0 or 1: small for any piece.
      amount = carry
    }
    return out
  }

  /// Whether the bits outside every field changed, per word that has some.
  func outsideFieldsChanged(_ before: [Term], _ after: [Term]) -> [(word: Int, changed: Term)] {
    var out: [(Int, Term)] = []
    for w in layout.words.indices {
      let gaps = pieces.indices.filter { pieces[$0].word == w && pieces[$0].field == nil }
      guard !gaps.isEmpty else { continue }
      out.append((w, z.or(gaps.map { z.not(z.equal(before[$0], after[$0])) })))
    }
    return out
  }

  // MARK: Expressions

  /// The largest shift count the layout format honours; past it `<<` gives 0
  /// and `>>` the sign (docs/layout-format.md).
  static let largestShift = 4096

  /// An expression's value as an integer term.
  func value(_ e: Expression, _ env: Environment) throws(Unsupported) -> Term {
    switch e {
    case .literal(let v): return z.numeral(v)
    case .constant(let name, let v): return symbols[name] ?? z.numeral(v)
    case .name(let n, _), .access(let n, _, _, _): throw Unsupported(message: "unresolved name '\(n)'")
    case .field(let f, let time, let r):
      guard f < layout.fields.count else { throw Unsupported(message: "no field \(f)") }
      return reading(f, r, in: time == .old ? env.old : env.new)
    case .word(let w, let time, let r):
      guard w < layout.words.count else { throw Unsupported(message: "no word \(w)") }
      return wordReading(w, r, in: time == .old ? env.old : env.new)
    case .held(let k):
      guard k < env.held.count else { throw Unsupported(message: "no kind \(k)") }
      return env.held[k]
    case .total: return z.sum(env.held)
    case .unary(.negate, let a): return z.negation(try value(a, env))
    case .unary(.complement, let a): return z.difference(z.negation(try value(a, env)), z.numeral(1))
    case .unary(.not, _), .binary(.less, _, _), .binary(.lessOrEqual, _, _), .binary(.greater, _, _),
      .binary(.greaterOrEqual, _, _), .binary(.equal, _, _), .binary(.notEqual, _, _), .binary(.and, _, _), .binary(.or, _, _):
      return z.ite(try holds(e, env), z.numeral(1), z.numeral(0))
    case .binary(let op, let a, let b):
      let x = try value(a, env), y = try value(b, env)
      return try arithmetic(op, x, y)
    case .call(let f, let args):
      guard var best = try args.first.map({ a throws(Unsupported) in try value(a, env) }) else { return z.numeral(0) }
      for a in args.dropFirst() {
        let v = try value(a, env)
        best = f == .min ? z.ite(z.less(v, best), v, best) : z.ite(z.less(best, v), v, best)
      }
      return best
    }
  }

  private func arithmetic(_ op: Expression.BinaryOperator, _ x: Term, _ y: Term) throws(Unsupported) -> Term {
    switch op {
    case .add: return z.sum([x, y])
    case .subtract: return z.difference(x, y)
    case .multiply: return z.product(x, y)
    case .divide, .remainder:
      // C's truncation, from Z3's floor division by |d|.
      if let d = z.constantValue(y) {
        if d.isZero { return op == .divide ? z.numeral(0) : x }
        let m = z.numeral(d.magnitude)
        let q = z.ite(z.lessOrEqual(z.numeral(0), x), z.div(x, m), z.negation(z.div(z.negation(x), m)))
        let quotient = d.isNegative ? z.negation(q) : q
        return op == .divide ? quotient : z.difference(x, z.product(z.numeral(d), quotient))
      }
      let zero = z.equal(y, z.numeral(0))
      let my = z.ite(z.less(y, z.numeral(0)), z.negation(y), y)
      let q = z.ite(z.lessOrEqual(z.numeral(0), x), z.div(x, my), z.negation(z.div(z.negation(x), my)))
      let quotient = z.ite(z.less(y, z.numeral(0)), z.negation(q), q)
      return op == .divide ? z.ite(zero, z.numeral(0), quotient) : z.ite(zero, x, z.difference(x, z.product(y, quotient)))
    case .shiftLeft, .shiftRight:
      guard let n = z.constantValue(y) else { throw Unsupported(message: "a shift by a value that is not constant") }
      let count = op == .shiftLeft ? n : -n
      guard let k = count.int, abs(k) <= Self.largestShift else {
        return count.isNegative ? z.ite(z.less(x, z.numeral(0)), z.numeral(-1), z.numeral(0)) : z.numeral(0)
      }
      return k >= 0 ? z.product(x, two(k)) : z.div(x, two(-k))
    case .bitAnd, .bitOr, .bitXor:
      let (v, m): (Term, BigInt)
      if let c = z.constantValue(y) { (v, m) = (x, c) } else if let c = z.constantValue(x) { (v, m) = (y, c) } else {
        throw Unsupported(message: "'\(op.rawValue)' of two values that are not constant")
      }
      let both = masked(v, m)
      switch op {
      case .bitAnd: return both
      // x | m = x + m - (x & m); x ^ m = x + m - 2 (x & m): bit by bit.
      case .bitOr: return z.difference(z.sum([v, z.numeral(m)]), both)
      default: return z.difference(z.sum([v, z.numeral(m)]), z.product(z.numeral(2), both))
      }
    default:
      throw Unsupported(message: "operator '\(op.rawValue)'")
    }
  }

  /// `x & m` for a constant `m`, in two's complement of unbounded width: the
  /// sum of `x`'s bit slices under the runs of ones of `m` (`x - (x & ~m)`
  /// for a negative `m`).
  private func masked(_ x: Term, _ m: BigInt) -> Term {
    if m.isNegative { return z.difference(x, masked(x, ~m)) }
    var slices: [Term] = []
    var i = 0
    let width = m.bitWidth
    while i < width {
      guard !((m >> i) & 1).isZero else { i += 1; continue }
      var j = i
      while j < width, !((m >> j) & 1).isZero { j += 1 }
      slices.append(z.product(z.mod(z.div(x, two(i)), two(j - i)), two(i)))
      i = j
    }
    return z.sum(slices)
  }

  /// An expression as a condition (non-zero is true).
  func holds(_ e: Expression, _ env: Environment) throws(Unsupported) -> Term {
    switch e {
    case .unary(.not, let a): return z.not(try holds(a, env))
    case .binary(.and, let a, let b): return z.and([try holds(a, env), try holds(b, env)])
    case .binary(.or, let a, let b): return z.or([try holds(a, env), try holds(b, env)])
    case .binary(let op, let a, let b) where [.less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual].contains(op):
      let x = try value(a, env), y = try value(b, env)
      switch op {
      case .less: return z.less(x, y)
      case .lessOrEqual: return z.lessOrEqual(x, y)
      case .greater: return z.less(y, x)
      case .greaterOrEqual: return z.lessOrEqual(y, x)
      case .equal: return z.equal(x, y)
      default: return z.not(z.equal(x, y))
      }
    default:
      return z.not(z.equal(try value(e, env), z.numeral(0)))
    }
  }
}
