/// Finds an inductive invariant of a layout under a set of operations: the
/// candidate a ``Certificate`` carries to the ``CertificateChecker``.
///
/// An abstract interpretation over zones (``AbstractZone``): from the initial
/// state, apply every operation to every zone (``ZoneTransfer``) until
/// nothing new appears. Zones that hold different sentinels (a constant a set
/// effect stored) stay apart, so do zones whose carry-free linear forms
/// differ (`weak_count == weak + 1` while the object lives, `== weak` once
/// its last strong reference went); the others merge, and a form that two
/// merged zones give values differing by a wrap of its word becomes a
/// congruence (`refcount == get + 1024*pin + 1 (mod 2^32)`). A bound that keeps
/// moving jumps to the next constant of the layout's conditions (widening).
///
/// The forms are those every path of every operation that only adds keeps
/// constant (the null space of the paths' changes), and the ones that also
/// survive a carry between the cells of a word.
///
/// The result over-approximates the reachable states; the checker decides
/// whether it is inductive and excludes an outcome. Nothing here is trusted.
struct InvariantSynthesis: Sendable {
  var machine: Machine
  var operations: [Op]
  /// Zones with the same sentinels kept apart before they are merged anyway.
  var zonesPerSentinel = 4
  /// Abstract steps before giving up.
  var stepBudget = 6000
  /// References per kind the operations never release (see
  /// ``Certificate/kept``).
  var kept: [Int: BigInt] = [:]

  let geometry: CellGeometry
  let transfer: ZoneTransfer
  /// Per form: the greatest common divisor of the changes a carry or a wrap
  /// can make to it (0: none can).
  let quantum: [BigInt]
  /// Per cell: the values a moving bound may jump to, sorted.
  let landmarks: [[BigInt]]

  init(machine: Machine, operations: [Op]) {
    self.machine = machine
    self.operations = operations
    let layout = machine.layout
    let geometry = CellGeometry(layout)
    self.geometry = geometry
    let forms = Self.forms(geometry, layout: layout, operations: operations)
    let carries = geometry.carries + geometry.wraps
    quantum = forms.map { f in
      carries.reduce(BigInt(0)) { g, d in gcd(g, zip(f.cells + f.held, d).reduce(BigInt(0)) { $0 + $1.0 * $1.1 }) }
    }
    transfer = ZoneTransfer(layout: layout, geometry: geometry, forms: forms)
    landmarks = Self.landmarks(geometry, layout: layout)
  }

  /// The invariant, or nil when the iteration did not settle within
  /// ``stepBudget`` abstract steps.
  ///
  /// - Complexity: O(zones × operations × pieces) per round; a few rounds
  ///   per bound, independent of the widths.
  func run(from start: State) -> Invariant? {
    guard let zones = fixpoint(from: start) else { return nil }
    // Zones another one grew to include say nothing more.
    let kept = zones.indices.filter { i in
      !zones.indices.contains { j in j != i && includes(zones[j], zones[i]) && (j < i || !includes(zones[i], zones[j])) }
    }
    return invariant(kept.map { zones[$0] })
  }

  func initialZone(_ s: State) -> AbstractZone? {
    let cells = geometry.cells.indices.map { c -> Span in
      let v = geometry.value(c, in: s.words)
      return Span(lo: v, hi: v)
    }
    var z = AbstractZone(box: Box(cells: cells, held: s.truth.held.map { Span(lo: $0, hi: $0) }), forms: transfer.forms.map { _ in nil }, pins: [:])
    guard transfer.normalize(&z.box, &z.forms) else { return nil }
    return z
  }

  func fixpoint(from start: State) -> [AbstractZone]? {
    guard let first = initialZone(start) else { return nil }
    var zones = [first]
    var updates = [0]
    var work = [0]
    var steps = 0
    while !work.isEmpty {
      let zone = zones[work.removeFirst()]
      for op in operations {
        steps += 1
        if steps > stepBudget { return nil }
        for s in transfer.successors(of: zone, op, kept: op.kind.flatMap { kept[$0] } ?? 0) {
          merge(s, into: &zones, updates: &updates, work: &work)
        }
      }
    }
    return zones
  }

  /// Adds a zone: into one it fits in, merged with one it may join, or as a
  /// new zone. When the zones with its sentinels would be too many, the two
  /// that lose least by it (fewest forms left with only bounds, then fewest
  /// cells whose range grows) merge, until they are few enough.
  func merge(_ s: AbstractZone, into zones: inout [AbstractZone], updates: inout [Int], work: inout [Int]) {
    let same = zones.indices.filter { zones[$0].pins == s.pins }
    if same.contains(where: { includes(zones[$0], s) }) { return }
    if let j = same.first(where: { joinable(zones[$0], s) }) {
      update(j, with: join(zones[j], s), zones: &zones, updates: &updates, work: &work)
      return
    }
    zones.append(s)
    updates.append(0)
    work.append(zones.count - 1)
    var group = same + [zones.count - 1]
    while group.count > zonesPerSentinel {
      var best: (cost: (Int, Int), a: Int, b: Int)? = nil
      for (x, a) in group.enumerated() {
        for b in group[(x + 1)...] {
          let c = cost(zones[a], zones[b])
          if best.map({ c < $0.cost }) ?? true { best = (c, a, b) }
        }
      }
      let (_, a, b) = best!
      let joined = join(zones[a], zones[b], keepingClasses: false)
      zones.remove(at: b)
      updates.remove(at: b)
      work = work.compactMap { $0 == b ? nil : ($0 > b ? $0 - 1 : $0) }
      group = group.compactMap { $0 == b ? nil : ($0 > b ? $0 - 1 : $0) }
      update(a, with: joined, zones: &zones, updates: &updates, work: &work)
    }
  }

  /// What merging two zones loses: forms left with only bounds, then cells
  /// whose range grows for either.
  func cost(_ a: AbstractZone, _ b: AbstractZone) -> (Int, Int) {
    let lost = a.forms.indices.filter { i in
      guard let x = a.forms[i], let y = b.forms[i] else { return false }
      return !explained(x, y, form: i) || !explained(y, x, form: i)
    }.count
    let grown = a.box.cells.indices.reduce(0) { n, c in
      let h = a.box.cells[c].hull(b.box.cells[c])
      return n + (h != a.box.cells[c] ? 1 : 0) + (h != b.box.cells[c] ? 1 : 0)
    }
    return (lost, grown)
  }

  private func update(_ j: Int, with joined: AbstractZone, zones: inout [AbstractZone], updates: inout [Int], work: inout [Int]) {
    var joined = joined
    if updates[j] >= 2 { joined = widen(zones[j], joined) }
    guard transfer.normalize(&joined.box, &joined.forms) else { return }
    if joined != zones[j] {
      zones[j] = joined
      updates[j] += 1
      if !work.contains(j) { work.append(j) }
    }
  }

  func includes(_ z: AbstractZone, _ s: AbstractZone) -> Bool {
    for (a, b) in zip(z.box.cells + z.box.held, s.box.cells + s.box.held) {
      if b.lo < a.lo { return false }
      if let ah = a.hi { guard let bh = b.hi, bh <= ah else { return false } }
    }
    for (a, b) in zip(z.forms, s.forms) {
      guard let a else { continue }
      guard let b, a.includes(b) else { return false }
    }
    return true
  }

  /// Two zones may merge unless a form's class differs between them by
  /// something no carry or wrap explains (the zones are then different
  /// phases of the object's life).
  func joinable(_ z: AbstractZone, _ s: AbstractZone) -> Bool {
    z.forms.indices.allSatisfy { i in
      guard let a = z.forms[i], let b = s.forms[i] else { return true }
      return explained(a, b, form: i)
    }
  }

  /// The least zone containing both; with `keepingClasses` false, a form
  /// whose classes differ by more than a carry explains keeps only bounds.
  func join(_ z: AbstractZone, _ s: AbstractZone, keepingClasses: Bool = true) -> AbstractZone {
    var out = z
    out.box.cells = zip(z.box.cells, s.box.cells).map { $0.hull($1) }
    out.box.held = zip(z.box.held, s.box.held).map { $0.hull($1) }
    out.forms = z.forms.indices.map { i in
      guard let a = z.forms[i], let b = s.forms[i], var j = a.join(b) else { return nil }
      if !keepingClasses, j.hasClass, !explained(a, b, form: i) { j = FormValue(residue: 0, modulus: 1, lo: j.lo, hi: j.hi) }
      return j.hasClass || j.lo != nil || j.hi != nil ? j : nil
    }
    return out
  }

  /// Whether `a`'s class survives joining `b`: `a` has none, or the two
  /// differ by what carries and wraps can do.
  func explained(_ a: FormValue, _ b: FormValue, form i: Int) -> Bool {
    guard a.hasClass else { return true }
    guard b.hasClass else { return false }
    let d = (a.residue - b.residue).magnitude
    let q = gcd(gcd(a.modulus, b.modulus), quantum[i])
    return q.isZero ? d.isZero : (d % q).isZero
  }

  /// Bounds that moved jump to the next landmark (cells) or to no bound
  /// (held counts).
  func widen(_ old: AbstractZone, _ new: AbstractZone) -> AbstractZone {
    var out = new
    for c in new.box.cells.indices {
      let (o, n) = (old.box.cells[c], new.box.cells[c])
      var s = n
      if n.lo < o.lo { s.lo = landmarks[c].last { $0 <= n.lo } ?? geometry.cells[c].minimum }
      if let nh = n.hi, let oh = o.hi, nh > oh { s.hi = landmarks[c].first { $0 >= nh } ?? geometry.cells[c].maximum }
      out.box.cells[c] = s
    }
    for k in new.box.held.indices {
      let (o, n) = (old.box.held[k], new.box.held[k])
      if n.lo < o.lo { out.box.held[k].lo = 0 }
      if let nh = n.hi, let oh = o.hi, nh > oh { out.box.held[k].hi = nil }
    }
    for i in new.forms.indices {
      guard let o = old.forms[i], var n = new.forms[i] else { continue }
      if let nl = n.lo, let ol = o.lo, nl < ol { n.lo = nil }
      if let nh = n.hi, let oh = o.hi, nh > oh { n.hi = nil }
      out.forms[i] = n.hasClass || n.lo != nil || n.hi != nil ? n : nil
    }
    return out
  }
}

extension InvariantSynthesis {
  /// The forms the adding paths of the operations keep constant: those of
  /// the paths without fixups, those of every path, and of each the ones a
  /// carry or a wrap leaves alone too.
  static func forms(_ geometry: CellGeometry, layout: Layout, operations: [Op]) -> [RelationForm] {
    let n = geometry.cells.count, kinds = geometry.kinds
    var main: [[BigInt]] = [], all: [[BigInt]] = []
    for op in operations {
      let o = layout.action(op.action)
      var paths: [([Layout.Effect], Bool, Bool)] = [(o.effects, true, true)]
      for f in o.fixups where f.outcome != .trapped { paths.append((o.effects + f.effects, f.outcome != .refused, false)) }
      for (effects, applied, isMain) in paths {
        var d = [BigInt](repeating: 0, count: n + kinds)
        var adds = true
        for e in effects {
          guard case .add(let c) = e.action else { adds = false; break }
          d[geometry.cellOfField[e.field]] += c
        }
        guard adds else { continue }
        if applied, let k = op.kind { d[n + k] += BigInt(op.heldDelta) }
        guard d.contains(where: { !$0.isZero }) else { continue }
        all.append(d)
        if isMain { main.append(d) }
      }
    }
    let carries = geometry.carries
    var out: [RelationForm] = []
    for rows in [all + carries, main + carries, all, main] {
      for v in IntegerNullSpace.basis(of: rows, columns: n + kinds) {
        let f = RelationForm(cells: Array(v[..<n]), held: Array(v[n...]))
        if !out.contains(f) { out.append(f) }
      }
    }
    return out
  }

  /// Per cell: 0, its top, the two sides of its sign bit, and each constant
  /// of the layout (and its neighbours) as the cell's raw value.
  static func landmarks(_ geometry: CellGeometry, layout: Layout) -> [[BigInt]] {
    var constants = Set<BigInt>()
    func collect(_ e: Expression) {
      if e.isConstant {
        constants.insert(e.evaluate(ConstantEnvironment()))
        return
      }
      switch e {
      case .unary(_, let a): collect(a)
      case .binary(_, let a, let b): collect(a); collect(b)
      case .call(_, let args): args.forEach(collect)
      default: break
      }
    }
    for a in layout.actions {
      let o = layout.action(a)
      [o.refuse, o.trap].compactMap { $0 }.forEach { collect($0.expression) }
      for f in o.fixups { collect(f.when.expression) }
      for e in o.effects + o.fixups.flatMap(\.effects) {
        switch e.action {
        case .set(let x): collect(x)
        case .add(let c): constants.insert(c)
        }
      }
    }
    for p in layout.predicates { collect(p.when.expression) }
    return geometry.cells.map { cell in
      var marks: Set<BigInt> = [cell.minimum, cell.maximum, cell.signed ? -1 : cell.limit / 2 - 1, cell.signed ? 0 : cell.limit / 2]
      for v in constants {
        for x in [v - 1, v, v + 1] where x >= cell.minimum - cell.limit && x <= cell.maximum + cell.limit {
          marks.insert(cell.wrapped(x))
        }
      }
      return marks.sorted()
    }
  }
}
