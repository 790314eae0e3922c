/// Where an outcome was first seen in a run of lifetimes.
public struct FirstSeen: Sendable, Hashable, Codable {
  /// Index of the lifetime (global, 0-based).
  public var lifetime: Int
  /// Index of the operation within the lifetime (0-based).
  public var operation: Int
  /// 1-based index of the step within the operation (a burst has many).
  var stepInOperation: BigInt
  /// 1-based index of the step within the lifetime.
  var stepInLifetime: BigInt
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

extension FirstSeen {
  /// Checks a sighting read from a file: indices within a lifetime and a
  /// campaign (``InputLimits``), steps positive.
  func validate(file: String, at path: String) throws(Diagnostics) {
    func fail(_ key: String, _ message: String) -> Diagnostics {
      Diagnostics([Diagnostic(file: file, keyPath: "\(path).\(key)", message: message)])
    }
    guard (0...InputLimits.operations).contains(lifetime) else { throw fail("lifetime", "a lifetime index is from 0 to \(InputLimits.operations), not \(lifetime)") }
    guard (0..<InputLimits.lifetime).contains(operation) else { throw fail("operation", "an operation index is from 0 to \(InputLimits.lifetime - 1), not \(operation)") }
    for (key, v) in [("step_in_operation", stepInOperation), ("step_in_lifetime", stepInLifetime), ("step", step)] where v.signum <= 0 || v.bitWidth > InputLimits.numberBits {
      throw fail(key, "a step is a positive integer of at most \(InputLimits.numberBits) bits")
    }
  }
}
