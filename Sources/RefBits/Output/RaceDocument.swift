import Foundation

/// The JSON form of `refbits races` (docs/json.md, docs/schema/races.schema.json):
/// one object per race explored (or one per `--racers` analysis).
public struct RaceDocument: Codable, Sendable {
  public var tool: String
  public var version: String
  public var layout: String
  public var scenario: String
  public var description: String
  public var threads: [String]
  public var from: String
  public var order: [String]
  public var reduced: Bool
  public var states: Int
  public var transitions: Int
  /// Decimal string; null when unbounded (a cycle) or not counted.
  public var interleavings: String?
  public var excluded: Int
  public var waitingStates: Int
  public var complete: Bool
  public var proved: Bool
  public var claims: [Claim]
  public var findings: [Finding]
  public var finalStates: [String]

  public struct Claim: Codable, Sendable {
    public var claim: String
    public var judged: String
    public var description: String
    public var verdict: String
    public var witness: Timeline?
  }

  public struct Finding: Codable, Sendable {
    /// `event`, `lie` or `deadlock`.
    public var kind: String
    public var outcome: String
    public var count: Int
    public var midAction: Bool
    public var witness: Timeline

    enum CodingKeys: String, CodingKey {
      case kind, outcome, count, witness
      case midAction = "mid_action"
    }
  }

  public struct Timeline: Codable, Sendable {
    public var threads: [String]
    public var finding: String
    /// Index into `rows` of the finding's step; null: on the starting state.
    public var findingRow: Int?
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
      case threads, finding, rows
      case findingRow = "finding_row"
    }

    public struct Row: Codable, Sendable {
      /// 0-based thread index.
      public var thread: Int
      public var action: String
      public var label: String
      public var text: String
      public var why: String
      public var events: [String]
      public var state: String
      public var after: Bool
    }

    init(_ t: RaceTimeline) {
      threads = t.threads
      finding = t.finding
      findingRow = t.findingRow
      rows = t.rows.map { Row(thread: $0.thread, action: $0.action, label: $0.label, text: $0.text, why: $0.why, events: $0.events, state: $0.state, after: $0.after) }
    }
  }

  enum CodingKeys: String, CodingKey {
    case tool, version, layout, scenario, description, threads, from, order, reduced, states, transitions, interleavings, excluded, complete, proved, claims, findings
    case waitingStates = "waiting_states"
    case finalStates = "final_states"
  }

  public init(_ r: RaceResult) {
    tool = "refbits"
    version = RefBitsVersion.current
    layout = r.layout
    scenario = r.scenario
    description = r.description
    threads = r.threads
    from = r.from
    order = r.order
    reduced = r.reduced
    states = r.states
    transitions = r.transitions
    interleavings = r.interleavings?.description
    excluded = r.excluded
    waitingStates = r.waitingStates
    complete = r.complete
    proved = r.proved
    claims = r.claims.map { Claim(claim: $0.claim, judged: $0.judged.description, description: $0.description, verdict: $0.verdict.rawValue, witness: $0.witness.map(Timeline.init)) }
    findings = r.findings.map { Finding(kind: $0.kind.rawValue, outcome: $0.outcome, count: $0.count, midAction: $0.midAction, witness: Timeline($0.witness)) }
    finalStates = r.finalStates
  }

  // Keys whose value may be null are encoded explicitly (docs/json.md: never absent).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(tool, forKey: .tool)
    try c.encode(version, forKey: .version)
    try c.encode(layout, forKey: .layout)
    try c.encode(scenario, forKey: .scenario)
    try c.encode(description, forKey: .description)
    try c.encode(threads, forKey: .threads)
    try c.encode(from, forKey: .from)
    try c.encode(order, forKey: .order)
    try c.encode(reduced, forKey: .reduced)
    try c.encode(states, forKey: .states)
    try c.encode(transitions, forKey: .transitions)
    try c.encode(interleavings, forKey: .interleavings)
    try c.encode(excluded, forKey: .excluded)
    try c.encode(waitingStates, forKey: .waitingStates)
    try c.encode(complete, forKey: .complete)
    try c.encode(proved, forKey: .proved)
    try c.encode(claims, forKey: .claims)
    try c.encode(findings, forKey: .findings)
    try c.encode(finalStates, forKey: .finalStates)
  }
}

extension RaceDocument.Claim {
  enum CodingKeys: String, CodingKey { case claim, judged, description, verdict, witness }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(claim, forKey: .claim)
    try c.encode(judged, forKey: .judged)
    try c.encode(description, forKey: .description)
    try c.encode(verdict, forKey: .verdict)
    try c.encode(witness, forKey: .witness)
  }
}

extension RaceDocument.Timeline {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(threads, forKey: .threads)
    try c.encode(finding, forKey: .finding)
    try c.encode(findingRow, forKey: .findingRow)
    try c.encode(rows, forKey: .rows)
  }
}
