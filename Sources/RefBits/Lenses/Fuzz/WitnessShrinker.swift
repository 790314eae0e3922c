/// Shrinks the operations that led to an outcome to a short sequence that
/// still produces it.
///
/// Passes, repeated until none helps or the budget of replays is spent:
/// drop every release; drop every operation of one actor, for each actor;
/// delete chunks of operations (halves, quarters, ...,
/// single operations); give every operation to one actor, make operations
/// the same as their neighbours' and merge neighbouring identical operations
/// into one burst; shrink each burst by binary search on its count.
/// Each candidate is replayed from the initial state (or, to the same
/// effect, from a checkpoint of the best sequence's replay: see
/// ``test(_:)``); a release of more than
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

  /// Whether replays resume from checkpoints and run neighbouring bursts
  /// of one operation as one (``test(_:)``); off only to check, in tests,
  /// that they change nothing.
  let resumes: Bool
  /// Checkpoints of the replay of the best sequence so far (the last
  /// candidate that produced the outcome): the engine's state and the
  /// recorder after its first `phases` phases, ascending. A candidate that
  /// starts with those phases resumes from the last such checkpoint.
  var checkpoints: [Checkpoint] = []
  /// The sequence `checkpoints` were taken on (as run).
  var checkpointed: [Phase] = []

  /// What the replays did, for tests: how many resumed from a checkpoint,
  /// and how many groups of bursts ran as one burst.
  var statistics = ShrinkStatistics()

  /// The state of a replay after a prefix of the sequence as run.
  struct Checkpoint {
    var phases: Int
    var state: State
    var recorder: OutcomeRecorder
  }

  /// Work (a single step 1, a burst ``burstWork``) between checkpoints: a
  /// checkpoint copies the state, which costs about as much as a few dozen
  /// native single steps and far less than one burst.
  static var checkpointWork: Int { 64 }
  static var burstWork: Int { 64 }

  /// Nil when the table has no id for `target` (it is not an outcome of
  /// the layout).
  init?(engine: consuming Engine, table: OutcomeTable, target: Outcome, budget: Int = 3000, operationBudget: Int = 1 << 26, resumes: Bool = true, stop: @escaping () -> Bool = { false }) {
    guard let id = table.id(of: target) else { return nil }
    self.engine = engine
    self.table = table
    self.target = id
    self.budget = budget
    self.operationBudget = operationBudget
    self.resumes = resumes
    self.stop = stop
  }

  /// Replays `phases`; the phases as run, up to and including the first
  /// step of the outcome, or nil if it does not appear (or the budget is
  /// spent, or a stop was asked).
  ///
  /// Two shortcuts give the same answer as replaying every phase from the
  /// initial state, in less time:
  /// - a candidate that begins like the best sequence so far resumes from
  ///   the last checkpoint of that sequence's replay inside the common
  ///   prefix (the steps before it are the same steps from the same state);
  /// - neighbouring phases of one operation (not a release) with at least
  ///   two bursts among them run as one burst (steps of one operation
  ///   in a row are the same steps however they are grouped), and the
  ///   step of the outcome is mapped back to its phase. A group that ends
  ///   early (a burst cut short by its budget of single steps, or by an
  ///   object that died) is run again phase by phase from its start, since
  ///   each burst has its own budget.
  ///
  /// - Complexity: the phases after the resumed checkpoint, with each
  ///   group of neighbouring bursts of one operation costing one burst.
  mutating func test(_ phases: [Phase]) -> [Phase]? {
    budget -= 1
    operationBudget -= phases.count
    if operationBudget < 0 || stop() {
      budget = 0
      return nil
    }
    var recorder = OutcomeRecorder(table: table)
    var run = RunLog()
    run.positions.reserveCapacity(phases.count)
    var taken: [Checkpoint] = []
    var q = 0
    if resumes, let c = resumePoint(phases) {
      engine.restore(c.state)
      recorder = c.recorder
      statistics.resumed += 1
      run.positions += 0..<c.phases
      taken = Array(checkpoints.prefix { $0.phases <= c.phases })
      q = c.phases
    } else {
      engine.reset()
      recorder.beginLifetime(0)
    }
    var work = 0
    // Phases before this one run one by one (a group that ended early).
    var plainUntil = 0
    while q < phases.count {
      // A group starts at a burst (single steps before it run as they are).
      if resumes && q >= plainUntil && phases[q].count > 1, let end = Self.groupEnd(phases, from: q) {
        statistics.groups += 1
        switch runGroup(phases[q..<end], recorder: &recorder, run: &run) {
        case .found:
          return commit(run.phases(of: phases), taken)
        case .ran:
          q = end
          work += Self.burstWork
          checkpoint(phases: run.count, recorder: recorder, work: &work, into: &taken)
          continue
        case .split:
          statistics.splitGroups += 1
          plainUntil = end
        }
      }
      let position = q, op = phases[q].op
      q += 1
      // The count as run: a release is cut to what the actor holds.
      var cut: BigInt?
      if case .release(let k) = op.action {
        let held = engine.held(k, by: op.actor)
        if held.isZero { continue }
        if held < phases[position].count { cut = held }
      } else if !engine.admits(op) {
        continue
      }
      if cut == nil ? phases[position].count == 1 : cut == 1 {
        _ = engine.step(op, recorder: &recorder)
        recorder.endSingleOperation()
        work += 1
      } else {
        let r = engine.burst(op, count: cut ?? phases[position].count, recorder: &recorder)
        recorder.endOperation(steps: r.steps)
        work += Self.burstWork
      }
      if recorder.seen[target], let first = recorder.firsts[target] {
        run.append(position, count: first.stepInOperation)
        return commit(run.phases(of: phases), taken)
      }
      run.append(position, count: cut)
      checkpoint(phases: run.count, recorder: recorder, work: &work, into: &taken)
    }
    return nil
  }

  /// The checkpoint a replay of `phases` can start from: the last one of
  /// the best sequence within the prefix `phases` shares with it.
  func resumePoint(_ phases: [Phase]) -> Checkpoint? {
    guard let last = checkpoints.last else { return nil }
    var common = 0
    let limit = min(phases.count, last.phases)
    while common < limit && phases[common] == checkpointed[common] { common += 1 }
    return checkpoints.last { $0.phases <= common }
  }

  /// Takes a checkpoint after `phases` phases as run, when enough work was
  /// done since the last one.
  mutating func checkpoint(phases: Int, recorder: OutcomeRecorder, work: inout Int, into taken: inout [Checkpoint]) {
    guard resumes, work >= Self.checkpointWork else { return }
    work = 0
    taken.append(Checkpoint(phases: phases, state: engine.exactState(), recorder: recorder))
  }

  /// The checkpoints of a replay that produced the outcome become the ones
  /// candidates resume from; returns `run`.
  mutating func commit(_ run: [Phase], _ taken: [Checkpoint]) -> [Phase] {
    guard resumes else { return run }
    checkpointed = run
    checkpoints = taken
    return run
  }

  /// The phases of a candidate as its replay ran them, kept as their
  /// positions in the candidate and the counts that differ from the
  /// candidate's (a release cut to what was held, the phase of the outcome
  /// cut at its step): a replay copies no phase until it produces the
  /// outcome (most candidates do not).
  struct RunLog {
    var positions: [Int] = []
    /// The counts that differ, by index in `positions`, ascending.
    var counts: [(index: Int, count: BigInt)] = []

    var count: Int { positions.count }

    mutating func append(_ position: Int, count: BigInt? = nil) {
      if let count { counts.append((positions.count, count)) }
      positions.append(position)
    }

    /// The phases as run, from the candidate `phases`.
    func phases(of phases: [Phase]) -> [Phase] {
      var out: [Phase] = []
      out.reserveCapacity(positions.count)
      for q in positions { out.append(phases[q]) }
      for c in counts { out[c.index].count = c.count }
      return out
    }
  }

  /// The end of the group of neighbouring phases from `q` that
  /// ``test(_:)`` runs as one burst: at least two phases of one operation,
  /// not a release, two or more of them bursts. Nil when there is none.
  static func groupEnd(_ phases: [Phase], from q: Int) -> Int? {
    let op = phases[q].op
    if op.isRelease { return nil }
    var end = q + 1
    var bursts = phases[q].count > 1 ? 1 : 0
    while end < phases.count && phases[end].op == op {
      if phases[end].count > 1 { bursts += 1 }
      end += 1
    }
    return bursts >= 2 ? end : nil
  }

  enum GroupResult { case found, ran, split }

  /// Runs `group` (phases of one operation) as one burst. `.found`: the
  /// outcome appeared, `run` ends at its step; `.ran`: the whole group ran
  /// without it, `run` holds the group; `.split`: the group ended early,
  /// the engine and recorder are back where it started (run it phase by
  /// phase).
  mutating func runGroup(_ group: ArraySlice<Phase>, recorder: inout OutcomeRecorder, run: inout RunLog) -> GroupResult {
    let op = group.first!.op
    // A group whose first acquire is not admitted is skipped whole: the
    // state does not change, so none of its phases is admitted.
    guard engine.admits(op) else { return .ran }
    let total = group.reduce(BigInt(0)) { $0 + $1.count }
    let before = engine.exactState(), recorded = recorder
    let r = engine.burst(op, count: total, recorder: &recorder)
    // One budget of single steps for the group instead of one per phase:
    // the same steps only when no phase could have spent its own. A phase
    // spends about the single steps the group spends over its steps (bulk
    // stepping probes each run again after a cut), so a group far below
    // one budget is safe; any other is split.
    let singles = recorder.burstSingleSteps - recorded.burstSingleSteps
    guard recorder.truncatedBursts == recorded.truncatedBursts, singles <= engine.burstBudget / 4 else {
      engine.restore(before)
      recorder = recorded
      return .split
    }
    if recorder.seen[target], let first = recorder.firsts[target] {
      var step = first.stepInOperation
      for q in group.indices {
        if step <= group[q].count {
          run.append(q, count: step)
          return .found
        }
        step -= group[q].count
        run.append(q)
      }
    }
    guard r.steps == total else {
      engine.restore(before)
      recorder = recorded
      return .split
    }
    // Each phase ends an operation of the replay, as run one by one.
    recorder.endOperation(steps: total)
    recorder.operation += group.count - 1
    recorder.operations += group.count - 1
    run.positions += group.indices
    return .ran
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
      // Every operation of one actor at a time: a benign actor's operations
      // interleave with those the outcome needs, which deleting chunks
      // cannot take apart without a replay per operation.
      for actor in Set(best.map(\.op.actor)).sorted() where budget > 0 && best.count > 1 {
        let candidate = best.filter { $0.op.actor != actor }
        if !candidate.isEmpty, let r = test(candidate) {
          best = r
          changed = true
        }
      }
      // Delete chunks, largest first, down to single operations.
      var size = max(1, best.count / 2)
      while budget > 0 {
        var i = 0
        while i < best.count && budget > 0 {
          var candidate: [Phase] = []
          candidate.reserveCapacity(best.count)
          candidate += best[..<i]
          candidate += best[min(best.count, i + size)...]
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

/// What a ``WitnessShrinker``'s replays did (for tests: the shortcuts of
/// ``WitnessShrinker/test(_:)`` were taken).
struct ShrinkStatistics: Sendable {
  /// Replays that resumed from a checkpoint.
  var resumed = 0
  /// Groups of neighbouring bursts of one operation run as one burst, and
  /// those of them run again phase by phase.
  var groups = 0
  var splitGroups = 0
}
