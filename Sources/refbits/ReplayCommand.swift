import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "replay",
      abstract: "Re-run a witness trace written by `refbits fuzz` and print every step.",
      discussion: """
        Prints the state and outcomes after each operation, as `refbits trace` does. Fails \
        (exit status 2) if the layout file changed since the trace was written (its digest \
        differs), and with status 1 if the trace no longer produces its outcome.
        """)

    @OptionGroup var terminal: TerminalOptions

    @Argument(help: "A trace file (JSON).", completion: .file(extensions: ["json"]))
    var trace: String

    @Option(help: "The layout to replay on (default: the one the trace names).", completion: Completions.layouts)
    var layout: String?

    func run() throws {
      let witness = try Witness.load(contentsOf: trace)
      let input = try witness.resolveLayout(file: trace, override: layout)
      let plan = try WitnessReplay.Plan(witness, layout: input.value, digest: input.digest, file: trace)
      var header = "witness of \(witness.outcome) on \(witness.layoutName)"
      if let w = witness.workload, let s = witness.seed { header += ", found by the \(w) workload, seed \(s)" }
      if let f = witness.found { header += ", at step \(f.step) (lifetime \(f.lifetime), operation \(f.operation + 1))" }
      if let n = witness.originalOperations { header += "; shrunk from \(n) operations to \(witness.operations.count)" }
      terminal.print(header)
      terminal.print("script: \(witness.script)")
      terminal.print("")
      terminal.print(TraceRenderer.header(machine: plan.machine, initial: plan.initial).joined(separator: "\n"))
      var stopped: Diagnostic?
      var index = 0
      let reproducedAt = plan.run { e in
        terminal.print(TraceRenderer.lines(e, machine: plan.machine).joined(separator: "\n"))
        if e.budgetSpent { stopped = plan.budgetDiagnostic(e, index: index) }
        index += 1
      }
      terminal.print("")
      if let stopped { throw Diagnostics([stopped]) }
      if let step = reproducedAt {
        terminal.print("reproduced: \(witness.outcome) first at step \(step)")
      } else {
        FileHandle.standardError.write(Data("not reproduced: the operations no longer produce \(witness.outcome)\n".utf8))
        throw ExitCode(1)
      }
    }
  }
}
