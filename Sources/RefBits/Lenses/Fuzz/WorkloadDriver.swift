/// Plays a workload's actors against an engine, one object lifetime at a
/// time.
///
/// Lifetime `i` of a campaign draws from `FuzzRandom(seed:, stream: i)` and
/// starts from the layout's initial state, so it runs the same wherever and
/// whenever it runs. At each operation an actor is drawn by weight; with its
/// `acquire` chance it draws a kind or a layout operation by weight and
/// acquires (a burst of the kind, in one bulk step, held for a drawn number
/// of operations) or performs the operation (one step), and otherwise
/// releases its grant that has been held long enough, earliest due first (a
/// whole grant in one bulk step). An actor with nothing to release acquires.
///
/// An acquire that would bring back a dead object (``Machine/revives(_:_:)``)
/// is skipped: the operation is drawn, nothing runs.
///
/// An actor whose holds are all 0 operations releases its grants in the
/// order it took them (each is due when taken, and due times and sequence
/// numbers only grow), so its grants sit in a FIFO queue (``GrantQueues``)
/// instead of a heap: the same order, in O(1).
///
/// Noncopyable: it owns its engine and its grant buffers.
struct WorkloadDriver<Engine: FuzzEngine & ~Copyable>: ~Copyable {
  let workload: BoundWorkload
  var engine: Engine
  var heaps: GrantHeaps
  var queues: GrantQueues
  /// Grants larger than a UInt64, by sequence number.
  var bigGrants: [Int64: BigInt] = [:]
  var sequence: Int64 = 0
  /// When set, every operation run is appended, as a phase (to rebuild the
  /// witness of an outcome).
  var log: [Phase]?
  /// The actors' hot fields, flat.
  let fast: [FastActor]
  let actorThresholds: [UInt64]
  /// All actors' choices (acquires of their kinds, then their operations)
  /// and choice thresholds, flat; `fast[i].kinds` is a range.
  let kinds: [Op.Action]
  let kindThresholds: [UInt64]
  /// The same tables when every actor takes single steps and holds
  /// nothing: the engine may then run a lifetime in one fused loop
  /// (``FuzzEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``).
  let singleSteps: SingleStepWorkload?

  struct FastActor {
    var number: Int
    var acquireThreshold: UInt64
    var kinds: Range<Int>
    var singleBursts: Bool
    var zeroHold: Bool
  }

  /// A driver of `workload` on `engine`; with `fusing` false, it never asks
  /// the engine to fuse a lifetime (for tests comparing the two).
  init(workload: BoundWorkload, engine: consuming Engine, fusing: Bool = true) {
    self.workload = workload
    self.engine = engine
    heaps = GrantHeaps(actors: workload.actorCount)
    queues = GrantQueues(actors: workload.actorCount)
    var fast: [FastActor] = []
    var kinds: [Op.Action] = []
    var thresholds: [UInt64] = []
    for a in workload.actors {
      let choices = a.kinds.map { Op.Action.acquire(kind: $0) } + a.operations.map { Op.Action.perform(operation: $0) }
      fast.append(FastActor(number: a.number, acquireThreshold: a.acquireThreshold, kinds: kinds.count..<(kinds.count + choices.count), singleBursts: a.singleBursts, zeroHold: a.zeroHold))
      kinds += choices
      thresholds += a.kindThresholds
    }
    self.fast = fast
    self.kinds = kinds
    kindThresholds = thresholds
    actorThresholds = workload.actorThresholds
    // The fused loop counts the thresholds a draw reaches, which is
    // ``pick(_:_:_:)``'s answer when they do not decrease (cumulative
    // weights; only weights built in code that are not numbers break that).
    let rising = Self.rising(workload.actorThresholds) && fast.allSatisfy { Self.rising(thresholds[$0.kinds]) }
    singleSteps = fusing && rising && fast.allSatisfy { $0.singleBursts && $0.zeroHold }
      ? SingleStepWorkload(
        actorThresholds: actorThresholds,
        actors: fast.map { SingleStepWorkload.Actor(number: $0.number, acquireThreshold: $0.acquireThreshold, choices: $0.kinds) },
        choiceThresholds: thresholds, choices: kinds)
      : nil
  }

  /// Whether thresholds `t` never decrease.
  static func rising(_ t: some Collection<UInt64>) -> Bool {
    zip(t, t.dropFirst()).allSatisfy { $0 <= $1 }
  }

  /// Index of the entry of `t[range]` whose threshold range holds `r`.
  @inline(__always)
  static func pick(_ t: UnsafeBufferPointer<UInt64>, _ range: Range<Int>, _ r: UInt64) -> Int {
    var i = range.lowerBound
    while i < range.upperBound - 1 && r >= t[i] { i += 1 }
    return i
  }

  /// Runs lifetime `index` of `operations` operations. Returns false if
  /// `stop` said to stop before the end.
  mutating func run(lifetime index: Int, operations: Int, seed: UInt64, recorder: inout OutcomeRecorder, stop: @escaping () -> Bool = { false }) -> Bool {
    engine.reset()
    heaps.removeAll()
    queues.removeAll()
    bigGrants.removeAll()
    sequence = 0
    if log != nil { log = [] }
    recorder.beginLifetime(index)
    guard !fast.isEmpty else {
      recorder.endLifetime()
      return true
    }
    var rng = FuzzRandom(seed: seed, stream: UInt64(index))
    recorder.stop = stop
    defer { recorder.stop = nil }
    engine.beginCounting(&recorder)
    defer { engine.endCounting(&recorder) }
    // Witnesses are rebuilt from the log, which only this loop keeps.
    if log == nil, let w = singleSteps, let completed = engine.singleStepLifetime(w, operations: operations, rng: &rng, queues: &queues, recorder: &recorder, stop: stop) {
      guard completed else { return false }
      engine.endCounting(&recorder)
      recorder.endLifetime()
      return true
    }
    let completed = fast.withUnsafeBufferPointer { fast in
      actorThresholds.withUnsafeBufferPointer { actorThresholds in
        kindThresholds.withUnsafeBufferPointer { kindThresholds in
          kinds.withUnsafeBufferPointer { kinds in
            runLoop(operations: operations, rng: &rng, recorder: &recorder, stop: stop, fast: fast, actorThresholds: actorThresholds, kindThresholds: kindThresholds, kinds: kinds)
          }
        }
      }
    }
    guard completed else { return false }
    engine.endCounting(&recorder)
    recorder.endLifetime()
    return true
  }

  @inline(__always)
  mutating func runLoop(operations: Int, rng: inout FuzzRandom, recorder: inout OutcomeRecorder, stop: () -> Bool, fast: UnsafeBufferPointer<FastActor>, actorThresholds: UnsafeBufferPointer<UInt64>, kindThresholds: UnsafeBufferPointer<UInt64>, kinds: UnsafeBufferPointer<Op.Action>) -> Bool {
    for t in 0..<operations {
      // A stop is asked for every 1024 single steps, and after every burst
      // (up to ``Machine/fuzzBurstSingleStepBudget`` steps each), so that
      // Ctrl-C is prompt whatever the workload.
      if t & 1023 == 1023, stop() { return false }
      let i = Self.pick(actorThresholds, 0..<actorThresholds.count, rng.next() >> 11)
      let actor = fast[i]
      let a = actor.number
      if (rng.next() >> 11) >= actor.acquireThreshold, let g = top(a, fifo: actor.zeroHold), g.due <= Int64(t) {
        release(g, actor: a, fifo: actor.zeroHold, recorder: &recorder)
        if g.count != 1, stop() { return false }
        continue
      }
      let choice = kinds[Self.pick(kindThresholds, actor.kinds, rng.next() >> 11)]
      let op = Op(choice, actor: a)
      guard case .acquire(let k) = choice else {
        // A layout operation: one step, nothing held.
        log?.append(Phase(op: op, count: 1))
        _ = engine.countedStep(op, recorder: &recorder)
        recorder.endSingleOperation()
        continue
      }
      // No caller takes a reference on a dead object it would bring back.
      guard engine.admits(op) else { continue }
      if actor.singleBursts && actor.zeroHold {
        log?.append(Phase(op: op, count: 1))
        let applied = engine.countedStep(op, recorder: &recorder)
        recorder.endSingleOperation()
        if applied { queues.push(GrantHeaps.Grant(due: Int64(t), sequence: sequence, kind: Int32(k), count: 1), actor: a) }
        sequence += 1
        continue
      }
      if acquire(op, kind: k, at: t, bound: workload.actors[i], rng: &rng, recorder: &recorder), stop() { return false }
    }
    return true
  }

  /// An acquire with a drawn hold time and burst size; whether it was a
  /// burst (more than one step).
  @discardableResult
  mutating func acquire(_ op: Op, kind k: Int, at t: Int, bound: BoundWorkload.BoundActor, rng: inout FuzzRandom, recorder: inout OutcomeRecorder) -> Bool {
    let hold: Int64
    if bound.zeroHold {
      hold = 0
    } else if let h = bound.hold {
      hold = h.sample(&rng).int64 ?? Int64.max / 4
    } else {
      hold = Int64.max / 2
    }
    let due = hold >= Int64.max / 4 ? Int64.max : Int64(t) + hold
    let n: BigInt = bound.singleBursts ? 1 : bound.burst.sample(&rng)
    log?.append(Phase(op: op, count: n))
    var applied: BigInt
    if n == 1 {
      applied = engine.countedStep(op, recorder: &recorder) ? 1 : 0
      recorder.endSingleOperation()
    } else {
      let r = engine.burst(op, count: n, recorder: &recorder)
      applied = r.applied
      recorder.endOperation(steps: r.steps)
    }
    if applied.signum > 0 {
      var g = GrantHeaps.Grant(due: due, sequence: sequence, kind: Int32(k), count: 0)
      if let c = applied.int64, c < Int64.max { g.count = UInt64(c) } else {
        g.count = .max
        bigGrants[g.sequence] = applied
      }
      if bound.zeroHold { queues.push(g, actor: op.actor) } else { heaps.push(g, actor: op.actor) }
    }
    sequence += 1
    return n != 1
  }

  /// The grant of actor `a` due first, if any.
  @inline(__always)
  func top(_ a: Int, fifo: Bool) -> GrantHeaps.Grant? { fifo ? queues.top(a) : heaps.top(a) }

  @inline(__always)
  mutating func popTop(_ a: Int, fifo: Bool) {
    if fifo { queues.popTop(actor: a) } else { heaps.popTop(actor: a) }
  }

  @inline(__always)
  mutating func setTopCount(_ a: Int, _ c: UInt64, fifo: Bool) {
    if fifo { queues.setTopCount(a, c) } else { heaps.setTopCount(a, c) }
  }

  /// Releases grant `g` (the top of the actor's heap) in full; what is not
  /// released (a refused release) stays held.
  @inline(__always)
  mutating func release(_ g: GrantHeaps.Grant, actor a: Int, fifo: Bool, recorder: inout OutcomeRecorder) {
    let op = Op(kind: Int(g.kind), direction: .release, actor: a)
    if g.count == 1 {
      log?.append(Phase(op: op, count: 1))
      let applied = engine.countedStep(op, recorder: &recorder)
      recorder.endSingleOperation()
      if applied { popTop(a, fifo: fifo) }
      return
    }
    releaseInBulk(g, actor: a, fifo: fifo, recorder: &recorder)
  }

  /// ``release(_:actor:fifo:recorder:)`` of a grant of more than one
  /// reference: one burst.
  @inline(never)
  mutating func releaseInBulk(_ g: GrantHeaps.Grant, actor a: Int, fifo: Bool, recorder: inout OutcomeRecorder) {
    let op = Op(kind: Int(g.kind), direction: .release, actor: a)
    // A grant's count is `.max` exactly when `bigGrants` holds it (see
    // ``acquire(_:at:bound:rng:recorder:)`` and below).
    let count = g.count == .max ? bigGrants[g.sequence] ?? BigInt(g.count) : BigInt(g.count)
    log?.append(Phase(op: op, count: count))
    let r = engine.burst(op, count: count, recorder: &recorder)
    recorder.endOperation(steps: r.steps)
    let left = count - r.applied
    if left.isZero {
      bigGrants[g.sequence] = nil
      popTop(a, fifo: fifo)
    } else if let c = left.int64, c < Int64.max {
      bigGrants[g.sequence] = nil
      setTopCount(a, UInt64(c), fifo: fifo)
    } else {
      bigGrants[g.sequence] = left
      setTopCount(a, .max, fifo: fifo)
    }
  }
}
