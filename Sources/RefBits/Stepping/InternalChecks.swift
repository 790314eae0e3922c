/// Cross-checks of the fast paths against the reference semantics
/// (``Machine/step(_:_:)`` and exact evaluation), in the style of
/// swift-collections' `COLLECTIONS_INTERNAL_CHECKS`.
///
/// Every fast path that repeats part of the semantics of a step has a
/// function that says how its answer differs from the reference's, if it
/// does (always compiled, so tests call it directly). Built with the
/// `REFBITS_INTERNAL_CHECKS` compilation condition
/// (`REFBITS_INTERNAL_CHECKS=1 swift test`, see Package.swift), each fast
/// path calls it on every answer and stops the process on a difference:
///
/// - native evaluation of a compiled expression in the reference step
///   (``StepEnvironment``): against exact evaluation, every evaluation;
/// - the native engine's step (``NativeEngine``): against
///   ``Machine/step(_:_:)`` from the same state, every step, and every
///   hand-off between the native buffers and the exact state;
/// - a uniform run jumped by ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)``:
///   against single steps, over the whole run when it is short and over its
///   first and last ``uniformRunEdge`` steps otherwise;
/// - a native jump over a burst (``NativeEngine/jumpingBurst(_:count:plan:probes:repeatingSegments:startingAt:recorder:)``):
///   against ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)`` from the
///   same state, every jump and every segment repeat, and every burst a
///   ``BurstMemo`` replays against the burst run again;
/// - a breadth-first search on the native engine
///   (``BreadthFirstSearch/runNative(targets:)``): its whole answer against
///   the search stepped by ``Machine/step(_:_:)``, every search;
/// - a repeated segment (``Machine/repeatSegment(_:from:to:length:ranges:predicates:limit:)``):
///   the segment, its first repeat and its last repeat, each stepped in bulk.
///
/// The C baseline of `refbits bench` is checked step by step against the
/// machine by `FuzzBenchmark` under the same condition, and by a test.
///
/// Documented complexities do not hold when the checks are on: a jump over
/// 2^63 steps still costs a few dozen single steps, and every native step
/// costs an exact one.
enum InternalChecks {
  /// Whether this build checks its fast paths (`REFBITS_INTERNAL_CHECKS`).
  static var isEnabled: Bool {
    #if REFBITS_INTERNAL_CHECKS
    true
    #else
    false
    #endif
  }

  /// Steps checked at each end of a long uniform run.
  static let uniformRunEdge = 6

  /// Stops the process if a fast path disagreed with the reference.
  @inline(__always)
  static func verify(_ discrepancy: @autoclosure () -> String?, file: StaticString = #fileID, line: UInt = #line) {
    if let d = discrepancy() {
      preconditionFailure("REFBITS_INTERNAL_CHECKS: \(d)", file: file, line: line)
    }
  }
}
