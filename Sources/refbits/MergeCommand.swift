import ArgumentParser
import RefBits

extension RefBitsCommand {
  struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "merge",
      abstract: "Combine the results of `refbits fuzz --shard K/N --format json` into one.",
      discussion: """
        Every shard 1/N ... N/N of each layout must be given, each finished. The merged \
        result is exactly what one unsharded run prints (same JSON bytes).
        """)

    @Argument(help: "Shard result files (JSON), in any order.")
    var files: [String]

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .json

    @Option(help: "Also write the merged witnesses under this directory.")
    var out: String?

    func validate() throws {
      if files.isEmpty { throw ValidationError("name the shard result files") }
    }

    func run() throws {
      let merged = try FuzzResult.merged(files: files)
      if let out {
        for r in merged { try WitnessDirectory(out).write(r) }
      }
      print(FuzzRenderer(merged, witnessDirectory: out).rendered(format), terminator: "")
    }
  }
}
