/// What `refbits races` reports for one race: every interleaving of its
/// threads explored, or a racer count analysed.
public enum RaceReport: Sendable {
  case interleavings(RaceResult)
  case racers(RacersResult)

  /// The scenario's name (`command line` for `--thread` threads).
  public var scenario: String {
    switch self {
    case .interleavings(let r): r.scenario
    case .racers(let r): r.scenario
    }
  }

  /// Whether some claim is violated (interleavings), or violated with the
  /// given racer count (racers).
  public var violatesClaim: Bool {
    switch self {
    case .interleavings(let r): r.claims.contains { $0.verdict == .violated }
    case .racers(let r): r.claims.contains { $0.verdict == "violated" }
    }
  }
}

/// What exploring every interleaving of a race found.
public struct RaceResult: Sendable {
  /// The layout's name.
  public var layout: String
  /// The scenario's name (`command line` for `--thread` threads).
  public var scenario: String
  /// The scenario's own description; empty for `--thread` threads.
  public var description: String
  /// Each thread's script.
  var threads: [String]
  /// The script that built the starting state; empty: the initial state.
  var from: String
  /// The order constraints as written (`G4 < C1`); empty: every interleaving.
  var order: [String]
  /// Whether the partial-order reduction was on.
  var reduced: Bool
  /// Distinct states and transitions explored.
  var states: Int
  var transitions: Int
  /// Complete interleavings: maximal paths through the explored graph
  /// (with the reduction, one representative of each class of equivalent
  /// interleavings, at least); nil when the graph has a cycle (a thread can
  /// retry forever), so there are unboundedly many.
  var interleavings: BigInt?
  /// Interleavings that end because an order constraint can no longer be
  /// met (they are not one of the scenario's cases).
  var excluded: Int
  /// States in which some thread waits (on a lock or an `await`).
  var waitingStates: Int
  /// False when the exploration stopped at its state limit: then no claim
  /// is proved.
  var complete: Bool
  /// Every outcome, lie and deadlock some interleaving reaches, most severe first.
  var findings: [RaceFinding]
  /// The layout's claims, judged over every interleaving.
  public var claims: [RaceClaimVerdict]
  /// The final states (the words and the truth when every thread is done).
  var finalStates: [String]

  /// Whether every claim is proved.
  var proved: Bool { complete && claims.allSatisfy { $0.verdict == .proved } }
}

/// One thing some interleaving reaches.
struct RaceFinding: Sendable {
  enum Kind: String, Sendable {
    /// A step's event: field_overflow, refused, trapped, saturated, spilled.
    case event
    /// A predicate starts lying (judged at every state between steps).
    case lie
    /// No thread can move and some are not done.
    case deadlock
  }

  var kind: Kind
  /// `false_negative(maybe_pinned)`, `deadlock`.
  var outcome: String
  /// The outcome, for events and lies.
  var value: Outcome?
  /// Explored transitions that produce it (states, for a deadlock).
  var count: Int
  /// Whether it happens inside an action (some thread between two of its
  /// steps) in the witness.
  var midAction: Bool
  /// The first interleaving found that reaches it.
  var witness: RaceTimeline
}

/// A claim of the layout, judged over every interleaving.
public struct RaceClaimVerdict: Sendable {
  /// Whether the exploration proves, breaks or leaves open a claim.
  public enum Verdict: String, Sendable {
    /// No interleaving violates it (the exploration was complete).
    case proved
    case violated
    /// The exploration stopped at its limit before finding a violation.
    case unknown
  }

  /// The claim as the layout writes it (`never = "premature_free"`).
  var claim: String
  var judged: Layout.Judgement
  /// Why the design makes the promise (the layout's description of the claim).
  public var description: String
  /// Proved, violated or unknown.
  var verdict: Verdict
  /// An interleaving that violates the claim; nil unless ``verdict`` is
  /// `violated`.
  var witness: RaceTimeline?
}

/// An interleaving drawn one column per thread, as on the mailing list.
public struct RaceTimeline: Sendable {
  /// Column headings: the threads' scripts.
  var threads: [String]
  var rows: [Row]
  /// The row at which the finding happens (nil: on the starting state).
  var findingRow: Int?
  /// What the finding is, as drawn next to its row.
  var finding: String

  /// One step of the interleaving: who ran what.
  public struct Row: Sendable {
    /// The thread that runs the step, an index into ``RaceTimeline/threads``.
    var thread: Int
    /// The action the step belongs to (its script name).
    public var action: String
    /// The step's label (`G2`), or its number in the action.
    var label: String
    /// What it does (`mapcount += 1`).
    public var text: String
    /// Why (`atomic_inc(&page->_mapcount)`).
    var why: String
    /// Outcomes it produced, and how the action ended if it did.
    var events: [String]
    /// The words and the truth after it.
    var state: String
    /// Whether the step is past the finding (the rest of the run, shown for context).
    var after: Bool
  }
}
