import ArgumentParser
import Foundation
import RefBits

extension RefBitsCommand {
  struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sweep",
      abstract: "Evaluate a parametric layout at every point of a grid of parameter values, and mark the Pareto front.",
      discussion: """
        TARGET is a shipped sweep (see --list), a sweep file (docs/sweep.md), or a layout \
        with [parameters] (then give --vary). Each point is read as `--set` would read it and \
        evaluated by the exact lens: capacity per kind, predicate onsets, reachability, and with \
        --attacker the cheapest attack per goal. --where keeps the points whose conditions hold \
        (three-valued: a condition on an unknown figure is undecided, and such points are listed \
        apart); --maximize/--minimize name the objectives, and the points no other point beats \
        on all of them are marked as the Pareto front. A point with an unknown objective, or \
        whose search was incomplete, is kept off the front and listed as such. On a sweep file, \
        --vary and --set amend its values; --where, --maximize/--minimize and --attacker replace \
        its own. Points run in parallel; the output is the same for any --jobs, and the parts of \
        --shard K/N merged with `refbits merge` give exactly one run's output.
        """)

    @OptionGroup var terminal: TerminalOptions


    @Argument(help: "A shipped sweep's name, a sweep file, or a layout (name or path).", completion: .custom { _, _, prefix in Completions.candidates(ShippedSweeps.names + ShippedLayouts.names, prefix: prefix, extensions: ["toml"]) })
    var target: String?

    @Option(help: ArgumentHelp("Vary a parameter (repeatable): NAME=LO..HI, LO..HI:STEP, LO..HI*FACTOR or a,b,c.", valueName: "NAME=VALUES"))
    var vary: [String] = []

    @OptionGroup var parameters: ParameterOptions

    @Option(name: .shortAndLong, help: "Add the cheapest attack of this attacker profile (name or path) per goal.", completion: Completions.attackers)
    var attacker: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Keep the points where this holds (repeatable), e.g. 'premature_free impossible', 'capacity(pin) >= 2^16'.", valueName: "CONDITION"))
    var conditions: [String] = []

    @Option(help: ArgumentHelp("An objective to maximize (repeatable), e.g. 'capacity(pin)'.", valueName: "METRIC"))
    var maximize: [String] = []

    @Option(help: ArgumentHelp("An objective to minimize (repeatable).", valueName: "METRIC"))
    var minimize: [String] = []

    @Option(help: "Parallel jobs (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run part K of N (1-based), e.g. 2/8; combine the parts' JSON with `refbits merge`.")
    var shard: String?

    @Option(help: "Output format: text, markdown, json or csv.")
    var format: SweepFormat = .text

    @Option(help: "Longest first phase tried exhaustively in the two-phase search.")
    var firstPhase: Int?

    @Flag(help: "List the shipped sweeps and exit.")
    var list = false

    enum SweepFormat: String, ExpressibleByArgument, CaseIterable {
      case text, markdown, json, csv
    }

    func validate() throws {
      guard jobs >= 1, jobs <= 1024 else { throw ValidationError("--jobs takes 1 to 1024") }
      if let shard, FuzzShard(parsing: shard) == nil { throw ValidationError("--shard takes K/N with 1 <= K <= N <= \(InputLimits.shards), e.g. 1/4") }
      if let f = firstPhase, !(1...64).contains(f) { throw ValidationError("--first-phase takes 1 to 64") }
      if !list && target == nil { throw ValidationError("name a sweep, a sweep file or a layout (see refbits sweep --list)") }
    }

    func run() throws {
      if list {
        let names = ShippedSweeps.names
        let width = names.map(\.count).max() ?? 0
        for name in names {
          let title = (try? ShippedSweeps.resolve(name).title) ?? "(invalid)"
          terminal.print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + title)
        }
        return
      }
      let sweep = try Sweep.resolving(try plan())
      let showsProgress = terminal.standardError.escapes
      let progress = CountProgress(label: "sweep \(sweep.spec.name)", enabled: showsProgress, unit: "points")
      let result = sweep.run(shard: shard.flatMap(FuzzShard.init(parsing:)).map { ($0.index, $0.count) }, jobs: jobs, progress: progress.show)
      progress.clear()
      let r = SweepRenderer(result)
      switch format {
      case .text: terminal.print(r.text())
      case .markdown: print(r.markdown(), terminator: "")
      case .json: print(r.json())
      case .csv: print(r.csv(), terminator: "")
      }
    }

    /// The sweep file (or a bare one for a layout), amended by the options.
    func plan() throws -> SweepSpec {
      let target = target!
      var spec: SweepSpec
      if ShippedSweeps.isSweep(target) {
        spec = try ShippedSweeps.resolve(target)
      } else {
        if !target.contains("/"), !target.hasSuffix(".toml"), !FileManager.default.fileExists(atPath: target), ShippedLayouts.path(named: target) == nil {
          throw Diagnostics([Diagnostic(file: target, message: "no shipped sweep or layout named '\(target)'", hint: "sweeps: \(ShippedSweeps.names.joined(separator: ", ")); layouts with parameters: \(ShippedLayouts.names.filter { (try? ShippedLayouts.load($0))?.parameters.isEmpty == false }.joined(separator: ", ")); a path to a sweep or layout file works too")])
        }
        let name = URL(fileURLWithPath: target).deletingPathExtension().lastPathComponent
        spec = SweepSpec(name: name, layout: target, layoutName: "", layoutDigest: "", axes: [])
      }
      for (k, v) in try parameters.values() { spec.fixed[k] = v }
      for text in vary {
        let axis = try SweepAxis.parse(text)
        if let i = spec.axes.firstIndex(where: { $0.parameter == axis.parameter }) { spec.axes[i] = axis } else { spec.axes.append(axis) }
      }
      if let attacker { spec.attacker = attacker }
      if !conditions.isEmpty {
        spec.conditions = []
        for text in conditions {
          do { spec.conditions.append(try SweepCondition(parsing: text)) } catch {
            throw Diagnostics([Diagnostic(file: "--where", message: "\(error.message) at column \(error.offset + 1) of '\(text)'", hint: "e.g. 'capacity(pin) >= 2^16', 'premature_free impossible', joined by and / or")])
          }
        }
      }
      if !maximize.isEmpty || !minimize.isEmpty {
        var objectives: [SweepObjective] = []
        for (texts, direction) in [(maximize, SweepObjective.Direction.maximize), (minimize, .minimize)] {
          for text in texts {
            do { objectives.append(SweepObjective(metric: try SweepMetric(parsing: text), direction: direction)) } catch {
              throw Diagnostics([Diagnostic(file: "--\(direction.rawValue)", message: "\(error.message) at column \(error.offset + 1) of '\(text)'", hint: "e.g. capacity(pin), onset(false_positive(maybe_pinned)), attack_cost(premature_free)")])
            }
          }
        }
        spec.objectives = objectives
      }
      if let f = firstPhase { spec.firstPhaseLimit = f }
      return spec
    }
  }
}
