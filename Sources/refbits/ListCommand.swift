import ArgumentParser
import RefBits

extension RefBitsCommand {
  struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List the shipped layouts, one line each.")

    @OptionGroup var terminal: TerminalOptions


    func run() throws {
      let names = ShippedLayouts.names
      let width = names.map(\.count).max() ?? 0
      for name in names {
        do {
          let layout = try ShippedLayouts.load(name)
          terminal.print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + layout.title)
        } catch {
          terminal.print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  (invalid: \(error.all.first?.message ?? "?"))")
        }
      }
    }
  }
}
