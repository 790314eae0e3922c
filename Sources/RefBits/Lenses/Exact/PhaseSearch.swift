/// The class of operation sequences the exact lens searches, and the search.
///
/// Sequences of at most two phases, each one operation repeated: `op*n`, or
/// `op1*n1, op2*n2` with `n1` up to ``firstPhaseLimit`` (every value) or
/// within one of the first ``eventPoints`` events of `op1` run alone, and `n2`
/// any size up to ``phaseLimit`` (solved exactly by bulk stepping).
/// Operations are the acquires, releases and layout operations the caller
/// allows, all by one actor. Within this class the result is exact: the
/// fewest operations.
public struct PhaseSearch: Sendable {
  public var machine: Machine
  public var start: State
  /// The operations a sequence may use.
  public var ops: [Op]
  /// Every value of the first phase's length up to this is tried.
  public var firstPhaseLimit: Int
  /// The longest phase considered (at any size: bulk stepping is exact).
  public var phaseLimit: BigInt
  /// Single steps one bulk run may take before giving up (non-linear layouts).
  public var singleStepBudget: Int
  /// Single steps each task of the search may take in all: the one-phase
  /// sweeps are one task, the two-phase sweeps of each first operation
  /// another. A task that spends it stops, and the result is incomplete
  /// (``Result/incomplete``). Per task, so the answer does not depend on
  /// scheduling. By default ``workBudget`` split over the tasks.
  public var taskStepBudget: Int

  /// The work a whole search may do, in single steps each weighted by one
  /// plus the layout's predicates (every step judges each of them): what
  /// keeps a layout at the size limits (``InputLimits``: 16 kinds, so 33
  /// tasks, and 16 predicates) from searching for minutes. The shipped
  /// layouts use at most a quarter of their share (hubbard-split-4-4:
  /// 12,046 single steps in its busiest task, of 46,603).
  public static let workBudget = 1 << 21

  /// ``workBudget`` split evenly over the tasks of a search of `ops`
  /// operations on a layout with `predicates` predicates.
  public static func taskStepBudget(ops: Int, predicates: Int) -> Int {
    Swift.max(1, workBudget / ((ops + 1) * (1 + predicates)))
  }
  /// How many events of a first phase run alone give extra first-phase lengths.
  public var eventPoints = 3
  /// A phase ends at its this-many-th field overflow: past that the fields
  /// only wrap again and again, and each wrap costs single steps.
  public var overflowLimit = 512
  /// What "shortest" means: fewest operations, or the least total weight
  /// (every candidate is then kept, and no bound prunes a sweep).
  public var weights: [Op: Double]? = nil
  /// Whether a sweep may jump over repeats of the stretch between two field
  /// overflows once it proves them identical (``Machine/repeatSegment``);
  /// off, every overflow is stepped (the reference the tests compare with).
  public var repeatsSegments = true

  public init(machine: Machine, start: State, ops: [Op], firstPhaseLimit: Int = 8, phaseLimit: BigInt? = nil, singleStepBudget: Int = 4096) {
    self.machine = machine
    self.start = start
    self.ops = ops
    self.firstPhaseLimit = firstPhaseLimit
    let bits = machine.layout.words.reduce(0) { $0 + $1.bits }
    self.phaseLimit = phaseLimit ?? BigInt.power(of2: bits + 2)
    self.singleStepBudget = singleStepBudget
    taskStepBudget = Self.taskStepBudget(ops: ops.count, predicates: machine.layout.predicates.count)
  }

  /// Every acquire, every release and every operation, by actor 0.
  public static func allOps(_ layout: Layout, actor: Int = 0) -> [Op] {
    layout.actions.map { Op($0, actor: actor) }
  }

  /// One sequence found for a target, and what its last step produced.
  public struct Found: Sendable, Hashable {
    public var sequence: [Phase]
    public var outcomes: [Outcome]
    public var operations: BigInt { sequence.reduce(BigInt(0)) { $0 + $1.count } }

    /// Fewer operations, then fewer phases, then phase by phase (action in
    /// ``Op/Action`` order, count).
    static func precedes(_ a: Found, _ b: Found) -> Bool {
      if a.operations != b.operations { return a.operations < b.operations }
      if a.sequence.count != b.sequence.count { return a.sequence.count < b.sequence.count }
      for (x, y) in zip(a.sequence, b.sequence) {
        let kx = x.op.action.order, ky = y.op.action.order
        if kx != ky { return kx < ky }
        if x.count != y.count { return x.count < y.count }
      }
      return false
    }
  }

  /// The outcome of a search: for each target, every candidate (the fewest
  /// `n2` for each first phase and operation), and whether any run gave up.
  public struct Result: Sendable {
    public var candidates: [OutcomePattern: [Found]]
    /// Set when a bulk run spent its single-step budget: the class was not
    /// searched completely (a layout condition is not linear).
    public var incomplete: Bool
    /// How many times a sweep jumped over repeats of a segment (see
    /// ``PhaseSearch/repeatsSegments``).
    public var segmentJumps = 0
    /// Single steps the current task may still take (``PhaseSearch/taskStepBudget``).
    var stepsLeft = Int.max

    /// The candidate with the fewest operations, then the fewest phases, then
    /// the first in a fixed order of sequences: a total order, so the answer
    /// does not depend on the order the search ran in.
    public func shortest(_ target: OutcomePattern) -> Found? {
      candidates[target]?.min { Found.precedes($0, $1) }
    }

    /// Merges another search's candidates into this one.
    mutating func merge(_ other: Result, keepAll: Bool) {
      incomplete = incomplete || other.incomplete
      segmentJumps += other.segmentJumps
      for (t, list) in other.candidates {
        if keepAll {
          candidates[t, default: []] += list.filter { c in !(candidates[t] ?? []).contains(c) }
        } else if let best = list.min(by: Found.precedes), shortest(t).map({ Found.precedes(best, $0) }) ?? true {
          candidates[t] = [best]
        }
      }
    }
  }

  /// Searches the class for the first occurrence of each target.
  ///
  /// Two sound prunings keep it fast: a sweep stops looking for a lie whose
  /// predicate's `means` provably cannot take the value the lie needs over the
  /// truth the sweep can reach, and a second phase is never run past the
  /// shortest sequence already found for every target it still looks for.
  ///
  /// A sweep that crosses many field overflows (2^23 ordinary references
  /// carrying into a pin field, again and again) jumps over the stretches
  /// between them once it proves that they repeat, shifted
  /// (``Machine/repeatSegment``): the answer is the same as stepping every
  /// overflow, which ``repeatsSegments`` turns back on.
  ///
  /// - Complexity: O(ops² × (firstPhaseLimit + events)) sweeps, each of
  ///   O(overflows) bulk runs at most (far fewer where segments repeat), each
  ///   independent of the phase lengths for linear layouts.
  ///
  /// The two-phase sweeps run in parallel, one task per first operation, each
  /// pruning with what it and the one-phase sweeps found; the results merge
  /// under a total order (``Found/precedes(_:_:)``), so the answer is the same
  /// whatever the scheduling.
  public func run(targets: [OutcomePattern]) -> Result {
    var base = Result(candidates: [:], incomplete: false)
    base.stepsLeft = taskStepBudget
    for op in ops {
      sweep(from: start, op, limit: phaseLimit, targets: targets, prefix: [], into: &base)
    }
    let found = base
    let partial = ParallelMap.map(ops) { op -> Result in
      var result = found
      result.segmentJumps = 0  // counted once, in `base`
      result.stepsLeft = taskStepBudget
      for (n1, s) in firstPhases(op, into: &result) {
        for op2 in ops where op2 != op {
          sweep(from: s, op2, limit: phaseLimit, targets: targets, prefix: [Phase(op: op, count: n1)], into: &result)
        }
      }
      return result
    }
    var result = base
    for p in partial { result.merge(p, keepAll: weights != nil) }
    return result
  }

  /// The truth a run of at most `count` steps of `op` can reach from `held`
  /// (the run moves only `op`'s kind, by one per step; an operation moves
  /// none), as a box.
  func reachableTruth(_ op: Op, fromHeld held: [BigInt], total: BigInt, count: BigInt) -> TruthBox {
    var box = held.map { $0...$0 }
    guard let k = op.kind else { return TruthBox(held: box, total: total...total) }
    let h = held[k]
    let range = op.isAcquire ? h...(h + count) : Swift.max(0, h - count)...h
    box[k] = range
    return TruthBox(held: box, total: (total - h + range.lowerBound)...(total - h + range.upperBound))
  }

  /// The `means` of every predicate whose lie `target` matches, with the lie.
  func lieMeanings(_ target: OutcomePattern) -> [(lie: Lie, means: Expression)] {
    var out: [(Lie, Expression)] = []
    for (p, pred) in machine.layout.predicates.enumerated() {
      for lie in [Lie.falsePositive, .falseNegative] {
        guard let o = machine.outcome(of: lie, predicate: p), target.matches(o) else { continue }
        out.append((lie, pred.means.expression))
      }
    }
    return out
  }

  /// Whether every predicate that produces the lie `target` has a `means`
  /// that keeps one value over a run of at most `count` steps of `op` from the
  /// truth `held`.
  func meansFixed(_ target: OutcomePattern, _ op: Op, fromHeld held: [BigInt], total: BigInt, count: BigInt) -> Bool {
    let box = reachableTruth(op, fromHeld: held, total: total, count: count)
    return lieMeanings(target).allSatisfy { $0.means.constantTruth(over: box) != nil }
  }

  /// Whether `target` can still start during a run of `op` from `state` of at
  /// most `count` steps, judging by the truth alone: a lie needs its
  /// predicate's `means` to hold (false negative) or not (false positive).
  func mayOccur(_ target: OutcomePattern, in op: Op, from state: State, count: BigInt) -> Bool {
    // Not a lie of any predicate: an event, decided by the word.
    guard target.category.isLieCategory else { return true }
    let box = reachableTruth(op, fromHeld: state.truth.held, total: state.truth.total, count: count)
    return lieMeanings(target).contains { lie, means in
      switch means.constantTruth(over: box) {
      case true?: lie == .falseNegative
      case false?: lie == .falsePositive
      case nil: true
      }
    }
  }

  /// The first phases tried: every length up to ``firstPhaseLimit``, and the
  /// lengths one before, at and one after each of the first
  /// ``eventPoints`` events of `op` run alone (where pushing a phase to its
  /// limit changes what the next phase can do). Phases cut short by a trap or
  /// a release of a reference not held are left out.
  func firstPhases(_ op: Op, into result: inout Result) -> [(BigInt, State)] {
    var lengths = Set((1...max(1, firstPhaseLimit)).map { BigInt($0) })
    var s = start
    var done: BigInt = 0
    let limit = phaseLimit
    for _ in 0..<eventPoints where done < limit {
      guard result.take() else { break }
      let r = machine.bulk(s, op, count: limit - done, stopOn: .events, singleStepBudget: Swift.min(singleStepBudget, result.stepsLeft))
      result.spend(r)
      guard let stop = r.stop else { break }
      done += r.completed + 1
      for e in [done - 1, done, done + 1] where e >= 1 && e <= limit { lengths.insert(e) }
      if stop.result.outcomes.contains(.trapped) { break }
      s = stop.result.state
    }
    var out: [(BigInt, State)] = []
    var state = start
    var at: BigInt = 0
    for n in lengths.sorted() {
      guard result.take() else { break }
      let r = machine.bulk(state, op, count: n - at, stopOn: StopRule { $0 == .trapped }, singleStepBudget: Swift.min(singleStepBudget, result.stepsLeft))
      result.stepsLeft -= r.singleSteps
      if r.exhausted && result.stepsLeft <= 0 { result.incomplete = true }
      guard r.stop == nil, !r.exhausted, r.failure == nil else { break }
      state = r.state
      at = n
      out.append((n, state))
    }
    return out
  }

  /// Runs `op` from `state` and records, for every target, the first step at
  /// which it occurs. A trap ends the run (the process is gone).
  func sweep(from state: State, _ op: Op, limit: BigInt, targets: [OutcomePattern], prefix: [Phase], into result: inout Result) {
    var count = limit
    var remaining = targets.filter { mayOccur($0, in: op, from: state, count: count) }
    // Only as far as it could still beat (or tie) what is already found; a
    // target drops out once the sweep is past that point.
    let used = prefix.reduce(BigInt(0)) { $0 + $1.count }
    func horizon(_ t: OutcomePattern, _ result: Result) -> BigInt? {
      weights == nil ? result.shortest(t).map { $0.operations - used } : nil
    }
    func bound(_ result: Result) -> BigInt {
      var b: BigInt = 0
      for t in remaining {
        guard let h = horizon(t, result) else { return limit }
        b = Swift.max(b, h)
      }
      return b
    }
    count = Swift.min(count, bound(result))
    var s = state
    var done: BigInt = 0
    var overflows = 0
    var visits: [[UInt128]: (done: BigInt, held: [BigInt], total: BigInt)] = [:]
    // The stretch since the last overflow: where it started, and the raw
    // range of every field over it.
    var segment: (start: State, done: BigInt)? = nil
    var ranges: FieldRanges? = nil
    let repeating = repeatsSegments && machine.repeatsSegments(op)
    while done < count, !remaining.isEmpty {
      let open = remaining
      let rule = StopRule { o in o == .trapped || o.category == .fieldOverflow || open.contains { $0.matches(o) } }
      guard result.take() else { return }
      let r = machine.bulk(s, op, count: count - done, stopOn: rule, singleStepBudget: Swift.min(singleStepBudget, result.stepsLeft))
      result.spend(r)
      guard let stop = r.stop else { return }
      done += r.completed + 1
      if repeating, var stretch = r.fieldRanges {
        if let earlier = ranges { stretch.formUnion(earlier) }
        stretch.include(stop.result.state.words, machine.reader)
        ranges = stretch
      }
      let found = Found(sequence: prefix + [Phase(op: op, count: done)], outcomes: stop.result.outcomes)
      remaining.removeAll { t in
        guard stop.result.outcomes.contains(where: t.matches) else { return false }
        if weights != nil {
          result.candidates[t, default: []].append(found)
        } else if result.shortest(t).map({ Found.precedes(found, $0) }) ?? true {
          result.candidates[t] = [found]
        }
        return true
      }
      if stop.result.outcomes.contains(.trapped) { return }
      var next = stop.result.state
      if stop.result.outcomes.contains(where: { $0.category == .fieldOverflow }) {
        overflows += 1
        if overflows >= overflowLimit { return }
        // A word seen before at an overflow: from there the words repeat with
        // a period. Events depend on the word alone, so an open event target
        // would have shown in the first period; so would an open lie whose
        // predicate's `means` keeps one value from that first visit to the
        // end of the sweep. If that is every open target, stop.
        let words = next.words
        if let first = visits[words] {
          let span = count - first.done
          if remaining.allSatisfy({ !$0.category.isLieCategory || meansFixed($0, op, fromHeld: first.held, total: first.total, count: span) }) { return }
        } else {
          visits[words] = (done, next.truth.held, next.truth.total)
        }
        // The stretch since the previous overflow, repeated as often as it
        // provably goes the same way: each repeat ends at one more overflow
        // and shows no open target.
        if repeating, let from = segment, let stretch = ranges {
          let length = done - from.done
          let limit = Swift.min(BigInt(overflowLimit - overflows), (count - done).floorDivided(by: length))
          let followed = machine.layout.predicates.indices.filter { p in
            [Lie.falsePositive, .falseNegative].contains { lie in
              machine.outcome(of: lie, predicate: p).map { o in remaining.contains { $0.matches(o) } } ?? false
            }
          }
          if let jump = machine.repeatSegment(op, from: from.start, to: next, length: length, ranges: stretch, predicates: followed, limit: limit) {
            result.segmentJumps += 1
            next = jump.state
            done += jump.repeats * length
            overflows += jump.repeats.int ?? overflowLimit
            if overflows >= overflowLimit { return }
          }
        }
        segment = (next, done)
        ranges = nil
      }
      remaining.removeAll { t in horizon(t, result).map { done >= $0 } ?? false }
      count = Swift.min(count, bound(result))
      s = next
    }
  }
}

extension PhaseSearch.Result {
  /// Whether the task may run another bulk run; when its budget is spent,
  /// the result becomes incomplete.
  mutating func take() -> Bool {
    if stepsLeft > 0 { return true }
    incomplete = true
    return false
  }

  /// Charges a bulk run's single steps to the task.
  mutating func spend(_ r: BulkResult) {
    stepsLeft -= r.singleSteps
    if r.exhausted { incomplete = true }
  }
}

