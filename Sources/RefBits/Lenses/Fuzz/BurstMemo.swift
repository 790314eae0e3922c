/// The bulk runs of one fuzz engine's bursts, kept by their inputs: a
/// witness shrinker replays the same lifetime thousands of times, and many
/// of its candidates run the same burst from the same state again.
///
/// ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)`` is a function of the
/// machine, the state, the operation, the count, which outcomes stop it and
/// the budget of single steps: a run found here is the run that would be
/// computed, so the memo changes no result, only the time (on
/// hubbard-split-4-4 under attacker-ref-flood, a quarter of the bulk runs of
/// a campaign and its witnesses repeat one before them).
///
/// Bounded: past ``capacity`` runs it starts again empty.
struct BurstMemo: Sendable {
  /// The inputs of one bulk run of ``Machine/fuzzBurst(_:_:count:table:budget:recorder:startingAt:memo:)``.
  struct Key: Hashable, Sendable {
    var state: State
    var op: Op
    var count: BigInt
    var budget: Int
    /// The outcome ids that stop the run (those not yet seen).
    var stops: [Int]
  }

  static let capacity = 4096

  private var runs: [Key: BulkResult] = [:]

  /// The run for `key`, computed by `run` unless kept.
  ///
  /// Built with `REFBITS_INTERNAL_CHECKS`, a kept run is computed again and
  /// compared.
  mutating func run(_ key: Key, _ run: () -> BulkResult) -> BulkResult {
    if let r = runs[key] {
      #if REFBITS_INTERNAL_CHECKS
      let again = run()
      InternalChecks.verify(again == r ? nil : "burst memo: kept run \(r) differs from \(again) for \(key)")
      #endif
      return r
    }
    let r = run()
    if runs.count >= Self.capacity { runs.removeAll(keepingCapacity: true) }
    runs[key] = r
    return r
  }
}
