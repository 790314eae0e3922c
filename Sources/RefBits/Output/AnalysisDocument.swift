import Foundation

/// The JSON form of `refbits analyze` (schema: docs/json.md).
struct AnalysisDocument: Encodable, Sendable, Hashable {
  var tool: String
  var version: String
  var layout: String
  /// Every parameter of the layout with the value it was read at (decimal).
  var parameters: [String: String]
  var title: String
  var source: String
  var searchClass: String
  var exhaustiveDepth: Int
  var capacities: [CapacityEntry]
  var onsets: [OnsetEntry]
  var reachable: [ReachableEntry]
  var claims: [ClaimEntry]

  struct CapacityEntry: Encodable, Sendable, Hashable {
    var kind: String
    /// Decimal string; null unless the run stops.
    var capacity: String?
    var capacityLog2: Double?
    var stoppedBy: [String]
    var then: String
    var limit: String
    var verdict: VerdictDocument
  }

  struct OnsetEntry: Encodable, Sendable, Hashable {
    var predicate: String
    var outcome: String
    var verdict: VerdictDocument
  }

  struct ReachableEntry: Encodable, Sendable, Hashable {
    var outcome: String
    var verdict: VerdictDocument
  }

  struct ClaimEntry: Encodable, Sendable, Hashable {
    var claim: String
    /// `proved`, `broken` or `unknown`.
    var status: String
    var verdict: VerdictDocument
  }

  enum CodingKeys: String, CodingKey {
    case tool, version, layout, parameters, title, source, capacities, onsets, reachable, claims
    case searchClass = "search_class"
    case exhaustiveDepth = "exhaustive_depth"
  }

  init(_ a: Analysis) {
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

  func encode(to encoder: Encoder) throws {
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

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(predicate, forKey: .predicate)
    try c.encode(outcome, forKey: .outcome)
    try verdict.encode(to: encoder)
  }
}

extension AnalysisDocument.ReachableEntry {
  enum CodingKeys: String, CodingKey { case outcome }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(outcome, forKey: .outcome)
    try verdict.encode(to: encoder)
  }
}

extension AnalysisDocument.ClaimEntry {
  enum CodingKeys: String, CodingKey { case claim, status }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(claim, forKey: .claim)
    try c.encode(status, forKey: .status)
    try verdict.encode(to: encoder)
  }
}
