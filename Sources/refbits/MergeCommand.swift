import ArgumentParser
import Foundation
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

    @Argument(help: "Shard result files (JSON), in any order.")
    var files: [String]

    @Option(help: "Output format: text, markdown, json, or csv (sweeps).")
    var format: SweepCommand.SweepFormat = .json

    @Option(help: "Also write the merged witnesses under this directory.")
    var out: String?

    func validate() throws {
      if files.isEmpty { throw ValidationError("name the shard result files") }
    }

    func run() throws {
      if let first = files.first, Self.isSweepResult(first) {
        try mergeSweeps()
        return
      }
      if format == .csv { throw ValidationError("--format csv is for sweep results") }
      var groups: [String: [(FuzzResult, String)]] = [:]
      var order: [String] = []
      for f in files {
        guard let data = FileManager.default.contents(atPath: f) else {
          throw Diagnostics([Diagnostic(file: f, message: "cannot read the file")])
        }
        let decoder = JSONDecoder()
        let results: [FuzzResult]
        if let one = try? decoder.decode(FuzzResult.self, from: data) {
          results = [one]
        } else {
          do { results = try decoder.decode([FuzzResult].self, from: data) } catch {
            throw Diagnostics([Diagnostic(file: f, message: "not a result of `refbits fuzz --format json`: \(error)")])
          }
        }
        for r in results {
          let key = "\(r.layoutName)\u{0}\(r.workload)"
          if groups[key] == nil { order.append(key) }
          groups[key, default: []].append((r, f))
        }
      }
      var merged: [FuzzResult] = []
      for key in order {
        let g = groups[key]!
        merged.append(try FuzzResult.merged(g.map(\.0), files: g.map(\.1)))
      }
      if let out {
        for r in merged {
          for w in r.witnesses {
            let path = (out as NSString).appendingPathComponent(FuzzResult.witnessFile(layout: r.layoutName, outcome: w.outcome))
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try w.json.write(toFile: path, atomically: true, encoding: .utf8)
          }
        }
      }
      let renderer = FuzzRenderer(merged)
      switch format {
      case .text: print(renderer.text(outDirectory: out))
      case .markdown: print(renderer.markdown(), terminator: "")
      case .json, .csv: print(renderer.json())
      }
    }

    /// Whether a file holds a sweep result (its JSON names the format).
    static func isSweepResult(_ file: String) -> Bool {
      guard let data = FileManager.default.contents(atPath: file),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      else { return false }
      return object["format"] as? String == "refbits-sweep"
    }

    func mergeSweeps() throws {
      var parts: [SweepResult] = []
      for f in files {
        guard let data = FileManager.default.contents(atPath: f) else {
          throw Diagnostics([Diagnostic(file: f, message: "cannot read the file")])
        }
        let document: SweepDocument
        do { document = try JSONDecoder().decode(SweepDocument.self, from: data) } catch {
          throw Diagnostics([Diagnostic(file: f, message: "not a result of `refbits sweep --format json`: \(error)")])
        }
        parts.append(try SweepResult(document: document, file: f))
      }
      let r = SweepRenderer(try SweepResult.merged(parts, files: files))
      switch format {
      case .text: print(r.text(), terminator: "")
      case .markdown: print(r.markdown(), terminator: "")
      case .json: print(r.json())
      case .csv: print(r.csv(), terminator: "")
      }
    }
  }
}
