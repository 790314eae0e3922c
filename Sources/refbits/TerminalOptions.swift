import ArgumentParser
import Foundation
import RefBits

extension Terminal.ColourChoice: ExpressibleByArgument {}

/// `--color auto|always|never`, and where text goes: every command that
/// prints text includes it, so that text is wrapped to the terminal's width
/// (80 when unknown), coloured only where ``Terminal`` says so, and progress
/// lines use no escapes on a dumb terminal.
struct TerminalOptions: ParsableArguments {
  @Option(
    name: .customLong("color"),
    help: ArgumentHelp("Colour: auto (a terminal, unless NO_COLOR is set and not empty, or TERM=dumb), always or never.", valueName: "when"))
  var colour: Terminal.ColourChoice = .auto

  /// Standard output as this command sees it.
  var standardOutput: Terminal { Terminal.of(STDOUT_FILENO, colour: colour) }

  /// Standard error as this command sees it (progress lines).
  var standardError: Terminal { Terminal.of(STDERR_FILENO, colour: colour) }

  /// Prints `text` as it is, wrapped to the width of standard output when
  /// it is `text` format (markdown, JSON and CSV are never wrapped).
  func print(_ text: String, format: OutputFormat = .text) {
    let shown = format == .text ? Terminal.wrapped(text, width: standardOutput.width) : text
    Swift.print(shown, terminator: shown.hasSuffix("\n") ? "" : "\n")
  }
}
