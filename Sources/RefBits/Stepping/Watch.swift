/// Conditions a bulk run watches over the states it reaches, for a search
/// that cuts phases where any of them changes value (``PhaseSearch``): the
/// step after which one reads differently is a ``Crossing``.
///
/// Each item is read on the state a step reaches, or on that state after
/// another operation's main effects (what that operation's `trap` and fixup
/// conditions read as `new`): a threshold of another operation's condition
/// is a threshold of the run too.
struct Watch: Sendable {
  struct Item: Sendable {
    var condition: CompiledExpression
    /// Read after this operation's main effects on the state reached; nil:
    /// on the state reached itself.
    var then: Op?
  }

  var items: [Item]

  /// Every condition that decides a step of one of `ops`, read where it is
  /// read: `refuse` on the state, `trap` and the fixups' `when` after the
  /// operation's effects; and the `when` and `means` of every `freed`
  /// predicate (where the word reads freed, so that a release may free it
  /// next; where the object dies, and acquires stop being moves). Unless
  /// `deciding`, those of every predicate. Conditions read the same way
  /// are watched once.
  init(machine: Machine, ops: [Op], deciding: Bool = false) {
    var items: [Item] = []
    // Conditions read the same way: the same expression after the same
    // operation's effects (or on the state).
    struct Reading: Hashable {
      var then: Op.Action?
      var expression: Expression
    }
    var seen = Set<Reading>()
    func add(_ c: CompiledExpression, then: Op?) {
      if seen.insert(Reading(then: then?.action, expression: c.expression)).inserted { items.append(Item(condition: c, then: then)) }
    }
    for op in ops {
      let c = machine.compiled(op)
      if let r = c.refuse { add(r, then: nil) }
      // A condition that reads no field after the effects reads the state.
      let then = { (e: CompiledExpression) in e.expression.reads(.new) ? Op(op.action) : nil }
      if let t = c.trap { add(t, then: then(t)) }
      for f in c.fixups { add(f.when, then: then(f.when)) }
    }
    for (i, p) in machine.predicates.enumerated() where !deciding || machine.freed.contains(i) {
      add(p.when, then: nil)
      add(p.means, then: nil)
    }
    self.items = items
  }

  /// The value of every item on `state`.
  func values(on state: State, machine: Machine) -> [Bool] {
    let env = StepEnvironment(machine: machine, old: state.words, new: state.words, held: state.truth.held)
    var mids: [Op: [UInt128]] = [:]
    return items.map { item in
      guard let then = item.then else { return env.holds(item.condition) }
      let mid = mids[then] ?? machine.effectWords(state, then)
      mids[then] = mid
      return env.replacingNew(mid).holds(item.condition)
    }
  }
}

/// A step of a bulk run after which a watched condition reads differently
/// (``Watch``), or that produced an event other than a carry between fields
/// (refused, trapped, saturated, spilled, a free, a leak) the step before it
/// did not: where a search may cut a phase.
struct Crossing: Sendable, Hashable {
  /// 1-based index of the step within the run.
  var step: BigInt
  /// The states before and after it.
  var before: State
  var after: State
  /// What changed: the watched values before and after, and the step's
  /// events. Crossings of one signature recur in a periodic run.
  var signature: Signature

  struct Signature: Sendable, Hashable {
    var before: [Bool]
    var after: [Bool]
    var events: [Outcome]
  }

  /// Whether a step crosses: a watched condition changed over it, or it
  /// produced events (other than a carry between fields, which changes no
  /// watched condition by itself) that the step before did not: the first
  /// of a stretch of refusals, each spill between stretches of plain steps.
  static func crosses(_ before: [Bool], _ after: [Bool], events: [Outcome], previous: [Outcome]) -> Bool {
    if before != after { return true }
    let own = events.filter { $0.category != .fieldOverflow }
    return !own.isEmpty && events != previous
  }
}

/// The crossings of a run a search keeps: the first two of each signature,
/// so that a periodic run (millions of spills, each a crossing) gives its
/// first repeat and the one a period later (where a wrap around the whole
/// word has brought the same state back with more references held), not
/// every one.
struct CrossingLog: Sendable {
  var kept: [Crossing.Signature: [Crossing]] = [:]
  var order: [Crossing.Signature] = []
  /// Per signature: how many times it was seen, and the step it was last seen at.
  var seen: [Crossing.Signature: (count: Int, last: BigInt)] = [:]

  mutating func record(_ c: Crossing) {
    let n = (seen[c.signature]?.count ?? 0) + 1
    seen[c.signature] = (n, c.step)
    if kept[c.signature] == nil { order.append(c.signature) }
    if n <= 2 { kept[c.signature, default: []].append(c) }
  }

  /// Whether every crossing seen after step `after` was the second or a later
  /// one of its kind: a stretch past `after` may then be repeated without
  /// hiding a crossing this log would keep.
  func complete(after: BigInt) -> Bool {
    seen.values.allSatisfy { $0.last <= after || $0.count >= 2 }
  }

  /// The kept crossings, in step order.
  var crossings: [Crossing] {
    order.flatMap { kept[$0] ?? [] }.sorted { $0.step < $1.step }
  }
}
