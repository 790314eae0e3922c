import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Write the markdown reports (reports/), or check that the committed ones are current.",
      discussion: """
        For every shipped layout (or those named): OUT/README.md (how the report was \
        produced, a summary table, mermaid charts), one page OUT/LAYOUT.md per layout (bit \
        diagram, kinds, the exact analysis, attacks, fuzz rates with intervals, shrunk \
        witnesses with their replay commands, claims, and for layouts with steps the race \
        lens on their scenarios with timelines), and the witness traces under \
        OUT/witnesses/; and for every shipped sweep (when no layout is named, or those named \
        with --sweep) a design-space page OUT/sweeps/SWEEP.md (the trade-off chart, every \
        point with the Pareto front marked). The same inputs give byte-identical files. The directory is replaced \
        atomically: a failed or interrupted run leaves the previous one intact. Run from a \
        clone, shipped names read the repository's layouts/, workloads/, attackers/ and sweeps/ files. \
        With --check, nothing is written: exit status 1, naming the stale files, if OUT \
        differs from what would be written. A --check that names no input re-runs the options \
        recorded in OUT/README.md (its `refbits report ...` line), so that a custom report is \
        checked, and its regeneration suggested, with the options that produced it.
        """)

    static let defaultWorkload = "benign-mixed"
    static let defaultAttacker = "unprivileged-linux"
    static let defaultOps = 100_000

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "Layout names or paths (default: every shipped layout).", completion: Completions.layouts)
    var layouts: [String] = []

    @Option(help: "The report directory.")
    var out: String = "reports"

    @Flag(help: "Write nothing; exit 1 naming the stale files if OUT differs from what would be written.")
    var check = false

    @Option(help: "A workload to fuzz every layout with (repeatable; default \(defaultWorkload)).", completion: Completions.workloads)
    var workload: [String] = []

    @Option(name: .shortAndLong, help: "An attacker profile (repeatable; default \(defaultAttacker)).", completion: Completions.attackers)
    var attacker: [String] = []

    @Option(help: "A sweep to run and give a page (repeatable; default: every shipped sweep when no layout is named).", completion: Completions.sweeps)
    var sweep: [String] = []

    @Option(help: "Fuzz operations per layout and workload (default \(defaultOps)).")
    var ops: Int?

    @Option(help: "Random seed of the fuzz campaigns (default 1).")
    var seed: UInt64?

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      guard (1...InputLimits.operations).contains(operations) else { throw ValidationError("--ops takes 1 to \(InputLimits.operations)") }
      if out.isEmpty { throw ValidationError("--out takes a directory") }
    }

    /// The command the README prints: every input spelled out, so that it
    /// does not depend on defaults, --out or --check.
    var canonicalCommand: String {
      var parts = ReportCommandLine.prefix + layouts
      for a in parameters.assignments { parts += ["--set", a] }
      for w in workloads { parts += ["--workload", w] }
      for a in attackers { parts += ["--attacker", a] }
      for s in sweep { parts += ["--sweep", s] }
      parts += ["--ops", "\(operations)", "--seed", "\(randomSeed)"]
      return ReportCommandLine.line(parts)
    }

    var operations: Int { ops ?? Self.defaultOps }
    var randomSeed: UInt64 { seed ?? 1 }

    /// Whether the command line names any input (else `--check` re-runs the
    /// recorded options).
    var namesInputs: Bool {
      !layouts.isEmpty || !workload.isEmpty || !attacker.isEmpty || !sweep.isEmpty || !parameters.assignments.isEmpty || ops != nil || seed != nil
    }

    /// This command, or with `--check` and no input named, the command
    /// recorded in OUT/README.md with this --out and --check.
    func effective() throws -> ReportCommand {
      guard check, !namesInputs,
        let data = FileManager.default.contents(atPath: (out as NSString).appendingPathComponent("README.md")),
        let recorded = ReportCommandLine.recorded(inReadme: String(decoding: data, as: UTF8.self))
      else { return self }
      var command: ReportCommand
      do {
        command = try ReportCommand.parse(recorded)
      } catch {
        throw Diagnostics([Diagnostic(file: (out as NSString).appendingPathComponent("README.md"), message: "the recorded command cannot be re-run: \(ReportCommand.message(for: error))", hint: "name the inputs on the command line, or regenerate the report")])
      }
      command.out = out
      command.check = true
      command.terminal = terminal
      return command
    }

    var workloads: [String] { workload.isEmpty ? [Self.defaultWorkload] : workload }
    var attackers: [String] { attacker.isEmpty ? [Self.defaultAttacker] : attacker }

    func run() throws {
      let command = try effective()
      if command.namesInputs != namesInputs {
        FileHandle.standardError.write(Data("checking with the options recorded in \((out as NSString).appendingPathComponent("README.md")): \(command.canonicalCommand)\n".utf8))
      }
      try command.produce()
    }

    func produce() throws {
      let inputs = try ReportInputs.layouts(layouts, parameters: try parameters.values())
      let settings = EvaluationSettings(
        attackers: try ReportInputs.attackers(attackers), workloads: try ReportInputs.workloads(workloads),
        operations: operations, seed: randomSeed, races: true)
      let sweeps = try ReportInputs.sweeps(sweep.isEmpty && layouts.isEmpty ? ShippedSweeps.names : sweep)
      let showsProgress = terminal.standardError.escapes
      let progress = CountProgress(label: "report", enabled: showsProgress)
      let evaluations = try LayoutEvaluation.evaluate(inputs, settings: settings, progress: progress.show)
      progress.clear()
      var results: [SweepResult] = []
      for s in sweeps {
        let line = CountProgress(label: "report: sweep \(s.spec.name)", enabled: showsProgress, unit: "points")
        results.append(s.run(jobs: ProcessInfo.processInfo.activeProcessorCount, progress: line.show))
        line.clear()
      }
      let report = Report(evaluations: evaluations, sweeps: results, settings: settings, command: canonicalCommand, directory: out)
      let files = report.files()
      if check {
        let stale = ReportDirectory.stale(files, in: out)
        if stale.isEmpty {
          print("\(report.directory): up to date (\(files.count) files)")
          return
        }
        var lines = ["\(report.directory): \(stale.count) stale file\(stale.count == 1 ? "" : "s"):"]
        lines += stale.map { "  \(report.directory)/\($0.file): \($0.reason)" }
        lines.append("regenerate with: \(canonicalCommand)\(out == "reports" ? "" : " --out \(ReportCommandLine.quoted(out))")")
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        throw ExitCode(1)
      }
      try ReportDirectory.write(files, to: out)
      print("wrote \(files.count) files to \(report.directory)/ (\(evaluations.count) layout\(evaluations.count == 1 ? "" : "s"), \(results.count) sweep\(results.count == 1 ? "" : "s"))")
    }
  }
}
