import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "trace",
      abstract: "Run a short script of operations and print the state and outcomes after each.",
      discussion: """
        The script is a comma-separated list: `ref*1023, pin, unpin, -ref*(1 << 31), pin@2`. \
        NAME acquires a kind (or runs an `op` alias such as `unpin`), -NAME releases it, \
        *COUNT repeats it (any size, done in bulk), @ACTOR names who holds it. A count \
        is an integer expression: a power of two is `1 << 31` (`^` is XOR there, and \
        refused). A script that starts with `-` (a release) must follow `--`, or the \
        shell-level parser takes it for an option: `refbits trace LAYOUT -- "-ref, ref"`.
        """)

    @OptionGroup var terminal: TerminalOptions

    @Argument(help: "A layout name or path.", completion: Completions.layouts)
    var layout: String

    @Argument(help: "The operations, e.g. \"ref*1023, pin, unpin\" (after -- when it starts with -).")
    var script: String

    @OptionGroup var parameters: ParameterOptions

    func run() throws {
      let input = try ShippedLayouts.resolveWithDigest(layout, parameters: try parameters.values())
      let l = input.value
      var files = FilesUsed()
      files.add("layout", input)
      files.print(before: .text)
      let parsed: Script
      do {
        parsed = try Script.parse(script, layout: l)
      } catch {
        throw Diagnostics([Diagnostic(file: "<script>", line: 1, column: error.offset + 1, message: error.message)])
      }
      let machine = Machine(l)
      let initial = try machine.initialState()
      terminal.print(TraceRenderer.header(machine: machine, initial: initial).joined(separator: "\n"))
      var last: Trace.Entry?
      var phase = 0
      Trace.run(parsed, on: machine, from: initial) { e in
        terminal.print(TraceRenderer.lines(e, machine: machine).joined(separator: "\n"))
        last = e
        phase += 1
      }
      if let e = last, let error = e.error {
        let hint: String
        switch error {
        case .notHeld: hint = "a release needs a reference the actor holds; acquire it first"
        case .dead: hint = "no caller takes a reference on a dead object; declare `resurrect = true` on the acquire if the design has a way back"
        }
        throw Diagnostics([Diagnostic(file: "<script>", line: 1, column: parsed.offset(ofPhase: phase - 1) + 1, message: "\(error)", hint: hint)])
      }
      if let e = last, e.budgetSpent {
        throw Diagnostics([Diagnostic(file: "<script>", line: 1, column: parsed.offset(ofPhase: phase - 1) + 1, message: TraceRenderer.budgetMessage(e), hint: "the rest of the phase is unknown: use a smaller count")])
      }
    }
  }
}
