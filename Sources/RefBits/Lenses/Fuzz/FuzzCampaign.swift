import Dispatch
import Foundation
import Synchronization

/// One fuzzing campaign: a layout, a workload, a seed and a number of
/// operations, split into object lifetimes.
///
/// The work is lifetimes `0..<lifetimeCount`; lifetime `i` draws from
/// `FuzzRandom(seed: seed, stream: i)`, so the result does not depend on how
/// the lifetimes are spread over jobs (``jobs``) or machines (``shard``):
/// each job runs chunks of consecutive lifetimes and the chunk tallies are
/// appended in lifetime order (``FuzzTally/append(_:)``).
public struct FuzzCampaign: Sendable {
  var layout: Layout
  /// How the layout was named (a shipped name or a path), for replay.
  public var layoutArgument: String
  var layoutDigest: String
  var workload: Workload
  var workloadDigest: String
  var seed: UInt64
  /// Operations in the whole campaign (all shards).
  public var operations: Int
  /// This run's part, or nil for all.
  public var shard: FuzzShard?
  var jobs: Int
  /// Stop after this many seconds, keeping the lifetimes finished.
  public var timeLimit: Double?
  /// Use the exact machine even where the native engine could run.
  public var exactOnly: Bool
  /// Single steps one burst may take before it is cut short (a condition
  /// that is not linear makes bulk stepping go one step at a time).
  var burstBudget = Machine.fuzzBurstSingleStepBudget
  /// Whether the native engine takes its shortcuts: flat steps
  /// (``FlatStep``) and fused single-step lifetimes
  /// (``FuzzEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``).
  /// Off only in tests that compare them with the general paths: the results
  /// are the same.
  var shortcuts = true

  /// A campaign of `operations` operations of `workload` on `layout` with
  /// the random numbers of `seed`.
  ///
  /// - Parameters:
  ///   - layoutArgument: how the layout was named (a shipped name or a
  ///     path), recorded for replay.
  ///   - layoutDigest: the layout file's digest (``ResolvedInput/digest``),
  ///     recorded in the result and its witnesses so that a replay can tell
  ///     a changed file.
  ///   - workloadDigest: the workload file's digest, likewise.
  ///   - shard: this run's part of the lifetimes; nil runs them all.
  ///   - jobs: threads that run lifetimes; the result does not depend on it.
  ///   - timeLimit: seconds after which the campaign stops, keeping the
  ///     lifetimes finished.
  ///   - exactOnly: use the exact machine even where the native engine
  ///     could run.
  ///
  /// - Complexity: O(1); the work is in ``run(control:progress:)``.
  public init(layout: Layout, layoutArgument: String, layoutDigest: String, workload: Workload, workloadDigest: String, seed: UInt64, operations: Int, shard: FuzzShard? = nil, jobs: Int = 1, timeLimit: Double? = nil, exactOnly: Bool = false) {
    self.layout = layout
    self.layoutArgument = layoutArgument
    self.layoutDigest = layoutDigest
    self.workload = workload
    self.workloadDigest = workloadDigest
    self.seed = seed
    self.operations = operations
    self.shard = shard
    self.jobs = jobs
    self.timeLimit = timeLimit
    self.exactOnly = exactOnly
  }

  /// Lifetimes in the whole campaign.
  var lifetimeCount: Int {
    let l = workload.lifetime
    return operations / l + (operations % l == 0 ? 0 : 1)
  }

  /// Operations of lifetime `i`.
  public func operations(ofLifetime i: Int) -> Int {
    // i < lifetimeCount, so i * lifetime <= operations: no overflow.
    min(workload.lifetime, operations - i * workload.lifetime)
  }

  /// The lifetimes this run covers.
  var lifetimeRange: Range<Int> {
    guard let shard else { return 0..<lifetimeCount }
    let n = Int128(lifetimeCount)
    return Int(n * Int128(shard.index) / Int128(shard.count))..<Int(n * Int128(shard.index + 1) / Int128(shard.count))
  }

  /// Operations this run covers: whole lifetimes, but the campaign's last,
  /// which may be shorter.
  ///
  /// - Complexity: O(1).
  var operationsInRange: Int {
    let range = lifetimeRange
    guard let last = range.last else { return 0 }
    return (range.count - 1) * workload.lifetime + operations(ofLifetime: last)
  }

  /// What one job needs: the machine, the outcome table and the start state.
  struct Prepared: Sendable {
    let machine: Machine
    let native: NativeMachine?
    let table: OutcomeTable
    let initial: State
    let bound: BoundWorkload
    let burstBudget: Int
    /// ``FuzzCampaign/shortcuts``.
    var shortcuts = true

    /// The flat steps compiled for the layout's records, if any
    /// (``ShippedFlatSteps/matching(_:)``; only with ``shortcuts``).
    var compiledSteps: (any CompiledFlatSteps.Type)? = nil

    /// A native engine for one job or one replay.
    func nativeEngine(_ native: NativeMachine) -> NativeEngine {
      var engine = NativeEngine(native: native, initial: initial, actors: bound.actorCount, burstBudget: burstBudget, flatSteps: shortcuts)
      engine.compiledSteps = compiledSteps
      return engine
    }

    /// An exact engine for one job or one replay.
    func exactEngine() -> ExactEngine {
      ExactEngine(machine: machine, table: table, initial: initial, burstBudget: burstBudget)
    }
  }

  func prepare() throws(InitialStateError) -> Prepared {
    let machine = Machine(layout)
    let native = exactOnly ? nil : NativeMachine(machine)
    return Prepared(
      machine: machine, native: native, table: native?.outcomes ?? OutcomeTable(layout), initial: try machine.initialState(),
      bound: BoundWorkload(workload, layout: layout), burstBudget: burstBudget, shortcuts: shortcuts,
      compiledSteps: shortcuts ? native.flatMap(ShippedFlatSteps.matching) : nil)
  }

  /// One job: takes chunks of lifetimes until none is left or a stop is asked.
  func work<E: FuzzEngine & ~Copyable>(engine: consuming E, prepared: Prepared, range: Range<Int>, perChunk: Int, chunkCount: Int, board: JobBoard, control: FuzzControl) {
    var driver = WorkloadDriver(workload: prepared.bound, engine: engine, fusing: prepared.shortcuts)
    while !control.shouldStop {
      let c = board.next.add(1, ordering: .relaxed).oldValue
      guard c < chunkCount else { break }
      let first = range.lowerBound + c * perChunk
      let last = min(range.upperBound, first + perChunk)
      var recorder = OutcomeRecorder(table: prepared.table)
      var finished = true
      for i in first..<last {
        let ops = operations(ofLifetime: i)
        guard driver.run(lifetime: i, operations: ops, seed: seed, recorder: &recorder, stop: { control.shouldStop }) else {
          finished = false
          break
        }
        control.done.add(ops, ordering: .relaxed)
      }
      if finished { board.finished(c, recorder.tally(firstLifetime: first)) }
    }
  }

  /// Runs the campaign.
  ///
  /// - Parameters:
  ///   - control: to stop it early (Ctrl-C) and watch its progress.
  ///   - progress: called about four times a second from the calling thread
  ///     while the jobs run.
  /// - Complexity: O(operations) steps, plus, per burst, O(fields ×
  ///   conditions) for layouts whose conditions are linear.
  public func run(control: FuzzControl = FuzzControl(), progress: ((FuzzProgress) -> Void)? = nil) throws(InitialStateError) -> FuzzRun {
    let prepared = try prepare()
    let range = lifetimeRange
    // Chunks of about 2^13 operations: small enough to balance two jobs
    // when a few lifetimes cost far more than the rest (a flood whose bursts
    // carry through every field), and to stop promptly; large enough to
    // amortize the tally. The result does not depend on them.
    let perChunk = max(1, (1 << 13) / workload.lifetime)
    let chunkCount = (range.count + perChunk - 1) / perChunk
    let board = JobBoard(chunks: chunkCount, firstLifetime: range.lowerBound)
    let start = Date()
    let campaign = self
    let group = DispatchGroup()
    for _ in 0..<max(1, min(jobs, max(1, chunkCount))) {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        // Concrete engine types, so that the generic job is specialized.
        // Each engine copies the native machine into buffers of its own, so
        // reference counting never bounces between cores.
        if let native = prepared.native {
          campaign.work(engine: prepared.nativeEngine(native), prepared: prepared, range: range, perChunk: perChunk, chunkCount: chunkCount, board: board, control: control)
        } else {
          campaign.work(engine: prepared.exactEngine(), prepared: prepared, range: range, perChunk: perChunk, chunkCount: chunkCount, board: board, control: control)
        }
      }
    }
    let total = operationsInRange
    // Wakes four times a second, and at the time limit itself, so that the
    // stop is asked for when the limit runs out, not up to 0.25 s later.
    let deadline = timeLimit.map { DispatchTime.now() + $0 }
    while group.wait(timeout: min(.now() + 0.25, deadline ?? .distantFuture)) == .timedOut {
      let elapsed = Date().timeIntervalSince(start)
      if let timeLimit, elapsed >= timeLimit { control.stop(.timeLimit) }
      progress?(FuzzProgress(operationsDone: control.operationsDone, operationsTotal: total, elapsed: elapsed))
    }
    // The longest run of finished chunks from the start: exactly a shorter campaign.
    let (tally, complete) = board.result
    return FuzzRun(
      campaign: self, tally: tally, complete: complete, stopReason: complete ? nil : control.stopReason, elapsed: Date().timeIntervalSince(start),
      prepared: prepared, control: control, deadline: timeLimit.map { start.addingTimeInterval($0) })
  }

  /// Runs the campaign and shrinks its witnesses: what `refbits fuzz`
  /// prints for one layout.
  ///
  /// - Throws: ``Diagnostics`` naming `file` (the layout as given) when the
  ///   layout's initial state cannot be built.
  public func result(file: String, control: FuzzControl = FuzzControl(), progress: ((FuzzProgress) -> Void)? = nil) throws(Diagnostics) -> FuzzResult {
    do {
      return try run(control: control, progress: progress).result()
    } catch {
      throw Diagnostics([Diagnostic(file: file, message: error.message, hint: error.hint)])
    }
  }
}
