import Foundation

/// What an attacker can reach on a layout, and at what cost: for each goal,
/// the cheapest sequence of its own operations (see docs/attacker-format.md).
public struct Attack: Sendable {
  /// The layout attacked.
  public var layout: Layout
  /// The attacker profile, its routes keyed by the layout's kind and
  /// operation names as the profile's declarations map them.
  public var profile: AttackerProfile
  /// One per goal (``goals(_:profile:)``), most severe first: premature
  /// free, false negative, field overflow, trapped, leak, saturated, a
  /// denial of service of each kind in reach (when some condition refuses),
  /// then false positive.
  public var results: [Result]
  /// Kinds and operations of the layout the profile gives no route to.
  var outOfReach: [String]
  var searchClass: String
  /// The search behind the results (``PhaseSearch/Result``).
  var search: PhaseSearch.Result
  /// Which route acquired each kind or operation in reach, and whether the
  /// profile declares it or only the names match.
  var mapping: [AttackerProfile.Mapping] = []
  /// Located warnings: routes applied by name only, a profile of another
  /// platform.
  public var warnings: [Diagnostic] = []

  /// What the attacker wants.
  public enum Goal: Sendable, Hashable, CustomStringConvertible {
    case outcome(OutcomePattern)
    /// Everyone else's acquires of this kind are refused.
    case denialOfService(kind: String)

    /// The goal as `refbits attack` prints it: the outcome pattern
    /// (`premature_free`) or `denial_of_service(KIND)`.
    public var description: String {
      switch self {
      case .outcome(let p): p.description
      case .denialOfService(let k): "denial_of_service(\(k))"
      }
    }
  }

  /// One resource's total over a sequence.
  public struct Cost: Sendable, Hashable {
    /// The profile's resource (`memory`, `time`, ...).
    public var resource: String
    /// What ``total`` is counted in.
    public var unit: AttackerProfile.Resource.Unit
    /// The sequence's spending: for `seconds`, the sum of each route's
    /// count divided by its rate, rounded up; otherwise the sum of each
    /// route's count times its cost in this resource.
    public var total: BigInt
    var budget: BigInt?
    /// total / budget; 0 without a budget.
    var fraction: Double
  }

  /// One goal's answer: the cheapest way found, or a proof that the
  /// attacker's operations never reach it, and what it costs.
  public struct Result: Sendable, Hashable {
    /// What the attacker wants.
    public var goal: Goal
    /// reachable: the cheapest sequence found (for a denial of service, up
    /// to the state where everyone's acquire is refused); impossible: a
    /// certificate under the attacker's operations; unknown.
    public var verdict: Verdict
    /// Totals of the sequence (empty unless reachable).
    public var costs: [Cost]
    /// Seconds at the profile's rates.
    public var seconds: Double
    /// Whether every total is within its budget.
    public var fits: Bool
    /// The resource with the largest fraction of its budget.
    var binding: String?
    /// Whether a figure behind the cost is an estimate.
    var estimate: Bool

    /// The sequence, when reachable.
    public var sequence: OpSequence? { verdict.sequence }
  }
}

extension Attack {
  /// The attacker is actor 1; the layout's initial references belong to actor 0.
  public static let attacker = 1

  /// Looks for the cheapest sequence of the attacker's own operations to
  /// each goal, and costs it against the profile's budgets.
  ///
  /// Each layout kind (or operation) the profile gives a route to is in
  /// reach: its acquire (and its release, when the route allows it) or the
  /// operation, by ``attacker``. Cheapest means the smallest largest
  /// fraction of any budget, then the fewest operations. A goal no
  /// sequence reaches gets a certificate under those operations, with the
  /// initial state's references (actor 0's) kept, or an unknown.
  ///
  /// - Parameters:
  ///   - layout: the layout attacked.
  ///   - given: the attacker profile; routes that match a layout name
  ///     only, or a profile of another platform, leave ``warnings``.
  ///   - firstPhaseLimit: every first-phase length up to this is tried for
  ///     two-phase sequences.
  /// - Throws: ``InitialStateError`` when the layout's initial state cannot
  ///   be built.
  public init(layout: Layout, profile given: AttackerProfile, firstPhaseLimit: Int = 8) throws(InitialStateError) {
    try self.init(layout: layout, profile: given, firstPhaseLimit: firstPhaseLimit, schemas: nil)
  }

  /// ``init(layout:profile:firstPhaseLimit:)`` for a point of a sweep, whose
  /// certificates the points of its block check together.
  init(layout: Layout, profile given: AttackerProfile, firstPhaseLimit: Int = 8, schemas: CertificateSchemas.Scope?) throws(InitialStateError) {
    // The profile with its routes keyed by the layout's kind and operation
    // names, as the profile's declarations map them.
    let bound = given.routes(for: layout, names: layout.kinds.map(\.name) + layout.operations.map(\.name))
    var profile = given
    profile.routes = bound.routes
    let machine = Machine(layout)
    let start = try machine.initialState()
    var ops: [Op] = []
    var outOfReach: [String] = []
    for (k, kind) in layout.kinds.enumerated() {
      guard let route = profile.routes[kind.name] else { outOfReach.append(kind.name); continue }
      ops.append(Op(kind: k, direction: .acquire, actor: Self.attacker))
      if route.release { ops.append(Op(kind: k, direction: .release, actor: Self.attacker)) }
    }
    // An operation is in reach when a route names it explicitly.
    for (o, operation) in layout.operations.enumerated() {
      guard profile.routes[operation.name] != nil else { outOfReach.append(operation.name); continue }
      ops.append(Op(operation: o, actor: Self.attacker))
    }
    let route = { (op: Op) in profile.routes[layout.kindOrOperationName(op.action)]! }
    // Rank candidates by the largest fraction of any budget; as a search weight,
    // each acquire's or operation's own largest fraction.
    var weights: [Op: Double] = [:]
    for op in ops {
      weights[op] = op.isRelease ? 0 : Self.costs(of: [layout.kindOrOperationName(op.action): 1], profile: profile).fraction
    }
    let goals = Self.goals(layout, profile: profile)
    let targets: [OutcomePattern] = goals.map {
      switch $0 {
      case .outcome(let p): p
      case .denialOfService(let k): OutcomePattern(category: .refused, argument: k)
      }
    }

    var search = PhaseSearch(machine: machine, start: start, ops: ops, smallLengths: firstPhaseLimit)
    search.weights = weights
    // The initial references are actor 0's: the attacker never releases them.
    let kept = Dictionary(uniqueKeysWithValues: layout.kinds.indices.map { ($0, start.truth.held($0, by: 0)) })
    // One budget of checker time for every certificate of the attack.
    let certifier = Certifier(machine: machine, start: start, operations: ops, kept: kept, budget: CheckerBudget(), schemas: schemas)
    var builder = VerdictBuilder(layout: layout, searching: search, for: targets, certifier: certifier)
    builder.fewestOperations = false
    let found = builder.search

    // The cheapest candidate of each goal.
    func paid(_ phases: [Phase]) -> [String: BigInt] {
      var paid: [String: BigInt] = [:]
      for p in phases where !p.op.isRelease { paid[layout.kindOrOperationName(p.op.action), default: 0] += p.count }
      return paid
    }
    func cost(_ phases: [Phase]) -> (fraction: Double, operations: BigInt) {
      (Self.costs(of: paid(phases), profile: profile).fraction, phases.reduce(BigInt(0)) { $0 + $1.count })
    }
    let candidates: [OpSequence?] = targets.map { t in
      let best = found.candidates(t).min { a, b in
        let (x, y) = (cost(a.sequence), cost(b.sequence))
        return (x.fraction, x.operations) < (y.fraction, y.operations)
      }
      return best.map { OpSequence(phases: $0.sequence, layout: layout) }
    }
    // With no operation at all, the certificates cover none: the initial
    // state is the only state, and no step produces anything.
    let verdicts = builder.verdicts(targets, candidates: candidates)

    var results: [Result] = []
    for (goal, verdict) in zip(goals, verdicts) {
      guard case .reachable(var reach) = verdict else {
        results.append(Result(goal: goal, verdict: verdict, costs: [], seconds: 0, fits: false, binding: nil, estimate: false))
        continue
      }
      var phases = reach.sequence.phases
      if case .denialOfService = goal {
        // The refused acquire shows the state before it: everyone is refused there.
        phases[phases.count - 1].count -= 1
        if phases[phases.count - 1].count.isZero { phases.removeLast() }
        reach.sequence = OpSequence(phases: phases, layout: layout)
      }
      let c = Self.costs(of: paid(phases), profile: profile)
      results.append(Result(
        goal: goal, verdict: .reachable(reach), costs: c.costs, seconds: c.seconds, fits: c.fits, binding: c.binding,
        estimate: c.estimate || phases.contains { route($0.op).estimate }))
    }
    self.init(
      layout: layout, profile: profile, results: results, outOfReach: outOfReach,
      searchClass: found.classDescription(ops: "the attacker's own acquires\(ops.contains { $0.isRelease } ? " and releases of what it acquired" : "")\(ops.contains { $0.kind == nil } ? " and the operations its routes name" : "")") + "; cheapest = the smallest largest fraction of any budget, then the fewest operations",
      search: found)
    self.mapping = bound.mapping
    self.warnings = bound.warnings
  }

  /// The goals an attack reports, most severe first: the outcome classes,
  /// a denial of service of each kind the attacker can acquire (when some
  /// condition of the layout refuses), then `false_positive`.
  static func goals(_ layout: Layout, profile: AttackerProfile) -> [Goal] {
    // `saturated` stands for "a leak once the holders let go": the attacker
    // cannot release the initial holders' references itself.
    var goals: [Goal] = [Outcome.Category.prematureFree, .falseNegative, .fieldOverflow, .trapped, .leak, .saturated].map { .outcome(OutcomePattern(category: $0)) }
    if layout.producibleEvents.contains(.refused) {
      for kind in layout.kinds where profile.routes[kind.name] != nil {
        goals.append(.denialOfService(kind: kind.name))
      }
    }
    goals.append(.outcome(OutcomePattern(category: .falsePositive)))
    return goals
  }

  /// Totals of a set of acquires and operations (route name: the kind or
  /// operation -> count) against the profile.
  static func costs(of acquires: [String: BigInt], profile: AttackerProfile) -> (costs: [Cost], seconds: Double, fits: Bool, binding: String?, fraction: Double, estimate: Bool) {
    var costs: [Cost] = []
    var fits = true
    var estimate = false
    // Time, exactly: sum n_k / rate_k against the budget.
    var num: BigInt = 0, den: BigInt = 1
    for (name, n) in acquires {
      guard let r = profile.routes[name] else { continue }
      num = num * r.rate + n * den
      den = den * r.rate
    }
    let seconds = num.doubleValue / den.doubleValue
    for res in profile.resources {
      let total: BigInt
      var fraction = 0.0
      if res.unit == .seconds {
        total = num.ceilDivided(by: den)
        if let b = res.budget {
          if num > b * den { fits = false }
          fraction = b.isZero ? (num.isZero ? 0 : .infinity) : num.doubleValue / (den.doubleValue * b.doubleValue)
        }
      } else {
        total = acquires.reduce(BigInt(0)) { sum, e in sum + e.value * (profile.routes[e.key]?.cost[res.name] ?? 0) }
        if let b = res.budget {
          if total > b { fits = false }
          fraction = b.isZero ? (total.isZero ? 0 : .infinity) : total.doubleValue / b.doubleValue
        }
      }
      if res.estimate && fraction > 0 { estimate = true }
      costs.append(Cost(resource: res.name, unit: res.unit, total: total, budget: res.budget, fraction: fraction))
    }
    let binding = costs.filter { $0.fraction > 0 }.max { $0.fraction < $1.fraction }
    return (costs, seconds, fits, binding?.resource, binding?.fraction ?? 0, estimate)
  }
}
