/// Where an outcome was first seen in a run of lifetimes.
public struct FirstSeen: Sendable, Hashable, Codable {
  /// Index of the lifetime (global, 0-based).
  public var lifetime: Int
  /// Index of the operation within the lifetime (0-based).
  public var operation: Int
  /// 1-based index of the step within the operation (a burst has many).
  public var stepInOperation: BigInt
  /// 1-based index of the step within the lifetime.
  public var stepInLifetime: BigInt
  /// 1-based index of the step within the whole run (for a range that does
  /// not start at lifetime 0: within the range, until merged).
  public var step: BigInt

  enum CodingKeys: String, CodingKey {
    case lifetime, operation, step
    case stepInOperation = "step_in_operation"
    case stepInLifetime = "step_in_lifetime"
  }
}

/// Counts the outcomes of a range of lifetimes, in flat arrays indexed by
/// ``OutcomeTable`` ids, and where each was first seen.
///
/// The hot path (one single step) is two array updates and a branch.
