import ArgumentParser
import RefBits

extension RefBitsCommand {
  struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Draw a layout: its words as bit boxes, then kinds, conditions, predicates and claims.")

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "A layout name or path.", completion: Completions.layouts)
    var layout: String

    @OptionGroup var parameters: ParameterOptions

    func run() throws {
      let l = try ShippedLayouts.resolve(layout, parameters: try parameters.values())
      terminal.print(LayoutDescription(layout: l).text())
    }
  }
}
