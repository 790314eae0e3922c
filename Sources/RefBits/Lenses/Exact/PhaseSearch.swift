/// The exact lens's search for the first occurrence of each target outcome,
/// and what it searched exhaustively (see docs/exact-lens.md).
///
/// Two searches, whose results combine per target:
///
/// 1. **Every sequence up to a depth** (``BreadthFirstSearch``): all
///    orders of all operations, breadth first over states, as deep as a
///    budget of states allows. A target it meets has a proven shortest
///    witness; one it does not meet needs more operations than that depth
///    (``TargetResult/lowerBound``).
/// 2. **The phase class**: sequences `op1*n1, op2*n2, ...` of at most
///    ``maxPhases`` phases (one operation repeated each, consecutive phases
///    different), of any length up to ``phaseLimit`` each. A phase other
///    than the last ends right after a *crossing* of its run: a step after
///    which a condition that decides a step of any operation reads
///    differently (a `refuse`, a `trap`, a fixup's `when` read after that
///    operation's effects, a `freed` predicate's `when` or `means`), or a step that
///    produced an event (refused, trapped, saturated, spilled, a field
///    overflow changing such a condition, a free, a leak). Where a run
///    repeats periodically (bulk stepping jumps over the repeats), the first
///    two crossings of each kind (the second one period after the first). The first phase of a two-phase sequence may also be any
///    length up to ``smallLengths``. The last phase runs until the target.
///    Each phase is solved exactly by bulk stepping, whatever its length.
///
/// Operations are the acquires, releases and layout operations the caller
/// allows, all by one actor.
///
/// Why the crossings: between two crossings every operation takes the same
/// path through its conditions from every state the run reaches, so the
/// rest of a sequence sees only states that differ by a translation; where
/// the target then depends on how far into the stretch the phase ended, the
/// fewest operations are at one of its ends (docs/exact-lens.md argues
/// this for layouts whose effects are adds and whose conditions compare
/// sums with constants). It is an argument for the class, not a proof about
/// every sequence: only the breadth-first depth and the certificates of the
/// exact lens are proofs.
struct PhaseSearch: Sendable {
  var machine: Machine
  var start: State
  /// The operations a sequence may use.
  var ops: [Op]
  /// Phases per sequence, at most.
  var maxPhases = 3
  /// The longest phase considered (at any size: bulk stepping is exact).
  var phaseLimit: BigInt
  /// The first phase of a two-phase sequence also takes every length up to
  /// this.
  var smallLengths: Int
  /// Single steps one bulk run may take before giving up (a condition bulk
  /// stepping cannot solve).
  var singleStepBudget: Int
  /// The most phase runs (sweeps) the class search may make; past it the
  /// class is searched only for fewer phases (``Coverage/completePhases``).
  var sweepBudget = 3000
  /// The work the phase class may do, in single steps each weighted by one
  /// plus the layout's predicates (every step judges each of them): what
  /// keeps a layout at the size limits (``InputLimits``: 16 kinds and 16
  /// predicates) from searching for minutes. Spent, the class is searched
  /// only for fewer phases, as when ``sweepBudget`` is.
  static let workBudget = 1 << 21
  /// The most states the breadth-first search may visit.
  var stateBudget = 2000
  /// The deepest the breadth-first search goes.
  var maxDepth = 256
  /// What "shortest" means: fewest operations, or the least total weight
  /// (every candidate is then kept, and no bound prunes a sweep).
  var weights: [Op: Double]? = nil

  init(machine: Machine, start: State, ops: [Op], smallLengths: Int = 8, phaseLimit: BigInt? = nil, singleStepBudget: Int = 4096) {
    self.machine = machine
    self.start = start
    self.ops = ops
    self.smallLengths = smallLengths
    let bits = machine.layout.words.reduce(0) { $0 + $1.bits }
    self.phaseLimit = phaseLimit ?? BigInt.power(of2: bits + 2)
    self.singleStepBudget = singleStepBudget
  }

  /// Every acquire, every release and every operation, by actor 0.
  static func allOps(_ layout: Layout, actor: Int = 0) -> [Op] {
    layout.actions.map { Op($0, actor: actor) }
  }

  /// One sequence found for a target, and what its last step produced.
  public struct Found: Sendable, Hashable {
    var sequence: [Phase]
    var outcomes: [Outcome]
    var operations: BigInt { sequence.reduce(BigInt(0)) { $0 + $1.count } }

    init(sequence: [Phase], outcomes: [Outcome]) {
      self.sequence = sequence
      self.outcomes = outcomes
    }

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

    /// Single operations as phases (neighbours of one operation merged).
    init(ops: [Op], outcomes: [Outcome]) {
      var phases: [Phase] = []
      for op in ops {
        if let last = phases.last, last.op == op { phases[phases.count - 1].count += 1 } else { phases.append(Phase(op: op, count: 1)) }
      }
      self.init(sequence: phases, outcomes: outcomes)
    }
  }

  /// What the search says about one target.
  public struct TargetResult: Sendable {
    /// The sequence with the fewest operations found (then the fewest
    /// phases, then a fixed order): a replayable witness; nil if none.
    var best: Found?
    /// Every candidate found, for a weighted search (the caller ranks them).
    var candidates: [Found] = []
    /// No sequence of fewer operations produces the target: proved by the
    /// breadth-first search (the length it met the target at, or its depth
    /// plus one when it did not meet it).
    var lowerBound: BigInt
    /// Set when the breadth-first search expanded every reachable state and
    /// never met the target: it is unreachable (a proof by exhaustion).
    var unreachable = false

    /// Whether ``best`` is proved to be a shortest sequence (its length
    /// equals the lower bound).
    var provenShortest: Bool { best.map { $0.operations == lowerBound } ?? false }
  }

  /// What of the phase class was searched.
  public struct Coverage: Sendable, Hashable {
    /// Phases per sequence, at most.
    var maxPhases: Int
    /// Every sequence of the class of at most this many phases was examined
    /// (``maxPhases`` when the whole class was).
    var completePhases: Int
    /// The longest phase, and the first-phase lengths always tried.
    var phaseLimit: BigInt
    var smallLengths: Int
    /// Runs that spent their single-step budget (a condition bulk stepping
    /// could not solve): the class was not examined past them.
    var exhaustedRuns: Int
    /// Phase runs made, and the budget.
    var sweeps: Int
    var sweepBudget: Int
    /// Weighted single steps spent (``PhaseSearch/workBudget``).
    var work = 0

    /// Whether every sequence of the class was examined.
    var complete: Bool { completePhases == maxPhases && exhaustedRuns == 0 }
  }

  /// The outcome of a search.
  public struct Result: Sendable {
    var targets: [OutcomePattern: TargetResult]
    /// Every sequence of at most this many operations (any order of the
    /// search's operations) was examined by the breadth-first search.
    var exhaustiveDepth: Int
    /// Set when the breadth-first search expanded every reachable state: a
    /// target it did not meet is unreachable.
    var exhaustedStates: Bool
    /// What of the phase class was searched.
    var coverage: Coverage
    /// How many times a run jumped over repeats of a stretch of its steps.
    var segmentJumps = 0
    /// Targets settled between the two searches (see
    /// ``PhaseSearch/run(targets:settle:)``): the class search did not look
    /// for them.
    var settled: Set<OutcomePattern> = []

    /// The best sequence found for a target.
    func shortest(_ target: OutcomePattern) -> Found? { targets[target]?.best }

    /// Every candidate found for a target.
    func candidates(_ target: OutcomePattern) -> [Found] { targets[target]?.candidates ?? [] }

    /// Whether some part of the class was not examined.
    var incomplete: Bool { !coverage.complete }

    /// Offers a sequence for a target; keeps the better (or, weighted, all).
    mutating func offer(_ t: OutcomePattern, _ f: Found, keepAll: Bool) {
      var r = targets[t]!
      if keepAll, !r.candidates.contains(f) { r.candidates.append(f) }
      if r.best.map({ Found.precedes(f, $0) }) ?? true { r.best = f }
      targets[t] = r
    }
  }

  /// A prefix of phases the class search may extend.
  struct Node: Sendable {
    var state: State
    var used: BigInt
    var phases: [Phase]
    /// Extended only by a last phase (a small first phase).
    var lastOnly: Bool
  }

  /// Searches for the first occurrence of each target.
  ///
  /// Between the two searches, `settle` is given the targets the
  /// breadth-first search did not meet and returns those settled otherwise
  /// (proved impossible by a checked certificate): the class search does
  /// not look for them (``Result/settled``). A target no sequence produces
  /// is what keeps every phase running to ``phaseLimit``, so this is where
  /// most of the class search's work goes when a layout has one.
  ///
  /// - Complexity: the breadth-first search takes O(``stateBudget`` × ops)
  ///   steps; the class search at most ``sweepBudget`` phase runs, each
  ///   O(crossings) bulk runs, each independent of the phase's length for
  ///   layouts bulk stepping solves (see
  ///   ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)``).
  ///
  /// The runs of one level of phases go in parallel batches; results merge
  /// in a fixed order under a total order (``Found/precedes(_:_:)``), so the
  /// answer is the same whatever the scheduling.
  func run(targets requested: [OutcomePattern], settle: ([OutcomePattern]) -> Set<OutcomePattern> = { _ in [] }) -> Result {
    var targets: [OutcomePattern] = []
    for t in requested where !targets.contains(t) { targets.append(t) }
    let keepAll = weights != nil
    let bfs = BreadthFirstSearch(machine: machine, start: start, ops: ops, stateBudget: stateBudget, maxDepth: maxDepth).run(targets: targets)
    var result = Result(
      targets: Dictionary(uniqueKeysWithValues: targets.map { ($0, TargetResult(lowerBound: BigInt(bfs.depth + 1), unreachable: bfs.exhaustedStates)) }),
      exhaustiveDepth: bfs.depth, exhaustedStates: bfs.exhaustedStates,
      coverage: Coverage(maxPhases: maxPhases, completePhases: 0, phaseLimit: phaseLimit, smallLengths: smallLengths, exhaustedRuns: 0, sweeps: 0, sweepBudget: sweepBudget))
    for (t, f) in bfs.found {
      result.targets[t]!.lowerBound = BigInt(f.ops.count)
      result.targets[t]!.unreachable = false
      result.offer(t, Found(ops: f.ops, outcomes: f.outcomes), keepAll: keepAll)
    }
    result.settled = settle(targets.filter { result.targets[$0]!.best == nil })
    // Checked builds still look for settled targets, and fail if one is
    // found: a certificate the checker accepted for a reachable outcome.
    #if REFBITS_INTERNAL_CHECKS
    let lookForSettled = true
    defer {
      for t in result.settled where result.targets[t]!.best != nil {
        InternalChecks.verify("\(t) was settled (proved impossible) but the phase class found \(result.targets[t]!.best!.sequence)")
      }
    }
    #else
    let lookForSettled = false
    #endif
    // A target whose shortest witness is proved needs no more search, and a
    // target the breadth-first search proved unreachable, or one settled,
    // needs none at all.
    func open(_ r: Result) -> [OutcomePattern] {
      targets.filter { t in
        let tr = r.targets[t]!
        return !tr.unreachable && (lookForSettled || !r.settled.contains(t)) && (keepAll || !tr.provenShortest)
      }
    }
    let watch = Watch(machine: machine, ops: ops, deciding: true)
    var level = [Node(state: start, used: 0, phases: [], lastOnly: false)]
    var seen: [State: BigInt] = [start: 0]
    for depth in 0..<maxPhases {
      let targetsOpen = open(result)
      if targetsOpen.isEmpty || level.isEmpty {
        result.coverage.completePhases = maxPhases
        break
      }
      let last = depth + 1 == maxPhases
      var next: [Node] = []
      var pairs: [(Node, Op)] = []
      for node in level.sorted(by: { $0.used < $1.used }) {
        for op in ops where op != node.phases.last?.op { pairs.append((node, op)) }
      }
      var budgetSpent = false
      var i = 0
      let batch = 8
      while i < pairs.count {
        let remaining = sweepBudget - result.coverage.sweeps
        if remaining <= 0 || result.coverage.work > Self.workBudget {
          budgetSpent = true
          break
        }
        let chunk = Array(pairs[i..<Swift.min(pairs.count, i + Swift.min(batch, remaining))])
        i += chunk.count
        let snapshot = result
        let now = open(result)
        let outcomes = ParallelMap.map(chunk) { node, op in
          sweep(node, op, targets: now, snapshot: snapshot, watch: (last || node.lastOnly) ? nil : watch, smallChildren: depth == 0 && !last)
        }
        for o in outcomes {
          result.coverage.sweeps += 1
          result.coverage.work += o.singleSteps * (1 + machine.layout.predicates.count)
          result.segmentJumps += o.segmentJumps
          if o.exhausted { result.coverage.exhaustedRuns += 1 }
          for (t, f) in o.found { result.offer(t, f, keepAll: keepAll) }
          for child in o.children where seen[child.state].map({ child.used < $0 }) ?? true {
            seen[child.state] = child.used
            next.append(child)
          }
        }
      }
      if budgetSpent { break }
      result.coverage.completePhases = depth + 1
      level = next
    }
    return result
  }

  /// What one phase run found.
  struct SweepOutcome: Sendable {
    var found: [(OutcomePattern, Found)] = []
    var children: [Node] = []
    var exhausted = false
    /// Single steps its bulk runs took.
    var singleSteps = 0
    var segmentJumps = 0
  }

  /// Runs `op` from `node` and records, for every open target, the first
  /// step at which it occurs; with a `watch`, the states right after each
  /// crossing as prefixes for further phases (and, with `smallChildren`, the
  /// states after each of the first ``smallLengths`` steps, extended by a
  /// last phase only). A trap ends the run (the process is gone), and so
  /// does a release of a reference not held or an acquire that would bring
  /// back a dead object.
  func sweep(_ node: Node, _ op: Op, targets open: [OutcomePattern], snapshot: Result, watch: Watch?, smallChildren: Bool) -> SweepOutcome {
    var out = SweepOutcome()
    let used = node.used
    var remaining = open.filter { mayOccur($0, in: op, from: node.state, count: phaseLimit) }
    var best: [OutcomePattern: BigInt] = [:]
    for t in open { if let b = snapshot.shortest(t) { best[t] = b.operations } }
    // Steps this run may take and still tie the best found for a target.
    func horizon(_ t: OutcomePattern) -> BigInt? { weights == nil ? best[t].map { $0 - used } : nil }
    // Prefixes for further phases matter as far as any open target could
    // still improve; targets are looked for as far as each could.
    func bound() -> BigInt {
      var b: BigInt = 0
      for t in (watch == nil ? remaining : open) {
        guard let h = horizon(t) else { return phaseLimit }
        b = Swift.max(b, h)
      }
      return b
    }
    var count = Swift.min(phaseLimit, bound())
    guard count.signum > 0 else { return out }
    if smallChildren, watch != nil {
      var s = node.state
      for n in 1...Swift.max(1, smallLengths) where BigInt(n) < count {
        guard let r = try? machine.step(s, op), !r.outcomes.contains(.trapped) else { break }
        s = r.state
        out.children.append(Node(state: s, used: used + BigInt(n), phases: node.phases + [Phase(op: op, count: BigInt(n))], lastOnly: true))
      }
    }
    var s = node.state
    var done: BigInt = 0
    func child(_ state: State, at n: BigInt) {
      out.children.append(Node(state: state, used: used + n, phases: node.phases + [Phase(op: op, count: n)], lastOnly: false))
    }
    while done < count, !remaining.isEmpty || watch != nil {
      let open = remaining
      let rule = StopRule { o in o == .trapped || open.contains { $0.matches(o) } }
      let r = machine.bulk(s, op, count: count - done, stopOn: rule, singleStepBudget: singleStepBudget, creating: false, watch: watch, tallying: false)
      out.segmentJumps += r.segmentJumps
      out.singleSteps += r.singleSteps
      for c in r.crossings { child(c.after, at: done + c.step) }
      if r.exhausted { out.exhausted = true }
      guard r.failure == nil, !r.exhausted, let stop = r.stop else { return out }
      done += r.completed + 1
      let found = Found(sequence: node.phases + [Phase(op: op, count: done)], outcomes: stop.result.outcomes)
      remaining.removeAll { t in
        guard stop.result.outcomes.contains(where: t.matches) else { return false }
        out.found.append((t, found))
        if best[t].map({ used + done < $0 }) ?? true { best[t] = used + done }
        return true
      }
      if stop.result.outcomes.contains(.trapped) { return out }
      if watch != nil { child(stop.result.state, at: done) }
      s = stop.result.state
      remaining.removeAll { t in horizon(t).map { done >= $0 } ?? false }
      count = Swift.min(count, bound())
    }
    return out
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

  /// Whether `target` can still start during a run of `op` from `state` of at
  /// most `count` steps, judging by the truth and the operation alone: a lie
  /// needs its predicate's `means` to hold (false negative) or not (false
  /// positive); a free happens on a release only.
  func mayOccur(_ target: OutcomePattern, in op: Op, from state: State, count: BigInt) -> Bool {
    if target.category == .prematureFree && !op.isRelease { return false }
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
}

extension PhaseSearch.Result {
  /// The searched class in words, with what was and was not searched
  /// (every rendering of an analysis or an attack prints it).
  func classDescription(ops: String) -> String {
    let c = coverage
    var parts = [
      "\(ops): "
        + (exhaustedStates
          ? "every sequence of any length (breadth first, all \(exhaustiveDepth) levels of reachable states expanded)"
          : "every sequence of at most \(exhaustiveDepth) operations (breadth first: a shorter witness is proved shortest)")
        + ", and the phase class: at most \(c.maxPhases) phases op*n of at most \((c.phaseLimit.signum > 0 && (c.phaseLimit & (c.phaseLimit - 1)).isZero) ? "2^\(c.phaseLimit.bitWidth - 1)" : c.phaseLimit.description) operations each, every phase but the last ending right after a step at which a condition deciding some operation's step changes value or an event happens (in a periodic run, the first two of each kind), or a first phase of at most \(c.smallLengths) operations before a last one"
    ]
    if c.completePhases < c.maxPhases {
      parts.append("searched completely for sequences of at most \(c.completePhases) phases only (its budget of \(c.sweepBudget) phase runs or of \(PhaseSearch.workBudget) weighted single steps was spent)")
    }
    if !settled.isEmpty {
      parts.append("not looked for in the phase class, having been proved impossible first: \(settled.map(\.description).sorted().joined(separator: ", "))")
    }
    if c.exhaustedRuns > 0 {
      parts.append("\(c.exhaustedRuns) phase runs gave up (a condition bulk stepping cannot solve)")
    }
    parts.append("shortest = fewest operations, proved where the breadth-first search reached it, otherwise the shortest found in the class")
    return parts.joined(separator: "; ")
  }
}
