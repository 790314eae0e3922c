import ArgumentParser
import Foundation
import RefBits

/// `--check`, `--github` and `--junit` of `refbits fuzz` and `refbits merge`:
/// the claims gate, applied the same way to a campaign and to merged shards.
struct GateOptions: ParsableArguments {
  @Flag(help: "Exit with status 1 if a claim of a layout is broken.")
  var check = false

  @Flag(help: "With --check, print a GitHub Actions annotation (::error file=...,line=...::) for each broken claim.")
  var github = false

  @Option(help: "Write JUnit XML (one test case per layout and claim) to this file.")
  var junit: String?

  /// Writes the JUnit file, then fails: with status 2 when a claim was
  /// checked in 0 steps (``ClaimsGate/unchecked(_:timeLimit:)``), and with
  /// --check, status 1 on a broken claim (annotated with --github).
  ///
  /// - Parameter inputs: the layouts the results came from, for the
  ///   annotations' files and lines.
  func apply(_ results: [FuzzResult], inputs: [ResolvedInput<Layout>], witnesses: WitnessDirectory, format: OutputFormat, timeLimit: Double? = nil) throws {
    if let junit { try JUnitDocument(results, witnesses: witnesses).write(to: junit) }
    if let unchecked = ClaimsGate.unchecked(results, timeLimit: timeLimit) { throw unchecked }
    guard check else { return }
    let gate = ClaimsGate(results)
    guard !gate.passed else { return }
    if github { printAnnotations(gate.githubAnnotations(inputs), format: format) }
    FileHandle.standardError.write(Data((gate.text(witnesses: witnesses) + "\n").utf8))
    throw ExitCode(1)
  }
}

/// GitHub Actions annotations (`--github`): on standard output, where the
/// runner reads workflow commands, except beside JSON, which stays one
/// document (then on standard error; docs/ci.md runs the gate in text).
func printAnnotations(_ text: String, format: OutputFormat) {
  if format == .json {
    FileHandle.standardError.write(Data(text.utf8))
  } else {
    print(text, terminator: "")
  }
}
