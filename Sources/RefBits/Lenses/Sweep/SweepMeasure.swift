/// The value of one metric at one sweep point, as honest as the lens that
/// computed it.
///
/// `unknown` is never read as good: an objective that is unknown at a point
/// keeps that point off the Pareto front (it is listed apart), and a
/// condition that reads it is neither true nor false. What unknown means
/// depends on the metric (``SweepMetric/unknownMeaning``).
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
  /// Not known: the exact lens's verdict is `unknown`
  /// (``SweepMetric/unknownMeaning``).
  case unknown

  /// `1023`, `0.5`, `never`, `unknown`: what JSON and CSV write.
  public var description: String {
    switch self {
    case .exact(let v): v.description
    case .real(let d): d.description
    case .never: "never"
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

  /// A total order on known measures (nil for unknown): numbers by value,
  /// `never` above every number.
  func order(_ other: SweepMeasure) -> Int? {
    switch (self, other) {
    case (.unknown, _), (_, .unknown): return nil
    case (.never, .never): return 0
    case (.never, _): return 1
    case (_, .never): return -1
    case (.exact(let a), .exact(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    default:
      let a = doubleValue!, b = other.doubleValue!
      return a < b ? -1 : (a == b ? 0 : 1)
    }
  }

  /// The measure as a double, for charts and comparisons with a real.
  var doubleValue: Double? {
    switch self {
    case .exact(let v): v.doubleValue
    case .real(let d): d
    case .never: .infinity
    case .unknown: nil
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

  public init(_ pairs: [(String, SweepMeasure)], complete: Bool) {
    keys = pairs.map(\.0)
    values = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    self.complete = complete
  }

  public subscript(_ metric: SweepMetric) -> SweepMeasure? { values[metric.description] }
}

extension SweepMeasures {
  /// Evaluates one point: the one place a sweep meets the exact lens.
  ///
  /// Runs ``Analysis`` (and ``Attack`` with a profile) on the layout read at
  /// the point, and reduces them to measures:
  /// - `capacity(K)`: acquires until the first event; `never` when a
  ///   certificate proves that none stops; unknown otherwise;
  /// - `onset(O)` for each predicate's lies and each outcome class `analyze`
  ///   reports: the operations of the shortest sequence found; `never` when
  ///   impossible (a checked certificate); unknown otherwise;
  /// - `attack_cost(G)` / `attack_ops(G)` for each goal: the largest fraction
  ///   of any budget, and the operations, of the cheapest attack; `never`
  ///   when impossible, unknown when not found;
  /// - `value(N)` for every parameter and constant.
  ///
  /// - Throws: ``InitialStateError`` when the layout's initial state cannot
  ///   be built at this point.
  public static func evaluate(_ layout: Layout, attacker: AttackerProfile?, firstPhaseLimit: Int = 8) throws(InitialStateError) -> SweepMeasures {
    let analysis = try Analysis(layout: layout, firstPhaseLimit: firstPhaseLimit)
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
      let attack = try Attack(layout: layout, profile: attacker, firstPhaseLimit: firstPhaseLimit)
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

  /// An onset's measure: the operations of the sequence found, `never` with
  /// a checked certificate, unknown otherwise.
  static func measure(_ v: Verdict) -> SweepMeasure {
    switch v {
    case .reachable(let r): .exact(r.sequence.operations)
    case .impossible: .never
    case .unknown: .unknown
    }
  }
}
