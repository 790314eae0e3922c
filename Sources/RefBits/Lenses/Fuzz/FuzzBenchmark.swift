import Foundation

/// `refbits bench`: how fast the fuzz lens steps, and how long one bulk step
/// takes, per layout. Meaningful in a release build only.
public enum FuzzBenchmark {
  /// Single-step fuzzing throughput at one job count: the best of
  /// `runs` timed runs (the least disturbed by other work on the machine).
  struct Throughput: Sendable, Hashable, Codable {
    var jobs: Int
    var operations: Int
    var runs: Int
    /// The shortest run.
    var seconds: Double
    /// The slowest run.
    var slowestSeconds: Double
    var operationsPerSecond: Double

    /// The throughput of the shortest of `times`, which holds at least one
    /// time (every caller runs at least once).
    init(jobs: Int, operations: Int, runs: Int, times: [Double]) {
      self.jobs = jobs
      self.operations = operations
      self.runs = runs
      seconds = times.min()!
      slowestSeconds = times.max()!
      operationsPerSecond = Double(operations) / seconds
    }

    enum CodingKeys: String, CodingKey {
      case jobs, operations, runs, seconds
      case slowestSeconds = "slowest_seconds"
      case operationsPerSecond = "operations_per_second"
    }
  }

  /// One bulk call asked for 2^`countLog2` acquires of a kind from the
  /// initial state, stopping at the first event (``StopRule/events``).
  struct BulkTiming: Sendable, Hashable, Codable {
    var kind: String
    var countLog2: Int
    /// Steps completed before the first event (the whole count if none).
    var completed: BigInt
    /// The event that stopped it, if any.
    var stoppedBy: [Outcome]
    /// Median of several calls.
    var seconds: Double

    enum CodingKeys: String, CodingKey {
      case kind, completed, seconds
      case countLog2 = "count_log2"
      case stoppedBy = "stopped_by"
    }
  }

  struct LayoutResult: Sendable, Hashable, Codable {
    var layout: String
    /// `native` or `exact`.
    var engine: String
    var throughput: [Throughput]
    var bulk: [BulkTiming]

    init(layout: String, engine: String, throughput: [Throughput], bulk: [BulkTiming]) {
      self.layout = layout
      self.engine = engine
      self.throughput = throughput
      self.bulk = bulk
    }
  }

  /// A baseline measured outside the library (the C loop of the command line).
  struct Baseline: Sendable, Hashable, Codable {
    var layout: String
    var operations: Int
    /// Timed runs; the shortest counts, as for RefBits' throughput.
    var runs: Int
    var seconds: Double
    var slowestSeconds: Double
    var operationsPerSecond: Double
    /// Whether its outcome counts equal RefBits' on the same seed.
    var countsAgree: Bool
    /// RefBits (1 job) / C.
    var ratio: Double

    init(layout: String, operations: Int, runs: Int, seconds: Double, slowestSeconds: Double, operationsPerSecond: Double, countsAgree: Bool, ratio: Double) {
      self.layout = layout
      self.operations = operations
      self.runs = runs
      self.seconds = seconds
      self.slowestSeconds = slowestSeconds
      self.operationsPerSecond = operationsPerSecond
      self.countsAgree = countsAgree
      self.ratio = ratio
    }

    enum CodingKeys: String, CodingKey {
      case layout, operations, runs, seconds, ratio
      case slowestSeconds = "slowest_seconds"
      case operationsPerSecond = "operations_per_second"
      case countsAgree = "counts_agree"
    }
  }

  /// What `refbits bench` measured: per layout, throughput at each job
  /// count and the bulk timings, and the C baseline's comparison when one
  /// ran; ``BenchmarkRenderer`` prints it as text or JSON.
  public struct Document: Sendable, Hashable, Codable {
    var tool = "refbits"
    var version = RefBitsVersion.current
    var workload: String
    var cores: Int
    var layouts: [LayoutResult]
    var baseline: Baseline?

    init(workload: String, cores: Int, layouts: [LayoutResult], baseline: Baseline?) {
      self.workload = workload
      self.cores = cores
      self.layouts = layouts
      self.baseline = baseline
    }
  }

  /// Measures every layout: single-step throughput at each job count, and
  /// one bulk call of 2^31 and of 2^63 acquires. With a baseline loop whose
  /// layout is among them and 1 among the job counts, times the loop on the
  /// same operations and seed, and compares its counts with the 1-job run's
  /// (``countsAgree(_:_:)``). Built with `REFBITS_INTERNAL_CHECKS`, the
  /// loop's every step is also checked against the reference step.
  ///
  /// Every throughput and the baseline are timed `runs` times and the
  /// shortest run counts (load from other processes only ever slows a run
  /// down); with a baseline, RefBits' 1-job runs and the loop's alternate,
  /// so that a change of load during the measurement falls on both.
  ///
  /// - Throws: ``Diagnostics`` naming the layout whose initial state cannot
  ///   be built.
  public static func measure(_ layouts: [ResolvedInput<Layout>], workload: Workload, operations: Int, jobs: [Int], runs: Int = 1, baseline loop: (any BaselineLoop)? = nil) throws(Diagnostics) -> Document {
    let runs = Swift.max(1, runs)
    var results: [LayoutResult] = []
    var baseline: Baseline?
    for input in layouts {
      let layout = input.value
      do {
        var throughput: [Throughput] = []
        for j in jobs {
          if let loop, layout.name == loop.layout, layout.overriddenParameters.isEmpty, j == 1, baseline == nil {
            let (t, b) = try Self.againstBaseline(loop, layout: layout, workload: workload, operations: operations, runs: runs)
            throughput.append(t)
            baseline = b
          } else {
            throughput.append(try Self.throughput(layout: layout, workload: workload, operations: operations, jobs: j, runs: runs).0)
          }
        }
        let bulk = [try Self.bulk(layout: layout, log2: 31), try Self.bulk(layout: layout, log2: 63)]
        results.append(LayoutResult(layout: layout.name, engine: Self.engine(layout), throughput: throughput, bulk: bulk))
      } catch {
        throw Diagnostics([Diagnostic(file: input.argument, message: error.message, hint: error.hint)])
      }
    }
    return Document(workload: workload.name, cores: ProcessInfo.processInfo.activeProcessorCount, layouts: results, baseline: baseline)
  }

  /// RefBits' 1-job throughput and a baseline loop's on the same
  /// operations and seed, their runs alternating, and whether the loop's
  /// counts agree with RefBits'.
  static func againstBaseline(_ loop: some BaselineLoop, layout: Layout, workload: Workload, operations: Int, runs: Int) throws(InitialStateError) -> (Throughput, Baseline) {
    var mine: [Double] = [], theirs: [Double] = []
    var run: FuzzRun?
    var counts: BaselineLoopCounts?
    for _ in 0..<Swift.max(1, runs) {
      let (seconds, r) = try Self.time(layout: layout, workload: workload, operations: operations, jobs: 1)
      mine.append(seconds)
      run = r
      let c = r.campaign
      let start = DispatchTime.now().uptimeNanoseconds
      counts = loop.run(seed: c.seed, operations: c.operations, lifetime: c.workload.lifetime)
      theirs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    // At least one run: both are set.
    guard let run, let counts else { preconditionFailure("at least one run") }
    let c = run.campaign
    #if REFBITS_INTERNAL_CHECKS
    let discrepancy = try stepDiscrepancy(loop, layout: layout, seed: c.seed, operations: c.operations, lifetime: c.workload.lifetime)
    InternalChecks.verify(discrepancy)
    #endif
    let oneJob = Throughput(jobs: 1, operations: operations, runs: mine.count, times: mine)
    let best = theirs.min()!, rate = Double(c.operations) / best
    let baseline = Baseline(layout: layout.name, operations: c.operations, runs: theirs.count, seconds: best, slowestSeconds: theirs.max()!, operationsPerSecond: rate, countsAgree: countsAgree(counts, run), ratio: oneJob.operationsPerSecond / rate)
    return (oneJob, baseline)
  }

  /// Runs `operations` operations of `workload` on `layout` with `jobs` jobs
  /// `runs` times, and times each campaign (not the witnesses); the
  /// throughput of the shortest, and the last run.
  static func throughput(layout: Layout, workload: Workload, operations: Int, jobs: Int, runs: Int = 1, seed: UInt64 = 1) throws(InitialStateError) -> (Throughput, FuzzRun) {
    var times: [Double] = []
    var last: FuzzRun?
    for _ in 0..<max(1, runs) {
      let (seconds, run) = try time(layout: layout, workload: workload, operations: operations, jobs: jobs, seed: seed)
      times.append(seconds)
      last = run
    }
    return (Throughput(jobs: jobs, operations: operations, runs: times.count, times: times), last!)
  }

  /// One timed campaign.
  private static func time(layout: Layout, workload: Workload, operations: Int, jobs: Int, seed: UInt64 = 1) throws(InitialStateError) -> (Double, FuzzRun) {
    let c = FuzzCampaign(layout: layout, layoutArgument: layout.name, layoutDigest: "", workload: workload, workloadDigest: "", seed: seed, operations: operations, jobs: jobs)
    let start = DispatchTime.now().uptimeNanoseconds
    let run = try c.run()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, run)
  }

  /// Whether the layout runs on the native engine, and whether its flat
  /// steps are compiled (``ShippedFlatSteps/matching(_:)``: a layout whose
  /// records match no compiled steps reads them at run time, slower).
  static func engine(_ layout: Layout) -> String {
    guard let native = NativeMachine(Machine(layout)) else { return "exact" }
    return ShippedFlatSteps.matching(native) == nil ? "native" : "native+compiled"
  }

  /// Times one bulk call of 2^`log2` acquires of the first kind.
  static func bulk(layout: Layout, log2: Int, repeats: Int = 7) throws(InitialStateError) -> BulkTiming {
    let machine = Machine(layout)
    let initial = try machine.initialState()
    let op = Op(kind: 0, direction: .acquire, actor: 0)
    let count = BigInt.power(of2: log2)
    var times: [Double] = []
    var last: BulkResult?
    for _ in 0..<repeats {
      let start = DispatchTime.now().uptimeNanoseconds
      let r = machine.bulk(initial, op, count: count, stopOn: .events, singleStepBudget: 1 << 20)
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      last = r
    }
    times.sort()
    return BulkTiming(kind: layout.kinds[0].name, countLog2: log2, completed: last?.completed ?? 0, stoppedBy: last?.stop?.result.outcomes ?? [], seconds: times[times.count / 2])
  }
}
