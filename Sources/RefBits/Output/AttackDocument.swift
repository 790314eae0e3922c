import Foundation

/// Human-readable quantities: `8 MiB`, `2.3 days`, `4294967296 (2^32)`.
enum Quantity {
  static func format(_ v: BigInt, _ unit: AttackerProfile.Resource.Unit) -> String {
    switch unit {
    case .bytes:
      let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
      var d = v.doubleValue, i = 0
      while d >= 1024, i < units.count - 1 { d /= 1024; i += 1 }
      return i == 0 ? "\(v) B" : String(format: d < 10 ? "%.2f %@" : "%.1f %@", d, units[i])
    case .count: return AnalysisRenderer.number(v)
    case .seconds: return duration(v.doubleValue)
    }
  }

  static func duration(_ s: Double) -> String {
    if s < 1e-3 { return String(format: "%.1f µs", s * 1e6) }
    if s < 1 { return String(format: "%.1f ms", s * 1e3) }
    if s < 120 { return String(format: "%.1f s", s) }
    if s < 7200 { return String(format: "%.1f min", s / 60) }
    if s < 172_800 { return String(format: "%.1f h", s / 3600) }
    if s < 3.15e7 * 2 { return String(format: "%.1f days", s / 86400) }
    return String(format: "%.3g years", s / 3.15576e7)
  }
}

/// The JSON form of `refbits attack` (schema: docs/json.md).
struct AttackDocument: Encodable, Sendable, Hashable {
  var tool = "refbits"
  var version = RefBitsVersion.current
  var layout: String
  /// Every parameter of the layout with the value it was read at (decimal).
  var parameters: [String: String] = [:]
  var attacker: String
  var searchClass: String
  var outOfReach: [String]
  /// The route that acquires each kind or operation in reach.
  var routes: [RouteEntry] = []
  var results: [Entry]

  struct RouteEntry: Encodable, Sendable, Hashable {
    /// The layout's kind or operation.
    var name: String
    /// The profile's route (`ops.ROUTE`).
    var route: String
    /// Declared by the profile (false: applied by name only, with a warning).
    var declared: Bool
  }

  struct Entry: Encodable, Sendable, Hashable {
    var goal: String
    var verdict: VerdictDocument
    var costs: [CostEntry]
    var seconds: Double?
    var fits: Bool?
    var binding: String?
    var estimate: Bool
    /// The sentence the text output prints.
    var summary: String

    enum CodingKeys: String, CodingKey {
      case goal, costs, seconds, fits, binding, estimate, summary
    }

    func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(goal, forKey: .goal)
      try c.encode(costs, forKey: .costs)
      try c.encode(seconds, forKey: .seconds)
      try c.encode(fits, forKey: .fits)
      try c.encode(binding, forKey: .binding)
      try c.encode(estimate, forKey: .estimate)
      try c.encode(summary, forKey: .summary)
      try verdict.encode(to: encoder)
    }
  }

  struct CostEntry: Encodable, Sendable, Hashable {
    // Optional values are written as explicit nulls: every key is always present.
    func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(resource, forKey: .resource)
      try c.encode(unit, forKey: .unit)
      try c.encode(total, forKey: .total)
      try c.encode(budget, forKey: .budget)
      try c.encode(fraction, forKey: .fraction)
    }

    var resource: String
    var unit: String
    var total: String
    var budget: String?
    var fraction: Double

    enum CodingKeys: String, CodingKey { case resource, unit, total, budget, fraction }
  }

  enum CodingKeys: String, CodingKey {
    case tool, version, layout, parameters, attacker, routes, results
    case searchClass = "search_class"
    case outOfReach = "out_of_reach"
  }

  init(_ a: Attack) {
    layout = a.layout.name
    parameters = a.layout.parameterStrings
    attacker = a.profile.name
    searchClass = a.searchClass
    outOfReach = a.outOfReach
    routes = a.mapping.map { RouteEntry(name: $0.name, route: $0.route, declared: $0.declared) }
    results = a.results.map { r in
      Entry(
        goal: r.goal.description, verdict: VerdictDocument(r.verdict, layout: a.layout),
        costs: r.costs.map { CostEntry(resource: $0.resource, unit: $0.unit.rawValue, total: $0.total.description, budget: $0.budget?.description, fraction: $0.fraction.isFinite ? $0.fraction : 1e308) },
        seconds: r.sequence == nil || r.seconds.isNaN ? nil : Swift.min(r.seconds, 1e308), fits: r.sequence == nil ? nil : r.fits, binding: r.binding, estimate: r.estimate,
        summary: AttackRenderer.verdict(r, profile: a.profile))
    }
  }
}

/// Renders attacks as text, markdown or JSON.
