/// What a sweep is, as data: the layout and its parameter point, the axes,
/// the attacker, the filters, the objectives, the labelled points and the
/// chart. A shipped sweep file reads into one (docs/sweep.md); command-line
/// options build or amend one. Results carry it, so that shards can be
/// checked to be parts of one sweep before they are merged.
public struct SweepSpec: Sendable, Hashable {
  /// The sweep's name (a shipped sweep's, a file's base name, or the layout's).
  public var name: String
  /// A one-line title (a sweep file's `title`), printed after the name;
  /// empty when none.
  public var title: String
  var description: String
  /// The layout as given (shipped name or path), its name and file digest.
  public var layout: String
  var layoutName: String
  var layoutDigest: String
  /// Parameters held at one value for the whole sweep (`--set`, `[set]`).
  public var fixed: [String: BigInt]
  /// The parameters varied; the points are their Cartesian product, the
  /// first axis varying slowest.
  public var axes: [SweepAxis]
  /// The attacker profile's name and file digest, with `--attacker`.
  public var attacker: String?
  /// The attacker profile file's digest, set when the sweep resolves the
  /// profile; nil without an attacker.
  public var attackerDigest: String?
  /// All must hold for a point to be kept (three-valued; see
  /// ``SweepCondition``).
  public var conditions: [SweepCondition]
  /// What to maximize or minimize; the points no other point beats on
  /// every objective are the Pareto front.
  public var objectives: [SweepObjective]
  /// Named points (`Linux (v5.7+)` at `GUP_PIN_COUNTING_BIAS = 1024`).
  public var labels: [Label]
  /// What the report's chart plots: x and y metrics.
  public var chart: Chart?
  /// The exact lens's two-phase search bound (see ``PhaseSearch``).
  public var firstPhaseLimit: Int

  /// A name for the sweep points at some parameter values, shown in tables
  /// and charts (a sweep file's `[[labels]]`).
  public struct Label: Sendable, Hashable {
    /// Values of varied parameters that pick the point(s).
    public var at: [String: BigInt]
    /// The name shown (`Linux (v5.7+)`).
    public var text: String

    /// A label `text` for the points at the values `at`.
    public init(at: [String: BigInt], text: String) {
      self.at = at
      self.text = text
    }
  }

  /// The metrics a sweep's report chart plots (a sweep file's `[chart]`).
  public struct Chart: Sendable, Hashable {
    /// The metric along the x axis.
    public var x: SweepMetric
    var y: SweepMetric

    /// A chart of `y` against `x`.
    public init(x: SweepMetric, y: SweepMetric) {
      self.x = x
      self.y = y
    }
  }

  /// A sweep spec. `layoutName`, `layoutDigest` and `attackerDigest` may
  /// be left empty: ``Sweep/resolving(_:)`` records them when it resolves
  /// the layout and the attacker (as the command line does for a layout
  /// named without a sweep file).
  public init(
    name: String, title: String = "", description: String = "", layout: String, layoutName: String, layoutDigest: String,
    fixed: [String: BigInt] = [:], axes: [SweepAxis], attacker: String? = nil, attackerDigest: String? = nil,
    conditions: [SweepCondition] = [], objectives: [SweepObjective] = [], labels: [Label] = [], chart: Chart? = nil, firstPhaseLimit: Int = 8
  ) {
    self.name = name
    self.title = title
    self.description = description
    self.layout = layout
    self.layoutName = layoutName
    self.layoutDigest = layoutDigest
    self.fixed = fixed
    self.axes = axes
    self.attacker = attacker
    self.attackerDigest = attackerDigest
    self.conditions = conditions
    self.objectives = objectives
    self.labels = labels
    self.chart = chart
    self.firstPhaseLimit = firstPhaseLimit
  }

  /// Most points a sweep may have.
  static let maximumPoints = 10_000_000

  /// Points in the whole sweep (the product of the axes' sizes).
  var pointCount: Int {
    axes.reduce(1) { n, a in
      let (p, o) = n.multipliedReportingOverflow(by: a.values.count)
      return o ? Int.max : p
    }
  }

  /// The values of the varied parameters at point `index`: mixed radix, the
  /// last axis varying fastest.
  ///
  /// - Complexity: O(axes).
  public func values(at index: Int) -> [BigInt] {
    var i = index
    var out = [BigInt](repeating: 0, count: axes.count)
    for a in axes.indices.reversed() {
      let n = axes[a].values.count
      out[a] = axes[a].values[i % n]
      i /= n
    }
    return out
  }

  /// Every parameter value of point `index`: the fixed ones and the axes'.
  func assignment(at index: Int) -> [String: BigInt] {
    var out = fixed
    for (a, v) in zip(axes, values(at: index)) { out[a.parameter] = v }
    return out
  }

  /// The label of a point, if one names it.
  public func label(for values: [BigInt]) -> String? {
    let named = Dictionary(zip(axes.map(\.parameter), values), uniquingKeysWith: { a, _ in a })
    return labels.first { l in l.at.allSatisfy { named[$0.key] == $0.value } }?.text
  }

  /// The metrics the chart plots: the spec's, else the first two objectives.
  var chartMetrics: (x: SweepMetric, y: SweepMetric)? {
    if let chart { return (chart.x, chart.y) }
    guard objectives.count >= 2 else { return nil }
    return (objectives[0].metric, objectives[1].metric)
  }

  /// `refbits sweep ...` with every input spelled out.
  public var command: String {
    var parts = ["refbits sweep", layout]
    for (k, v) in fixed.sorted(by: { $0.key < $1.key }) { parts.append("--set \(k)=\(v)") }
    for a in axes { parts.append("--vary '\(a)'") }
    if let attacker { parts.append("--attacker \(attacker)") }
    for c in conditions { parts.append("--where '\(c)'") }
    for o in objectives { parts.append("--\(o.direction.rawValue) '\(o.metric)'") }
    return parts.joined(separator: " ")
  }
}
