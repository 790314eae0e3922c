/// The exact lens's answer to one question (a capacity's stop, a predicate's
/// onset, whether an outcome is reachable, an attack goal, a claim): one of
/// three, and nothing else.
///
/// - `reachable`: a sequence of operations that produces it, replayable with
///   `refbits trace`; called the shortest only when that is proved.
/// - `impossible`: a ``Certificate`` that the independent
///   ``CertificateChecker`` accepted.
/// - `unknown`: neither; what was tried and what would settle it. Nothing
///   counts `unknown` as safe.
public enum Verdict: Sendable, Hashable {
  case reachable(Reach)
  case impossible(Certificate)
  case unknown(Unknown)

  /// `reachable`, `impossible` or `unknown`, as JSON and the tables write it.
  public var word: String {
    switch self {
    case .reachable: "reachable"
    case .impossible: "impossible"
    case .unknown: "unknown"
    }
  }

  /// The sequence, when reachable.
  public var sequence: OpSequence? {
    if case .reachable(let r) = self { return r.sequence }
    return nil
  }

  /// The certificate, when impossible.
  public var certificate: Certificate? {
    if case .impossible(let c) = self { return c }
    return nil
  }

  var isReachable: Bool { sequence != nil }
  var isImpossible: Bool { certificate != nil }
  var isUnknown: Bool {
    if case .unknown = self { return true }
    return false
  }
}

/// A sequence that produces the outcome, and what is known about its length.
public struct Reach: Sendable, Hashable {
  /// The operations, as phases, that produce the outcome from the initial state.
  public var sequence: OpSequence
  var length: Length

  /// Creates a reach by `sequence`, with what is known of how short it is.
  init(sequence: OpSequence, length: Length) {
    self.sequence = sequence
    self.length = length
  }

  /// How the sequence's length compares with the shortest.
  public enum Length: Sendable, Hashable {
    /// Proved shortest: an exhaustive search of every sequence of fewer
    /// operations found none.
    case shortest
    /// The shortest found; no sequence of fewer than `atLeast` operations
    /// produces the outcome (proved by exhaustive search), when known.
    case shortestFound(atLeast: BigInt?)
  }

  var isShortest: Bool { length == .shortest }

  /// The proven lower bound: the sequence's own length when shortest.
  var lowerBound: BigInt? {
    switch length {
    case .shortest: sequence.operations
    case .shortestFound(let b): b
    }
  }
}

/// Why a question has no answer yet.
public struct Unknown: Sendable, Hashable {
  /// What was tried, and what would settle it, in one or two sentences.
  public var reason: String
  /// No sequence of fewer operations produces the outcome (proved by
  /// exhaustive search), when known.
  var atLeast: BigInt?

  /// Creates an unknown with its reason and, when an exhaustive search proved
  /// one, a lower bound on the length of any sequence producing the outcome.
  init(reason: String, atLeast: BigInt? = nil) {
    self.reason = reason
    self.atLeast = atLeast
  }
}
