import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "compare",
      abstract: "Several layouts side by side: capacities, onsets, reachability, attacks, fuzz rates, claims.",
      discussion: """
        One table, a column per layout and a row per capacity, predicate onset, reachable \
        outcome, cheapest attack per goal (with --attacker), fuzz rate per outcome with its \
        95% interval (with --workload) and claim. The best value of each row is marked (* in \
        text, in colour by --color: on a terminal unless NO_COLOR is set (not empty) or TERM=dumb; bold in markdown; "best" in \
        JSON): larger capacity, later onset, unreachable outcome, more expensive attack, \
        lower rate, claim held. A row where every layout agrees marks none; "-" means the \
        layout has no such kind, predicate, goal or claim.
        """)

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "Layout names or paths.", completion: Completions.layouts)
    var layouts: [String]

    @Option(help: "Fuzz every layout with this workload (name or path) and add its rates.", completion: Completions.workloads)
    var workload: String?

    @Option(name: .shortAndLong, help: "Add the cheapest attack of this attacker profile (name or path) per goal.", completion: Completions.attackers)
    var attacker: String?

    @Option(help: "Fuzz operations per layout (with --workload).")
    var ops: Int = 200_000

    @Option(help: "Random seed of the fuzz campaigns.")
    var seed: UInt64 = 1

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      if layouts.isEmpty { throw ValidationError("name at least one layout (two or more to compare)") }
      guard (1...InputLimits.operations).contains(ops) else { throw ValidationError("--ops takes 1 to \(InputLimits.operations)") }
    }

    func run() throws {
      var inputs: [ResolvedInput<Layout>] = []
      let values = try parameters.values()
      for n in layouts { inputs.append(try ShippedLayouts.resolveWithDigest(n, parameters: values)) }
      let settings = EvaluationSettings(
        attackers: try attacker.map { [try ShippedAttackers.resolve($0)] } ?? [],
        workloads: try workload.map { [try ShippedWorkloads.resolveWithDigest($0)] } ?? [],
        operations: ops, seed: seed)
      let progress = CountProgress(label: "compare", enabled: terminal.standardError.escapes)
      let evaluations = try LayoutEvaluation.evaluate(inputs, settings: settings, progress: progress.show)
      progress.clear()
      let renderer = ComparisonRenderer(Comparison(evaluations), colour: terminal.standardOutput.colour)
      terminal.print(renderer.rendered(format), format: format)
    }
  }
}

/// "report: 7/19 layouts (last: linux-gup-bias)", "sweep NAME: 123/1000
/// points" on standard error, on a terminal only.
struct CountProgress: Sendable {
  let label: String
  let enabled: Bool
  /// What is counted.
  var unit = "layouts"

  func show(_ done: Int, _ total: Int, _ name: String) {
    write("\(done)/\(total) \(unit) (last: \(name))")
  }

  func show(_ done: Int, _ total: Int) {
    write("\(done)/\(total) \(unit)")
  }

  func write(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K\(label): \(text)".utf8))
  }

  func clear() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }
}
