import ArgumentParser
import RefBits

extension RefBitsCommand {
  struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "analyze",
      abstract: "Exact capacities, predicate onsets and reachable outcomes, at any width.",
      discussion: """
        For each layout, from its initial state: how many acquires of each kind succeed \
        and what stops them; the shortest sequence that makes each predicate lie; and \
        whether premature_free, leak and the other outcomes are reachable. Results are exact \
        integers; the searched class of sequences is printed with them. With no layout, \
        every shipped layout.
        """)

    @Argument(help: "Layout names or paths (default: every shipped layout).")
    var layouts: [String] = []

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Option(help: "Longest first phase tried exhaustively in the two-phase search.")
    var firstPhase: Int = 8

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      guard (1...64).contains(firstPhase) else { throw ValidationError("--first-phase takes 1 to 64") }
    }

    func run() throws {
      let names = layouts.isEmpty ? ShippedLayouts.names : layouts
      var loaded: [Layout] = []
      let values = try parameters.values()
      for n in names { loaded.append(try ShippedLayouts.resolve(n, parameters: values)) }
      let analyses = try Analysis.all(loaded, firstPhaseLimit: firstPhase)
      print(AnalysisRenderer(analyses).rendered(format), terminator: "")
    }
  }
}
