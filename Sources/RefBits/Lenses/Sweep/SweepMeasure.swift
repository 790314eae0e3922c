/// The value of one metric at one sweep point, as honest as the lens that
/// computed it.
///
/// `unknown` is never read as good: an objective that is unknown at a point
/// keeps that point off the Pareto front (it is listed apart), and a
/// condition that reads it is neither true nor false. What unknown means
/// depends on the metric (``SweepMetric/unknownMeaning``).
///
/// A bound (``atMost(_:atLeast:)``) is not a value either: conditions read
/// it as the interval it is (decided only where every value in it gives the
/// same answer), and an objective that is only bounded keeps the point off
/// the front too.
public enum SweepMeasure: Sendable, Hashable, CustomStringConvertible {
  /// An exact count (acquires, operations, a parameter's value).
  case exact(BigInt)
  /// A real figure: the fraction of a budget an attack uses (`inf` when it
  /// needs a resource whose budget is 0).
  case real(Double)
  /// Proven never to happen: the exact lens's verdict is `impossible`, with
  /// a certificate the checker accepted (an onset or attack that does not
  /// exist at any length, a capacity no acquire ever stops). Read as later
  /// (or costlier, or larger) than any number.
  case never
  /// A count known only within bounds: a sequence of `upper` operations
  /// produces the outcome, but it is only the shortest *found* (the verdict
  /// is reachable with ``Reach/Length/shortestFound(atLeast:)``), and no
  /// sequence of fewer than `atLeast` operations does (proved by the
  /// breadth-first search), when that is known. Written `L..U`, or `<=U`
  /// without a lower bound.
  case atMost(BigInt, atLeast: BigInt?)
  /// Not known: the exact lens's verdict is `unknown`
  /// (``SweepMetric/unknownMeaning``).
  case unknown

  /// `1023`, `0.5`, `never`, `3..1023`, `<=1023`, `unknown`: what JSON and
  /// CSV write.
  public var description: String {
    switch self {
    case .exact(let v): v.description
    case .real(let d): d.description
    case .never: "never"
    case .atMost(let u, let l?): "\(l)..\(u)"
    case .atMost(let u, nil): "<=\(u)"
    case .unknown: "unknown"
    }
  }

  /// For tables: integers in full, reals to 3 significant digits.
  var shortDescription: String {
    if case .real(let d) = self { return d.isFinite ? String(format: "%.3g", d) : "inf" }
    return description
  }

  /// Reads back ``description``.
  public init?(text: String) {
    switch text {
    case "never": self = .never
    case "unknown": self = .unknown
    case _ where text.hasPrefix("<="):
      guard let u = BigInt(String(text.dropFirst(2))) else { return nil }
      self = .atMost(u, atLeast: nil)
    case _ where text.contains(".."):
      let parts = text.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[1].isEmpty, let l = BigInt(String(parts[0])), let u = BigInt(String(parts[2])), l <= u else { return nil }
      self = .atMost(u, atLeast: l)
    default:
      if let v = BigInt(text) {
        self = .exact(v)
      } else if let d = Double(text), !d.isNaN {
        self = .real(d)
      } else {
        return nil
      }
    }
  }

  var isKnown: Bool {
    if case .unknown = self { return false }
    return true
  }

  /// Whether the measure is one value (not unknown, not a bound): what an
  /// objective needs for its point to take part in the front.
  var isValue: Bool {
    switch self {
    case .exact, .real, .never: true
    case .atMost, .unknown: false
    }
  }

  /// How two measures compare, when every value they may stand for gives
  /// the same answer: numbers by value, `never` above every number; a bound
  /// `L..U` compares as the interval it is (below 7 when U < 7, above it
  /// when L > 7, equal to nothing), so nil when the intervals overlap, and
  /// for unknown.
  func order(_ other: SweepMeasure) -> Int? {
    switch (self, other) {
    case (.unknown, _), (_, .unknown): return nil
    case (.never, .never): return 0
    case (.never, _): return 1
    case (_, .never): return -1
    case (.exact(let a), .exact(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.atMost, _), (_, .atMost):
      let (a, b) = (bounds, other.bounds)
      if let low = b.lower, a.upper.order(low)! < 0 { return -1 }
      if let low = a.lower, low.order(b.upper)! > 0 { return 1 }
      return nil
    default:
      let a = doubleValue!, b = other.doubleValue!
      return a < b ? -1 : (a == b ? 0 : 1)
    }
  }

  /// The least and greatest values a known measure may stand for, each one
  /// value (nil: no lower bound); a value is both.
  private var bounds: (lower: SweepMeasure?, upper: SweepMeasure) {
    if case .atMost(let u, let l) = self { return (l.map { .exact($0) }, .exact(u)) }
    return (self, self)
  }

  /// The measure as a double, for charts and comparisons with a real (a
  /// bound has none: it is not a value).
  var doubleValue: Double? {
    switch self {
    case .exact(let v): v.doubleValue
    case .real(let d): d
    case .never: .infinity
    case .atMost, .unknown: nil
    }
  }
}

/// Everything a sweep records of one point: every metric the exact lens
/// gives it, by ``SweepMetric`` text, in a fixed order.
public struct SweepMeasures: Sendable, Hashable {
  /// Metric text -> measure, in the order of ``keys``.
  public var values: [String: SweepMeasure]
  /// The metrics in a fixed order: parameters and constants, capacities,
  /// onsets, then attack costs and operations.
  var keys: [String]
  /// False keeps the point off the front as a whole. The exact lens gives
  /// each measure its own verdict (an unknown one keeps the point off the
  /// front for the objectives that read it), so ``evaluate`` sets it true;
  /// results read back from older files may say false.
  var complete: Bool

  init(_ pairs: [(String, SweepMeasure)], complete: Bool) {
    keys = pairs.map(\.0)
    values = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    self.complete = complete
  }

  subscript(_ metric: SweepMetric) -> SweepMeasure? { values[metric.description] }
}

extension SweepMeasures {
  /// Evaluates one point: the one place a sweep meets the exact lens.
  ///
  /// Runs ``Analysis`` (and ``Attack`` with a profile) on the layout read at
  /// the point, and reduces them to measures:
  /// - `capacity(K)`: acquires until the first event; `never` when a
  ///   certificate proves that none stops; unknown otherwise;
  /// - `onset(O)` for each predicate's lies and each outcome class `analyze`
  ///   reports: the operations of the shortest sequence, when proved
  ///   shortest; a bound (at most the operations of the shortest sequence
  ///   found, at least the breadth-first search's lower bound) when not;
  ///   `never` when impossible (a checked certificate); unknown otherwise;
  /// - `attack_cost(G)` / `attack_ops(G)` for each goal: the largest fraction
  ///   of any budget, and the operations, of the cheapest attack; `never`
  ///   when impossible, unknown when not found;
  /// - `value(N)` for every parameter and constant.
  ///
  /// - Throws: ``InitialStateError`` when the layout's initial state cannot
  ///   be built at this point.
  public static func evaluate(_ layout: Layout, attacker: AttackerProfile?, firstPhaseLimit: Int = 8) throws(InitialStateError) -> SweepMeasures {
    try evaluate(layout, attacker: attacker, firstPhaseLimit: firstPhaseLimit, schemas: nil)
  }

  /// ``evaluate(_:attacker:firstPhaseLimit:)`` for a point of a sweep, whose
  /// certificates the points of its block check together.
  static func evaluate(_ layout: Layout, attacker: AttackerProfile?, firstPhaseLimit: Int = 8, schemas: CertificateSchemas.Scope?) throws(InitialStateError) -> SweepMeasures {
    let analysis = try Analysis(layout: layout, firstPhaseLimit: firstPhaseLimit, schemas: schemas)
    var pairs: [(String, SweepMeasure)] = []
    for p in layout.parameters { pairs.append((SweepMetric.value(name: p.name).description, .exact(p.value))) }
    for c in layout.constants { pairs.append((SweepMetric.value(name: c.name).description, .exact(c.value))) }
    for c in analysis.capacities {
      // Unbounded (a certificate that no acquire stops) reads as more than any number.
      let m: SweepMeasure = c.capacity.map { .exact($0) } ?? (c.verdict.isImpossible ? .never : .unknown)
      pairs.append((SweepMetric.capacity(kind: c.kind).description, m))
    }
    var seen = Set<String>()
    for o in analysis.onsets {
      let key = SweepMetric.onset(OutcomePattern(category: o.outcome.category, argument: o.outcome.argument)).description
      guard seen.insert(key).inserted else { continue }
      pairs.append((key, Self.measure(o.verdict)))
    }
    for r in analysis.reachable {
      let key = SweepMetric.onset(r.outcome).description
      guard seen.insert(key).inserted else { continue }
      pairs.append((key, Self.measure(r.verdict)))
    }
    if let attacker {
      let attack = try Attack(layout: layout, profile: attacker, firstPhaseLimit: firstPhaseLimit, schemas: schemas)
      for r in attack.results {
        let goal = r.goal.description
        let cost: SweepMeasure, ops: SweepMeasure
        if let s = r.sequence {
          cost = .real(r.costs.map(\.fraction).max() ?? 0)
          ops = .exact(s.operations)
        } else if r.verdict.isImpossible {
          (cost, ops) = (.never, .never)
        } else {
          (cost, ops) = (.unknown, .unknown)
        }
        pairs.append((SweepMetric.attackCost(goal: goal).description, cost))
        pairs.append((SweepMetric.attackOperations(goal: goal).description, ops))
      }
    }
    // Every measure carries its own verdict (unknown where neither a
    // sequence nor a certificate settled it): the point as a whole is complete.
    return SweepMeasures(pairs, complete: true)
  }

  /// An onset's measure: the operations of the sequence found when it is
  /// proved shortest; a bound (``SweepMeasure/atMost(_:atLeast:)``: its
  /// operations, and the proven lower bound) when it is only the shortest
  /// found; `never` with a checked certificate; unknown otherwise.
  static func measure(_ v: Verdict) -> SweepMeasure {
    switch v {
    case .reachable(let r):
      switch r.length {
      case .shortest: .exact(r.sequence.operations)
      case .shortestFound(let atLeast): .atMost(r.sequence.operations, atLeast: atLeast)
      }
    case .impossible: .never
    case .unknown: .unknown
    }
  }
}
