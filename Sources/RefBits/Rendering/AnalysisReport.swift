import Foundation

/// The JSON form of `refbits analyze` (schema: docs/json.md).
public struct AnalysisReport: Codable, Sendable, Hashable {
  public var tool: String
  public var version: String
  public var layout: String
  public var title: String
  public var source: String
  public var searchClass: String
  public var complete: Bool
  public var capacities: [CapacityEntry]
  public var onsets: [OnsetEntry]
  public var reachable: [ReachableEntry]

  public struct CapacityEntry: Codable, Sendable, Hashable {
    public var kind: String
    /// Decimal string; null when nothing stopped the run within `limit`.
    public var capacity: String?
    public var capacityLog2: Double?
    public var stoppedBy: [String]
    public var then: String
    public var limit: String
  }

  public struct OnsetEntry: Codable, Sendable, Hashable {
    public var predicate: String
    public var outcome: String
    /// The sequence as a script (`ref*1023`); null if not found in the class.
    public var after: String?
    public var operations: String?
  }

  public struct ReachableEntry: Codable, Sendable, Hashable {
    public var outcome: String
    public var reachable: Bool
    /// True when no condition of the layout can produce it (a proof).
    public var impossible: Bool
    public var sequence: String?
    public var operations: String?
  }

  enum CodingKeys: String, CodingKey {
    case tool, version, layout, title, source, capacities, onsets, reachable, complete
    case searchClass = "search_class"
  }

  public init(_ a: Analysis) {
    tool = "refbits"
    version = RefBitsVersion.current
    layout = a.layout.name
    title = a.layout.title
    source = a.layout.source
    searchClass = a.searchClass
    complete = !a.incomplete
    capacities = a.capacities.map { c in
      CapacityEntry(
        kind: c.kind, capacity: c.capacity?.description,
        capacityLog2: c.capacity.map { $0.isZero ? 0 : Foundation.log2($0.doubleValue) },
        stoppedBy: c.stoppedBy.map(\.description), then: c.then.text, limit: c.limit.description)
    }
    onsets = a.onsets.map { OnsetEntry(predicate: $0.predicate, outcome: $0.outcome.description, after: $0.after?.description, operations: $0.after?.operations.description) }
    reachable = a.reachable.map { ReachableEntry(outcome: $0.outcome.description, reachable: $0.sequence != nil, impossible: $0.impossible, sequence: $0.sequence?.description, operations: $0.sequence?.operations.description) }
  }
}

extension AnalysisReport.CapacityEntry {
  enum CodingKeys: String, CodingKey {
    case kind, capacity, then, limit
    case capacityLog2 = "capacity_log2"
    case stoppedBy = "stopped_by"
  }

  // Optional values are written as explicit nulls: every key is always present.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kind, forKey: .kind)
    try c.encode(capacity, forKey: .capacity)
    try c.encode(capacityLog2, forKey: .capacityLog2)
    try c.encode(stoppedBy, forKey: .stoppedBy)
    try c.encode(then, forKey: .then)
    try c.encode(limit, forKey: .limit)
  }
}

extension AnalysisReport.OnsetEntry {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(predicate, forKey: .predicate)
    try c.encode(outcome, forKey: .outcome)
    try c.encode(after, forKey: .after)
    try c.encode(operations, forKey: .operations)
  }
}

extension AnalysisReport.ReachableEntry {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(outcome, forKey: .outcome)
    try c.encode(reachable, forKey: .reachable)
    try c.encode(impossible, forKey: .impossible)
    try c.encode(sequence, forKey: .sequence)
    try c.encode(operations, forKey: .operations)
  }
}

extension Analysis.Aftermath {
  /// "refused at every further attempt", "sticky: saturated", ...
  public var text: String {
    func list(_ o: [Outcome]) -> String { o.isEmpty ? "ok" : o.map(\.description).joined(separator: ", ") }
    switch self {
    case .sameForever(let o): return "every further attempt: \(list(o)) (the state does not change)"
    case .sticky(let o): return "sticky: every further attempt \(list(o)), the word stays put"
    case .next(let o): return "next attempt: \(list(o))"
    case .none: return "-"
    }
  }
}

/// Renders analyses as text, markdown or JSON.
public struct AnalysisRenderer: Sendable {
  public var analyses: [Analysis]

  public init(_ analyses: [Analysis]) {
    self.analyses = analyses
  }

  /// `1024 (2^10)`, `2147482623 (~2^31.0)`: exact decimal with its size.
  static func number(_ n: BigInt) -> String {
    guard n > 1024 else { return n.description }
    let l = Foundation.log2(n.doubleValue)
    if n.signum > 0, (n & (n - 1)).isZero { return "\(n) (2^\(n.bitWidth - 1))" }
    return "\(n) (~2^\(String(format: "%.1f", l)))"
  }

  public func text() -> String {
    analyses.map { a in
      var out = ["\(a.layout.name): \(a.layout.title)", "source: \(a.layout.source)", "", "capacity per kind (acquires from the initial state until the first event):"]
      let kw = a.capacities.map(\.kind.count).max() ?? 0
      for c in a.capacities {
        let cap = c.capacity.map { Self.number($0) } ?? "no event within \(Self.number(c.limit)) acquires"
        let stop = c.stoppedBy.isEmpty ? "" : "  stopped by \(c.stoppedBy.map(\.description).joined(separator: ", "))"
        out.append("  \(c.kind.padding(toLength: kw, withPad: " ", startingAt: 0))  \(cap)\(stop)")
        if c.capacity != nil { out.append("  \(String(repeating: " ", count: kw))  then \(c.then.text)") }
      }
      if !a.onsets.isEmpty {
        out += ["", "predicate onsets (shortest sequence that makes it lie):"]
        for o in a.onsets {
          out.append("  \(o.outcome): " + (o.after.map { "after \($0) (\(Self.number($0.operations)) operations)" } ?? "not reachable in the searched class"))
        }
      }
      out += ["", "reachable outcomes:"]
      for r in a.reachable {
        out.append("  \(r.outcome): " + (r.sequence.map { "yes, after \($0) (\(Self.number($0.operations)) operations)" } ?? (r.impossible ? "no (no condition of the layout produces it)" : "no (not in the searched class)")))
      }
      out += ["", "searched: \(a.searchClass)\(a.incomplete ? "; INCOMPLETE: \(Analysis.incompleteExplanation)" : "")"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }

  public func markdown() -> String {
    analyses.map { a in
      var out = ["## \(a.layout.name)", "", a.layout.title, "", "Source: \(a.layout.source)", "", "| kind | capacity | stopped by | then |", "|---|---|---|---|"]
      for c in a.capacities {
        out.append("| `\(c.kind)` | \(c.capacity.map { Self.number($0) } ?? "none within \(Self.number(c.limit))") | \(c.stoppedBy.map { "`\($0)`" }.joined(separator: ", ")) | \(c.then.text) |")
      }
      if !a.onsets.isEmpty {
        out += ["", "| predicate | lie | after |", "|---|---|---|"]
        for o in a.onsets { out.append("| `\(o.predicate)` | `\(o.outcome)` | \(o.after.map { "`\($0)` (\(Self.number($0.operations)) ops)" } ?? "not reachable") |") }
      }
      out += ["", "| outcome | reachable | sequence |", "|---|---|---|"]
      for r in a.reachable { out.append("| `\(r.outcome)` | \(r.sequence == nil ? (r.impossible ? "no (nothing produces it)" : "no") : "yes") | \(r.sequence.map { "`\($0)` (\(Self.number($0.operations)) ops)" } ?? "") |") }
      out += ["", "_Searched: \(a.searchClass)\(a.incomplete ? " (incomplete: \(Analysis.incompleteExplanation))" : "")._"]
      return out.joined(separator: "\n")
    }.joined(separator: "\n\n") + "\n"
  }

  public func json() -> String {
    JSONOutput.encode(analyses.map(AnalysisReport.init))
  }
}

/// Deterministic JSON: sorted keys, pretty printed, no escaped slashes.
public enum JSONOutput {
  public static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value), let s = String(data: data, encoding: .utf8) else { return "null" }
    return s
  }
}
