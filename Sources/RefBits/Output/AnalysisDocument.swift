import Foundation

/// The JSON form of `refbits analyze` (schema: docs/json.md).
public struct AnalysisDocument: Encodable, Sendable, Hashable {
  public var tool: String
  public var version: String
  public var layout: String
  /// Every parameter of the layout with the value it was read at (decimal).
  public var parameters: [String: String]
  public var title: String
  public var source: String
  var searchClass: String
  var exhaustiveDepth: Int
  public var capacities: [CapacityEntry]
  public var onsets: [OnsetEntry]
  public var reachable: [ReachableEntry]
  public var claims: [ClaimEntry]

  public struct CapacityEntry: Encodable, Sendable, Hashable {
    public var kind: String
    /// Decimal string; null unless the run stops.
    public var capacity: String?
    var capacityLog2: Double?
    var stoppedBy: [String]
    public var then: String
    public var limit: String
    var verdict: VerdictDocument
  }

  public struct OnsetEntry: Encodable, Sendable, Hashable {
    public var predicate: String
    public var outcome: String
    var verdict: VerdictDocument
  }

  public struct ReachableEntry: Encodable, Sendable, Hashable {
    public var outcome: String
    var verdict: VerdictDocument
  }

  public struct ClaimEntry: Encodable, Sendable, Hashable {
    public var claim: String
    /// `proved`, `broken` or `unknown`.
    public var status: String
    var verdict: VerdictDocument
  }

  enum CodingKeys: String, CodingKey {
    case tool, version, layout, parameters, title, source, capacities, onsets, reachable, claims
    case searchClass = "search_class"
    case exhaustiveDepth = "exhaustive_depth"
  }

  public init(_ a: Analysis) {
    tool = "refbits"
    version = RefBitsVersion.current
    layout = a.layout.name
    parameters = a.layout.parameterStrings
    title = a.layout.title
    source = a.layout.source
    searchClass = a.searchClass
    exhaustiveDepth = a.exhaustiveDepth
    let l = a.layout
    capacities = a.capacities.map { c in
      CapacityEntry(
        kind: c.kind, capacity: c.capacity?.description,
        capacityLog2: c.capacity.map { $0.isZero ? 0 : $0.log2Value },
        stoppedBy: c.stoppedBy.map(\.description), then: c.then.text, limit: c.limit.description, verdict: VerdictDocument(c.verdict, layout: l))
    }
    onsets = a.onsets.map { OnsetEntry(predicate: $0.predicate, outcome: $0.outcome.description, verdict: VerdictDocument($0.verdict, layout: l)) }
    reachable = a.reachable.map { ReachableEntry(outcome: $0.outcome.description, verdict: VerdictDocument($0.verdict, layout: l)) }
    claims = a.claims.map { ClaimEntry(claim: $0.claim, status: $0.word, verdict: VerdictDocument($0.verdict, layout: l)) }
  }
}

// Optional values are written as explicit nulls: every key is always
// present. The verdict's keys go into the same object.

extension AnalysisDocument.CapacityEntry {
  enum CodingKeys: String, CodingKey {
    case kind, capacity, then, limit
    case capacityLog2 = "capacity_log2"
    case stoppedBy = "stopped_by"
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kind, forKey: .kind)
    try c.encode(capacity, forKey: .capacity)
    try c.encode(capacityLog2, forKey: .capacityLog2)
    try c.encode(stoppedBy, forKey: .stoppedBy)
    try c.encode(then, forKey: .then)
    try c.encode(limit, forKey: .limit)
    try verdict.encode(to: encoder)
  }
}

extension AnalysisDocument.OnsetEntry {
  enum CodingKeys: String, CodingKey { case predicate, outcome }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(predicate, forKey: .predicate)
    try c.encode(outcome, forKey: .outcome)
    try verdict.encode(to: encoder)
  }
}

extension AnalysisDocument.ReachableEntry {
  enum CodingKeys: String, CodingKey { case outcome }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(outcome, forKey: .outcome)
    try verdict.encode(to: encoder)
  }
}

extension AnalysisDocument.ClaimEntry {
  enum CodingKeys: String, CodingKey { case claim, status }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(claim, forKey: .claim)
    try c.encode(status, forKey: .status)
    try verdict.encode(to: encoder)
  }
}
