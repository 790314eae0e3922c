/// The abstract step of ``InvariantSynthesis``: one operation applied to a
/// zone, giving zones that contain every state the operation can reach from
/// it.
///
/// The zone is cut into *pieces* on which every condition the operation
/// evaluates has one value and every add carries the same amount into the
/// next cell (a condition the pieces cannot decide, one over two changing
/// values or not linear, is taken both ways). On a piece every cell's new
/// value is a variable plus a constant, so the forms move by a constant.
struct ZoneTransfer: Sendable {
  let layout: Layout
  let geometry: CellGeometry
  let forms: [RelationForm]

  /// A cell's value during the step: a variable plus a constant, or a
  /// constant (`variable` nil).
  struct CellValue: Sendable, Hashable {
    var variable: Variable?
    var offset: BigInt
  }

  /// Part of a zone with the operation's progress on it.
  struct Piece: Sendable {
    var box: Box
    var forms: [FormValue?]
    /// Per cell: its value after the effects so far.
    var current: [CellValue]
    /// Whether the truth moves (false once a fixup refuses).
    var applied = true
  }

  /// How a field is read: before the step's effects (both times read the
  /// old state) or after (`new` reads the effects so far).
  enum Mode {
    case before
    case after([CellValue])
  }

  /// A variable's range must be cut at `at` (the first value of the upper
  /// part) before the evaluation can go on: a signed reading crosses its
  /// sign bit there.
  struct Cut: Error {
    var variable: Variable
    var at: BigInt
  }

  // MARK: Pieces

  /// Splits at `at`: the parts below and from it, each normalized, empty
  /// ones dropped.
  func split(_ p: Piece, _ v: Variable, at cuts: [BigInt]) -> [Piece] {
    var out: [Piece] = []
    let s = p.box[v]
    var lo = s.lo
    for c in cuts.sorted() + [nil] {
      var q = p
      let hi: BigInt? = c.map { $0 - 1 }
      q.box[v] = Span(lo: lo, hi: hi).intersection(s)
      if let c { lo = Swift.max(lo, c) }
      if !q.box[v].isEmpty, normalize(&q.box, &q.forms) { out.append(q) }
      if let c, let h = s.hi, c > h { break }
    }
    return out
  }

  /// Tightens the box with the forms' bounds; false when the result is
  /// empty. A form whose variables are all fixed gets its value; otherwise
  /// the box does not bound the forms (what it implies it says itself, and
  /// bounds taken from it would undo widening).
  func normalize(_ box: inout Box, _ values: inout [FormValue?]) -> Bool {
    for _ in 0..<3 {
      var changed = false
      for (i, form) in forms.enumerated() {
        let vars = form.variables
        if vars.allSatisfy({ box[$0.0].isSingleton }) {
          let value = vars.reduce(BigInt(0)) { $0 + box[$1.0].lo * $1.1 }
          if let v = values[i], !v.contains(value) { return false }
          values[i] = FormValue(exactly: value)
          continue
        }
        guard var v = values[i], v.lo != nil || v.hi != nil else { continue }
        if let l = v.lo, let h = v.hi {
          if l > h { return false }
          if l == h, !v.isExact {
            if v.hasClass && !v.contains(l) { return false }
            v = FormValue(exactly: l)
            values[i] = v
          }
        }
        for (x, a) in vars {
          // a*x = form - (the others).
          let others = vars.filter { $0.0 != x }.reduce(Bounds(0)) { $0 + Bounds(box[$1.0]).scaled($1.1) }
          let rest = Bounds(lo: v.lo.flatMap { l in others.hi.map { l - $0 } }, hi: v.hi.flatMap { h in others.lo.map { h - $0 } })
          var s = box[x]
          let l: BigInt?, h: BigInt?
          if a > 0 { (l, h) = (rest.lo.map { $0.ceilDivided(by: a) }, rest.hi.map { $0.floorDivided(by: a) }) } else {
            (l, h) = (rest.hi.map { $0.ceilDivided(by: a) }, rest.lo.map { $0.floorDivided(by: a) })
          }
          if let l, l > s.lo { s.lo = l; changed = true }
          if let h, s.hi.map({ h < $0 }) ?? true { s.hi = h; changed = true }
          box[x] = s
          if s.isEmpty { return false }
        }
      }
      if !changed { break }
    }
    return !box.isEmpty
  }

  // MARK: Evaluation

  /// The value of field `f` read at `time` in `mode`, as a linear value.
  func read(_ f: Int, _ time: Expression.Time, _ reading: Expression.Reading, _ p: Piece, _ mode: Mode) throws(Cut) -> Linear {
    let c = geometry.cellOfField[f]
    let cell = geometry.cells[c]
    let value: CellValue
    if time == .new, case .after(let current) = mode { value = current[c] } else { value = CellValue(variable: .cell(c), offset: 0) }
    let v = value.variable.map { Linear($0, offset: value.offset) } ?? Linear(value.offset)
    let signed = reading == .signed || (reading == .declared && cell.signed)
    if signed == cell.signed { return v }
    // The other reading: the same below the boundary, shifted by 2^bits past it.
    let boundary = cell.signed ? BigInt(0) : BigInt.power(of2: cell.bits - 1)
    let range = v.bounds(p.box)
    if let hi = range.hi, hi < boundary { return cell.signed ? v + Linear(cell.limit) : v }
    if let lo = range.lo, lo >= boundary { return cell.signed ? v : v - Linear(cell.limit) }
    throw Cut(variable: value.variable!, at: boundary - value.offset)
  }

  func evaluate(_ e: Expression, _ p: Piece, _ mode: Mode) throws(Cut) -> ZoneValue {
    func bounds(_ v: ZoneValue) -> Bounds {
      switch v {
      case .linear(let l): return l.bounds(p.box)
      case .bounded(let b): return b
      case .condition(let c):
        switch c.truth(p.box) {
        case true?: return Bounds(1)
        case false?: return Bounds(0)
        case nil: return Bounds(lo: 0, hi: 1)
        }
      }
    }
    func linear(_ v: ZoneValue) -> Linear? {
      switch v {
      case .linear(let l): return l
      case .bounded(let b): return b.lo != nil && b.lo == b.hi ? Linear(b.lo!) : nil
      case .condition(let c): return c.truth(p.box).map { Linear($0 ? 1 : 0) }
      }
    }
    func condition(_ v: ZoneValue) -> ZoneCondition {
      switch v {
      case .condition(let c): return c
      case .linear(let l): return .atom(l, .notEqual)
      case .bounded(let b):
        guard let s = b.sign else { return .known(nil) }
        return .known(s != 0)
      }
    }
    switch e {
    case .literal(let v), .constant(_, let v): return .linear(Linear(v))
    case .name, .access: return .bounded(.anything)
    // A whole word's bits: not tracked here (its conditions split nothing;
    // both sides are kept, which over-approximates).
    case .word: return .bounded(.anything)
    case .field(let f, let t, let r): return .linear(try read(f, t, r, p, mode))
    case .held(let k): return .linear(Linear(.held(k)))
    case .total: return .linear((0..<geometry.kinds).reduce(Linear(0)) { $0 + Linear(.held($1)) })
    case .unary(.negate, let a):
      let x = try evaluate(a, p, mode)
      if let l = linear(x) { return .linear(-l) }
      return .bounded(bounds(x).scaled(-1))
    case .unary(.complement, let a):
      let x = try evaluate(a, p, mode)
      if let l = linear(x) { return .linear(-l - Linear(1)) }
      return .bounded(bounds(x).scaled(-1) + Bounds(-1))
    case .unary(.not, let a): return .condition(.not(condition(try evaluate(a, p, mode))))
    case .binary(.and, let a, let b):
      return .condition(.and(condition(try evaluate(a, p, mode)), condition(try evaluate(b, p, mode))))
    case .binary(.or, let a, let b):
      return .condition(.or(condition(try evaluate(a, p, mode)), condition(try evaluate(b, p, mode))))
    case .binary(let op, let a, let b):
      let x = try evaluate(a, p, mode), y = try evaluate(b, p, mode)
      let lx = linear(x), ly = linear(y)
      switch op {
      case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
        if let lx, let ly {
          switch op {
          case .less: return .condition(.atom(lx - ly, .less))
          case .lessOrEqual: return .condition(.atom(lx - ly, .lessOrEqual))
          case .greater: return .condition(.atom(ly - lx, .less))
          case .greaterOrEqual: return .condition(.atom(ly - lx, .lessOrEqual))
          case .equal: return .condition(.atom(lx - ly, .equal))
          default: return .condition(.atom(lx - ly, .notEqual))
          }
        }
        // Not linear: decided by the ranges, or unknown.
        let d = bounds(x) + bounds(y).scaled(-1)
        let s = d.sign
        let t: Bool? = switch op {
        case .less: s.map { $0 < 0 } ?? (d.lo.map { $0 >= 0 } == true ? false : (d.hi.map { $0 < 0 } == true ? true : nil))
        case .lessOrEqual: (d.hi.map { $0 <= 0 } == true) ? true : (d.lo.map { $0 > 0 } == true ? false : nil)
        case .greater: (d.lo.map { $0 > 0 } == true) ? true : (d.hi.map { $0 <= 0 } == true ? false : nil)
        case .greaterOrEqual: (d.lo.map { $0 >= 0 } == true) ? true : (d.hi.map { $0 < 0 } == true ? false : nil)
        case .equal: s.map { $0 == 0 } ?? ((d.lo.map { $0 > 0 } == true || d.hi.map { $0 < 0 } == true) ? false : nil)
        default: s.map { $0 != 0 } ?? ((d.lo.map { $0 > 0 } == true || d.hi.map { $0 < 0 } == true) ? true : nil)
        }
        return .condition(.known(t))
      case .add:
        if let lx, let ly { return .linear(lx + ly) }
        return .bounded(bounds(x) + bounds(y))
      case .subtract:
        if let lx, let ly { return .linear(lx - ly) }
        return .bounded(bounds(x) + bounds(y).scaled(-1))
      case .multiply:
        if let lx, let k = ly?.constantValue { return .linear(lx.scaled(k)) }
        if let ly, let k = lx?.constantValue { return .linear(ly.scaled(k)) }
        return .bounded(.anything)
      default:
        if let cx = lx?.constantValue, let cy = ly?.constantValue { return .linear(Linear(Expression.apply(op, cx, cy))) }
        return .bounded(Self.bounds(op, bounds(x), ly?.constantValue))
      }
    case .call(let f, let args):
      var values: [Bounds] = []
      var constants: [BigInt] = []
      for a in args {
        let v = try evaluate(a, p, mode)
        values.append(bounds(v))
        if let c = linear(v)?.constantValue { constants.append(c) }
      }
      if constants.count == args.count, !constants.isEmpty {
        return .linear(Linear(f == .min ? constants.min()! : constants.max()!))
      }
      let lo = values.map(\.lo), hi = values.map(\.hi)
      switch f {
      case .min:
        return .bounded(Bounds(lo: lo.contains(nil) ? nil : lo.map { $0! }.min(), hi: hi.compactMap { $0 }.min()))
      case .max:
        return .bounded(Bounds(lo: lo.compactMap { $0 }.max(), hi: hi.contains(nil) ? nil : hi.map { $0! }.max()))
      }
    }
  }

  /// Ranges of the operators that are not linear, where a constant right
  /// operand makes them monotone or bounded.
  static func bounds(_ op: Expression.BinaryOperator, _ x: Bounds, _ c: BigInt?) -> Bounds {
    guard let c else { return .anything }
    switch op {
    case .shiftRight where !c.isNegative && c <= 4096:
      let n = c.int!
      return Bounds(lo: x.lo.map { $0 >> n }, hi: x.hi.map { $0 >> n })
    case .divide where c > 0:
      return Bounds(lo: x.lo.map { $0 / c }, hi: x.hi.map { $0 / c })
    case .remainder where !c.isZero:
      let m = c.magnitude - 1
      return Bounds(lo: (x.lo.map { $0 >= 0 } ?? false) ? 0 : -m, hi: (x.hi.map { $0 <= 0 } ?? false) ? 0 : m)
    case .bitAnd where !c.isNegative:
      return Bounds(lo: 0, hi: (x.lo.map { $0 >= 0 } ?? false) ? Swift.min(c, x.hi ?? c) : c)
    default:
      return .anything
    }
  }

  /// Cuts a piece until `condition` has one value on each part (nil where
  /// no cut decides it).
  func decide(_ condition: Expression, _ p: Piece, _ mode: (Piece) -> Mode, depth: Int = 0) -> [(Piece, Bool?)] {
    let value: ZoneValue
    do { value = try evaluate(condition, p, mode(p)) } catch {
      if depth > 40 { return [(p, nil)] }
      return split(p, error.variable, at: [error.at]).flatMap { decide(condition, $0, mode, depth: depth + 1) }
    }
    let c: ZoneCondition
    switch value {
    case .condition(let x): c = x
    case .linear(let l): c = .atom(l, .notEqual)
    case .bounded(let b): c = .known(b.sign.map { $0 != 0 })
    }
    if let t = c.truth(p.box) { return [(p, t)] }
    guard depth <= 40, let (v, cuts) = c.cut(p.box) else { return [(p, nil)] }
    return split(p, v, at: cuts).flatMap { decide(condition, $0, mode, depth: depth + 1) }
  }

  // MARK: Effects

  /// Adds `amount` to cell `c`'s current value, carrying into the cells
  /// above as a word add does: one piece per carry and wrap.
  func add(_ amount: BigInt, to c: Int, _ p: Piece, depth: Int = 0) -> [Piece] {
    let cell = geometry.cells[c]
    let v = p.current[c]
    // From a value before the add: the carry out of the cell's raw bits, and
    // the value after it.
    func outcome(_ value: BigInt) -> (carry: BigInt, value: BigInt) {
      let raw = value < 0 ? value + cell.limit : value
      return ((raw + amount).floorDivided(by: cell.limit), cell.wrapped(value + amount))
    }
    func carried(_ q: Piece, _ carry: BigInt) -> [Piece] {
      guard !carry.isZero, let above = cell.above, depth < 16 else { return [q] }
      return add(carry, to: above, q, depth: depth + 1)
    }
    guard let x = v.variable else {
      let (carry, value) = outcome(v.offset)
      var q = p
      q.current[c] = CellValue(variable: nil, offset: value)
      return carried(q, carry)
    }
    guard let xhi = p.box[x].hi else { return scramble(from: c, p) }
    let (lo, hi) = (p.box[x].lo + v.offset, xhi + v.offset)
    // Values where the carry or the wrap changes: where the raw value plus
    // the amount, or the value plus the amount, crosses a period.
    var cuts: Set<BigInt> = cell.signed ? [0] : []
    for base in [cell.signed ? cell.limit : 0, 0 - cell.minimum] + (cell.signed ? [BigInt(0)] : []) {
      let first = (lo + amount + base).floorDivided(by: cell.limit), last = (hi + amount + base).floorDivided(by: cell.limit)
      guard last - first < 4 else { return scramble(from: c, p) }
      var j = first + 1
      while j <= last { cuts.insert(j * cell.limit - amount - base); j += 1 }
    }
    var out: [Piece] = []
    for var q in split(p, x, at: cuts.filter { $0 > lo && $0 <= hi }.map { $0 - v.offset }) {
      let at = q.box[x].lo + v.offset
      let (carry, value) = outcome(at)
      q.current[c] = CellValue(variable: x, offset: value - q.box[x].lo)
      out += carried(q, carry)
    }
    return out
  }

  /// Gives up following cell `c` and the cells above it in its word: each
  /// becomes a fresh value over its whole range.
  func scramble(from c: Int, _ p: Piece) -> [Piece] {
    var q = p
    var cell: Int? = c
    while let i = cell {
      q.box.fresh.append(geometry.cells[i].range)
      q.current[i] = CellValue(variable: .fresh(q.box.fresh.count - 1), offset: 0)
      cell = geometry.cells[i].above
    }
    return [q]
  }

  /// Stores a value into cell `c`: brought into its range, as the store of
  /// its bits does.
  func store(_ value: ZoneValue, into c: Int, _ p: Piece) -> [Piece] {
    let cell = geometry.cells[c]
    func fresh(_ s: Span) -> [Piece] {
      var q = p
      q.box.fresh.append(s)
      q.current[c] = CellValue(variable: .fresh(q.box.fresh.count - 1), offset: 0)
      return [q]
    }
    func period(_ v: BigInt) -> BigInt { (v - cell.minimum).floorDivided(by: cell.limit) }
    var b: Bounds
    switch value {
    case .linear(let l):
      if let k = l.constantValue {
        var q = p
        q.current[c] = CellValue(variable: nil, offset: cell.wrapped(k))
        return [q]
      }
      if l.terms.count == 1, let (x, a) = l.terms.first, a == 1, let hi = p.box[x].hi {
        let first = period(p.box[x].lo + l.constant), last = period(hi + l.constant)
        if last - first < 4 {
          var cuts: [BigInt] = []
          var j = first + 1
          while j <= last { cuts.append(j * cell.limit + cell.minimum - l.constant); j += 1 }
          return split(p, x, at: cuts).map { q in
            var q = q
            let k = period(q.box[x].lo + l.constant)
            q.current[c] = CellValue(variable: x, offset: l.constant - k * cell.limit)
            return q
          }
        }
      }
      b = l.bounds(p.box)
    case .bounded(let x): b = x
    case .condition(let x):
      switch x.truth(p.box) {
      case true?: b = Bounds(1)
      case false?: b = Bounds(0)
      case nil: b = Bounds(lo: 0, hi: 1)
      }
    }
    if let lo = b.lo, let hi = b.hi, period(lo) == period(hi) {
      let k = period(lo) * cell.limit
      return fresh(Span(lo: lo - k, hi: hi - k))
    }
    return fresh(cell.range)
  }

  /// Applies a list of effects; set values read `mode` (the state before
  /// the list).
  func apply(_ effects: [Layout.Effect], _ p: Piece, _ mode: Mode) -> [Piece] {
    var pieces = [p]
    for e in effects {
      let c = geometry.cellOfField[e.field]
      pieces = pieces.flatMap { q -> [Piece] in
        switch e.action {
        case .add(let k): return add(k, to: c, q)
        case .set(let x): return setting(x, into: c, q, mode, depth: 0)
        }
      }
    }
    return pieces
  }

  private func setting(_ x: Expression, into c: Int, _ q: Piece, _ mode: Mode, depth: Int) -> [Piece] {
    do { return store(try evaluate(x, q, mode), into: c, q) } catch {
      if depth > 8 { return store(.bounded(.anything), into: c, q) }
      return split(q, error.variable, at: [error.at]).flatMap { setting(x, into: c, $0, mode, depth: depth + 1) }
    }
  }

  // MARK: The step

  /// Every zone one operation can lead to from `zone` (paths that change
  /// nothing, refused or trapped, are left out: their state is in `zone`).
  func successors(of zone: AbstractZone, _ op: Op, kept: BigInt = 0) -> [AbstractZone] {
    let operation = layout.action(op.action)
    var start = Piece(box: zone.box, forms: zone.forms, current: geometry.cells.indices.map { CellValue(variable: .cell($0), offset: 0) })
    if case .release(let k) = op.action {
      start.box.held[k] = start.box.held[k].intersection(Span(lo: kept + 1, hi: nil))
      guard !start.box.held[k].isEmpty, normalize(&start.box, &start.forms) else { return [] }
    }
    var pieces = [start]
    if let refuse = operation.refuse {
      pieces = pieces.flatMap { decide(refuse.expression, $0, { _ in .before }) }.filter { $0.1 != true }.map(\.0)
    }
    pieces = pieces.flatMap { apply(operation.effects, $0, .before) }
    if let trap = operation.trap {
      pieces = pieces.flatMap { decide(trap.expression, $0, { .after($0.current) }) }.filter { $0.1 != true }.map(\.0)
    }
    // Fixups: the first whose condition holds.
    var done: [Piece] = []
    for f in operation.fixups {
      var next: [Piece] = []
      for p in pieces {
        for (q, t) in decide(f.when.expression, p, { .after($0.current) }) {
          if t != false, f.outcome != .trapped {
            for var r in apply(f.effects, q, .after(q.current)) {
              if f.outcome == .refused { r.applied = false }
              done.append(r)
            }
          }
          if t != true { next.append(q) }
        }
      }
      pieces = next
    }
    done += pieces
    return done.compactMap { zoneAfter($0, from: zone, op) }
  }

  /// The zone of a piece's states after the step.
  func zoneAfter(_ p: Piece, from zone: AbstractZone, _ op: Op) -> AbstractZone? {
    var box = Box(cells: [], held: p.box.held)
    var pins: [Int: BigInt] = [:]
    for (c, v) in p.current.enumerated() {
      if let x = v.variable {
        box.cells.append(p.box[x].shifted(v.offset))
        if x == .cell(c), v.offset.isZero, let pin = zone.pins[c] { pins[c] = pin }
      } else {
        box.cells.append(Span(lo: v.offset, hi: v.offset))
        pins[c] = v.offset
      }
    }
    // An operation moves no held count.
    let delta: BigInt = p.applied ? BigInt(op.heldDelta) : 0
    if let k = op.kind { box.held[k] = box.held[k].shifted(delta) }
    var values: [FormValue?] = []
    for (i, form) in forms.enumerated() {
      // What the piece's box says of the form, with what the zone said.
      let implied = form.variables.reduce(Bounds(0)) { $0 + Bounds(p.box[$1.0]).scaled($1.1) }
      var v = p.forms[i] ?? FormValue(residue: 0, modulus: 1, lo: nil, hi: nil)
      if let l = implied.lo, v.lo.map({ l > $0 }) ?? true { v.lo = l }
      if let h = implied.hi, v.hi.map({ h < $0 }) ?? true { v.hi = h }
      guard v.hasClass || v.lo != nil || v.hi != nil else { values.append(nil); continue }
      var shift = op.kind.map { form.held[$0] * delta } ?? 0
      var known = true
      for (c, a) in form.cells.enumerated() where !a.isZero {
        let now = p.current[c]
        // A sentinel stored by a set erases the count it replaced: no
        // relation goes through it.
        if now.variable == nil {
          known = false
          break
        }
        if now.variable == .cell(c) {
          shift += a * now.offset
        } else if p.box.cells[c].isSingleton, let newValue = now.variable.map({ p.box[$0].isSingleton ? p.box[$0].lo + now.offset : nil }) ?? now.offset {
          shift += a * (newValue - p.box.cells[c].lo)
        } else {
          known = false
          break
        }
      }
      values.append(known ? v.shifted(shift) : nil)
    }
    var out = AbstractZone(box: box, forms: values, pins: pins)
    guard normalize(&out.box, &out.forms) else { return nil }
    return out
  }
}
