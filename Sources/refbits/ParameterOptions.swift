import ArgumentParser
import RefBits

/// `--set NAME=VALUE`: read the layouts at these parameter values instead of
/// their defaults. Every command that takes a layout includes it.
struct ParameterOptions: ParsableArguments {
  @Option(
    name: .customLong("set"),
    help: ArgumentHelp("Read the layouts with parameter NAME at VALUE instead of its default (repeatable); VALUE is an integer such as 1024, 2^23 or 1 << 23.", valueName: "NAME=VALUE"))
  var assignments: [String] = []

  /// The values, by parameter name.
  func values() throws -> [String: BigInt] {
    try Layout.Parameter.assignments(assignments)
  }
}
