import Foundation
import Testing

@testable import RefBits

/// `refbits sweep`: axes, conditions, objectives and the Pareto front; the
/// bias sweep against the formula and against `analyze`; independence from
/// jobs and shards; invalid points.
@Suite struct SweepTests {
  static func sweep(_ layout: String, _ axes: [String], objectives: [String] = [], conditions: [String] = [], attacker: String? = nil) throws -> Sweep {
    var spec = SweepSpec(name: "test", layout: layout, layoutName: "", layoutDigest: "", axes: try axes.map { try SweepAxis.parse($0) })
    spec.objectives = try objectives.map { try SweepObjective(parsing: $0) }
    spec.conditions = try conditions.map { try SweepCondition(parsing: $0) }
    spec.attacker = attacker
    return try Sweep.resolving(spec)
  }

  @Test func axes() throws {
    let powers = try SweepAxis.parse("B=2..2^30*2")
    #expect(powers.parameter == "B" && powers.values == (1...30).map { BigInt.power(of2: $0) })
    #expect(try SweepAxis.parse("B=1..10:3").values == [1, 4, 7, 10])
    #expect(try SweepAxis.parse("B=5,1,2^4").values == [5, 1, 16])
    #expect(try SweepAxis.parse("B=7").values == [7])
    #expect(try SweepAxis.parse("B=1..3").values == [1, 2, 3])
    #expect(try SweepAxis.parse("B=(2*3)..(2*3)*2").values == [6])
    for bad in ["B", "B=", "B=3..1", "B=1..9:0", "B=0..8*2", "B=1..8*1", "B=1..x", "B=1..2^30"] {
      #expect(throws: Diagnostics.self, "\(bad)") { try SweepAxis.parse(bad) }
    }
  }

  /// GUP_PIN_COUNTING_BIAS over 2^1..2^30, derived by hand: from a fresh
  /// page (count 1), pin n fits while 1 + n * bias <= 2^31 - 1, so the pin
  /// capacity is floor((2^31 - 2) / bias); maybe_pinned (count >= bias as
  /// unsigned) lies with no pin once 1 + k >= bias: after k = bias - 1
  /// ordinary references. Capacity falls and onset rises strictly with the
  /// bias, so no point dominates another: all 30 are on the front. At 2^10 and
  /// 2^23 the points are exactly what `analyze` says of linux-gup-bias and
  /// hubbard-bias-23.
  @Test func biasSweepFollowsTheFormulaAndReproducesAnalyze() throws {
    let sweep = try Sweep.resolving(try ShippedSweeps.resolve("gup-pin-counting-bias"))
    let r = sweep.run(jobs: 2)
    #expect(r.points.count == 30)
    let lie = SweepMetric.onset(OutcomePattern(category: .falsePositive, argument: "maybe_pinned"))
    var proved: [Int] = []
    for (i, p) in r.points.enumerated() {
      let bias = p.values[0]
      let m = try #require(p.measures)
      #expect(m[.capacity(kind: "pin")] == .exact((BigInt.power(of2: 31) - 2) / bias), "bias \(bias)")
      // bias - 1 get_page from a count of 1 make the word read pinned with
      // no pin held. It is the onset where the breadth-first search proves it
      // shortest; elsewhere the found sequence is that one, and the measure
      // is a bound whose proven lower end lies below it.
      switch m[lie] {
      case .exact(let v)?:
        #expect(v == bias - 1, "bias \(bias)")
        #expect(r.standings[i] == .front, "bias \(bias)")
        proved.append(i)
      case .atMost(let v, let low?)?:
        #expect(v == bias - 1 && low < v, "bias \(bias)")
        #expect(r.standings[i] == .bounded, "bias \(bias)")
      default:
        Issue.record("bias \(bias): \(String(describing: m[lie]))")
      }
    }
    // The short onsets are proved (1, 3 and 7 operations are far within the
    // breadth-first depth), and proved ones come first: the onset grows with
    // the bias.
    #expect(proved.count >= 3 && proved == Array(0..<proved.count))
    #expect(r.spec.label(for: [1024]) == "Linux (v5.7+)" && r.spec.label(for: [BigInt.power(of2: 23)]) == "Hubbard (Jan 2021)")
    // What analyze says, as a measure: a proved shortest sequence is a value,
    // a shortest found is a bound with the proven lower end.
    func measure(_ v: Verdict) -> SweepMeasure {
      switch v {
      case .reachable(let reach): reach.isShortest ? .exact(reach.sequence.operations) : .atMost(reach.sequence.operations, atLeast: reach.lowerBound)
      case .impossible: .never
      case .unknown: .unknown
      }
    }
    for (bias, layout) in [(BigInt(1024), "linux-gup-bias"), (BigInt.power(of2: 23), "hubbard-bias-23")] {
      let point = try #require(r.points.first { $0.values == [bias] }?.measures)
      let a = try Analysis(layout: try ShippedLayouts.load(layout))
      for c in a.capacities {
        #expect(point[.capacity(kind: c.kind)] == c.capacity.map { .exact($0) } ?? (c.verdict.isImpossible ? .never : .unknown), "\(layout) \(c.kind)")
      }
      for o in a.onsets {
        #expect(point[.onset(OutcomePattern(category: o.outcome.category, argument: o.outcome.argument))] == measure(o.verdict), "\(layout) \(o.outcome)")
      }
      for x in a.reachable {
        #expect(point[.onset(x.outcome)] == measure(x.verdict), "\(layout) \(x.outcome)")
      }
      #expect(point.complete)
    }
    // Minimizing the onset instead: bias 2 has both the most pins and the
    // earliest lie, so it dominates every other point whose onset is a
    // value (by the formula); the bounded ones stay off the front.
    var spec = r.spec
    spec.objectives[1].direction = .minimize
    let flipped = SweepResult(spec: spec, shard: nil, points: r.points)
    #expect(flipped.front == [0] && flipped.count(.dominated) == proved.count - 1 && flipped.count(.bounded) == 30 - proved.count)
  }

  /// A 6-bit signed count with a parametric bias: the sweep's capacity and
  /// onset equal single steps of the reference machine, one at a time.
  @Test func smallBiasSweepEqualsSingleStepping() throws {
    let text = """
      title = "Test: 6-bit bias"
      source = "Tests/RefBitsTests/SweepTests.swift"
      [parameters.BIAS]
      default = 4
      range = "1..40"
      [words.count]
      bits = 6
      signed = true
      [kinds.ref.acquire]
      effects = ["count += 1"]
      [kinds.ref.release]
      effects = ["count -= 1"]
      [kinds.pin.acquire]
      refuse = "count <= 0"
      effects = ["count += BIAS"]
      [kinds.pin.release]
      effects = ["count -= BIAS"]
      [predicates.maybe_pinned]
      when = "unsigned(count) >= BIAS"
      means = "pin > 0"
      [initial]
      held = { ref = 1 }
      """
    let dir = try CompareFixtures.temporaryDirectory("sweep-small")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("bias6.toml")
    try text.write(to: url, atomically: true, encoding: .utf8)
    let r = try Self.sweep(url.path, ["BIAS=2..40"]).run(jobs: 2)
    for p in r.points {
      let layout = try Layout.parse(toml: text, name: "bias6", file: "bias6.toml", parameters: ["BIAS": p.values[0]])
      let machine = Machine(layout)
      let start = try machine.initialState()
      func firstEvent(_ op: Op, until: (StepResult) -> Bool) throws -> BigInt? {
        var s = start
        for n in 0..<200 {
          let step = try machine.step(s, op)
          if until(step) { return BigInt(n) }
          s = step.state
        }
        return nil
      }
      let pins = try firstEvent(Op(kind: 1, direction: .acquire)) { $0.outcomes.contains { $0 != .ok && $0.category != .falsePositive && $0.category != .falseNegative } }
      let lie = try firstEvent(Op(kind: 0, direction: .acquire)) { $0.outcomes.contains(.falsePositive(predicate: "maybe_pinned")) }.map { $0 + 1 }
      let m = try #require(p.measures)
      #expect(m[.capacity(kind: "pin")] == pins.map { .exact($0) } ?? .unknown, "BIAS \(p.values[0])")
      // The one-phase ref run is in the searched class; no shorter sequence
      // can lie (a release only lowers the count), so the onset is that run.
      #expect(m[.onset(OutcomePattern(category: .falsePositive, argument: "maybe_pinned"))] == lie.map { .exact($0) } ?? .unknown, "BIAS \(p.values[0])")
    }
  }

  @Test func theReportGivesASweepAPageWithAChartAndTheFront() throws {
    let r = try Self.sweep("linux-gup-bias", ["GUP_PIN_COUNTING_BIAS=2^9,2^10,2^11"], objectives: ["maximize capacity(pin)", "maximize onset(false_positive(maybe_pinned))"]).run(jobs: 2)
    let settings = EvaluationSettings(attackers: [], workloads: [], operations: 1, seed: 1)
    let files = Report(evaluations: [], sweeps: [r], settings: settings, command: "refbits report (test)", directory: "reports").files()
    let page = try #require(files["sweeps/test.md"])
    // Without a [chart], the first objective across, the second up. Pin
    // capacities 1048575, 2097151, 4194303 span 2^19..2^22 (log2(1048575) is
    // just below 20); onsets 511, 1023, 2047 span 2^8..2^11; each axis gets
    // a margin of a quarter of the span, at least one power of 2, each side.
    #expect(page.contains("quadrantChart") && page.contains("log2 scales"))
    #expect(page.contains("x-axis \"left edge 2^18\" --> \"right edge 2^23\"") && page.contains("y-axis \"bottom 2^7\" --> \"top 2^12\""))
    // The 2^10 point's place, by hand.
    #expect(page.contains("\" \": [\(MermaidChart.number((log2(2097151) - 18) / 5)), \(MermaidChart.number((log2(1023) - 7) / 5))]"), "\(page)")
    // Mermaid draws earlier points on top: the front before the others.
    let order = ["#1f77b4", "#7f7f7f"].map { page.range(of: $0)?.lowerBound }
    #expect(order[1] == nil || order[0]! < order[1]!)
    // Onsets of 511 operations and more lie beyond the breadth-first
    // depth: each is a bound, drawn at its upper end, off the front.
    #expect(page.contains("| 1024 | 2097151 | ") && page.contains("..1023 | bounded |"), "\(page)")
    #expect(page.contains("3 points are drawn at the upper end of a bound"))
    #expect(files["README.md"]?.contains("[test](sweeps/test.md)") == true)
    #expect(files == Report(evaluations: [], sweeps: [r], settings: settings, command: "refbits report (test)", directory: "reports").files())
  }

  /// Two fields whose widths are parameters (ParameterTests.fields): where
  /// they overlap the point is invalid, with the diagnostics naming it;
  /// elsewhere the refusal at LO_MAX gives 2^LO - 2 acquires from one held.
  @Test func invalidPointsAreListedWithTheirValues() throws {
    let dir = try CompareFixtures.temporaryDirectory("sweep-invalid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("fields.toml")
    try ParameterTests.fields.write(to: url, atomically: true, encoding: .utf8)
    let r = try Self.sweep(url.path, ["HI=1..6", "LO=1..6"], objectives: ["maximize capacity(ref)"]).run(jobs: 2)
    #expect(r.points.count == 36)
    for (i, p) in r.points.enumerated() {
      let (hi, lo) = (p.values[0], p.values[1])
      if hi + lo > 8 {
        #expect(r.standings[i] == .invalid)
        guard case .invalid(let messages) = p.evaluation else { Issue.record("\(hi), \(lo) not invalid"); continue }
        #expect(messages.first?.contains("(at WIDTH = 8, HI = \(hi), LO = \(lo))") == true, "\(messages)")
        #expect(messages.first?.hasPrefix(url.path + ":") == true)
      } else {
        #expect(p.measures?[.capacity(kind: "ref")] == .exact(BigInt.power(of2: lo.int!) - 2), "\(hi), \(lo)")
      }
    }
    #expect(r.count(.invalid) == 10)
    // The front: the widest LO (6), valid with HI = 1 and 2.
    #expect(r.front.map { r.points[$0].values } == [[1, 6], [2, 6]])
  }

  @Test func resultsDoNotDependOnJobsOrShards() throws {
    let sweep = try Self.sweep("refcount-t-saturation-point", ["SATURATION_BITS=20..31:3", "SENTINEL_PERMILLE=250,500,750"], objectives: ["maximize capacity(ref)", "maximize value(RACY_HEADROOM)"], conditions: ["premature_free impossible"])
    let one = sweep.run(jobs: 1)
    let two = sweep.run(jobs: 2)
    let whole = SweepRenderer(one)
    #expect(whole.json() == SweepRenderer(two).json())
    // By the header's arithmetic the middle is best at every saturation point.
    #expect(one.front.map { one.points[$0].values[1] } == [500, 500, 500, 500])
    let shards = (0..<3).map { sweep.run(shard: ($0, 3), jobs: 2) }
    #expect(shards.allSatisfy { $0.standings.allSatisfy { $0 == .kept } })
    let decoded = try shards.map { s in
      try SweepResult(document: JSONDecoder().decode(SweepDocument.self, from: Data(SweepRenderer(s).json().utf8)), file: "shard")
    }
    let merged = SweepRenderer(try SweepResult.merged(Array(decoded.reversed())))
    #expect(merged.json() == whole.json())
    #expect(merged.text() == whole.text())
    #expect(merged.csv() == whole.csv())
    #expect(merged.markdown() == whole.markdown())
    #expect(throws: Diagnostics.self) { try SweepResult.merged(Array(decoded.prefix(2))) }
    #expect(throws: Diagnostics.self) { try SweepResult.merged([decoded[0], decoded[0], decoded[1]]) }
    #expect(throws: Diagnostics.self) { try SweepResult.merged([one]) }
    var other = decoded[2]
    other.spec.conditions = []
    #expect(throws: Diagnostics.self) { try SweepResult.merged([decoded[0], decoded[1], other]) }
  }

  @Test func conditionsAreThreeValued() throws {
    let m = SweepMeasures([
      ("capacity(pin)", .exact(70000)), ("onset(premature_free)", .unknown), ("onset(trapped)", .never),
      ("onset(leak)", .exact(5)), ("attack_cost(premature_free)", .real(0.25)),
    ], complete: true)
    func holds(_ s: String) throws -> Bool? { try SweepCondition(parsing: s).holds(for: m) }
    #expect(try holds("capacity(pin) >= 2^16") == true)
    #expect(try holds("capacity(pin) < 2^16") == false)
    #expect(try holds("trapped impossible") == true && holds("trapped reachable") == false)
    #expect(try holds("leak reachable") == true && holds("leak impossible") == false && holds("leak not_found") == false)
    #expect(try holds("premature_free impossible") == nil && holds("premature_free reachable") == nil)
    #expect(try holds("premature_free not_found") == true)
    #expect(try holds("onset(premature_free) > 3") == nil)
    #expect(try holds("onset(trapped) > 2^200") == true)
    #expect(try holds("attack_cost(premature_free) <= 0.5") == true)
    #expect(try holds("premature_free impossible and capacity(pin) < 2") == false)
    #expect(try holds("premature_free impossible and capacity(pin) > 2") == nil)
    #expect(try holds("premature_free impossible or capacity(pin) > 2") == true)
    #expect(try holds("capacity(pin) == 70000 && leak reachable || onset(premature_free) > 1") == true)
    #expect(try holds("capacity(other) > 1") == nil)
    for bad in ["", "capacity(pin) >", "capacity(pin) => 2", "premature_free maybe", "nonsense(x) > 1", "premature_free", "leak reachable and"] {
      #expect(throws: ExpressionError.self, "\(bad)") { try SweepCondition(parsing: bad) }
    }
  }

  @Test func theFrontByHandAndUnknownsKeptOff() throws {
    let up = [SweepObjective(metric: .capacity(kind: "a"), direction: .maximize), SweepObjective(metric: .capacity(kind: "b"), direction: .minimize)]
    func v(_ a: Int, _ b: Int) -> [SweepMeasure] { [.exact(BigInt(a)), .exact(BigInt(b))] }
    // (a up, b down): (5,5) beats (4,6) and (5,6); (3,1) and (5,5) trade off;
    // (3,1) twice: equal points do not dominate each other.
    let vectors = [v(5, 5), v(4, 6), v(3, 1), v(5, 6), v(3, 1), v(1, 1)]
    #expect(ParetoFront.indices(vectors, objectives: up) == [0, 2, 4])
    #expect(ParetoFront.indices([[.never, .exact(1)], [.exact(BigInt.power(of2: 200)), .exact(1)]], objectives: up) == [0])
    // Through a result: an unknown objective keeps a point off the front,
    // and it cannot push another off either.
    let spec = SweepSpec(name: "t", layout: "t", layoutName: "t", layoutDigest: "", axes: [SweepAxis(parameter: "P", spec: "1..3", values: [1, 2, 3])], objectives: up)
    func point(_ i: Int, _ a: SweepMeasure, complete: Bool = true) -> SweepPoint {
      SweepPoint(index: i, values: [BigInt(i + 1)], evaluation: .measured(SweepMeasures([("capacity(a)", a), ("capacity(b)", .exact(1))], complete: complete)))
    }
    let r = SweepResult(spec: spec, shard: nil, points: [point(0, .exact(1)), point(1, .unknown), point(2, .exact(9), complete: false)])
    #expect(r.standings == [.front, .unknown, .incomplete])
  }

  /// An onset the search found but could not prove shortest is a bound, not
  /// a value. By hand: a BITS-bit unsigned count starting at 0 overflows on
  /// acquire number 2^BITS, and nothing shorter does (a release only lowers
  /// it). The breadth-first search has one state per depth here (the count
  /// is the references held), so it goes its full 256 levels: at BITS = 8 it
  /// meets the overflow at 256 operations (proved shortest), at BITS = 9 and
  /// 10 it proves only "at least 257", and the phase class finds 2^BITS.
  @Test func anOnsetNotProvedShortestIsABound() throws {
    let text = """
      title = "Test: a count that wraps"
      source = "Tests/RefBitsTests/SweepTests.swift"
      [parameters.BITS]
      default = 8
      range = "4..16"
      [words.count]
      bits = "BITS"
      [kinds.ref.acquire]
      effects = ["count += 1"]
      [kinds.ref.release]
      effects = ["count -= 1"]
      [initial]
      held = {}
      """
    let dir = try CompareFixtures.temporaryDirectory("sweep-bound")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("wrap.toml")
    try text.write(to: url, atomically: true, encoding: .utf8)
    let overflow = SweepMetric.onset(OutcomePattern(category: .fieldOverflow))
    let r = try Self.sweep(url.path, ["BITS=8..10"], objectives: ["maximize onset(field_overflow)"]).run(jobs: 2)
    let measures = try r.points.map { try #require($0.measures) }
    #expect(measures.map { $0[overflow] } == [.exact(256), .atMost(512, atLeast: 257), .atMost(1024, atLeast: 257)])
    #expect(measures.map { $0[.capacity(kind: "ref")] } == [.exact(255), .exact(511), .exact(1023)])
    // A bound keeps its point off the front, and pushes no other point off.
    #expect(r.standings == [.front, .bounded, .bounded])
    // Written as an interval, and read back.
    #expect(measures[1][overflow]?.description == "257..512")
    #expect(SweepMeasure(text: "257..512") == .atMost(512, atLeast: 257) && SweepMeasure(text: "<=512") == .atMost(512, atLeast: nil))
    #expect(SweepMeasure(text: "512..257") == nil && SweepMeasure(text: "1...2") == nil)
    let merged = try SweepResult(document: JSONDecoder().decode(SweepDocument.self, from: Data(SweepDocument(r).json.utf8)), file: "r.json")
    #expect(merged.points == r.points && merged.standings == r.standings)
    // Conditions read the bound as the interval 257..512: decided only where
    // every value in it gives the same answer.
    func holds(_ s: String) throws -> Bool? { try SweepCondition(parsing: s).holds(for: measures[1]) }
    #expect(try holds("onset(field_overflow) < 513") == true)
    #expect(try holds("onset(field_overflow) <= 256") == false)
    #expect(try holds("onset(field_overflow) >= 257") == true)
    #expect(try holds("onset(field_overflow) > 300") == nil)
    #expect(try holds("onset(field_overflow) == 512") == nil && holds("onset(field_overflow) != 100") == true)
    #expect(try holds("field_overflow reachable") == true && holds("field_overflow impossible") == false)
    #expect(SweepMeasure.atMost(512, atLeast: nil).order(.exact(-5)) == nil)
    #expect(SweepMeasure.atMost(512, atLeast: nil).order(.never) == -1)
  }

  @Test func metricsParseAndListWhatEvaluationProduces() throws {
    #expect(try SweepMetric(parsing: " onset(false_positive(maybe_pinned)) ") == .onset(OutcomePattern(category: .falsePositive, argument: "maybe_pinned")))
    #expect(try SweepMetric(parsing: "attack_cost(denial_of_service(pin))") == .attackCost(goal: "denial_of_service(pin)"))
    for bad in ["capacity", "capacity()", "onset(ok)", "attack_cost(refused)", "capcity(pin)"] {
      #expect(throws: ExpressionError.self, "\(bad)") { try SweepMetric(parsing: bad) }
    }
    let profile = try ShippedAttackers.resolve("unprivileged-linux")
    for name in ["linux-gup-bias", "refcount-t-saturation-point"] {
      let layout = try ShippedLayouts.load(name)
      let m = try SweepMeasures.evaluate(layout, attacker: profile)
      #expect(m.keys == Sweep.metrics(layout, attacker: profile).map(\.description), "\(name)")
    }
    // A metric the layout does not produce is refused before the sweep runs.
    let e = #expect(throws: Diagnostics.self) { try Self.sweep("linux-gup-bias", ["GUP_PIN_COUNTING_BIAS=2,4"], objectives: ["maximize capacity(pins)"]) }
    #expect(e?.errors.first?.hint?.contains("capacity(pin)") == true)
    #expect(throws: Diagnostics.self) { try Self.sweep("linux-gup-bias", ["GUP_PIN_COUNTING_BIAS=2,4"], objectives: ["maximize attack_cost(premature_free)"]) }
    #expect(throws: Diagnostics.self) { try Self.sweep("linux-gup-bias", ["BIAS=2,4"]) }
  }

  @Test func shippedSweepsAndParametricCopiesAtTheirDefaults() throws {
    #expect(ShippedSweeps.names == ["gup-pin-counting-bias", "refcount-saturation-point", "split-pin-widths"])
    for name in ShippedSweeps.names {
      let s = try Sweep.resolving(try ShippedSweeps.resolve(name))
      #expect(s.spec.pointCount > 1 && s.spec.chartMetrics != nil, "\(name)")
    }
    // At their defaults the parametric copies are the layouts they generalise.
    for (parametric, fixed) in [("split-pin-fields", "hildenbrand-split-4-4-24"), ("refcount-t-saturation-point", "linux-refcount-t")] {
      let a = try Analysis(layout: try ShippedLayouts.load(parametric)), b = try Analysis(layout: try ShippedLayouts.load(fixed))
      #expect(a.capacities == b.capacities && a.onsets.map(\.after?.description) == b.onsets.map(\.after?.description) && a.reachable.map(\.sequence?.description) == b.reachable.map(\.sequence?.description), "\(parametric)")
    }
  }

  @Test func sweepFilesAreReadWithLocatedErrors() throws {
    let good = """
      title = "t"
      layout = "linux-gup-bias"
      maximize = ["capacity(pin)"]
      where = "premature_free reachable"
      [vary]
      GUP_PIN_COUNTING_BIAS = "2..8*2"
      [[labels]]
      at = { GUP_PIN_COUNTING_BIAS = "2^2" }
      text = "four"
      """
    let spec = try SweepSpec.parse(toml: good, name: "t", file: "t.toml")
    #expect(spec.axes[0].values == [2, 4, 8] && spec.labels[0].at == ["GUP_PIN_COUNTING_BIAS": 4] && spec.conditions.count == 1)
    let bad = good.replacingOccurrences(of: "\"2..8*2\"", with: "\"2..8*x\"")
    let e = #expect(throws: Diagnostics.self) { try SweepSpec.parse(toml: bad, name: "t", file: "t.toml") }
    #expect(e?.errors.first?.line == 6 && e?.errors.first?.column == 31, "\(String(describing: e))")
    let unknownKey = good + "\nsteps = 3\n"
    #expect(throws: Diagnostics.self) { try SweepSpec.parse(toml: unknownKey, name: "t", file: "t.toml") }
  }
}
