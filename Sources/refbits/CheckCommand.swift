import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Validate layout files.",
      discussion: "Prints every error found, each with file:line:col and key path, and exits 2 if there is any; warnings alone exit 0.")

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "Layout files (or shipped layout names).", completion: Completions.layouts)
    var layouts: [String]

    @OptionGroup var parameters: ParameterOptions

    func validate() throws {
      if layouts.isEmpty { throw ValidationError("name at least one layout file") }
    }

    func run() throws {
      var failed = false
      let values = try parameters.values()
      for argument in layouts {
        do {
          let layout = try ShippedLayouts.resolve(argument, parameters: values)
          let notes = layout.lint()
          for n in notes { FileHandle.standardError.write(Data("\(argument): warning: \(n)\n".utf8)) }
          let counts = [
            Self.count(layout.words.count, "word"), Self.count(layout.fields.count, "field"), Self.count(layout.kinds.count, "kind"),
            layout.operations.isEmpty ? nil : Self.count(layout.operations.count, "operation"),
            Self.count(layout.predicates.count, "predicate"), Self.count(layout.claims.count, "claim"),
          ]
          let point = layout.parameters.isEmpty ? "" : "; at \(layout.parameterPoint)"
          terminal.print("\(argument): ok (\(counts.compactMap { $0 }.joined(separator: ", "))\(point))")
        } catch {
          failed = true
          FileHandle.standardError.write(Data((error.description + "\n").utf8))
        }
      }
      if failed { throw ExitCode(2) }
    }

    /// `1 word`, `3 fields`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
  }
}
