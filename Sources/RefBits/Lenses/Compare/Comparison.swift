import Foundation

/// `refbits compare`: several layouts in one table, a column per layout and
/// a row per capacity, predicate onset, reachable outcome, cheapest attack,
/// fuzz rate and claim, with the best value of each row marked (see
/// ``RowPreference``).
///
/// Rows are the union over the layouts (kinds, predicates and goals differ);
/// a layout that has nothing for a row has no cell there (`-`).
public struct Comparison: Sendable {
  /// The layouts' names, one per column, in the order evaluated.
  public var layouts: [String]
  /// The attacker profile of the attack rows, if any.
  var attacker: String?
  /// The workload of the fuzz rows, with its seed and operations, if any.
  var workload: String?
  /// The seed of the fuzz rows; nil when no workload ran.
  var seed: UInt64?
  /// Operations per layout of the fuzz rows; nil when no workload ran.
  public var operations: Int?
  var sections: [Section]

  struct Section: Sendable, Hashable {
    /// `capacity`, `onset`, `reachable`, `attack`, `fuzz`, `claim`.
    var key: String
    var title: String
    var preference: RowPreference
    var rows: [Row]
  }

  /// One line of the table: a label and a cell per layout.
  public struct Row: Sendable, Hashable {
    /// What the row measures (`capacity of pin`, `premature_free`).
    var label: String
    /// One per layout; nil where the layout has nothing for this row.
    var cells: [Cell?]
    /// Indices of the best cells (empty when no cell beats another).
    var best: [Int]

    /// Creates a row and marks its best cells: the greatest ``CellRank``, when
    /// it beats another cell and no unknown or unsettled cell could beat it.
    public init(label: String, cells: [Cell?]) {
      self.label = label
      self.cells = cells
      let present = cells.compactMap { $0 }
      let ranks = present.compactMap(\.rank)
      let unknown = present.contains { $0.rank == nil }
      // An unknown cell might beat any other but a ceiling.
      // A count that is only a sequence found might be beaten by the others
      // (its true figure is somewhere from its floor up): no mark then.
      let settled = { (top: CellRank) in
        top.floor.map { f in !ranks.contains { $0 < top && $0.tier == top.tier && $0.measure == top.measure && $0.count >= f } } ?? true
      }
      if let top = ranks.max(), ranks.contains(where: { $0 < top }) || unknown, !unknown || top.isCeiling, settled(top) {
        best = cells.indices.filter { cells[$0]?.rank == top }
      } else {
        best = []
      }
    }
  }

  /// One layout's value for a row: what is shown, and how it ranks.
  public struct Cell: Sendable, Hashable {
    /// What the table shows.
    public var text: String
    /// Nil for an unknown: never best.
    var rank: CellRank?
    /// The exact figure behind it (a decimal count, a sequence), for JSON.
    var exact: String?
  }
}

extension Comparison {
  /// Builds the table from evaluations (their first attack and first fuzz
  /// result, if any).
  public init(_ evaluations: [LayoutEvaluation]) {
    layouts = evaluations.map(\.layout.name)
    attacker = evaluations.first?.attacks.first?.profile.name
    let firstFuzz = evaluations.first?.fuzz.first
    workload = firstFuzz?.workload
    seed = firstFuzz?.seed
    operations = firstFuzz?.operations
    sections = []
    sections.append(Section(key: "capacity", title: "Capacity (acquires until the first event)", preference: .larger, rows: Self.capacityRows(evaluations)))
    sections.append(Section(key: "onset", title: "Predicate onsets (operations until it lies)", preference: .later, rows: Self.onsetRows(evaluations)))
    sections.append(Section(key: "reachable", title: "Outcomes", preference: .unreachable, rows: Self.reachableRows(evaluations)))
    if let attacker {
      sections.append(Section(key: "attack", title: "Cheapest attack by \(attacker)", preference: .costlier, rows: Self.attackRows(evaluations)))
    }
    if let workload {
      sections.append(Section(key: "fuzz", title: "Fuzz rate per million steps [95% interval] under \(workload)", preference: .lower, rows: Self.fuzzRows(evaluations)))
    }
    sections.append(Section(key: "claim", title: "Claims", preference: .held, rows: Self.claimRows(evaluations)))
    sections.removeAll { $0.rows.isEmpty }
  }

  /// `1023`, `2^32`, `~2^31.0`: short enough for a table column.
  static func compact(_ n: BigInt) -> String {
    if n < 100_000 { return n.description }
    if n.signum > 0, (n & (n - 1)).isZero { return "2^\(n.bitWidth - 1)" }
    return String(format: "~2^%.1f", n.log2Value)
  }

  /// The union of keys in first-seen order.
  static func union(_ lists: [[String]]) -> [String] {
    var seen = Set<String>(), out: [String] = []
    for l in lists { for k in l where seen.insert(k).inserted { out.append(k) } }
    return out
  }

  static func capacityRows(_ es: [LayoutEvaluation]) -> [Row] {
    union(es.map { $0.analysis.capacities.map(\.kind) }).map { kind in
      Row(label: kind, cells: es.map { e in
        guard let c = e.analysis.capacities.first(where: { $0.kind == kind }) else { return nil }
        switch c.verdict {
        case .impossible: return Cell(text: "unbounded", rank: .ceiling(tier: 1), exact: nil)
        case .unknown(let u): return Cell(text: "unknown (>= \(compact((u.atLeast ?? 1) - 1)))", rank: nil, exact: nil)
        case .reachable:
          let n = c.capacity!
          let stop = c.stoppedBy.map(\.category.rawValue)
          let why = stop.isEmpty ? "" : " (\(union([stop]).joined(separator: ", ")))"
          return Cell(text: compact(n) + why, rank: CellRank(tier: 0, count: n, quality: stopQuality(c.stoppedBy)), exact: n.description)
        }
      })
    }
  }

  /// How cleanly a run stops: a refusal (3), a saturation or spill (2), a
  /// trap (1), anything worse (a field overflow, a lie: 0).
  static func stopQuality(_ stop: [Outcome]) -> Int {
    stop.map { o -> Int in
      switch o.category {
      case .refused: 3
      case .saturated, .spilled: 2
      case .trapped: 1
      case .falsePositive, .ok: 3
      default: 0
      }
    }.min() ?? 3
  }

  /// A verdict's cell in a row where unreachable is better and more
  /// operations are better.
  static func verdictCell(_ v: Verdict, reachablePrefix: String = "") -> Cell {
    switch v {
    case .reachable(let r):
      Cell(text: "\(reachablePrefix)\(compact(r.sequence.operations)) ops", rank: CellRank(tier: 0, count: r.sequence.operations, floor: r.isShortest ? nil : r.lowerBound ?? 0), exact: r.sequence.description)
    case .impossible: Cell(text: "impossible", rank: .ceiling(tier: 1), exact: nil)
    case .unknown: Cell(text: "unknown", rank: nil, exact: nil)
    }
  }

  static func onsetRows(_ es: [LayoutEvaluation]) -> [Row] {
    union(es.map { $0.analysis.onsets.map(\.outcome.description) }).map { label in
      Row(label: label, cells: es.map { e in
        e.analysis.onsets.first { $0.outcome.description == label }.map { verdictCell($0.verdict) }
      })
    }
  }

  static func reachableRows(_ es: [LayoutEvaluation]) -> [Row] {
    union(es.map { $0.analysis.reachable.map(\.outcome.description) }).map { label in
      Row(label: label, cells: es.map { e in
        e.analysis.reachable.first { $0.outcome.description == label }.map { verdictCell($0.verdict, reachablePrefix: "yes, ") }
      })
    }
  }

  static func attackRows(_ es: [LayoutEvaluation]) -> [Row] {
    union(es.map { $0.attacks.first?.results.map(\.goal.description) ?? [] }).map { label in
      Row(label: label, cells: es.map { e in
        guard let a = e.attacks.first, let r = a.results.first(where: { $0.goal.description == label }) else { return nil }
        // Impossible ranks above every attack, over budget or not (tiers 0 and 1).
        guard let s = r.sequence else { return r.verdict.isImpossible ? Cell(text: "impossible", rank: .ceiling(tier: 2), exact: nil) : verdictCell(r.verdict) }
        let fraction = r.costs.map(\.fraction).max() ?? 0
        let binding = r.costs.first { $0.resource == r.binding }
        let cost = binding.map { ", " + ($0.unit == .seconds ? Quantity.duration(r.seconds) : Quantity.format($0.total, $0.unit)) + " \($0.resource)" } ?? ""
        let text = "\(compact(s.operations)) ops\(cost), \(r.fits ? "fits" : "over budget")"
        return Cell(text: text, rank: CellRank(tier: r.fits ? 0 : 1, measure: fraction.isFinite ? fraction : .greatestFiniteMagnitude, count: s.operations), exact: s.description)
      })
    }
  }

  /// Whether a layout has the kind, predicate, field or word an outcome names.
  static func names(_ o: Outcome, in layout: Layout) -> Bool {
    guard let a = o.argument else { return true }
    switch o.category {
    case .refused: return layout.kindIndex(named: a) != nil
    case .falsePositive, .falseNegative: return layout.predicateIndex(named: a) != nil
    default: return layout.fieldIndex(named: a) != nil || layout.words.contains { $0.name == a }
    }
  }

  static func fuzzRows(_ es: [LayoutEvaluation]) -> [Row] {
    var all = Set<Outcome>()
    for e in es { for o in e.fuzz.first?.outcomes ?? [] where o.outcome != .ok { all.insert(o.outcome) } }
    return all.sorted().map { outcome in
      Row(label: outcome.description, cells: es.map { e in
        guard let r = e.fuzz.first, names(outcome, in: e.layout) else { return nil }
        if let o = r.outcomes.first(where: { $0.outcome == outcome }) {
          return Cell(text: "\(FuzzRenderer.rate(o.ratePerMillion)) \(FuzzRenderer.interval(o.interval))", rank: CellRank(tier: 0, measure: -o.ratePerMillion), exact: o.count.description)
        }
        let i = ConfidenceInterval(count: 0, trials: r.tally.steps).scaled(1e6)
        return Cell(text: "0 [0, \(FuzzRenderer.rate(i.upper))]", rank: CellRank(tier: 0, measure: 0), exact: "0")
      })
    }
  }

  static func claimRows(_ es: [LayoutEvaluation]) -> [Row] {
    let verdicts = es.map(\.claimVerdicts)
    return union(verdicts.map { $0.map(\.claim) }).map { claim in
      Row(label: claim, cells: zip(es, verdicts).map { _, vs in
        guard let v = vs.first(where: { $0.claim == claim }) else { return nil }
        let rank: CellRank? = switch v.summary {
        case "proved": .ceiling(tier: 1)
        case "broken": CellRank(tier: 0)
        default: nil
        }
        return Cell(text: v.summary, rank: rank, exact: v.exact.sequence?.description)
      })
    }
  }
}
