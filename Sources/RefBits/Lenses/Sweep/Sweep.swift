import Synchronization

/// `refbits sweep`: a parametric layout evaluated by the exact lens at every
/// point of a grid of parameter values, with the Pareto front of the
/// objectives marked.
///
/// ```swift
/// let layout = try ParametricLayout(resolving: "linux-gup-bias")
/// let spec = SweepSpec(name: "bias", layout: "linux-gup-bias", layoutName: layout.base.name,
///   layoutDigest: layout.digest, axes: [try SweepAxis(parameter: "GUP_PIN_COUNTING_BIAS", spec: "2..2^30*2")],
///   objectives: [SweepObjective(metric: .capacity(kind: "pin"), direction: .maximize)])
/// let result = try Sweep(spec: spec, layout: layout, attacker: nil).run(jobs: 2)
/// ```
///
/// Every point is evaluated by one function, ``SweepMeasures/evaluate(_:attacker:firstPhaseLimit:)``.
/// Points are independent: they run in parallel, and the result does not
/// depend on the number of jobs or shards.
public struct Sweep: Sendable {
  /// What to sweep: axes, fixed values, conditions, objectives.
  public var spec: SweepSpec
  /// The layout read at each point's parameter values.
  public var layout: ParametricLayout
  var attacker: AttackerProfile?

  /// Checks the spec against the layout and the profile.
  ///
  /// - Throws: ``Diagnostics`` for a parameter the layout does not declare
  ///   (or one both fixed and varied, or varied twice), an objective or
  ///   condition naming a metric the lens does not produce for this layout,
  ///   an attack metric without an attacker, or too many points.
  public init(spec: SweepSpec, layout: ParametricLayout, attacker: AttackerProfile?) throws(Diagnostics) {
    self.spec = spec
    self.layout = layout
    self.attacker = attacker
    var problems: [Diagnostic] = []
    let file = layout.argument
    let declared = layout.base.parameters.map(\.name)
    func undeclared(_ name: String, _ option: String) {
      let hint = declared.isEmpty
        ? "\(layout.base.name) declares no [parameters] (see docs/layout-format.md)"
        : (TOMLReader.didYouMean(name, among: declared).map { "\($0) " } ?? "") + "declared: \(declared.joined(separator: ", "))"
      problems.append(Diagnostic(file: file, keyPath: "parameters", message: "\(option) names '\(name)', which \(layout.base.name) does not declare as a parameter", hint: hint))
    }
    var varied = Set<String>()
    for a in spec.axes {
      if !declared.contains(a.parameter) { undeclared(a.parameter, "--vary") }
      if !varied.insert(a.parameter).inserted { problems.append(Diagnostic(file: "--vary", message: "\(a.parameter) is varied twice", hint: "give one --vary per parameter")) }
      if spec.fixed[a.parameter] != nil { problems.append(Diagnostic(file: "--set", message: "\(a.parameter) is both set and varied", hint: "drop one of --set and --vary for it")) }
      if a.values.isEmpty { problems.append(Diagnostic(file: "--vary", message: "\(a.parameter) takes no value")) }
    }
    for name in spec.fixed.keys.sorted() where !declared.contains(name) { undeclared(name, "--set") }
    if spec.axes.isEmpty { problems.append(Diagnostic(file: "--vary", message: "a sweep varies at least one parameter", hint: declared.isEmpty ? "\(layout.base.name) declares no [parameters]" : "e.g. --vary \(declared[0])=LO..HI; declared: \(declared.joined(separator: ", "))")) }
    if spec.pointCount > SweepSpec.maximumPoints {
      problems.append(Diagnostic(file: "--vary", message: "the sweep has more than \(SweepSpec.maximumPoints) points", hint: "use coarser steps (LO..HI:STEP, LO..HI*2); for millions of points, split the sweep into several"))
    }
    let available = Self.metrics(layout.base, attacker: attacker)
    let keys = Set(available.map(\.description))
    var used: [(SweepMetric, String)] = spec.objectives.map { ($0.metric, "--\($0.direction.rawValue)") }
    for c in spec.conditions { used += c.metrics.map { ($0, "--where") } }
    if let chart = spec.chart { used += [(chart.x, "chart.x"), (chart.y, "chart.y")] }
    for (m, option) in used where !keys.contains(m.description) {
      let same = available.filter { String(describing: $0).split(separator: "(").first == m.description.split(separator: "(").first }.map(\.description)
      var hint = same.isEmpty ? "metrics of \(layout.base.name): \(available.map(\.description).joined(separator: ", "))" : "available: \(same.joined(separator: ", "))"
      if case .attackCost = m, attacker == nil { hint = "attack metrics need --attacker (a profile name or path)" }
      if case .attackOperations = m, attacker == nil { hint = "attack metrics need --attacker (a profile name or path)" }
      problems.append(Diagnostic(file: option, message: "\(layout.base.name) has no metric \(m)", hint: hint))
    }
    for l in spec.labels {
      for name in l.at.keys.sorted() where !varied.contains(name) {
        problems.append(Diagnostic(file: spec.name, keyPath: "labels", message: "label '\(l.text)' names \(name), which the sweep does not vary"))
      }
    }
    guard problems.isEmpty else { throw Diagnostics(problems) }
  }

  /// Resolves a spec's layout and attacker (names or paths, as written in a
  /// sweep file or on the command line), records their names and digests in
  /// the spec, and checks it (``init(spec:layout:attacker:)``).
  public static func resolving(_ spec: SweepSpec) throws(Diagnostics) -> Sweep {
    var spec = spec
    let layout = try ParametricLayout(resolving: spec.layout)
    spec.layoutName = layout.base.name
    spec.layoutDigest = layout.digest
    var profile: AttackerProfile?
    if let a = spec.attacker {
      let resolved = try ShippedAttackers.resolveWithDigest(a)
      profile = resolved.value
      spec.attackerDigest = resolved.digest
    }
    return try Sweep(spec: spec, layout: layout, attacker: profile)
  }

  /// Every metric ``SweepMeasures/evaluate(_:attacker:firstPhaseLimit:)``
  /// produces for a point of this layout, in its order.
  static func metrics(_ layout: Layout, attacker: AttackerProfile?) -> [SweepMetric] {
    var out: [SweepMetric] = layout.parameters.map { .value(name: $0.name) } + layout.constants.map { .value(name: $0.name) }
    out += layout.kinds.map { .capacity(kind: $0.name) }
    var onsets: [OutcomePattern] = []
    let machine = Machine(layout)
    for p in layout.predicates.indices {
      for lie in [Lie.falsePositive, .falseNegative] {
        if let o = machine.outcome(of: lie, predicate: p) { onsets.append(OutcomePattern(category: o.category, argument: o.argument)) }
      }
    }
    for c in Analysis.reportedOutcomes where !onsets.contains(OutcomePattern(category: c)) { onsets.append(OutcomePattern(category: c)) }
    out += onsets.map { .onset($0) }
    if let attacker {
      for g in Attack.goals(layout, profile: attacker) {
        out += [.attackCost(goal: g.description), .attackOperations(goal: g.description)]
      }
    }
    return out
  }

  /// Evaluates the points of the sweep (those of one shard: the points whose
  /// index is `index` modulo `count`).
  ///
  /// - Parameters:
  ///   - jobs: points evaluated at once (1: one after the other); the
  ///     result is the same for any value.
  ///   - progress: called as each point finishes, with the number finished
  ///     and the number to do (from any thread).
  /// - Complexity: one exact analysis (and attack) per point.
  /// - Parameter sharingCertificates: whether the points of a block check
  ///   their certificates together (``CertificateSchemas``); the results are
  ///   the same either way (false only to test that they are).
  public func run(shard: (index: Int, count: Int)? = nil, jobs: Int = 1, sharingCertificates: Bool = true, progress: (@Sendable (Int, Int) -> Void)? = nil) -> SweepResult {
    let all = 0..<spec.pointCount
    let mine = shard.map { s in all.filter { $0 % s.count == s.index } } ?? Array(all)
    let done = Atomic<Int>(0)
    let total = mine.count
    let sweep = self
    let schemas = sharingCertificates ? certificateSchemas() : nil
    let points = ParallelMap.map(mine, jobs: jobs) { index in
      let point = sweep.point(index, schemas: schemas?.scope(ofPoint: index))
      progress?(done.add(1, ordering: .relaxed).newValue, total)
      return point
    }
    return SweepResult(spec: spec, shard: shard, points: points)
  }

  /// Reads the layout at point `index` and evaluates it.
  public func point(_ index: Int) -> SweepPoint {
    point(index, schemas: nil)
  }

  /// The checker's schemas for this sweep's points (``CertificateSchemas``).
  func certificateSchemas() -> CertificateSchemas {
    let spec = spec
    return CertificateSchemas(base: layout.base, pointCount: spec.pointCount, varied: spec.axes.map { ($0.parameter, $0.values.count) }) { spec.assignment(at: $0) }
  }

  /// ``point(_:)``, its certificates checked with those of its block.
  func point(_ index: Int, schemas: CertificateSchemas.Scope?) -> SweepPoint {
    let values = spec.values(at: index)
    let evaluation: SweepPoint.Evaluation
    do {
      let l = try layout.layout(at: spec.assignment(at: index))
      do {
        evaluation = .measured(try SweepMeasures.evaluate(l, attacker: attacker, firstPhaseLimit: spec.firstPhaseLimit, schemas: schemas))
      } catch {
        evaluation = .invalid(["\(layout.argument): initial state at \(l.parameterPoint): \(error.message)"])
      }
    } catch {
      evaluation = .invalid(error.errors.map(\.description))
    }
    return SweepPoint(index: index, values: values, evaluation: evaluation)
  }
}
