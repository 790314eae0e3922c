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
        tight C loop, and the ratio RefBits / C. Each throughput is the best of --runs timed \
        runs (RefBits' and C's alternating), so that load from other work does not decide \
        the ratio. With --races: the race lens on Glisse's, \
        Hubbard's and rcuref's models, with and without the reduction, against spin's pan on \
        the same Promela models (spin and gcc must be on PATH), and whether their verdicts \
        agree. Build with -c release for meaningful numbers.
        """)

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "Layout names or paths (default: every shipped layout).", completion: Completions.layouts)
    var layouts: [String] = []

    @Option(help: "Operations per measurement.")
    var ops: Int = 4_000_000

    @Option(parsing: .upToNextOption, help: "Job counts to measure.")
    var jobs: [Int] = [1, 2]

    @Option(help: "Output format: text, markdown (the text table) or json.")
    var format: OutputFormat = .text

    @OptionGroup var parameters: ParameterOptions

    @Flag(help: "Measure the race lens instead: states per second of `races` against spin (pan) on the same models.")
    var races = false

    @Option(help: "Timed runs per measurement; the best time counts (default: 3, with --races 5).")
    var runs: Int?

    func validate() throws {
      guard (1...InputLimits.operations).contains(ops) else { throw ValidationError("--ops takes 1 to \(InputLimits.operations)") }
      guard (1...16).contains(jobs.count), jobs.allSatisfy({ (1...1024).contains($0) }) else { throw ValidationError("--jobs takes 1 to 16 job counts, each 1 to 1024") }
      guard (1...1000).contains(runs ?? 1) else { throw ValidationError("--runs takes 1 to 1000") }
      if races && !layouts.isEmpty { throw ValidationError("--races measures its own models: give no layouts") }
    }

    func run() throws {
      if races { return try runRaces() }
      let resolved = try ShippedWorkloads.resolveWithDigest("bench-single-steps")
      let workload = resolved.value
      var inputs: [ResolvedInput<Layout>] = []
      var files = FilesUsed()
      files.add("workload", resolved)
      let values = try parameters.values()
      for n in layouts.isEmpty ? ShippedLayouts.names : layouts {
        inputs.append(try ShippedLayouts.resolveWithDigest(n, parameters: values))
        files.add("layout", inputs[inputs.count - 1])
      }
      files.print(before: format)
      let document = try FuzzBenchmark.measure(inputs, workload: workload, operations: ops, jobs: jobs, runs: runs ?? 3, baseline: CGupBiasLoop())
      terminal.print(BenchmarkRenderer(document).rendered(format), format: format)
    }

    /// `--races`: the race lens against spin on the same models.
    func runRaces() throws {
      let setups: [RaceSetup]
      do { setups = try RaceBenchmark.races() } catch { throw Diagnostics([Diagnostic(file: "bench", message: error.message)]) }
      var entries: [RaceBenchmark.Entry] = []
      for s in setups {
        do { entries.append(try RaceBenchmark.measure(s, runs: runs ?? 5)) } catch {
          throw Diagnostics([Diagnostic(file: "bench", message: "\(s.layout.name) \(s.name): \(error)")])
        }
      }
      switch format {
      case .json: print(JSONOutput.encode(entries))
      case .text, .markdown: print(RaceBenchmark.text(entries))
      }
    }
  }
}
