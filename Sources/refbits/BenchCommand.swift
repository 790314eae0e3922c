import ArgumentParser
import BaselineLoops
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

    @Option(help: "Output format: text, markdown (the text table) or json.")
    var format: OutputFormat = .text

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      guard (1...InputLimits.operations).contains(ops) else { throw ValidationError("--ops takes 1 to \(InputLimits.operations)") }
      guard (1...16).contains(jobs.count), jobs.allSatisfy({ (1...1024).contains($0) }) else { throw ValidationError("--jobs takes 1 to 16 job counts, each 1 to 1024") }
    }

    func run() throws {
      let workload = try ShippedWorkloads.resolve("bench-single-steps")
      var inputs: [ResolvedInput<Layout>] = []
      let values = try parameters.values()
      for n in layouts.isEmpty ? ShippedLayouts.names : layouts { inputs.append(try ShippedLayouts.resolveWithDigest(n, parameters: values)) }
      let document = try FuzzBenchmark.measure(inputs, workload: workload, operations: ops, jobs: jobs, baseline: CGupBiasLoop())
      print(BenchmarkRenderer(document).rendered(format), terminator: "")
    }
  }
}
