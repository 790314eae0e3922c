import Foundation
import RefBitsTestSupport
import Synchronization
import Testing

@testable import RefBits

/// Every subcommand on a seeded corpus of hostile inputs (``MutationCorpus``),
/// each run as the real executable under 1 GiB of address space and 20 s of
/// CPU: no run may end on a signal (a trap, a failed allocation) or pass its
/// limit, and every failure must exit 1 or 2 with a message.
///
/// `swift test` runs a fast subset (`REFBITS_MUTATION_INPUTS`, default 150);
/// `.ci/run` runs 5,000. `REFBITS_MUTATION_SEED` picks the seed, and
/// `REFBITS_MUTATION_ONLY=I` replays input I alone. Inputs that fail are
/// kept under `REFBITS_MUTATION_KEEP` (default the temporary directory) with
/// their command line. `REFBITS_MUTATION_LOG=FILE` writes each input's
/// ending, one line per input in input order, so that the runs of two
/// executables (`REFBITS_BINARY`) can be compared input by input.
///
/// Not in the checked build (`REFBITS_INTERNAL_CHECKS`): its executable
/// re-steps every fast path against the reference, too slow for the CPU
/// limit; the corpus is about the shipped build.
@Suite(.serialized, .disabled(if: InternalChecks.isEnabled, "the checked executable is too slow for the corpus's CPU limit"))
struct MutationCorpusTests {
  static let environment = ProcessInfo.processInfo.environment
  static let inputs = environment["REFBITS_MUTATION_INPUTS"].flatMap(Int.init) ?? 150
  static let seed = environment["REFBITS_MUTATION_SEED"].flatMap { UInt64($0) } ?? 0x5EED_C0DE
  static let jobs = environment["REFBITS_MUTATION_JOBS"].flatMap(Int.init) ?? 3

  /// What the runs came to.
  struct Summary {
    var endings: [String: Int] = [:]
    var signals: [(MutationCorpus.Input, CommandRunner.Run)] = []
    var timeouts: [(MutationCorpus.Input, CommandRunner.Run)] = []
    var silent: [(MutationCorpus.Input, CommandRunner.Run)] = []
    var byCommand: [String: Int] = [:]
    var secondsByCommand: [String: Double] = [:]
    var slowest: (seconds: Double, label: String) = (0, "")
    /// Input index -> "index<TAB>ending<TAB>label", for `REFBITS_MUTATION_LOG`.
    var lines: [Int: String] = [:]
    var seconds = 0.0
  }

  @Test func everySubcommandSurvivesTheCorpus() throws {
    let runner = CommandRunner()
    try #require(CommandRunner.binary != nil, "the refbits executable is not built next to the tests")
    let root = try CommandRunner.temporaryDirectory("corpus")
    defer { try? FileManager.default.removeItem(at: root) }
    let seeds = try MutationCorpus.makeSeeds(runner: runner, directory: root)
    #expect(!seeds.witnesses.isEmpty && !seeds.shardSets.isEmpty, "the seed campaigns wrote no witness or shard")
    let corpus = MutationCorpus(seed: Self.seed, seeds: seeds)
    let indices: [Int] = Self.environment["REFBITS_MUTATION_ONLY"].flatMap(Int.init).map { [$0] } ?? Array(0..<Self.inputs)
    let keep = URL(fileURLWithPath: Self.environment["REFBITS_MUTATION_KEEP"] ?? FileManager.default.temporaryDirectory.path)
      .appendingPathComponent("refbits-mutation-failures")

    let next = Atomic<Int>(0)
    let summary = Mutex(Summary())
    let start = Date()
    DispatchQueue.concurrentPerform(iterations: max(1, Self.jobs)) { _ in
      while true {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < indices.count else { return }
        let input = corpus.input(indices[k])
        let dir = root.appendingPathComponent("in\(input.index)")
        do {
          try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
          for f in input.files { try Data(f.bytes).write(to: dir.appendingPathComponent(f.name)) }
          let run = try runner.run(input.arguments, in: dir)
          var failed = false
          summary.withLock { s in
            s.endings[run.ending.description, default: 0] += 1
            s.lines[input.index] = "\(input.index)\t\(run.ending)\t\(input.label)"
            s.byCommand[input.arguments.first ?? "", default: 0] += 1
            s.secondsByCommand[input.arguments.first ?? "", default: 0] += run.seconds
            if run.seconds > s.slowest.seconds { s.slowest = (run.seconds, "#\(input.index) \(input.label)") }
            switch run.ending {
            case .signal: s.signals.append((input, run)); failed = true
            case .timeout: s.timeouts.append((input, run)); failed = true
            case .exit(let c) where c != 0 && run.stderr.isEmpty: s.silent.append((input, run)); failed = true
            case .exit(let c) where c != 0 && c != 1 && c != 2: s.signals.append((input, run)); failed = true
            default: break
            }
          }
          if failed { Self.keep(input, dir: dir, in: keep) }
        } catch let error as NSError where (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(E2BIG) {
          // The kernel refuses an argument this long (MAX_ARG_STRLEN) before
          // refbits is started: there is no run of refbits to judge.
        } catch {
          Issue.record("input #\(input.index): \(error)")
        }
        try? FileManager.default.removeItem(at: dir)
      }
    }
    let s = summary.withLock { $0 }
    let seconds = Date().timeIntervalSince(start)
    if let log = Self.environment["REFBITS_MUTATION_LOG"] {
      let text = s.lines.keys.sorted().compactMap { s.lines[$0] }.joined(separator: "\n") + "\n"
      try Data(text.utf8).write(to: URL(fileURLWithPath: log))
    }
    let endings = s.endings.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    let commands = s.byCommand.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) (\(String(format: "%.0f", s.secondsByCommand[$0.key] ?? 0)) s)" }.joined(separator: ", ")
    print("mutation corpus: seed \(Self.seed), \(indices.count) inputs, \(s.signals.count) signals, \(s.timeouts.count) timeouts, \(s.silent.count) silent failures; \(endings); commands: \(commands); slowest \(String(format: "%.1f", s.slowest.seconds)) s (\(s.slowest.label)); \(String(format: "%.0f", seconds)) s in all")
    func describe(_ f: (MutationCorpus.Input, CommandRunner.Run)) -> String {
      "#\(f.0.index) [\(f.1.ending)] \(f.0.label): refbits \(f.0.arguments.map { $0.count > 80 ? String($0.prefix(80)) + "..." : $0 }.joined(separator: " "))\n\(f.1.stderr.prefix(600))"
    }
    #expect(s.signals.isEmpty, "seed \(Self.seed): \(s.signals.count) runs ended on a signal (kept under \(keep.path)):\n\(s.signals.prefix(5).map(describe).joined(separator: "\n"))")
    #expect(s.timeouts.isEmpty, "seed \(Self.seed): \(s.timeouts.count) runs passed their limit (kept under \(keep.path)):\n\(s.timeouts.prefix(5).map(describe).joined(separator: "\n"))")
    #expect(s.silent.isEmpty, "seed \(Self.seed): \(s.silent.count) runs failed without a message:\n\(s.silent.prefix(5).map(describe).joined(separator: "\n"))")
    // Every kind of input ran: the corpus exercises every subcommand.
    if indices.count >= 150 {
      for command in ["check", "show", "analyze", "trace", "attack", "fuzz", "replay", "merge"] {
        #expect((s.byCommand[command] ?? 0) > 0, "no '\(command)' input among \(indices.count)")
      }
    }
  }

  /// Copies a failing input's files and command line where a person can
  /// replay it.
  static func keep(_ input: MutationCorpus.Input, dir: URL, in keep: URL) {
    let target = keep.appendingPathComponent("\(seed)-\(input.index)")
    try? FileManager.default.removeItem(at: target)
    try? FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
    try? FileManager.default.copyItem(at: dir, to: target)
    let command = "refbits " + input.arguments.map { "'\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }.joined(separator: " ")
    try? Data("# \(input.label)\n\(command)\n".utf8).write(to: target.appendingPathComponent("COMMAND"))
  }
}
