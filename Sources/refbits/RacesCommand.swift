import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct RacesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "races",
      abstract: "Explore every interleaving of threads running a layout's atomic sub-steps.",
      discussion: """
        Threads are scripts (--thread "gup" --thread "page_mkclean"), from the initial state or \
        from --from SCRIPT; with no --thread, the layout's [[scenarios]]. Every interleaving of \
        the threads' steps is explored (state hashing, partial-order reduction); every outcome, \
        predicate lie and claim violation some interleaving reaches is printed with its \
        interleaving, one column per thread. --racers N asks how N threads each running one \
        action once fare, for N up to 2^32 and beyond, with exact arithmetic. --emit promela \
        writes the same race as a Promela model for spin. Exit status 1 when a claim is \
        violated. See docs/races.md.
        """)

    @OptionGroup var terminal: TerminalOptions

    @Argument(help: "A layout name or path.", completion: Completions.layouts)
    var layout: String

    @OptionGroup var parameters: ParameterOptions

    @Option(name: .customLong("thread"), help: "A thread's script (repeatable, one per thread).")
    var threads: [String] = []

    @Option(help: "The script that builds the starting state (default: the initial state).")
    var from: String = ""

    @Option(name: .customLong("order"), help: "An order constraint \"A < B\" between two steps' labels (repeatable).")
    var orders: [String] = []

    @Option(name: .customLong("scenario"), help: "Only this scenario of the layout (repeatable).")
    var scenarios: [String] = []

    @Option(help: "N threads each running the one action of the one --thread once (a constant expression: \"1 << 32\").")
    var racers: String?

    @Flag(help: "Explore every interleaving, without partial-order reduction.")
    var noReduction = false

    @Option(help: "Stop after this many states (nothing is then proved).")
    var maxStates: Int = 8_000_000

    @Option(help: "Output format: text, markdown or json.")
    var format: OutputFormat = .text

    @Option(help: "Write the race as a model for another checker instead of exploring it: promela (for spin).")
    var emit: EmitFormat?

    @Option(help: "With --emit: the file to write (one race) or directory (several races; one LAYOUT.SCENARIO.pml each). Default: standard output, one race.")
    var out: String?

    @Flag(help: "Also run spin on each race's Promela model and compare its verdicts (a racers scenario as 2 and 3 explicit racers); exit 1 if they differ.")
    var spin = false

    enum EmitFormat: String, ExpressibleByArgument { case promela }

    func validate() throws {
      guard (1...(1 << 31)).contains(maxStates) else { throw ValidationError("--max-states takes 1 to 2^31") }
      if !threads.isEmpty && !scenarios.isEmpty { throw ValidationError("give --thread or --scenario, not both") }
      if threads.isEmpty && (!from.isEmpty || !orders.isEmpty || racers != nil) { throw ValidationError("--from, --order and --racers go with --thread") }
      if racers != nil && (threads.count != 1 || !orders.isEmpty) { throw ValidationError("--racers takes one --thread (the action every racer runs) and no --order") }
    }

    func run() throws {
      let l = try ShippedLayouts.resolve(layout, parameters: try parameters.values())
      let setups: [RaceSetup]
      do throws(RaceSetup.Problem) {
        if !threads.isEmpty {
          var setup = try RaceSetup(layout: l, name: "command line", threads: threads, from: from, order: orders)
          if let racers {
            let scope = Expression.Scope(constants: Dictionary(l.constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
            do {
              setup.racers = try Expression.parse(racers).resolved(in: scope, context: .constant).constantValue
            } catch {
              throw RaceSetup.Problem(message: "--racers '\(racers)': \(error.message) (column \(error.offset + 1))")
            }
          }
          setups = [setup]
        } else {
          var all = try RaceSetup.scenarios(of: l)
          if all.isEmpty {
            throw RaceSetup.Problem(message: "\(l.name) declares no [[scenarios]]", hint: "give threads with --thread SCRIPT (once per thread)")
          }
          if !scenarios.isEmpty {
            for s in scenarios where !all.contains(where: { $0.name == s }) {
              throw RaceSetup.Problem(message: "\(l.name) has no scenario '\(s)'", hint: "scenarios: \(all.map(\.name).joined(separator: ", "))")
            }
            all = all.filter { scenarios.contains($0.name) }
          }
          setups = all
        }
      } catch {
        throw Diagnostics([Diagnostic(file: layout, message: error.message, hint: error.hint)])
      }
      if emit != nil { return try emitModels(setups, layout: l) }
      if spin { return try crossCheck(l, setups: setups) }
      var reports: [RaceReport] = []
      for s in setups {
        do {
          reports.append(try s.run(options: RaceExplorer.Options(reduction: !noReduction, stateLimit: maxStates)))
        } catch {
          throw Diagnostics([Diagnostic(file: layout, message: "scenario \(s.name): \(error.message)", hint: error.hint)])
        }
      }
      switch format {
      case .text: terminal.print(RaceRenderer.text(reports))
      case .markdown: print(RaceRenderer.markdown(reports))
      case .json: print(JSONOutput.encode(reports.map(RaceReportDocument.init)))
      }
      let violated = reports.filter(\.violatesClaim).map(\.scenario)
      if !violated.isEmpty {
        FileHandle.standardError.write(Data("\(l.name): a claim is violated in \(violated.map { "'\($0)'" }.joined(separator: ", ")) (exit status 1)\n".utf8))
        throw ExitCode(1)
      }
    }

    /// `--emit promela`: the models, to standard output or files.
    func emitModels(_ setups: [RaceSetup], layout l: Layout) throws {
      var models: [(String, PromelaModel)] = []
      for s in setups where s.racers == nil {
        do { models.append(("\(l.name).\(s.name.replacingOccurrences(of: " ", with: "-")).pml", try PromelaModel(s))) } catch {
          throw Diagnostics([Diagnostic(file: layout, message: "scenario \(s.name): \(error.message)", hint: error.hint)])
        }
      }
      guard !models.isEmpty else { throw Diagnostics([Diagnostic(file: layout, message: "no race to emit (a racers scenario is emitted as explicit threads: give --thread X --thread X)")]) }
      guard let out else {
        guard models.count == 1 else { throw ValidationError("\(models.count) races: give --out DIRECTORY (or --scenario NAME)") }
        print(models[0].1.text, terminator: "")
        return
      }
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory)
      if models.count == 1 && !(exists && isDirectory.boolValue) {
        try Data(models[0].1.text.utf8).write(to: URL(fileURLWithPath: out))
        return
      }
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      for (name, m) in models { try Data(m.text.utf8).write(to: URL(fileURLWithPath: out).appendingPathComponent(name)) }
    }

    /// `--spin`: each race explored by RefBits and by spin, verdicts compared.
    func crossCheck(_ l: Layout, setups: [RaceSetup]) throws {
      var races: [RaceSetup] = []
      for s in setups {
        if s.racers != nil {
          do { races += try SpinRun.crossCheckRaces(l).filter { $0.name.hasPrefix(s.name + " (") } } catch {
            throw Diagnostics([Diagnostic(file: layout, message: error.message, hint: error.hint)])
          }
        } else {
          races.append(s)
        }
      }
      var differ = false
      for r in races {
        let c: SpinRun.Comparison
        do { c = try SpinRun.compare(r) } catch {
          throw Diagnostics([Diagnostic(file: layout, message: "\(r.name): \(error)")])
        }
        let both = c.refbits.sorted().joined(separator: ", ")
        if c.agree {
          print("agree  \(c.race): \(both.isEmpty ? "nothing found" : both) (RefBits \(c.refbitsStates) states, spin \(c.spinStates))")
        } else {
          differ = true
          print("DIFFER \(c.race): RefBits \(c.refbits.sorted()), spin \(c.spin.sorted())")
        }
      }
      if differ {
        FileHandle.standardError.write(Data("\(l.name): spin's verdicts differ from RefBits' (exit status 1)\n".utf8))
        throw ExitCode(1)
      }
    }
  }
}
