import Foundation

/// `refbits bench`: how fast the fuzz lens steps, and how long one bulk step
/// takes, per layout. Meaningful in a release build only.
public enum FuzzBenchmark {
  /// Single-step fuzzing throughput at one job count.
  public struct Throughput: Sendable, Hashable, Codable {
    public var jobs: Int
    public var operations: Int
    public var seconds: Double
    public var operationsPerSecond: Double

    enum CodingKeys: String, CodingKey {
      case jobs, operations, seconds
      case operationsPerSecond = "operations_per_second"
    }
  }

  /// One bulk call asked for 2^`countLog2` acquires of a kind from the
  /// initial state, stopping at the first event (``StopRule/events``).
  public struct BulkTiming: Sendable, Hashable, Codable {
    public var kind: String
    public var countLog2: Int
    /// Steps completed before the first event (the whole count if none).
    public var completed: BigInt
    /// The event that stopped it, if any.
    public var stoppedBy: [Outcome]
    /// Median of several calls.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
      case kind, completed, seconds
      case countLog2 = "count_log2"
      case stoppedBy = "stopped_by"
    }
  }

  public struct LayoutResult: Sendable, Hashable, Codable {
    public var layout: String
    /// `native` or `exact`.
    public var engine: String
    public var throughput: [Throughput]
    public var bulk: [BulkTiming]

    public init(layout: String, engine: String, throughput: [Throughput], bulk: [BulkTiming]) {
      self.layout = layout
      self.engine = engine
      self.throughput = throughput
      self.bulk = bulk
    }
  }

  /// A baseline measured outside the library (the C loop of the command line).
  public struct Baseline: Sendable, Hashable, Codable {
    public var layout: String
    public var operations: Int
    public var seconds: Double
    public var operationsPerSecond: Double
    /// Whether its outcome counts equal RefBits' on the same seed.
    public var countsAgree: Bool
    /// RefBits (1 job) / C.
    public var ratio: Double

    public init(layout: String, operations: Int, seconds: Double, operationsPerSecond: Double, countsAgree: Bool, ratio: Double) {
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

  public struct Document: Sendable, Hashable, Codable {
    public var tool = "refbits"
    public var version = RefBitsVersion.current
    public var workload: String
    public var cores: Int
    public var layouts: [LayoutResult]
    public var baseline: Baseline?

    public init(workload: String, cores: Int, layouts: [LayoutResult], baseline: Baseline?) {
      self.workload = workload
      self.cores = cores
      self.layouts = layouts
      self.baseline = baseline
    }
  }

  /// Runs `operations` operations of `workload` on `layout` with `jobs` jobs
  /// and times the campaign (not the witnesses).
  public static func throughput(layout: Layout, workload: Workload, operations: Int, jobs: Int, seed: UInt64 = 1) throws(InitialStateError) -> (Throughput, FuzzRun) {
    let c = FuzzCampaign(layout: layout, layoutArgument: layout.name, layoutDigest: "", workload: workload, workloadDigest: "", seed: seed, operations: operations, jobs: jobs)
    let start = DispatchTime.now().uptimeNanoseconds
    let run = try c.run()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return (Throughput(jobs: jobs, operations: operations, seconds: seconds, operationsPerSecond: Double(operations) / seconds), run)
  }

  /// Whether the layout runs on the native engine.
  public static func engine(_ layout: Layout) -> String {
    NativeMachine(Machine(layout)) == nil ? "exact" : "native"
  }

  /// Times one bulk call of 2^`log2` acquires of the first kind.
  public static func bulk(layout: Layout, log2: Int, repeats: Int = 7) throws(InitialStateError) -> BulkTiming {
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

  public static func text(_ r: Document) -> String {
    var out = ["refbits bench (\(r.cores) cores), single-step fuzzing under \(r.workload):", ""]
    let jobCounts = Array(Set(r.layouts.flatMap { $0.throughput.map(\.jobs) })).sorted()
    var header = ["layout", "engine"] + jobCounts.map { "\($0) job\($0 == 1 ? "" : "s") ops/s" }
    if jobCounts.count > 1 { header.append("scaling") }
    header += ["bulk 2^31", "bulk 2^63"]
    var rows: [[String]] = []
    for l in r.layouts {
      var row = [l.layout, l.engine]
      for j in jobCounts { row.append(l.throughput.first { $0.jobs == j }.map { String(format: "%.3gM", $0.operationsPerSecond / 1e6) } ?? "-") }
      if jobCounts.count > 1, let a = l.throughput.first(where: { $0.jobs == jobCounts[0] }), let b = l.throughput.last {
        row.append(String(format: "%.2fx", b.operationsPerSecond / a.operationsPerSecond))
      }
      for b in l.bulk { row.append(String(format: "%.3g ms", b.seconds * 1e3) + (b.stoppedBy.isEmpty ? "" : " (stops at \(b.completed + 1))")) }
      rows.append(row)
    }
    out += FuzzRenderer.table(header: header, rows)
    if let b = r.baseline {
      out += ["", "C baseline (\(b.layout), same mix, truth and predicate checks): \(String(format: "%.3gM", b.operationsPerSecond / 1e6)) ops/s; counts \(b.countsAgree ? "agree" : "DIFFER")", "RefBits / C (1 job): \(String(format: "%.2f", b.ratio))"]
    }
    return out.joined(separator: "\n")
  }
}
