/// What the exact lens says about one layout, from its initial state.
public struct Analysis: Sendable {
  public var layout: Layout
  public var capacities: [Capacity]
  public var onsets: [Onset]
  public var reachable: [Reachability]
  /// The class of sequences onsets and reachability were searched in.
  public var searchClass: String
  /// The search behind onsets and reachability: per target, the best
  /// sequence found, the proved lower bound on its length, and what was
  /// searched exhaustively (``PhaseSearch/Result``).
  public var search: PhaseSearch.Result
  /// Set when some run gave up (a non-linear condition): results are then
  /// exact only for what was searched.
  public var incomplete: Bool

  /// What ``incomplete`` means, as every rendering prints it.
  public static let incompleteExplanation = "the phase class was not searched to its end (its budget of runs ran out, or a run spent its budget of single steps on a condition bulk stepping cannot solve): results are exact only for what was searched"

  /// How many acquires of one kind succeed from the initial state.
  public struct Capacity: Sendable, Hashable {
    public var kind: String
    /// Acquires that succeed (`ok`, or only predicate lies) before the first
    /// event; nil when none stops within ``limit``.
    public var capacity: BigInt?
    /// The events of the acquire that stopped the run.
    public var stoppedBy: [Outcome]
    /// What the following acquires do.
    public var then: Aftermath
    /// How far the run was taken.
    public var limit: BigInt
  }

  /// What happens after the stopping acquire.
  public enum Aftermath: Sendable, Hashable {
    /// The stopping acquire changed nothing (refused or trapped), so every
    /// further one does the same.
    case sameForever([Outcome])
    /// The word is a fixed point: every further acquire produces these events
    /// and leaves the word as it is.
    case sticky([Outcome])
    /// The next acquire produces these outcomes (and the word keeps changing).
    case next([Outcome])
    /// Nothing stopped the run.
    case none
  }

  /// When a predicate starts lying.
  public struct Onset: Sendable, Hashable {
    public var predicate: String
    /// `false_positive(P)` / `false_negative(P)` (or `premature_free` / `leak`
    /// for a `freed` predicate).
    public var outcome: Outcome
    /// The shortest sequence found, if any.
    public var after: OpSequence?
  }

  /// Whether an outcome class is reachable at all, and how.
  public struct Reachability: Sendable, Hashable {
    public var outcome: OutcomePattern
    public var sequence: OpSequence?
    /// Set when no condition of the layout can produce the outcome at all
    /// (a proof, not the result of a search).
    public var impossible: Bool = false
  }
}

extension Analysis {
  /// The outcome classes `analyze` reports as reachable or not.
  public static let reportedOutcomes: [Outcome.Category] = [.prematureFree, .leak, .falseNegative, .fieldOverflow, .trapped, .saturated, .spilled]

  /// Runs the exact lens on a layout.
  ///
  /// - Parameters:
  ///   - firstPhaseLimit: every first-phase length up to this is tried for
  ///     two-phase sequences (``PhaseSearch/smallLengths``).
  public init(layout: Layout, firstPhaseLimit: Int = 8) throws(InitialStateError) {
    let machine = Machine(layout)
    let start = try machine.initialState()
    let bits = layout.words.reduce(0) { $0 + $1.bits }
    let limit = BigInt.power(of2: bits + 2)
    var incomplete = false

    var capacities: [Capacity] = []
    // 2^16 single steps per kind, less where the layout is so large that
    // this would pass the search's whole work budget (never a shipped one).
    let capacityBudget = Swift.min(1 << 16, PhaseSearch.workBudget / Swift.max(1, layout.kinds.count * (1 + layout.predicates.count)))
    for (k, kind) in layout.kinds.enumerated() {
      let op = Op(kind: k, direction: .acquire)
      let r = machine.bulk(start, op, count: limit, stopOn: .events, singleStepBudget: capacityBudget)
      if r.exhausted { incomplete = true }
      guard let stop = r.stop else {
        capacities.append(Capacity(kind: kind.name, capacity: nil, stoppedBy: [], then: .none, limit: limit))
        continue
      }
      let events = stop.result.outcomes.filter { $0 != .ok }
      let then: Aftermath
      if !stop.result.applied && stop.result.state.words == r.state.words {
        then = .sameForever(stop.result.events)
      } else if let next = try? machine.step(stop.result.state, op) {
        if next.state.words == stop.result.state.words && Set(next.events) == Set(stop.result.events) {
          then = .sticky(next.events)
        } else {
          then = .next(next.outcomes)
        }
      } else {
        then = .none
      }
      capacities.append(Capacity(kind: kind.name, capacity: r.completed, stoppedBy: events, then: then, limit: limit))
    }

    // Onsets and reachability: one search for every target.
    var targets: [OutcomePattern] = []
    for (p, pred) in layout.predicates.enumerated() {
      for lie in [Lie.falsePositive, .falseNegative] {
        if let o = machine.outcome(of: lie, predicate: p) { targets.append(OutcomePattern(category: o.category, argument: o.argument)) }
      }
      _ = pred
    }
    let reported = Self.reportedOutcomes.map { OutcomePattern(category: $0) }
    let producible = layout.producibleEvents
    targets += reported.filter { !targets.contains($0) && (($0.category.isLieCategory) || producible.contains($0.category)) }
    let search = PhaseSearch(machine: machine, start: start, ops: PhaseSearch.allOps(layout), smallLengths: firstPhaseLimit, phaseLimit: limit)
    let found = search.run(targets: targets)
    if found.incomplete { incomplete = true }
    let sequence = { (t: OutcomePattern) in found.shortest(t).map { OpSequence(phases: $0.sequence, layout: layout) } }

    var onsets: [Onset] = []
    for (p, pred) in layout.predicates.enumerated() {
      for lie in [Lie.falsePositive, .falseNegative] {
        guard let o = machine.outcome(of: lie, predicate: p) else { continue }
        onsets.append(Onset(predicate: pred.name, outcome: o, after: sequence(OutcomePattern(category: o.category, argument: o.argument))))
      }
    }
    let reachable = reported.map { t in
      Reachability(outcome: t, sequence: sequence(t), impossible: !t.category.isLieCategory && !producible.contains(t.category))
    }

    self.init(
      layout: layout, capacities: capacities, onsets: onsets, reachable: reachable,
      searchClass: found.classDescription(ops: "every acquire\(layout.operations.isEmpty ? " and release" : ", release and operation") by one actor"),
      search: found,
      incomplete: incomplete)
  }
}

extension Analysis {
  /// Analyses of several layouts, computed in parallel, in the given order.
  public static func all(_ layouts: [Layout], firstPhaseLimit: Int = 8) throws(InitialStateError) -> [Analysis] {
    let results = ParallelMap.map(layouts) { layout in
      Swift.Result { () throws(InitialStateError) in try Analysis(layout: layout, firstPhaseLimit: firstPhaseLimit) }
    }
    return try results.map { r throws(InitialStateError) in try r.get() }
  }
}

extension Layout {
  /// The event classes some condition of the layout can produce:
  /// `refused` needs a refuse condition or a refusing fixup, `trapped` a trap
  /// or a trapping fixup, `saturated`/`spilled` such a fixup, in some
  /// acquire, release or operation; any add or set can overflow a field.
  public var producibleEvents: Set<Outcome.Category> {
    var out: Set<Outcome.Category> = [.fieldOverflow]
    for a in actions {
      let op = action(a)
      if op.refuse != nil { out.insert(.refused) }
      if op.trap != nil { out.insert(.trapped) }
      for f in op.fixups {
        switch f.outcome {
        case .refused: out.insert(.refused)
        case .trapped: out.insert(.trapped)
        case .saturated: out.insert(.saturated)
        case .spilled: out.insert(.spilled)
        case .ok: break
        }
      }
    }
    return out
  }
}
