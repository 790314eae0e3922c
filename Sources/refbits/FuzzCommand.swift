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

    @Argument(help: "Layout names or paths (default: every shipped layout).")
    var layouts: [String] = []

    @Option(help: "Workload name (see --list-workloads) or path.")
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
      guard ops >= 1 else { throw ValidationError("--ops takes a positive number") }
      guard jobs >= 1, jobs <= 1024 else { throw ValidationError("--jobs takes 1 to 1024") }
      if let t = timeLimit, !(t > 0) { throw ValidationError("--time-limit takes a positive number of seconds") }
      if let shard, Self.parseShard(shard) == nil { throw ValidationError("--shard takes K/N with 1 <= K <= N, e.g. 1/4") }
    }

    static func parseShard(_ s: String) -> (index: Int, count: Int)? {
      let parts = s.split(separator: "/")
      guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
      return (k - 1, n)
    }

    func run() throws {
      if listWorkloads {
        for name in ShippedWorkloads.names {
          let title = (try? ShippedWorkloads.resolve(name).title) ?? "(invalid)"
          print(name.padding(toLength: 22, withPad: " ", startingAt: 0) + title)
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
      let terminal = isatty(STDERR_FILENO) == 1

      var results: [FuzzResult] = []
      for input in inputs {
        if control.stopReason == .interrupted { break }
        let campaign = FuzzCampaign(
          layout: input.value, layoutArgument: input.argument, layoutDigest: input.digest,
          workload: w.value, workloadDigest: w.digest, seed: seed, operations: ops,
          shard: shard.flatMap(Self.parseShard), jobs: jobs, timeLimit: timeLimit, exactOnly: exact)
        let line = ProgressLine(label: input.value.name, enabled: terminal)
        let run: FuzzRun
        do {
          run = try campaign.run(control: control, progress: line.show)
        } catch {
          line.clear()
          throw Diagnostics([Diagnostic(file: input.argument, message: error.message, hint: error.hint)])
        }
        line.clear()
        let result = run.result()
        results.append(result)
        try writeWitnesses(result)
        // A time limit is per layout: the next layout starts afresh.
        if control.stopReason == .timeLimit { control.reset() }
      }
      if control.stopReason == .interrupted {
        FileHandle.standardError.write(Data("interrupted: results of the lifetimes finished so far\n".utf8))
      }

      let renderer = FuzzRenderer(results)
      switch format {
      case .text: print(renderer.text(outDirectory: out))
      case .markdown: print(renderer.markdown(), terminator: "")
      case .json: print(renderer.json())
      }
      if let junit {
        let xml = JUnitDocument(results, replayCommand: { [out] in Self.replayCommand(out: out, file: $0) }).xml()
        do { try xml.write(toFile: junit, atomically: true, encoding: .utf8) } catch {
          throw Diagnostics([Diagnostic(file: junit, message: "cannot write the JUnit file: \(error.localizedDescription)")])
        }
      }
      if check {
        var broken = false
        for r in results {
          for c in r.brokenClaims {
            broken = true
            var lines = ["claim broken: \(r.layoutName): \(c.claim) (\(c.count) of \(r.tally.steps) steps under \(r.workload), seed \(r.seed))"]
            if let o = c.witness, let wt = r.witness(o) {
              lines.append("  witness (\(o), shrunk from \(wt.originalOperations ?? 0) operations): \(wt.script)")
              if let f = c.witnessFile { lines.append("  replay: \(Self.replayCommand(out: out, file: f))") }
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
          }
        }
        if broken { throw ExitCode(1) }
      }
    }

    static func replayCommand(out: String, file: String) -> String {
      "refbits replay \((out as NSString).appendingPathComponent(file))"
    }

    func writeWitnesses(_ r: FuzzResult) throws {
      for o in r.outcomes {
        guard let f = o.witnessFile, let w = r.witness(o.outcome) else { continue }
        let path = (out as NSString).appendingPathComponent(f)
        do {
          try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
          try w.json.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
          throw Diagnostics([Diagnostic(file: path, message: "cannot write the witness: \(error.localizedDescription)", hint: "choose another directory with --out")])
        }
      }
    }
  }
}

/// Ctrl-C: the first one asks the campaign to stop and print what it has;
/// the default action is restored, so a second one kills.
final class Interrupt {
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
