import ArgumentParser
import Dispatch
import Foundation
import RefBits

extension RefBitsCommand {
  struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fuzz",
      abstract: "Run randomized workloads against layouts: outcome rates, shrunk witnesses, claims.",
      discussion: """
        Each layout runs the workload's actors for --ops operations, split into object \
        lifetimes (each from the initial state), with the encoded word and the truth side by \
        side. For every outcome: the count, the rate per million steps with a 95% interval, \
        and where it was first seen; its first witness is shrunk and written as a JSON trace \
        under --out for `refbits replay`. The same seed gives the same JSON for any --jobs; \
        --shard K/N runs part K of N and `refbits merge` combines the parts. With --check, \
        exit status 1 if a claim of a layout is broken. Ctrl-C stops and prints the results \
        of the lifetimes finished. With no layout, every shipped layout.
        """)

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "Layout names or paths (default: every shipped layout).", completion: Completions.layouts)
    var layouts: [String] = []

    @Option(help: "Workload name (see --list-workloads) or path.", completion: Completions.workloads)
    var workload: String = "benign-mixed"

    @Option(help: "Operations per layout (a burst is one operation).")
    var ops: Int = 1_000_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Parallel jobs (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Stop each layout's campaign after this many seconds, keeping the lifetimes finished.")
    var timeLimit: Double?

    @Option(help: "Directory for the witness traces.")
    var out: String = "fuzz-witnesses"

    @Option(help: "Run part K of N (1-based), e.g. 2/8; combine the parts with `refbits merge`.")
    var shard: String?

    @Flag(help: "Exit with status 1 if a claim of a layout is broken.")
    var check = false

    @Option(help: "Write JUnit XML (one test case per layout and claim) to this file.")
    var junit: String?

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Flag(help: "Step with the exact machine only (slow; for cross-checking the native engine).")
    var exact = false

    @Flag(help: "List the shipped workloads and exit.")
    var listWorkloads = false

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      guard (1...InputLimits.operations).contains(ops) else { throw ValidationError("--ops takes 1 to \(InputLimits.operations)") }
      guard jobs >= 1, jobs <= 1024 else { throw ValidationError("--jobs takes 1 to 1024") }
      if let t = timeLimit, !(t > 0) { throw ValidationError("--time-limit takes a positive number of seconds") }
      if let shard, FuzzShard(parsing: shard) == nil { throw ValidationError("--shard takes K/N with 1 <= K <= N <= \(InputLimits.shards), e.g. 1/4") }
    }

    func run() throws {
      if listWorkloads {
        for name in ShippedWorkloads.names {
          let title = (try? ShippedWorkloads.resolve(name).title) ?? "(invalid)"
          terminal.print(name.padding(toLength: 22, withPad: " ", startingAt: 0) + title)
        }
        return
      }
      let names = layouts.isEmpty ? ShippedLayouts.names : layouts
      var inputs: [ResolvedInput<Layout>] = []
      let values = try parameters.values()
      for n in names { inputs.append(try ShippedLayouts.resolveWithDigest(n, parameters: values)) }
      let w = try ShippedWorkloads.resolveWithDigest(workload)
      for input in inputs { try w.value.check(against: input.value) }

      let control = FuzzControl()
      let interrupt = Interrupt(control: control)
      defer { interrupt.cancel() }
      let showsProgress = terminal.standardError.escapes
      let witnesses = WitnessDirectory(out)

      var results: [FuzzResult] = []
      for input in inputs {
        if control.stopReason == .interrupted { break }
        let campaign = FuzzCampaign(
          layout: input.value, layoutArgument: input.argument, layoutDigest: input.digest,
          workload: w.value, workloadDigest: w.digest, seed: seed, operations: ops,
          shard: shard.flatMap(FuzzShard.init(parsing:)), jobs: jobs, timeLimit: timeLimit, exactOnly: exact)
        let line = ProgressLine(label: input.value.name, enabled: showsProgress)
        defer { line.clear() }
        let result = try campaign.result(file: input.argument, control: control, progress: line.show)
        results.append(result)
        try witnesses.write(result)
        // A time limit is per layout: the next layout starts afresh.
        if control.stopReason == .timeLimit { control.reset() }
      }
      if control.stopReason == .interrupted {
        FileHandle.standardError.write(Data("interrupted: results of the lifetimes finished so far\n".utf8))
      }

      if format == .text {
        for input in inputs.prefix(results.count) {
          let lines = BoundWorkload(w.value, layout: input.value).mappingLines(layout: input.value)
          terminal.print("\(input.value.name) under \(w.value.name): " + lines.joined(separator: "; "))
        }
        terminal.print("")
      }
      terminal.print(FuzzRenderer(results, witnessDirectory: out).rendered(format), format: format)
      if let junit {
        try JUnitDocument(results, witnesses: witnesses).write(to: junit)
      }
      if check {
        let gate = ClaimsGate(results)
        if !gate.passed {
          FileHandle.standardError.write(Data((gate.text(witnesses: witnesses) + "\n").utf8))
          throw ExitCode(1)
        }
      }
    }
  }
}

/// Ctrl-C: the first one asks the campaign to stop and print what it has;
/// the default action is restored, so a second one kills. A value: the
/// signal source it holds is the shared object, and ``cancel()`` ends it.
struct Interrupt {
  let source: DispatchSourceSignal

  init(control: FuzzControl) {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler {
      FileHandle.standardError.write(Data("\nstopping (Ctrl-C again to kill)...\n".utf8))
      control.stop(.interrupted)
      signal(SIGINT, SIG_DFL)
    }
    source.resume()
    self.source = source
  }

  func cancel() {
    source.cancel()
    signal(SIGINT, SIG_DFL)
  }
}

/// The progress line on a terminal: operations, speed, time left.
struct ProgressLine: Sendable {
  let label: String
  let enabled: Bool

  func show(_ p: FuzzProgress) {
    guard enabled else { return }
    let pct = p.operationsTotal > 0 ? 100 * Double(p.operationsDone) / Double(p.operationsTotal) : 0
    let rate = p.operationsPerSecond
    let speed = rate >= 1e6 ? String(format: "%.1fM", rate / 1e6) : String(format: "%.0fk", rate / 1e3)
    let left = p.remaining.map { $0 < 60 ? String(format: "%.0fs", $0) : String(format: "%.0fm%02.0fs", ($0 / 60).rounded(.down), $0.truncatingRemainder(dividingBy: 60)) } ?? "?"
    FileHandle.standardError.write(Data("\r\u{1B}[2K\(label): \(p.operationsDone)/\(p.operationsTotal) ops (\(String(format: "%.0f", pct))%), \(speed) ops/s, \(left) left".utf8))
  }

  func clear() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }
}
