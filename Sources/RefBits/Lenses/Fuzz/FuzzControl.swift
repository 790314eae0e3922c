import Synchronization

/// Why a campaign stopped before the end.
public enum FuzzStopReason: String, Sendable, Codable {
  case timeLimit = "time limit"
  case interrupted
}

/// Shared between a running campaign and whoever watches it: a stop
/// request (Ctrl-C, a time limit) and the count of operations done.
/// Thread-safe.
///
/// A reference type because it is shared: the campaign's job threads, the
/// thread that waits for them and a signal handler all read and write the
/// same two atomics, and an `Atomic` cannot be copied.
public final class FuzzControl: Sendable {
  let stopCode = Atomic<Int>(0)
  let done = Atomic<Int>(0)

  /// A control with no stop requested and no operation done.
  public init() {}

  /// Asks the campaign to stop: its jobs stop within 1024 single steps or
  /// after the burst they are in; lifetimes not finished are dropped, so the
  /// result is exactly that of a shorter campaign. An interruption also cuts
  /// the shrinking of witnesses short.
  public func stop(_ reason: FuzzStopReason) {
    _ = stopCode.compareExchange(expected: 0, desired: reason == .interrupted ? 2 : 1, ordering: .relaxed)
  }

  /// The first stop requested (and not cleared by ``reset()``), or nil.
  public var stopReason: FuzzStopReason? {
    switch stopCode.load(ordering: .relaxed) {
    case 1: .timeLimit
    case 2: .interrupted
    default: nil
    }
  }

  /// Clears a time-limit stop (a time limit is per campaign); an
  /// interruption stays.
  public func reset() {
    _ = stopCode.compareExchange(expected: 1, desired: 0, ordering: .relaxed)
  }

  @inline(__always)
  var shouldStop: Bool { stopCode.load(ordering: .relaxed) != 0 }

  /// Operations done so far, by every job.
  public var operationsDone: Int { done.load(ordering: .relaxed) }
}

/// A progress report of a running campaign.
public struct FuzzProgress: Sendable {
  /// Operations done so far, by every job.
  public var operationsDone: Int
  /// Operations this run covers (its shard's lifetimes, or all).
  public var operationsTotal: Int
  var elapsed: Double
  /// Operations per second since the campaign started; 0 before any time
  /// has passed.
  public var operationsPerSecond: Double { elapsed > 0 ? Double(operationsDone) / elapsed : 0 }
  /// Seconds left at the current speed.
  public var remaining: Double? {
    let r = operationsPerSecond
    return r > 0 ? Double(operationsTotal - operationsDone) / r : nil
  }
}
