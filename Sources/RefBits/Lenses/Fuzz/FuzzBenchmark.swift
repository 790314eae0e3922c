import Foundation

/// `refbits bench`: how fast the fuzz lens steps, and how long one bulk step
/// takes, per layout. Meaningful in a release build only.
public enum FuzzBenchmark {
  /// Single-step fuzzing throughput at one job count.
  struct Throughput: Sendable, Hashable, Codable {
    var jobs: Int
    var operations: Int
    var seconds: Double
    var operationsPerSecond: Double

    enum CodingKeys: String, CodingKey {
      case jobs, operations, seconds
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
    var seconds: Double
    var operationsPerSecond: Double
    /// Whether its outcome counts equal RefBits' on the same seed.
    var countsAgree: Bool
    /// RefBits (1 job) / C.
    var ratio: Double

    init(layout: String, operations: Int, seconds: Double, operationsPerSecond: Double, countsAgree: Bool, ratio: Double) {
      self.layout = layout
      self.operations = operations
      self.seconds = seconds
      self.operationsPerSecond = operationsPerSecond
      self.countsAgree = countsAgree
      self.ratio = ratio
    }

    enum CodingKeys: String, CodingKey {
      case layout, operations, seconds, ratio
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
  /// - Throws: ``Diagnostics`` naming the layout whose initial state cannot
  ///   be built.
  public static func measure(_ layouts: [ResolvedInput<Layout>], workload: Workload, operations: Int, jobs: [Int], baseline loop: (any BaselineLoop)? = nil) throws(Diagnostics) -> Document {
    var results: [LayoutResult] = []
    var baseline: Baseline?
    for input in layouts {
      let layout = input.value
      do {
        var throughput: [Throughput] = []
        for j in jobs {
          let (t, run) = try Self.throughput(layout: layout, workload: workload, operations: operations, jobs: j)
          throughput.append(t)
          if let loop, layout.name == loop.layout, layout.overriddenParameters.isEmpty, j == 1, baseline == nil {
            baseline = try Self.baseline(loop, layout: layout, run: run, oneJob: t)
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

  /// Times a baseline loop on the operations and seed of `run` (1 job) and
  /// compares its counts.
  static func baseline(_ loop: some BaselineLoop, layout: Layout, run: FuzzRun, oneJob: Throughput) throws(InitialStateError) -> Baseline {
    let c = run.campaign
    let start = DispatchTime.now().uptimeNanoseconds
    let counts = loop.run(seed: c.seed, operations: c.operations, lifetime: c.workload.lifetime)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    #if REFBITS_INTERNAL_CHECKS
    let discrepancy = try stepDiscrepancy(loop, layout: layout, seed: c.seed, operations: c.operations, lifetime: c.workload.lifetime)
    InternalChecks.verify(discrepancy)
    #endif
    let rate = Double(c.operations) / seconds
    return Baseline(layout: layout.name, operations: c.operations, seconds: seconds, operationsPerSecond: rate, countsAgree: countsAgree(counts, run), ratio: oneJob.operationsPerSecond / rate)
  }

  /// Runs `operations` operations of `workload` on `layout` with `jobs` jobs
  /// and times the campaign (not the witnesses).
  static func throughput(layout: Layout, workload: Workload, operations: Int, jobs: Int, seed: UInt64 = 1) throws(InitialStateError) -> (Throughput, FuzzRun) {
    let c = FuzzCampaign(layout: layout, layoutArgument: layout.name, layoutDigest: "", workload: workload, workloadDigest: "", seed: seed, operations: operations, jobs: jobs)
    let start = DispatchTime.now().uptimeNanoseconds
    let run = try c.run()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return (Throughput(jobs: jobs, operations: operations, seconds: seconds, operationsPerSecond: Double(operations) / seconds), run)
  }

  /// Whether the layout runs on the native engine.
  static func engine(_ layout: Layout) -> String {
    NativeMachine(Machine(layout)) == nil ? "exact" : "native"
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
