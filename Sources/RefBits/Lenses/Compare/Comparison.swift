import Foundation

/// `refbits compare`: several layouts in one table, a column per layout and
/// a row per capacity, predicate onset, reachable outcome, cheapest attack,
/// fuzz rate and claim, with the best value of each row marked (see
/// ``RowPreference``).
///
/// Rows are the union over the layouts (kinds, predicates and goals differ);
/// a layout that has nothing for a row has no cell there (`-`).
public struct Comparison: Sendable {
  public var layouts: [String]
  /// The attacker profile of the attack rows, if any.
  public var attacker: String?
  /// The workload of the fuzz rows, with its seed and operations, if any.
  public var workload: String?
  public var seed: UInt64?
  public var operations: Int?
  public var sections: [Section]

  public struct Section: Sendable, Hashable {
    /// `capacity`, `onset`, `reachable`, `attack`, `fuzz`, `claim`.
    public var key: String
    public var title: String
    public var preference: RowPreference
    public var rows: [Row]
  }

  public struct Row: Sendable, Hashable {
    public var label: String
    /// One per layout; nil where the layout has nothing for this row.
    public var cells: [Cell?]
    /// Indices of the best cells (empty when no cell beats another).
    public var best: [Int]

    public init(label: String, cells: [Cell?]) {
      self.label = label
      self.cells = cells
      let ranks = cells.compactMap { $0?.rank }
      if let top = ranks.max(), ranks.contains(where: { $0 < top }) {
        best = cells.indices.filter { cells[$0]?.rank == top }
      } else {
        best = []
      }
    }
  }

  public struct Cell: Sendable, Hashable {
    /// What the table shows.
    public var text: String
    public var rank: CellRank
    /// The exact figure behind it (a decimal count, a sequence), for JSON.
    public var exact: String?
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
    sections.append(Section(key: "reachable", title: "Reachable outcomes", preference: .unreachable, rows: Self.reachableRows(evaluations)))
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
  public static func compact(_ n: BigInt) -> String {
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
        guard let n = c.capacity else {
          return Cell(text: "none <= \(compact(c.limit))", rank: CellRank(tier: 1), exact: nil)
        }
        let stop = c.stoppedBy.map(\.category.rawValue)
        let why = stop.isEmpty ? "" : " (\(union([stop]).joined(separator: ", ")))"
        return Cell(text: compact(n) + why, rank: CellRank(tier: 0, count: n), exact: n.description)
      })
    }
  }

  static func onsetRows(_ es: [LayoutEvaluation]) -> [Row] {
    union(es.map { $0.analysis.onsets.map(\.outcome.description) }).map { label in
      Row(label: label, cells: es.map { e in
        guard let o = e.analysis.onsets.first(where: { $0.outcome.description == label }) else { return nil }
        guard let s = o.after else { return Cell(text: "none found", rank: CellRank(tier: 1), exact: nil) }
        return Cell(text: "\(compact(s.operations)) ops", rank: CellRank(tier: 0, count: s.operations), exact: s.description)
      })
    }
  }

  static func reachableRows(_ es: [LayoutEvaluation]) -> [Row] {
    union(es.map { $0.analysis.reachable.map(\.outcome.description) }).map { label in
      Row(label: label, cells: es.map { e in
        guard let r = e.analysis.reachable.first(where: { $0.outcome.description == label }) else { return nil }
        if let s = r.sequence { return Cell(text: "yes, \(compact(s.operations)) ops", rank: CellRank(tier: 0, count: s.operations), exact: s.description) }
        return r.impossible ? Cell(text: "impossible", rank: CellRank(tier: 2), exact: nil) : Cell(text: "not found", rank: CellRank(tier: 1), exact: nil)
      })
    }
  }

  static func attackRows(_ es: [LayoutEvaluation]) -> [Row] {
    union(es.map { $0.attacks.first?.results.map(\.goal.description) ?? [] }).map { label in
      Row(label: label, cells: es.map { e in
        guard let a = e.attacks.first, let r = a.results.first(where: { $0.goal.description == label }) else { return nil }
        guard let s = r.sequence else {
          return r.impossible ? Cell(text: "impossible", rank: CellRank(tier: 3), exact: nil) : Cell(text: "not found", rank: CellRank(tier: 2), exact: nil)
        }
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
        let tier = v.brokenByFuzz ? 0 : (v.exactSequence != nil ? 1 : 2)
        let text = v.brokenByFuzz ? "broken" : (v.exactSequence != nil ? "breakable" : "held")
        return Cell(text: text, rank: CellRank(tier: tier), exact: v.exactSequence?.description)
      })
    }
  }
}
