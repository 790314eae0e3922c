/// What one step did.
public struct StepResult: Sendable, Hashable {
  /// The state after the step (unchanged when refused or trapped).
  public var state: State
  /// Everything the step produced, most severe first; `[.ok]` when nothing.
  public var outcomes: [Outcome]
  /// The fixup that fired, by index into the operation's fixups.
  var fixup: Int?
  /// Whether the operation happened in the truth (it was neither refused nor
  /// trapped).
  public var applied: Bool
  /// Which way through the operation the step went.
  var path: StepPath
  /// How each predicate stands on ``state`` (kept so that the next step need
  /// not evaluate them again).
  var standing: [Standing] = []

  /// Whether the step produced nothing but `ok`.
  var isOK: Bool { outcomes == [.ok] }

  /// The outcomes that are events of the step itself, not predicate lies.
  var events: [Outcome] {
    outcomes.filter { !$0.isLie && $0 != .ok }
  }
}

/// Which way through an operation a step went.
enum StepPath: Sendable, Hashable {
  /// The refuse condition held: nothing changed.
  case refused
  /// The trap condition held: nothing changed.
  case trapped
  /// The effects ran, then this fixup (by index) or none.
  case effects(fixup: Int?)
}

extension Outcome {
  /// Whether this outcome is a predicate telling a lie.
  var isLie: Bool {
    switch self {
    case .falsePositive, .falseNegative, .prematureFree, .leak: true
    default: false
    }
  }
}

/// A step the caller should not have asked for.
public enum StepError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A release of a reference the actor does not hold.
  case notHeld(kind: String, actor: Int)
  /// An acquire that would bring back an object the truth says is dead (see
  /// ``Machine/revives(_:_:)``), on a layout that declares no way back for it.
  case dead(kind: String, actor: Int)

  /// The error as one sentence naming the actor and the kind.
  public var description: String {
    switch self {
    case .notHeld(let kind, let actor):
      "actor \(actor) releases a '\(kind)' reference it does not hold"
    case .dead(let kind, let actor):
      "actor \(actor) acquires a '\(kind)' reference on an object that is dead (every reference a freed predicate counts is gone) and the layout declares no way back (resurrect = true)"
    }
  }
}
