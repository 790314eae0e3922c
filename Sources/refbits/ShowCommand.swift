import ArgumentParser
import RefBits

extension RefBitsCommand {
  struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Draw a layout: its words as bit boxes, then kinds, conditions, predicates and claims.")

    @Argument(help: "A layout name or path.")
    var layout: String

    @OptionGroup var parameters: ParameterOptions

    func run() throws {
      let l = try ShippedLayouts.resolve(layout, parameters: try parameters.values())
      print(LayoutDescription(layout: l).text())
    }
  }
}
