/// What the exact lens says about one layout, from its initial state: every
/// answer a ``Verdict``.
public struct Analysis: Sendable {
  /// The layout analysed, as read (parameters already substituted).
  public var layout: Layout
  /// One per kind, in the layout's order: how many of that kind's acquires
  /// succeed in a row from the initial state.
  public var capacities: [Capacity]
  /// One per predicate and lie the layout can tell (false positive, then
  /// false negative), in predicate order: the shortest sequence after which
  /// the predicate lies.
  public var onsets: [Onset]
  /// One per outcome class `analyze` reports (premature free, leak, false
  /// negative, field overflow, trapped, saturated, spilled), in that order.
  public var reachable: [Reachability]
  /// One per claim of the layout, in file order.
  public var claims: [Claim]
  /// How sequences were looked for: the phase search's class, and the
  /// exhaustive search's depth.
  var searchClass: String
  /// The search behind onsets, reachability and claims: per target, the
  /// best sequence found and the proven lower bound on its length; what of
  /// the phase class was searched (``PhaseSearch/Result``).
  var search: PhaseSearch.Result
  /// Every sequence of at most this many operations was tried.
  var exhaustiveDepth: Int { search.exhaustiveDepth }

  /// How many acquires of one kind succeed from the initial state.
  public struct Capacity: Sendable, Hashable {
    /// The kind's name in the layout (`ref`, `pin`).
    public var kind: String
    /// Acquires that succeed (`ok`, or only predicate lies) before the first
    /// event; exact when ``verdict`` is reachable (the acquires and the one
    /// that stops), nil otherwise.
    public var capacity: BigInt? { verdict.sequence.map { $0.operations - 1 } }
    /// The events of the acquire that stopped the run.
    var stoppedBy: [Outcome]
    /// What the following acquires do.
    public var then: Aftermath
    /// How far the run was taken.
    public var limit: BigInt
    /// reachable: the run stops (the sequence is the acquires and the one
    /// that stops); impossible: no acquire ever stops (a certificate under
    /// this kind's acquire alone); unknown: at least `atLeast - 1` succeed.
    public var verdict: Verdict
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
    /// The predicate's name in the layout (`maybe_pinned`).
    public var predicate: String
    /// `false_positive(P)` / `false_negative(P)` (or `premature_free` / `leak`
    /// for a `freed` predicate).
    public var outcome: Outcome
    /// reachable: the shortest sequence found that ends in ``outcome``;
    /// impossible: a certificate that the predicate never tells this lie;
    /// unknown: neither, with the reason.
    public var verdict: Verdict
    /// The sequence, when reachable.
    public var after: OpSequence? { verdict.sequence }
  }

  /// Whether an outcome class is reachable at all, and how.
  public struct Reachability: Sendable, Hashable {
    /// The outcome class (`premature_free`, `field_overflow`, ...), with any
    /// argument.
    public var outcome: OutcomePattern
    /// reachable: the shortest sequence found that produces it; impossible:
    /// a certificate under every acquire, release and operation; unknown.
    public var verdict: Verdict
    /// The sequence, when reachable.
    public var sequence: OpSequence? { verdict.sequence }
  }

  /// A claim of the layout: proved (impossible), broken (reachable) or
  /// unknown.
  public struct Claim: Sendable, Hashable {
    /// `never premature_free`.
    public var claim: String
    var never: OutcomePattern
    var description: String
    /// impossible: proved, with the certificate; reachable: broken, with the
    /// shortest sequence found; unknown, with the reason.
    public var verdict: Verdict

    /// `proved`, `broken` or `unknown`.
    public var word: String {
      switch verdict {
      case .reachable: "broken"
      case .impossible: "proved"
      case .unknown: "unknown"
      }
    }
  }
}

extension Analysis {
  /// The outcome classes `analyze` reports as reachable or not.
  static let reportedOutcomes: [Outcome.Category] = [.prematureFree, .leak, .falseNegative, .fieldOverflow, .trapped, .saturated, .spilled]

  /// The outcomes that stop a capacity run (``StopRule/events``).
  static let stoppingOutcomes: [OutcomePattern] = [Outcome.Category.refused, .trapped, .saturated, .spilled, .fieldOverflow, .prematureFree, .leak].map { OutcomePattern(category: $0) }

  /// Runs the exact lens on a layout.
  ///
  /// - Parameters:
  ///   - firstPhaseLimit: every first-phase length up to this is tried for
  ///     two-phase sequences (``PhaseSearch/smallLengths``).
  public init(layout: Layout, firstPhaseLimit: Int = 8) throws(InitialStateError) {
    try self.init(layout: layout, firstPhaseLimit: firstPhaseLimit, schemas: nil)
  }

  /// ``init(layout:firstPhaseLimit:)`` for a point of a sweep, whose
  /// certificates the points of its block check together.
  init(layout: Layout, firstPhaseLimit: Int = 8, schemas: CertificateSchemas.Scope?) throws(InitialStateError) {
    let machine = Machine(layout)
    let start = try machine.initialState()
    // One budget of checker time for every certificate of the analysis.
    let budget = CheckerBudget()
    let bits = layout.words.reduce(0) { $0 + $1.bits }
    let limit = BigInt.power(of2: bits + 2)
    let ops = PhaseSearch.allOps(layout)

    // Onsets, reachability and claims: one search for every target.
    var onsetTargets: [(predicate: String, outcome: Outcome)] = []
    for (p, pred) in layout.predicates.enumerated() {
      for lie in [Lie.falsePositive, .falseNegative] {
        if let o = machine.outcome(of: lie, predicate: p) { onsetTargets.append((pred.name, o)) }
      }
    }
    let reported = Self.reportedOutcomes.map { OutcomePattern(category: $0) }
    var targets: [OutcomePattern] = onsetTargets.map { OutcomePattern(category: $0.outcome.category, argument: $0.outcome.argument) }
    for t in reported + layout.claims.map(\.never) where !targets.contains(t) { targets.append(t) }
    // The capacity runs first: what their last steps produce is reachable,
    // which spares the certifier certificates the checker would reject.
    let capacities = Self.capacities(machine, start: start, limit: limit, budget: budget, schemas: schemas)
    let witnessed = Set(targets.filter { t in capacities.contains { $0.stoppedBy.contains(where: t.matches) } })
    let search = PhaseSearch(machine: machine, start: start, ops: ops, smallLengths: firstPhaseLimit, phaseLimit: limit)
    let builder = VerdictBuilder(layout: layout, searching: search, for: targets, certifier: Certifier(machine: machine, start: start, operations: ops, budget: budget, schemas: schemas), witnessed: witnessed)
    let found = builder.search
    let verdicts = builder.verdicts(targets, candidates: targets.map { t in found.shortest(t).map { OpSequence(phases: $0.sequence, layout: layout) } })
    let verdict = { (t: OutcomePattern) in verdicts[targets.firstIndex(of: t)!] }

    let onsets = onsetTargets.map { Onset(predicate: $0.predicate, outcome: $0.outcome, verdict: verdict(OutcomePattern(category: $0.outcome.category, argument: $0.outcome.argument))) }
    let reachable = reported.map { Reachability(outcome: $0, verdict: verdict($0)) }
    let claims = layout.claims.map { Claim(claim: "never \($0.text)", never: $0.never, description: $0.description, verdict: verdict($0.never)) }

    self.init(
      layout: layout, capacities: capacities, onsets: onsets, reachable: reachable, claims: claims,
      searchClass: found.classDescription(ops: "every acquire\(layout.operations.isEmpty ? " and release" : ", release and operation") by one actor"),
      search: found)
  }

  /// Each kind's acquires run alone from the initial state until the first
  /// event: exact where one stops, proved unbounded by a certificate, or at
  /// least as many as ran.
  ///
  /// - Parameter budget: the analysis's checker time, for the
  ///   certificates of kinds no acquire stops.
  static func capacities(_ machine: Machine, start: State, limit: BigInt, budget: CheckerBudget, schemas: CertificateSchemas.Scope? = nil) -> [Capacity] {
    let layout = machine.layout
    var out: [Capacity] = []
    // 2^16 single steps per kind, less where the layout is so large that
    // this would pass the search's whole work budget (never a shipped one).
    let capacityBudget = Swift.min(1 << 16, PhaseSearch.workBudget / Swift.max(1, layout.kinds.count * (1 + layout.predicates.count)))
    for (k, kind) in layout.kinds.enumerated() {
      let op = Op(kind: k, direction: .acquire)
      let r = machine.bulk(start, op, count: limit, stopOn: .events, singleStepBudget: capacityBudget)
      guard let stop = r.stop else {
        let attempt = Certifier(machine: machine, start: start, operations: [op], budget: budget, schemas: schemas).prove([stoppingOutcomes])[0]
        let verdict: Verdict
        switch attempt {
        case .proved(let c): verdict = .impossible(c)
        case .notProved(let why):
          let ran = r.exhausted ? "bulk stepping gave up after \(r.completed) acquires (its budget of single steps: a condition it cannot solve)" : "no event within \(limit) acquires"
          let settle = r.exhausted ? "bulk stepping that jumps this condition, or a certificate that no acquire stops" : "a longer run, or a certificate that no acquire stops"
          verdict = .unknown(Unknown(reason: "\(ran); \(why); to settle it: \(settle)", atLeast: r.completed + 1))
        }
        out.append(Capacity(kind: kind.name, stoppedBy: [], then: .none, limit: limit, verdict: verdict))
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
      let run = OpSequence(phases: [Phase(op: op, count: r.completed + 1)], layout: layout)
      out.append(Capacity(kind: kind.name, stoppedBy: events, then: then, limit: limit, verdict: .reachable(Reach(sequence: run, length: .shortest))))
    }
    return out
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
  var producibleEvents: Set<Outcome.Category> {
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
