import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "analyze",
      abstract: "Exact capacities, predicate onsets and reachable outcomes, at any width.",
      discussion: """
        For each layout, from its initial state: how many acquires of each kind succeed \
        and what stops them; the shortest sequence that makes each predicate lie; whether \
        premature_free, leak and the other outcomes are reachable; and each claim. Every \
        answer is a verdict: reachable (the sequence, replayable with `refbits trace`), \
        impossible (a certificate an independent checker accepted), or unknown (what was \
        tried). With --check, exit status 1 if a claim is broken (--strict: or unknown). \
        With no layout, every shipped layout.
        """)

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "Layout names or paths (default: every shipped layout).", completion: Completions.layouts)
    var layouts: [String] = []

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Option(help: "Longest first phase tried exhaustively in the two-phase search.")
    var firstPhase: Int = 8

    @Flag(help: "Exit with status 1 if a claim of a layout is broken (a sequence produces what it excludes).")
    var check = false

    @Flag(help: "With --check, also fail on a claim that is neither broken nor proved.")
    var strict = false

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      if strict && !check { throw ValidationError("--strict goes with --check") }
      guard (1...64).contains(firstPhase) else { throw ValidationError("--first-phase takes 1 to 64") }
    }

    func run() throws {
      let names = layouts.isEmpty ? ShippedLayouts.names : layouts
      var loaded: [Layout] = []
      let values = try parameters.values()
      for n in names { loaded.append(try ShippedLayouts.resolve(n, parameters: values)) }
      let analyses = try Analysis.all(loaded, firstPhaseLimit: firstPhase)
      terminal.print(AnalysisRenderer(analyses).rendered(format), format: format)
      if check {
        let gate = ExactClaimsGate(strict: strict)
        let failures = zip(names, analyses).flatMap { gate.failures($1, argument: $0) }
        if !failures.isEmpty {
          FileHandle.standardError.write(Data((failures.joined(separator: "\n") + "\n").utf8))
          throw ExitCode(1)
        }
      }
    }
  }
}
