extension CheckerSemantics {
  /// One operation from a symbolic state: when it may run, the state after
  /// it, and which outcomes it produces (each a boolean term).
  struct Step {
    var enabled: Term
    var next: SymbolicState
    /// Refused by the refuse condition or a refusing fixup.
    var refused: Term
    var trapped: Term
    var saturated: Term
    var spilled: Term
    /// By field or word name.
    var overflow: [(name: String, term: Term)]
    var falsePositive: [(name: String, term: Term)]
    var falseNegative: [(name: String, term: Term)]
    var prematureFree: Term
    var leak: Term
  }

  /// What a list of effects wrote so far: per field, whether a value was
  /// written and which (the value the field must read afterwards).
  private struct Written {
    var has: [Term]
    var value: [Term]
  }

  private func apply(_ effects: [Layout.Effect], env: Environment, old: [Term], words: inout [Term], written: inout Written) throws(Unsupported) {
    for e in effects {
      switch e.action {
      case .add(let c):
        words = adding(c, to: e.field, words)
        let before = z.ite(written.has[e.field], written.value[e.field], reading(e.field, .declared, in: old))
        written.value[e.field] = z.sum([before, z.numeral(c)])
      case .set(let x):
        let v = try value(x, env)
        words = storing(v, into: e.field, words)
        written.value[e.field] = v
      }
      written.has[e.field] = z.yes
    }
  }

  /// Chooses, word by word, the first alternative whose condition holds, else
  /// the last one.
  private func choose(_ alternatives: [(Term, [Term])], otherwise: [Term]) -> [Term] {
    otherwise.indices.map { i in
      alternatives.reversed().reduce(otherwise[i]) { z.ite($1.0, $1.1[i], $0) }
    }
  }

  /// - Parameter kept: references of the released kind the release may not
  ///   take (held by an actor the operations do not act for).
  func step(_ s: SymbolicState, _ action: Op.Action, kept: BigInt = 0) throws(Unsupported) -> Step {
    let op = layout.action(action)
    // An acquire takes a reference, a release drops one it finds held, an
    // operation holds none.
    let (k, delta): (Int?, Int) = switch action {
    case .acquire(let k): (k, 1)
    case .release(let k): (k, -1)
    case .perform: (nil, 0)
    }
    let before = Environment(old: s.pieces, new: s.pieces, held: s.held)
    // The object is dead when some `freed` predicate's meaning holds.
    let freed = layout.predicates.filter { $0.role == .freed }
    func dead(_ env: Environment) throws(Unsupported) -> Term {
      var terms: [Term] = []
      for p in freed { terms.append(try holds(p.means.expression, env)) }
      return z.or(terms)
    }
    let enabled: Term
    switch action {
    case .release(let k):
      enabled = z.lessOrEqual(z.numeral(kept + 1), s.held[k])
    case .acquire(let k) where !op.resurrects && !freed.isEmpty:
      // No one takes a reference from a dead object unless the layout says
      // the acquire may (resurrect = true): not enabled where one more held
      // reference of the kind would make some freed meaning false.
      var more = s.held
      more[k] = z.sum([s.held[k], z.numeral(1)])
      let moreEnv = Environment(old: s.pieces, new: s.pieces, held: more)
      var revives: [Term] = []
      for p in freed { revives.append(z.and([try holds(p.means.expression, before), z.not(try holds(p.means.expression, moreEnv))])) }
      enabled = z.not(z.or(revives))
    default:
      enabled = z.yes
    }
    let refuse = try op.refuse.map { c throws(Unsupported) in try holds(c.expression, before) } ?? z.no

    var words = s.pieces
    var written = Written(has: layout.fields.map { _ in z.no }, value: layout.fields.map { _ in z.numeral(0) })
    try apply(op.effects, env: before, old: s.pieces, words: &words, written: &written)
    let after = Environment(old: s.pieces, new: words, held: s.held)
    let trap = try op.trap.map { c throws(Unsupported) in try holds(c.expression, after) } ?? z.no

    // The fixups: each one's condition, and the words if it is the one.
    var conditions: [Term] = []
    var outcomes: [Layout.FixupOutcome] = []
    var alternatives: [(words: [Term], written: Written)] = []
    for f in op.fixups {
      conditions.append(try holds(f.when.expression, after))
      outcomes.append(f.outcome)
      var w = words, wr = written
      try apply(f.effects, env: after, old: s.pieces, words: &w, written: &wr)
      alternatives.append((w, wr))
    }
    // fires[i]: fixup i is the first whose condition holds.
    let fires = conditions.indices.map { i in z.and(conditions[..<i].map { z.not($0) } + [conditions[i]]) }
    func firing(_ o: Layout.FixupOutcome) -> Term { z.or(fires.indices.filter { outcomes[$0] == o }.map { fires[$0] }) }

    let going = z.and([z.not(refuse), z.not(trap)])
    let changed = z.and([going, z.not(firing(.trapped))])
    let applied = z.and([changed, z.not(firing(.refused))])

    let finalWords = choose(zip(fires, alternatives.map(\.words)).map { ($0, $1) }, otherwise: words)
    let nextWords = s.pieces.indices.map { z.ite(changed, finalWords[$0], s.pieces[$0]) }
    let has = choose(zip(fires, alternatives.map(\.written.has)).map { ($0, $1) }, otherwise: written.has)
    let values = choose(zip(fires, alternatives.map(\.written.value)).map { ($0, $1) }, otherwise: written.value)
    var nextHeld = s.held
    if let k { nextHeld[k] = z.sum([s.held[k], z.ite(applied, z.numeral(BigInt(delta)), z.numeral(0))]) }
    let next = SymbolicState(pieces: nextWords, held: nextHeld)

    var overflow: [(String, Term)] = []
    for f in layout.fields.indices {
      let landed = z.ite(has[f], z.equal(reading(f, .declared, in: nextWords), values[f]), z.equal(raw(f, in: nextWords), raw(f, in: s.pieces)))
      overflow.append((layout.fields[f].name, z.and([changed, z.not(landed)])))
    }
    for (w, moved) in outsideFieldsChanged(s.pieces, nextWords) {
      overflow.append((layout.words[w].name, z.and([changed, moved])))
    }

    // Predicates before and after.
    let was = Environment(old: s.pieces, new: s.pieces, held: s.held)
    let now = Environment(old: nextWords, new: nextWords, held: nextHeld)
    var falsePositive: [(String, Term)] = [], falseNegative: [(String, Term)] = []
    var prematureFree: [Term] = [], leak: [Term] = []
    let deadBefore = try dead(was), deadAfter = try dead(now)
    let frees = if case .acquire = action { false } else { true }
    for p in layout.predicates {
      let w0 = try holds(p.when.expression, was), m0 = try holds(p.means.expression, was)
      let w1 = try holds(p.when.expression, now), m1 = try holds(p.means.expression, now)
      switch p.role {
      case .plain:
        // Lies after, the object alive, and did not lie the same way before
        // while alive (a lie told on a dead object is not counted).
        falsePositive.append((p.name, z.and([changed, z.not(deadAfter), w1, z.not(m1), z.not(z.and([z.not(deadBefore), w0, z.not(m0)]))])))
        falseNegative.append((p.name, z.and([changed, z.not(deadAfter), z.not(w1), m1, z.not(z.and([z.not(deadBefore), z.not(w0), m0]))])))
      case .freed:
        // A release or an operation frees (an acquire never does): the step
        // that makes the word read freed.
        if frees { prematureFree.append(z.and([changed, w1, z.not(m1), z.not(w0)])) }
        leak.append(z.and([changed, z.not(w1), m1, z.not(m0)]))
      }
    }

    return Step(
      enabled: enabled, next: next,
      refused: z.or([refuse, z.and([going, firing(.refused)])]),
      trapped: z.or([z.and([z.not(refuse), trap]), z.and([going, firing(.trapped)])]),
      saturated: z.and([going, firing(.saturated)]),
      spilled: z.and([going, firing(.spilled)]),
      overflow: overflow, falsePositive: falsePositive, falseNegative: falseNegative,
      prematureFree: z.or(prematureFree), leak: z.or(leak))
  }

  /// Whether the step produces an outcome that `pattern` matches.
  func produces(_ step: Step, _ action: Op.Action, _ pattern: OutcomePattern) -> Term {
    func named(_ list: [(name: String, term: Term)]) -> Term {
      z.or(list.filter { pattern.argument == nil || $0.name == pattern.argument }.map(\.term))
    }
    switch pattern.category {
    case .prematureFree: return step.prematureFree
    case .leak: return step.leak
    case .falseNegative: return named(step.falseNegative)
    case .falsePositive: return named(step.falsePositive)
    case .fieldOverflow: return named(step.overflow)
    case .trapped: return step.trapped
    case .saturated: return step.saturated
    case .spilled: return step.spilled
    case .refused: return pattern.argument == nil || pattern.argument == layout.kindOrOperationName(action) ? step.refused : z.no
    case .ok: return z.yes
    }
  }

  /// The layout's initial state: the `[initial] fields` stored into zero
  /// words, or, without them, the held references acquired one by one from
  /// zero words (each acquire must go through), with the held counts.
  ///
  /// - Throws: ``Unsupported`` when that takes more than `acquireLimit` acquires.
  func initialState(acquireLimit: Int = 256) throws(Unsupported) -> (state: SymbolicState, requirements: [Term]) {
    var held = layout.kinds.map { _ in BigInt(0) }
    for (k, n) in layout.initial.held where k < held.count { held[k] = n }
    if let fields = layout.initial.fields {
      var values = pieces.map { _ in z.numeral(0) }
      for (f, v) in fields.sorted(by: { $0.key < $1.key }) { values = storing(z.numeral(v), into: f, values) }
      return (SymbolicState(pieces: values, held: held.map(z.numeral)), [])
    }
    let total = held.reduce(BigInt(0), +)
    guard total <= BigInt(acquireLimit) else {
      throw Unsupported(message: "the initial state takes \(total) acquires to build (more than \(acquireLimit))")
    }
    var s = SymbolicState(pieces: pieces.map { _ in z.numeral(0) }, held: layout.kinds.map { _ in z.numeral(0) })
    var requirements: [Term] = []
    for k in layout.kinds.indices where !held[k].isZero {
      for _ in 0..<(held[k].int ?? 0) {
        let st = try step(s, .acquire(kind: k))
        // Each acquire must go through: applied, and nothing but `ok`.
        let events = [st.refused, st.trapped, st.saturated, st.spilled] + st.overflow.map(\.term)
        requirements.append(z.simplified(z.not(z.or(events))))
        s = SymbolicState(pieces: st.next.pieces.map(z.simplified), held: st.next.held.map(z.simplified))
      }
    }
    return (s, requirements)
  }
}
