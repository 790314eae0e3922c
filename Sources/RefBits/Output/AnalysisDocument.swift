import Foundation

/// The JSON form of `refbits analyze` (schema: docs/json.md).
public struct AnalysisDocument: Codable, Sendable, Hashable {
  public var tool: String
  public var version: String
  public var layout: String
  /// Every parameter of the layout with the value it was read at (decimal).
  public var parameters: [String: String]
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
    case tool, version, layout, parameters, title, source, capacities, onsets, reachable, complete
    case searchClass = "search_class"
  }

  public init(_ a: Analysis) {
    tool = "refbits"
    version = RefBitsVersion.current
    layout = a.layout.name
    parameters = a.layout.parameterStrings
    title = a.layout.title
    source = a.layout.source
    searchClass = a.searchClass
    complete = !a.incomplete
    capacities = a.capacities.map { c in
      CapacityEntry(
        kind: c.kind, capacity: c.capacity?.description,
        capacityLog2: c.capacity.map { $0.isZero ? 0 : $0.log2Value },
        stoppedBy: c.stoppedBy.map(\.description), then: c.then.text, limit: c.limit.description)
    }
    onsets = a.onsets.map { OnsetEntry(predicate: $0.predicate, outcome: $0.outcome.description, after: $0.after?.description, operations: $0.after?.operations.description) }
    reachable = a.reachable.map { ReachableEntry(outcome: $0.outcome.description, reachable: $0.sequence != nil, impossible: $0.impossible, sequence: $0.sequence?.description, operations: $0.sequence?.operations.description) }
  }
}

extension AnalysisDocument.CapacityEntry {
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

extension AnalysisDocument.OnsetEntry {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(predicate, forKey: .predicate)
    try c.encode(outcome, forKey: .outcome)
    try c.encode(after, forKey: .after)
    try c.encode(operations, forKey: .operations)
  }
}

extension AnalysisDocument.ReachableEntry {
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(outcome, forKey: .outcome)
    try c.encode(reachable, forKey: .reachable)
    try c.encode(impossible, forKey: .impossible)
    try c.encode(sequence, forKey: .sequence)
    try c.encode(operations, forKey: .operations)
  }
}
