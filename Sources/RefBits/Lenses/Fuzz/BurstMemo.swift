/// The runs of one fuzz engine's bursts, kept by their inputs: a witness
/// shrinker replays the same lifetime thousands of times, and many of its
/// candidates run the same burst from the same state again.
///
/// A run is a function of its key: ``BulkRunKey`` for the exact machine's
/// bulk runs (``Machine/bulk(_:_:count:stopOn:singleStepBudget:)`` depends
/// on the machine, the state, the operation, the count, which outcomes stop
/// it and the budget of single steps), ``JumpingBurstKey`` for the native
/// engine's jumping bursts. A run found here is the run that would be
/// computed, so the memo changes no result, only the time (on
/// hubbard-split-4-4 under attacker-ref-flood, a quarter of the bursts of a
/// campaign and its witnesses repeat one before them).
///
/// Bounded: past ``capacity`` runs it starts again empty.
struct BurstMemo<Key: Hashable & Sendable, Run: Equatable & Sendable>: Sendable {
  static var capacity: Int { 4096 }

  private var runs: [Key: Run] = [:]

  /// The run for `key`, computed by `run` unless kept.
  ///
  /// Built with `REFBITS_INTERNAL_CHECKS`, a kept run is computed again and
  /// compared.
  mutating func run(_ key: Key, _ run: () -> Run) -> Run {
    if let r = runs[key] {
      #if REFBITS_INTERNAL_CHECKS
      let again = run()
      InternalChecks.verify(again == r ? nil : "burst memo: kept run \(r) differs from \(again) for \(key)")
      #endif
      return r
    }
    let r = run()
    keep(key, r)
    return r
  }

  /// How many runs are kept.
  var count: Int { runs.count }

  /// The run kept for `key`, if any.
  subscript(key: Key) -> Run? { runs[key] }

  /// Keeps a run computed elsewhere.
  mutating func keep(_ key: Key, _ run: Run) {
    if runs.count >= Self.capacity { runs.removeAll(keepingCapacity: true) }
    runs[key] = run
  }
}

/// The inputs of one bulk run of ``Machine/fuzzBurst(_:_:count:table:budget:recorder:startingAt:memo:)``.
struct BulkRunKey: Hashable, Sendable {
  var state: State
  var op: Op
  var count: BigInt
  var budget: Int
  /// The outcome ids that stop the run (those not yet seen).
  var stops: [Int]
}

/// The inputs of one jumping burst of the native engine with segment
/// repeats: the state it starts from (the predicates' standing and whether
/// the object is dead follow from it), the operation and the count. Which
/// outcomes were seen before changes nothing it does, only which of its
/// first sightings are recorded.
struct JumpingBurstKey: Hashable, Sendable {
  var state: State
  var op: Op
  var count: Int
}
