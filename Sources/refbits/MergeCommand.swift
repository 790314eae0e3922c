import ArgumentParser
import RefBits

extension RefBitsCommand {
  struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "merge",
      abstract: "Combine the results of `refbits fuzz --shard K/N` or `refbits sweep --shard K/N` (--format json) into one.",
      discussion: """
        Every shard 1/N ... N/N of each layout (of the sweep) must be given, each finished. The \
        merged result is exactly what one unsharded run prints (same bytes, in every format); \
        for a sweep, the Pareto front is computed over all the points once they are merged.
        """)

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "Shard result files (JSON), in any order.", completion: .file(extensions: ["json"]))
    var files: [String]

    @Option(help: "Output format: text, markdown, json, or csv (sweeps).")
    var format: SweepCommand.SweepFormat = .json

    @Option(help: "Also write the merged witnesses under this directory.")
    var out: String?

    func validate() throws {
      if files.isEmpty { throw ValidationError("name the shard result files") }
    }

    func run() throws {
      if let first = files.first, SweepResult.isSweepResult(atPath: first) {
        try mergeSweeps()
        return
      }
      guard let fuzzFormat = OutputFormat(rawValue: format.rawValue) else { throw ValidationError("--format csv is for sweep results") }
      let merged = try FuzzResult.merged(files: files)
      if let out {
        for r in merged { try WitnessDirectory(out).write(r) }
      }
      terminal.print(FuzzRenderer(merged, witnessDirectory: out).rendered(fuzzFormat), format: fuzzFormat)
    }

    func mergeSweeps() throws {
      let r = SweepRenderer(try SweepResult.merged(files: files))
      switch format {
      case .text: terminal.print(r.text())
      case .markdown: print(r.markdown(), terminator: "")
      case .json: print(r.json())
      case .csv: print(r.csv(), terminator: "")
      }
    }
  }
}
