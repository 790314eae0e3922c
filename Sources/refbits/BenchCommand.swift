import ArgumentParser
import CBaseline
import Dispatch
import Foundation
import RefBits

extension RefBitsCommand {
  struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "bench",
      abstract: "Measure single-step fuzzing speed, bulk-step time, and the C baseline.",
      discussion: """
        Per layout: operations per second of single-step fuzzing (the bench-single-steps \
        workload) at each job count, and the time of one bulk call asked for 2^31 and 2^63 \
        acquires (stopping at the first event). Then the same mix on linux-gup-bias as a \
        tight C loop, and the ratio RefBits / C. Build with -c release for meaningful numbers.
        """)

    @Argument(help: "Layout names or paths (default: every shipped layout).")
    var layouts: [String] = []

    @Option(help: "Operations per measurement.")
    var ops: Int = 4_000_000

    @Option(parsing: .upToNextOption, help: "Job counts to measure.")
    var jobs: [Int] = [1, 2]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      guard ops >= 1 else { throw ValidationError("--ops takes a positive number") }
      guard !jobs.isEmpty, jobs.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--jobs takes positive job counts") }
    }

    func run() throws {
      let workload = try ShippedWorkloads.resolve("bench-single-steps")
      let names = layouts.isEmpty ? ShippedLayouts.names : layouts
      var results: [FuzzBenchmark.LayoutResult] = []
      var gupRun: FuzzRun?
      var gupOneJob: FuzzBenchmark.Throughput?
      let values = try parameters.values()
      for n in names {
        let layout = try ShippedLayouts.resolve(n, parameters: values)
        var throughput: [FuzzBenchmark.Throughput] = []
        do {
          for j in jobs {
            let (t, run) = try FuzzBenchmark.throughput(layout: layout, workload: workload, operations: ops, jobs: j)
            throughput.append(t)
            // The C loop hard-codes linux-gup-bias at its defaults.
            if layout.name == "linux-gup-bias" && layout.overriddenParameters.isEmpty && j == 1 { gupRun = run; gupOneJob = t }
          }
          let bulk = [try FuzzBenchmark.bulk(layout: layout, log2: 31), try FuzzBenchmark.bulk(layout: layout, log2: 63)]
          results.append(FuzzBenchmark.LayoutResult(layout: layout.name, engine: FuzzBenchmark.engine(layout), throughput: throughput, bulk: bulk))
        } catch {
          throw Diagnostics([Diagnostic(file: n, message: error.message)])
        }
      }
      // The C loop: linux-gup-bias, same seed, same lifetimes.
      var baseline: FuzzBenchmark.Baseline?
      if let gupRun, let gupOneJob {
        var counts = cbaseline_counts()
        let lifetime = UInt64(workload.lifetime)
        let lifetimes = (UInt64(ops) + lifetime - 1) / lifetime
        let start = DispatchTime.now().uptimeNanoseconds
        cbaseline_gup_bias(1, UInt64(ops), lifetime, 0, lifetimes, &counts)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let t = gupRun.tally
        func n(_ o: Outcome) -> UInt64 { t.entry(o).flatMap { $0.count.int64 }.map { UInt64($0) } ?? 0 }
        let agree = counts.operations == UInt64(t.operations) && counts.steps == UInt64(t.steps.int64 ?? -1)
          && counts.ok == n(.ok) && counts.premature_free == n(.prematureFree) && counts.leak == n(.leak)
          && counts.refused_try_ref == n(.refused(kind: "try_ref")) && counts.refused_pin == n(.refused(kind: "pin"))
          && counts.field_overflow_refcount == n(.fieldOverflow(field: "refcount"))
          && counts.false_positive_maybe_pinned == n(.falsePositive(predicate: "maybe_pinned"))
          && counts.false_negative_maybe_pinned == n(.falseNegative(predicate: "maybe_pinned"))
          && counts.false_positive_exclusive == n(.falsePositive(predicate: "exclusive"))
          && counts.false_negative_exclusive == n(.falseNegative(predicate: "exclusive"))
        let cRate = Double(ops) / seconds
        baseline = FuzzBenchmark.Baseline(layout: "linux-gup-bias", operations: ops, seconds: seconds, operationsPerSecond: cRate, countsAgree: agree, ratio: gupOneJob.operationsPerSecond / cRate)
      }
      let report = FuzzBenchmark.Document(workload: workload.name, cores: ProcessInfo.processInfo.activeProcessorCount, layouts: results, baseline: baseline)
      switch format {
      case .json: print(JSONOutput.encode(report))
      case .text, .markdown: print(FuzzBenchmark.text(report))
      }
    }
  }
}
