import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct AttackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "attack",
      abstract: "The cheapest sequence an attacker can perform to reach each outcome, and its cost.",
      discussion: """
        For each goal (premature_free, false_negative, field_overflow, trapped, leak, denial of \
        service of a kind, false_positive): the cheapest sequence of the attacker's own operations, \
        its total cost per resource, whether it fits the profile's budgets, and how long it takes. \
        Profiles: a path, or a shipped name (\(ShippedAttackers.names.joined(separator: ", "))).
        """)

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "Layout names or paths.", completion: Completions.layouts)
    var layouts: [String]

    @Option(name: .shortAndLong, help: "The attacker profile (name or path).", completion: Completions.attackers)
    var attacker: String = "unprivileged-linux"

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      if layouts.isEmpty { throw ValidationError("name at least one layout") }
    }

    func run() throws {
      let profile = try ShippedAttackers.resolve(attacker)
      var attacks: [Attack] = []
      let values = try parameters.values()
      for name in layouts {
        attacks.append(try Attack(layout: try ShippedLayouts.resolve(name, parameters: values), profile: profile))
      }
      let warnings = attacks.flatMap(\.warnings)
      if !warnings.isEmpty { FileHandle.standardError.write(Data((Diagnostics(warnings).description + "\n").utf8)) }
      terminal.print(AttackRenderer(attacks).rendered(format), format: format)
    }
  }
}
