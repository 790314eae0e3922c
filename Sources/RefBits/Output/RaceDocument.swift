import Foundation

/// The JSON form of `refbits races` (docs/json.md, docs/schema/races.schema.json):
/// one object per race explored (or one per `--racers` analysis).
struct RaceDocument: Codable, Sendable {
  var tool: String
  var version: String
  /// `interleavings` (this document) or `racers` (``RacersDocument``).
  var kind: String
  var layout: String
  var scenario: String
  var description: String
  var threads: [String]
  var from: String
  var order: [String]
  var reduced: Bool
  var states: Int
  var transitions: Int
  /// Decimal string; null when unbounded (a cycle) or not counted.
  var interleavings: String?
  var excluded: Int
  var waitingStates: Int
  var complete: Bool
  var proved: Bool
  var claims: [Claim]
  var findings: [Finding]
  var finalStates: [String]

  struct Claim: Codable, Sendable {
    var claim: String
    var judged: String
    var description: String
    var verdict: String
    var witness: Timeline?
  }

  struct Finding: Codable, Sendable {
    /// `event`, `lie` or `deadlock`.
    var kind: String
    var outcome: String
    var count: Int
    var midAction: Bool
    var witness: Timeline

    enum CodingKeys: String, CodingKey {
      case kind, outcome, count, witness
      case midAction = "mid_action"
    }
  }

  struct Timeline: Codable, Sendable {
    var threads: [String]
    var finding: String
    /// Index into `rows` of the finding's step; null: on the starting state.
    var findingRow: Int?
    var rows: [Row]

    enum CodingKeys: String, CodingKey {
      case threads, finding, rows
      case findingRow = "finding_row"
    }

    struct Row: Codable, Sendable {
      /// 0-based thread index.
      var thread: Int
      var action: String
      var label: String
      var text: String
      var why: String
      var events: [String]
      var state: String
      var after: Bool
    }

    init(_ t: RaceTimeline) {
      threads = t.threads
      finding = t.finding
      findingRow = t.findingRow
      rows = t.rows.map { Row(thread: $0.thread, action: $0.action, label: $0.label, text: $0.text, why: $0.why, events: $0.events, state: $0.state, after: $0.after) }
    }
  }

  enum CodingKeys: String, CodingKey {
    case tool, version, kind, layout, scenario, description, threads, from, order, reduced, states, transitions, interleavings, excluded, complete, proved, claims, findings
    case waitingStates = "waiting_states"
    case finalStates = "final_states"
  }

  init(_ r: RaceResult) {
    tool = "refbits"
    version = RefBitsVersion.current
    kind = "interleavings"
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
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(tool, forKey: .tool)
    try c.encode(version, forKey: .version)
    try c.encode(kind, forKey: .kind)
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

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(claim, forKey: .claim)
    try c.encode(judged, forKey: .judged)
    try c.encode(description, forKey: .description)
    try c.encode(verdict, forKey: .verdict)
    try c.encode(witness, forKey: .witness)
  }
}

extension RaceDocument.Timeline {
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(threads, forKey: .threads)
    try c.encode(finding, forKey: .finding)
    try c.encode(findingRow, forKey: .findingRow)
    try c.encode(rows, forKey: .rows)
  }
}

/// The JSON form of a `--racers` analysis (docs/json.md).
struct RacersDocument: Codable, Sendable {
  var tool: String
  var version: String
  var kind: String
  var layout: String
  var scenario: String
  var description: String
  var action: String
  var from: String
  /// Decimal string.
  var racers: String
  /// True when ``racers`` was lowered to the references the start holds.
  var capped: Bool
  var start: String
  var explored: [Int]
  var lockstep: String
  var bounds: [String]
  var outcomes: [Outcome]
  var claims: [Claim]

  struct Outcome: Codable, Sendable {
    var outcome: String
    /// Decimal strings or null.
    var smallest: String?
    var reachedWith: String?
    var impossibleBelow: String?
    var impossibleForAll: Bool
    var verdict: String
    var how: String

    enum CodingKeys: String, CodingKey {
      case outcome, smallest, verdict, how
      case reachedWith = "reached_with"
      case impossibleBelow = "impossible_below"
      case impossibleForAll = "impossible_for_all"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(outcome, forKey: .outcome)
      try c.encode(smallest, forKey: .smallest)
      try c.encode(reachedWith, forKey: .reachedWith)
      try c.encode(impossibleBelow, forKey: .impossibleBelow)
      try c.encode(impossibleForAll, forKey: .impossibleForAll)
      try c.encode(verdict, forKey: .verdict)
      try c.encode(how, forKey: .how)
    }
  }

  struct Claim: Codable, Sendable {
    var claim: String
    var judged: String
    var description: String
    var violatedFrom: String?
    var violatedWith: String?
    var holdsBelow: String?
    var holdsForAll: Bool
    var verdict: String

    enum CodingKeys: String, CodingKey {
      case claim, judged, description, verdict
      case violatedFrom = "violated_from"
      case violatedWith = "violated_with"
      case holdsBelow = "holds_below"
      case holdsForAll = "holds_for_all"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(claim, forKey: .claim)
      try c.encode(judged, forKey: .judged)
      try c.encode(description, forKey: .description)
      try c.encode(violatedFrom, forKey: .violatedFrom)
      try c.encode(violatedWith, forKey: .violatedWith)
      try c.encode(holdsBelow, forKey: .holdsBelow)
      try c.encode(holdsForAll, forKey: .holdsForAll)
      try c.encode(verdict, forKey: .verdict)
    }
  }

  init(_ r: RacersResult) {
    tool = "refbits"
    version = RefBitsVersion.current
    kind = "racers"
    layout = r.layout
    scenario = r.scenario
    description = r.description
    action = r.action
    from = r.from
    racers = r.racers.description
    capped = r.capped != nil
    start = r.start
    explored = r.explored
    lockstep = r.lockstep
    bounds = r.bounds
    outcomes = r.outcomes.map { Outcome(outcome: $0.outcome, smallest: $0.smallest?.description, reachedWith: $0.reachedWith?.description, impossibleBelow: $0.impossibleBelow?.description, impossibleForAll: $0.impossibleForAll, verdict: $0.verdict, how: $0.how) }
    claims = r.claims.map { Claim(claim: $0.claim, judged: $0.judged.description, description: $0.description, violatedFrom: $0.violatedFrom?.description, violatedWith: $0.violatedWith?.description, holdsBelow: $0.holdsBelow?.description, holdsForAll: $0.holdsForAll, verdict: $0.verdict) }
  }
}

/// One element of `refbits races --format json`: an exploration or a racers analysis.
public struct RaceReportDocument: Encodable, Sendable {
  enum Body: Sendable {
    case interleavings(RaceDocument)
    case racers(RacersDocument)
  }

  let body: Body

  /// Creates the JSON form of `r`.
  public init(_ r: RaceReport) {
    switch r {
    case .interleavings(let x): body = .interleavings(RaceDocument(x))
    case .racers(let x): body = .racers(RacersDocument(x))
    }
  }

  /// Encodes the exploration's or the racers analysis's own document.
  public func encode(to encoder: any Encoder) throws {
    switch body {
    case .interleavings(let d): try d.encode(to: encoder)
    case .racers(let d): try d.encode(to: encoder)
    }
  }
}
