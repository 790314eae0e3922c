import Foundation

/// Human-readable quantities: `8 MiB`, `2.3 days`, `4294967296 (2^32)`.
public enum Quantity {
  public static func format(_ v: BigInt, _ unit: AttackerProfile.Resource.Unit) -> String {
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

  public static func duration(_ s: Double) -> String {
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
public struct AttackReport: Codable, Sendable, Hashable {
  public var tool = "refbits"
  public var version = RefBitsVersion.current
  public var layout: String
  public var attacker: String
  public var searchClass: String
  public var outOfReach: [String]
  public var results: [Entry]

  public struct Entry: Codable, Sendable, Hashable {
    public var goal: String
    public var reachable: Bool
    public var impossible: Bool
    public var sequence: String?
    public var operations: String?
    public var costs: [CostEntry]
    public var seconds: Double?
    public var fits: Bool?
    public var binding: String?
    public var estimate: Bool
    public var verdict: String

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(goal, forKey: .goal)
      try c.encode(reachable, forKey: .reachable)
      try c.encode(impossible, forKey: .impossible)
      try c.encode(sequence, forKey: .sequence)
      try c.encode(operations, forKey: .operations)
      try c.encode(costs, forKey: .costs)
      try c.encode(seconds, forKey: .seconds)
      try c.encode(fits, forKey: .fits)
      try c.encode(binding, forKey: .binding)
      try c.encode(estimate, forKey: .estimate)
      try c.encode(verdict, forKey: .verdict)
    }
  }

  public struct CostEntry: Codable, Sendable, Hashable {
    // Optional values are written as explicit nulls: every key is always present.
    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(resource, forKey: .resource)
      try c.encode(unit, forKey: .unit)
      try c.encode(total, forKey: .total)
      try c.encode(budget, forKey: .budget)
      try c.encode(fraction, forKey: .fraction)
    }

    public var resource: String
    public var unit: String
    public var total: String
    public var budget: String?
    public var fraction: Double
  }

  enum CodingKeys: String, CodingKey {
    case tool, version, layout, attacker, results
    case searchClass = "search_class"
    case outOfReach = "out_of_reach"
  }

  public init(_ a: Attack) {
    layout = a.layout.name
    attacker = a.profile.name
    searchClass = a.searchClass
    outOfReach = a.outOfReach
    results = a.results.map { r in
      Entry(
        goal: r.goal.description, reachable: r.sequence != nil, impossible: r.impossible, sequence: r.sequence?.description,
        operations: r.sequence?.operations.description,
        costs: r.costs.map { CostEntry(resource: $0.resource, unit: $0.unit.rawValue, total: $0.total.description, budget: $0.budget?.description, fraction: $0.fraction.isFinite ? $0.fraction : 1e308) },
        seconds: r.sequence == nil ? nil : r.seconds, fits: r.sequence == nil ? nil : r.fits, binding: r.binding, estimate: r.estimate,
        verdict: AttackRenderer.verdict(r, profile: a.profile))
    }
  }
}

/// Renders attacks as text, markdown or JSON.
public struct AttackRenderer: Sendable {
  public var attacks: [Attack]

  public init(_ attacks: [Attack]) {
    self.attacks = attacks
  }

  /// The sentence a security reviewer reads.
  public static func verdict(_ r: Attack.Result, profile: AttackerProfile) -> String {
    guard let seq = r.sequence else {
      return r.impossible ? "impossible: no condition of the layout produces it" : "not reachable in the searched class"
    }
    let ops = AnalysisRenderer.number(seq.operations)
    let binding = r.costs.first { $0.resource == r.binding }
    let needs = binding.map { "\(Quantity.format($0.total, $0.unit)) of \($0.resource)" }
    let est = r.estimate ? " (rests on estimates)" : ""
    if r.fits {
      let share = binding.map { String(format: ", %.3g%% of its %@ budget", $0.fraction * 100, $0.resource) } ?? ""
      return "reachable in \(ops) operations, \(Quantity.duration(r.seconds))\(share)\(est)"
    }
    let budget = binding.flatMap { b in b.budget.map { Quantity.format($0, b.unit) } }
    return "needs \(needs ?? "\(ops) operations")\(budget.map { " (budget \($0))" } ?? ""): beyond the \(profile.name) limits\(est)"
  }

  public func text() -> String {
    attacks.map { a in
      var out = ["\(a.layout.name) attacked by \(a.profile.name): \(a.profile.title)", ""]
      if !a.outOfReach.isEmpty { out.append("out of the attacker's reach: \(a.outOfReach.joined(separator: ", "))") }
      for (k, kind) in a.layout.kinds.enumerated() {
        guard let r = a.profile.routes[kind.name] else { continue }
        _ = k
        out.append("  \(kind.name): \(r.via) (\(r.rate)/s\(r.estimate ? ", estimate" : ""))")
      }
      out.append("")
      let gw = a.results.map(\.goal.description.count).max() ?? 0
      for r in a.results {
        out.append("\(r.goal.description.padding(toLength: gw, withPad: " ", startingAt: 0))  \(Self.verdict(r, profile: a.profile))")
        if let seq = r.sequence {
          out.append("\(String(repeating: " ", count: gw))    after \(seq)")
          let used = r.costs.filter { !$0.total.isZero }
          if !used.isEmpty {
            out.append("\(String(repeating: " ", count: gw))    uses " + used.map { c in
              let total = c.unit == .seconds ? Quantity.duration(r.seconds) : Quantity.format(c.total, c.unit)
              return "\(c.resource) \(total)" + (c.budget.map { " of \(Quantity.format($0, c.unit))" } ?? "")
            }.joined(separator: ", "))
          }
        }
      }
      out += ["", "searched: \(a.searchClass)"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  public func markdown() -> String {
    attacks.map { a in
      var out = ["## \(a.layout.name) vs `\(a.profile.name)`", "", "| goal | verdict | sequence | fits |", "|---|---|---|---|"]
      for r in a.results {
        out.append("| `\(r.goal)` | \(Self.verdict(r, profile: a.profile)) | \(r.sequence.map { "`\($0)`" } ?? "") | \(r.sequence == nil ? "" : (r.fits ? "yes" : "no")) |")
      }
      if !a.outOfReach.isEmpty { out += ["", "Out of the attacker's reach: \(a.outOfReach.map { "`\($0)`" }.joined(separator: ", "))."] }
      out += ["", "_Searched: \(a.searchClass)._"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n") + "\n"
  }

  public func json() -> String {
    JSONOutput.encode(attacks.map(AttackReport.init))
  }
}
