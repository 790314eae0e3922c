import ArgumentParser
import Foundation
import RefBits

@main
struct RefBitsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "refbits",
    abstract: "A design-space analyzer for reference-count encodings.",
    discussion: """
      A layout argument is a path to a .toml file or the name of a shipped layout \
      (see `refbits list`). Exit status: 0 success, 1 a claim or gate failed, \
      2 bad input or usage.
      """,
    version: RefBitsVersion.current,
    subcommands: [ListCommand.self, ShowCommand.self, CheckCommand.self, TraceCommand.self, AnalyzeCommand.self, AttackCommand.self, FuzzCommand.self, ReplayCommand.self, MergeCommand.self, SweepCommand.self, CompareCommand.self, ReportCommand.self, BenchCommand.self, RacesCommand.self]
  )

  /// Runs the command; usage errors and bad input exit with status 2.
  static func main() {
    if let typo = unknownSubcommand(Array(CommandLine.arguments.dropFirst())) {
      FileHandle.standardError.write(Data((typo + "\n").utf8))
      Foundation.exit(2)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let diagnostics as Diagnostics {
      FileHandle.standardError.write(Data((diagnostics.description + "\n").utf8))
      Foundation.exit(2)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        exit(withError: error)
      }
      let message = fullMessage(for: error)
      if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
      // Status 1 means a claim or gate failed, and is only ever thrown as
      // `ExitCode(1)`: any other error (a usage error, or one the library
      // did not turn into `Diagnostics`) is bad input, status 2.
      Foundation.exit(error is ExitCode ? code.rawValue : 2)
    }
  }

  /// The message for a first argument that is no subcommand but close to
  /// one (`analyse`): the parser alone would only say "unexpected argument".
  static func unknownSubcommand(_ arguments: [String]) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
    let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    guard !names.contains(first), let close = NameSuggestion.closest(to: first, among: names) else { return nil }
    return "Error: unknown subcommand '\(first)'; did you mean '\(close)'?\nUsage: refbits <subcommand>; see 'refbits --help' for the list."
  }
}
