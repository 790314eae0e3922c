/// Shrinks the operations that led to an outcome to a short sequence that
/// still produces it.
///
/// Passes, repeated until none helps or the budget of replays is spent:
/// drop every release; delete chunks of operations (halves, quarters, ...,
/// single operations); give every operation to one actor, make operations
/// the same as their neighbours' and merge neighbouring identical operations
/// into one burst; shrink each burst by binary search on its count.
/// Each candidate is replayed from the initial state; a release of more than
/// the actor holds is cut to what it holds (dropped if nothing), an acquire
/// that would bring back a dead object is dropped, and the
/// candidate is cut right after the step where the outcome first appears.
/// The result depends only on the input, never on time or jobs.
struct WitnessShrinker<Engine: FuzzEngine & ~Copyable>: ~Copyable {
  var engine: Engine
  let table: OutcomeTable
  let target: Int
  /// Replays left.
  var budget: Int
  /// Operations the replays may still run in all: each replay costs its
  /// length, so a witness of a long lifetime cannot make shrinking run for
  /// hours (3000 replays of 10^6 operations). The shipped campaigns stay
  /// far below it.
  var operationBudget: Int
  /// Asked before each replay: when it says stop, shrinking ends with what
  /// it has.
  let stop: () -> Bool

  /// Nil when the table has no id for `target` (it is not an outcome of
  /// the layout).
  init?(engine: consuming Engine, table: OutcomeTable, target: Outcome, budget: Int = 3000, operationBudget: Int = 1 << 26, stop: @escaping () -> Bool = { false }) {
    guard let id = table.id(of: target) else { return nil }
    self.engine = engine
    self.table = table
    self.target = id
    self.budget = budget
    self.operationBudget = operationBudget
    self.stop = stop
  }

  /// Replays `phases`; the phases as run, up to and including the first
  /// step of the outcome, or nil if it does not appear (or the budget is
  /// spent, or a stop was asked).
  mutating func test(_ phases: [Phase]) -> [Phase]? {
    budget -= 1
    operationBudget -= phases.count
    if operationBudget < 0 || stop() {
      budget = 0
      return nil
    }
    engine.reset()
    var recorder = OutcomeRecorder(table: table)
    recorder.beginLifetime(0)
    var run: [Phase] = []
    run.reserveCapacity(phases.count)
    for var p in phases {
      if case .release(let k) = p.op.action {
        let held = engine.held(k, by: p.op.actor)
        if held.isZero { continue }
        if held < p.count { p.count = held }
      } else if !engine.admits(p.op) {
        continue
      }
      if p.count == 1 {
        _ = engine.step(p.op, recorder: &recorder)
        recorder.endSingleOperation()
      } else {
        let r = engine.burst(p.op, count: p.count, recorder: &recorder)
        recorder.endOperation(steps: r.steps)
      }
      if let first = recorder.firsts[target] {
        p.count = first.stepInOperation
        run.append(p)
        return run
      }
      run.append(p)
    }
    return nil
  }

  /// Neighbouring phases of the same operation, as one.
  static func merged(_ phases: [Phase]) -> [Phase] {
    var out: [Phase] = []
    for p in phases {
      if let last = out.last, last.op == p.op { out[out.count - 1].count += p.count } else { out.append(p) }
    }
    return out
  }

  mutating func shrink(_ phases: [Phase]) -> [Phase] {
    guard var best = test(phases) else { return phases }
    var changed = true
    while changed && budget > 0 {
      changed = false
      // Releases only ever lower counts: most witnesses do not need them.
      if best.contains(where: { $0.op.isRelease }), let r = test(best.filter { !$0.op.isRelease }) {
        best = r
        changed = true
      }
      // Delete chunks, largest first, down to single operations.
      var size = max(1, best.count / 2)
      while budget > 0 {
        var i = 0
        while i < best.count && budget > 0 {
          let candidate = Array(best[..<i]) + Array(best[min(best.count, i + size)...])
          if !candidate.isEmpty, let r = test(candidate) {
            best = r
            changed = true
          } else {
            i += size
          }
        }
        if size == 1 { break }
        size /= 2
      }
      // One actor, and neighbouring identical operations merged.
      if let lowest = best.map(\.op.actor).min(), best.contains(where: { $0.op.actor != lowest }) {
        let candidate = Self.merged(best.map { var p = $0; p.op.actor = lowest; return p })
        if let r = test(candidate) { best = r; changed = true }
      }
      let merged = Self.merged(best)
      if merged.count < best.count, let r = test(merged) { best = r; changed = true }
      // Make an operation the same as its neighbour's, and merge them.
      var k = 1
      while k < best.count && budget > 0 {
        if best[k].op != best[k - 1].op {
          var candidate = best
          candidate[k].op = best[k - 1].op
          if let r = test(Self.merged(candidate)) {
            best = r
            changed = true
            continue
          }
        }
        k += 1
      }
      // Each burst down to the fewest operations that still work, by binary
      // search on its count: `low` is a count known not to work (or 0).
      // Counts that work need not be every larger one, so this finds a count
      // that works with the one below it failing, not always the least.
      var j = 0
      while j < best.count && budget > 0 {
        var low = BigInt(0)
        while j < best.count, best[j].count - low > 1, budget > 0 {
          var candidate = best
          candidate[j].count = low + (best[j].count - low) / 2
          if let r = test(candidate) {
            best = r
            changed = true
          } else {
            low = candidate[j].count
          }
        }
        j += 1
      }
    }
    return best
  }
}
