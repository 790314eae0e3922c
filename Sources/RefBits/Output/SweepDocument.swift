import Foundation

/// The JSON form of `refbits sweep` (docs/sweep.md, schema
/// docs/schema/sweep.schema.json), and what `refbits merge` reads back:
/// ``SweepResult/init(document:file:)`` rebuilds the result from it exactly.
struct SweepDocument: Codable, Sendable, Hashable {
  var format = "refbits-sweep"
  var formatVersion = 1
  var tool = "refbits"
  var version = RefBitsVersion.current
  var sweep: Spec
  /// `K/N` for one shard; null for the whole sweep.
  var shard: String?
  /// Points in the whole sweep (all shards).
  var pointsTotal: Int
  /// Whether the front was computed (the whole sweep, with objectives).
  var frontComputed: Bool
  /// How many of this document's points stand each way.
  var counts: [String: Int]
  /// Every metric a point records, in order (the keys of `measures`).
  var metrics: [String]
  var points: [Point]

  struct Spec: Codable, Sendable, Hashable {
    var name: String
    var title: String
    var description: String
    var layout: String
    var layoutName: String
    var layoutDigest: String
    var set: [String: String]
    var vary: [Axis]
    var attacker: String?
    var attackerDigest: String?
    var `where`: [String]
    var objectives: [Objective]
    var labels: [Label]
    var chart: Chart?
    var firstPhase: Int
    var command: String

    enum CodingKeys: String, CodingKey {
      case name, title, description, layout, set, vary, attacker, `where`, objectives, labels, chart, command
      case layoutName = "layout_name"
      case layoutDigest = "layout_digest"
      case attackerDigest = "attacker_digest"
      case firstPhase = "first_phase"
    }

    func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(name, forKey: .name)
      try c.encode(title, forKey: .title)
      try c.encode(description, forKey: .description)
      try c.encode(layout, forKey: .layout)
      try c.encode(layoutName, forKey: .layoutName)
      try c.encode(layoutDigest, forKey: .layoutDigest)
      try c.encode(set, forKey: .set)
      try c.encode(vary, forKey: .vary)
      try c.encode(attacker, forKey: .attacker)
      try c.encode(attackerDigest, forKey: .attackerDigest)
      try c.encode(`where`, forKey: .where)
      try c.encode(objectives, forKey: .objectives)
      try c.encode(labels, forKey: .labels)
      try c.encode(chart, forKey: .chart)
      try c.encode(firstPhase, forKey: .firstPhase)
      try c.encode(command, forKey: .command)
    }
  }

  struct Axis: Codable, Sendable, Hashable {
    var parameter: String
    var spec: String
    var values: [String]
  }

  struct Objective: Codable, Sendable, Hashable {
    var direction: String
    var metric: String
  }

  struct Label: Codable, Sendable, Hashable {
    var at: [String: String]
    var text: String
  }

  struct Chart: Codable, Sendable, Hashable {
    var x: String
    var y: String
  }

  struct Point: Codable, Sendable, Hashable {
    var index: Int
    /// The varied parameters' values, decimal.
    var parameters: [String: String]
    var label: String?
    /// `front`, `dominated`, `kept`, `filtered`, `undecided`, `unknown`,
    /// `incomplete`, `invalid`.
    var standing: String
    /// Null for an invalid point.
    var complete: Bool?
    /// The messages that make the point invalid; null otherwise.
    var error: [String]?
    /// One per objective, as in `measures`.
    var objectives: [String]
    /// Metric -> decimal integer, real, `never` or `unknown`.
    var measures: [String: String]

    func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(index, forKey: .index)
      try c.encode(parameters, forKey: .parameters)
      try c.encode(label, forKey: .label)
      try c.encode(standing, forKey: .standing)
      try c.encode(complete, forKey: .complete)
      try c.encode(error, forKey: .error)
      try c.encode(objectives, forKey: .objectives)
      try c.encode(measures, forKey: .measures)
    }
  }

  enum CodingKeys: String, CodingKey {
    case format, tool, version, sweep, shard, counts, metrics, points
    case formatVersion = "format_version"
    case pointsTotal = "points_total"
    case frontComputed = "front_computed"
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(format, forKey: .format)
    try c.encode(formatVersion, forKey: .formatVersion)
    try c.encode(tool, forKey: .tool)
    try c.encode(version, forKey: .version)
    try c.encode(sweep, forKey: .sweep)
    try c.encode(shard, forKey: .shard)
    try c.encode(pointsTotal, forKey: .pointsTotal)
    try c.encode(frontComputed, forKey: .frontComputed)
    try c.encode(counts, forKey: .counts)
    try c.encode(metrics, forKey: .metrics)
    try c.encode(points, forKey: .points)
  }

  init(_ r: SweepResult) {
    let s = r.spec
    sweep = Spec(
      name: s.name, title: s.title, description: s.description, layout: s.layout, layoutName: s.layoutName, layoutDigest: s.layoutDigest,
      set: s.fixed.mapValues(\.description),
      vary: s.axes.map { Axis(parameter: $0.parameter, spec: $0.spec, values: $0.values.map(\.description)) },
      attacker: s.attacker, attackerDigest: s.attackerDigest, where: s.conditions.map(\.text),
      objectives: s.objectives.map { Objective(direction: $0.direction.rawValue, metric: $0.metric.description) },
      labels: s.labels.map { Label(at: $0.at.mapValues(\.description), text: $0.text) },
      chart: s.chart.map { Chart(x: $0.x.description, y: $0.y.description) }, firstPhase: s.firstPhaseLimit, command: s.command)
    shard = r.shardText
    pointsTotal = r.total
    frontComputed = r.isComplete && !s.objectives.isEmpty
    counts = Dictionary(SweepPoint.Standing.allCases.map { ($0.rawValue, r.count($0)) }, uniquingKeysWith: { a, _ in a })
    metrics = r.metricKeys
    points = r.points.indices.map { i in
      let p = r.points[i]
      let parameters = Dictionary(zip(s.axes.map(\.parameter), p.values.map(\.description)), uniquingKeysWith: { a, _ in a })
      return Point(
        index: p.index, parameters: parameters, label: s.label(for: p.values), standing: r.standings[i].rawValue,
        complete: p.measures?.complete,
        error: { if case .invalid(let m) = p.evaluation { return m } else { return nil } }(),
        objectives: r.objectiveValues[i].map(\.description),
        measures: p.measures?.values.mapValues(\.description) ?? [:])
    }
  }

  /// The JSON text (sorted keys, pretty printed).
  var json: String { JSONOutput.encode(self) }
}

extension SweepResult {
  /// The metrics the points record, in order (those of the first point
  /// measured; every point of one layout records the same).
  var metricKeys: [String] { points.lazy.compactMap(\.measures).first?.keys ?? [] }

  /// Rebuilds a result from its JSON document (`refbits merge`).
  ///
  /// - Throws: ``Diagnostics`` naming `file` when the document is not a
  ///   sweep result this version can read, or is inconsistent.
  init(document d: SweepDocument, file: String) throws(Diagnostics) {
    func fail(_ message: String) -> Diagnostics { Diagnostics([Diagnostic(file: file, message: message, hint: "sweep results are what `refbits sweep --format json` prints")]) }
    guard d.format == "refbits-sweep" else { throw fail("not a sweep result (format '\(d.format)')") }
    guard d.formatVersion <= 1 else { throw fail("sweep format version \(d.formatVersion) is newer than this RefBits understands (1)") }
    let s = d.sweep
    var axes: [SweepAxis] = []
    for a in s.vary {
      guard let axis = try? SweepAxis(parameter: a.parameter, spec: a.spec), axis.values.map(\.description) == a.values else {
        throw fail("the values of \(a.parameter) do not follow from '\(a.spec)'")
      }
      axes.append(axis)
    }
    func number(_ text: String) throws(Diagnostics) -> BigInt {
      guard let v = BigInt(text) else { throw fail("'\(text)' is not a decimal integer") }
      return v
    }
    var fixed: [String: BigInt] = [:]
    for (k, v) in s.set { fixed[k] = try number(v) }
    var conditions: [SweepCondition] = []
    var objectives: [SweepObjective] = []
    var chart: SweepSpec.Chart?
    do {
      for c in s.where { conditions.append(try SweepCondition(parsing: c)) }
      for o in s.objectives {
        guard let direction = SweepObjective.Direction(rawValue: o.direction) else { throw fail("unknown direction '\(o.direction)'") }
        objectives.append(SweepObjective(metric: try SweepMetric(parsing: o.metric), direction: direction))
      }
      if let c = s.chart { chart = SweepSpec.Chart(x: try SweepMetric(parsing: c.x), y: try SweepMetric(parsing: c.y)) }
    } catch let e as Diagnostics {
      throw e
    } catch {
      throw fail("cannot read the sweep's conditions or objectives: \(error)")
    }
    var labels: [SweepSpec.Label] = []
    for l in s.labels {
      var at: [String: BigInt] = [:]
      for (k, v) in l.at { at[k] = try number(v) }
      labels.append(SweepSpec.Label(at: at, text: l.text))
    }
    let spec = SweepSpec(
      name: s.name, title: s.title, description: s.description, layout: s.layout, layoutName: s.layoutName, layoutDigest: s.layoutDigest,
      fixed: fixed, axes: axes, attacker: s.attacker, attackerDigest: s.attackerDigest, conditions: conditions, objectives: objectives,
      labels: labels, chart: chart, firstPhaseLimit: s.firstPhase)
    var shard: (index: Int, count: Int)?
    if let text = d.shard {
      let parts = text.split(separator: "/").compactMap { Int($0) }
      guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { throw fail("malformed shard '\(text)'") }
      shard = (parts[0] - 1, parts[1])
    }
    var points: [SweepPoint] = []
    for p in d.points {
      guard p.index >= 0, p.index < spec.pointCount else { throw fail("point \(p.index) lies outside the sweep's \(spec.pointCount) points") }
      let values = spec.values(at: p.index)
      guard axes.map({ p.parameters[$0.parameter] }) == values.map(\.description) else { throw fail("point \(p.index) has parameters \(p.parameters), not those of its index") }
      if let error = p.error {
        points.append(SweepPoint(index: p.index, values: values, evaluation: .invalid(error)))
        continue
      }
      var pairs: [(String, SweepMeasure)] = []
      for key in d.metrics {
        guard let text = p.measures[key] else { continue }
        guard let m = SweepMeasure(text: text) else { throw fail("point \(p.index): '\(text)' is not a measure of \(key)") }
        pairs.append((key, m))
      }
      guard pairs.count == p.measures.count else { throw fail("point \(p.index) has measures not listed in 'metrics'") }
      points.append(SweepPoint(index: p.index, values: values, evaluation: .measured(SweepMeasures(pairs, complete: p.complete ?? false))))
    }
    self.init(spec: spec, shard: shard, points: points)
  }
}
