import Foundation

/// The trade-off of a sweep as a scatter plot: one metric across, another
/// up, both on log2 scales, as a mermaid `quadrantChart` block (the one
/// mermaid chart that places points by two coordinates; its quadrants are
/// drawn white, so it reads as a plain scatter plot).
///
/// Points on the Pareto front are blue, dominated ones grey, points kept
/// off the front (filtered, undecided, unknown, bounded, incomplete) light
/// grey; labelled points are red, larger, and carry their label. A bound
/// `L..U` is drawn at U, the sequence found (its point is off the front, and
/// the caption says so). Points without a known value or bound of either
/// metric are not drawn (the caption counts them).
struct SweepChart: Sendable {
  var result: SweepResult
  var x: SweepMetric
  var y: SweepMetric

  init(result: SweepResult, x: SweepMetric, y: SweepMetric) {
    self.result = result
    self.x = x
    self.y = y
  }

  /// A point to draw: position in [0, 1]², colour, size, name.
  struct Dot: Hashable {
    var x: Double
    var y: Double
    var colour: String
    var radius: Int
    var name: String
  }

  static let front = "#1f77b4", dominated = "#7f7f7f", off = "#c7c7c7", labelled = "#d62728"

  /// log2 of a measure, or nil when it cannot be drawn (unknown, never,
  /// negative); 0 is drawn at 2^0, a bound at its upper end.
  static func log2(_ m: SweepMeasure?) -> Double? {
    switch m {
    case .exact(let v)?, .atMost(let v, _)?: v.signum > 0 ? Foundation.log2(v.doubleValue) : (v.isZero ? 0 : nil)
    case .real(let d)?: d > 0 && d.isFinite ? Foundation.log2(d) : nil
    default: nil
    }
  }

  /// The integer log2 range drawn: every value, and a margin of a quarter
  /// of the span (at least one power of 2) on each side, so that labels near
  /// the edge are not cut; counts (values of 1 or more) start at 2^0.
  static func range(_ values: [Double]) -> (Int, Int) {
    let lo = Int((values.min() ?? 0).rounded(.down)), hi = max(Int((values.max() ?? 1).rounded(.up)), lo + 1)
    let pad = max(1, (hi - lo + 3) / 4)
    return (lo >= 0 ? max(0, lo - pad) : lo - pad, hi + pad)
  }

  func dots() -> (dots: [Dot], xRange: (Int, Int), yRange: (Int, Int), missing: Int) {
    let r = result
    var raw: [(Double, Double, SweepPoint.Standing, String?)] = []
    var missing = 0
    for (i, p) in r.points.enumerated() {
      guard let m = p.measures, let a = Self.log2(m[x]), let b = Self.log2(m[y]) else { missing += 1; continue }
      raw.append((a, b, r.standings[i], r.spec.label(for: p.values)))
    }
    let xr = Self.range(raw.map(\.0)), yr = Self.range(raw.map(\.1))
    func scale(_ v: Double, _ r: (Int, Int)) -> Double { (v - Double(r.0)) / Double(r.1 - r.0) }
    var dots: [Dot] = []
    // Mermaid draws earlier points on top: labelled points first, then the
    // front, the dominated points, and those kept off the front.
    func layer(_ p: (Double, Double, SweepPoint.Standing, String?)) -> Int {
      p.3 != nil ? 0 : (p.2 == .front ? 1 : (p.2 == .dominated || p.2 == .kept ? 2 : 3))
    }
    for (a, b, standing, label) in raw.enumerated().sorted(by: { (layer($0.element), $0.offset) < (layer($1.element), $1.offset) }).map(\.element) {
      let colour = label != nil ? Self.labelled : (standing == .front ? Self.front : (standing == .dominated || standing == .kept ? Self.dominated : Self.off))
      dots.append(Dot(x: scale(a, xr), y: scale(b, yr), colour: colour, radius: label != nil ? 7 : 4, name: label ?? " "))
    }
    return (dots, xr, yr, missing)
  }

  /// Up to 4 decimals, no exponent.
  static func coordinate(_ v: Double) -> String { MermaidChart.number(min(1, max(0, v))) }

  /// The fenced block.
  var markdown: String {
    let (dots, xr, yr, _) = self.dots()
    var lines = [
      "```mermaid",
      ##"%%{init: {"quadrantChart": {"chartWidth": 640, "chartHeight": 480, "pointLabelFontSize": 13, "xAxisLabelFontSize": 14, "yAxisLabelFontSize": 14, "titleFontSize": 16}, "themeVariables": {"quadrant1Fill": "#ffffff", "quadrant2Fill": "#ffffff", "quadrant3Fill": "#ffffff", "quadrant4Fill": "#ffffff", "quadrantInternalBorderStrokeFill": "#eeeeee", "quadrantExternalBorderStrokeFill": "#888888"}}}%%"##,
      "quadrantChart",
      "  title \(Self.plain("\(y) up, \(x) across (log2 scales)"))",
      "  x-axis \(MermaidChart.quoted("left edge 2^\(xr.0)")) --> \(MermaidChart.quoted("right edge 2^\(xr.1)"))",
      "  y-axis \(MermaidChart.quoted("bottom 2^\(yr.0)")) --> \(MermaidChart.quoted("top 2^\(yr.1)"))",
    ]
    for d in dots {
      lines.append("  \(MermaidChart.quoted(d.name)): [\(Self.coordinate(d.x)), \(Self.coordinate(d.y))] radius: \(d.radius), color: \(d.colour)")
    }
    lines.append("```")
    return lines.joined(separator: "\n")
  }

  /// What the chart shows, in words: axes, colours, and points not drawn.
  var caption: String {
    let (_, xr, yr, missing) = dots()
    var s = "Across: `\(x)` from 2^\(xr.0) to 2^\(xr.1); up: `\(y)` from 2^\(yr.0) to 2^\(yr.1); both log2 scales, with a margin around the values (a value of 0 is drawn at 2^0, one below 1 at its log2). Blue: on the Pareto front; grey: dominated; light grey: kept off the front (filtered, undecided, unknown, bounded or incomplete); red: a labelled point (the table gives its standing)."
    let bounded = result.points.filter { p in [x, y].contains { m in if case .atMost? = p.measures?[m] { true } else { false } } }.count
    if bounded > 0 { s += " \(bounded) point\(bounded == 1 ? " is" : "s are") drawn at the upper end of a bound L..U (the shortest sequence found, not proved shortest): the value lies at or below where it is drawn." }
    if result.spec.objectives.count > 2 { s += " The front is over all \(result.spec.objectives.count) objectives; the chart shows two of them, so a dominated point may hide under a point of the front drawn at the same place, and points of the front may look dominated in these two alone." }
    if missing > 0 { s += " \(missing) point\(missing == 1 ? "" : "s") without a known value of both metrics (invalid, unknown or never) are not drawn." }
    return s
  }

  /// A title without the characters mermaid's title line cannot hold.
  static func plain(_ s: String) -> String {
    s.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: ":", with: " ").replacingOccurrences(of: "#", with: "")
  }
}
