import Dispatch
import Foundation

/// `refbits bench --races`: how fast the race lens explores, against spin
/// on the same models (``PromelaModel``).
public enum RaceBenchmark {
  /// One model measured both ways.
  public struct Entry: Codable, Sendable {
    /// The race: the layout's and the scenario's names.
    public var race: String
    /// How many threads race.
    var threads: Int
    /// The race lens with the reduction: states, seconds (best of the runs), rate.
    var reducedStates: Int
    var reducedSeconds: Double
    /// The race lens without the reduction (every interleaving, as spin's
    /// model has no reduction to apply to embedded C).
    var fullStates: Int
    var fullSeconds: Double
    var fullStatesPerSecond: Double
    /// spin: pan's states stored, the wall-clock seconds of `./pan` (best
    /// of the runs; its start-up and hash-table allocation included), pan's
    /// own reported search time, and the one-off `spin -a` and `gcc -O2`.
    public var spinStates: Int?
    var spinSeconds: Double?
    var spinSearchSeconds: Double?
    var spinStatesPerSecond: Double?
    var spinGenerateSeconds: Double?
    var spinCompileSeconds: Double?
    /// Whether both found the same outcomes, lies and claim violations.
    public var agree: Bool?
    /// Why spin was not measured, if it was not.
    var spinError: String?

    enum CodingKeys: String, CodingKey {
      case race, threads, agree
      case reducedStates = "reduced_states", reducedSeconds = "reduced_seconds"
      case fullStates = "full_states", fullSeconds = "full_seconds", fullStatesPerSecond = "full_states_per_second"
      case spinStates = "spin_states", spinSeconds = "spin_seconds", spinSearchSeconds = "spin_search_seconds", spinStatesPerSecond = "spin_states_per_second"
      case spinGenerateSeconds = "spin_generate_seconds", spinCompileSeconds = "spin_compile_seconds", spinError = "spin_error"
    }
  }

  /// The measured races: Glisse's three-thread scenario and three threads of
  /// his programs (the issue's "under 1 s" figure), then larger models where
  /// rates mean something.
  public static func races() throws(RaceSetup.Problem) -> [RaceSetup] {
    func load(_ name: String) throws(RaceSetup.Problem) -> Layout {
      do { return try ShippedLayouts.load(name) } catch { throw RaceSetup.Problem(message: error.description) }
    }
    let glisse = try load("glisse-pagepin-mapcount")
    let rcuref = try load("linux-rcuref-races")
    let hubbard = try load("hubbard-dma-pinned-count")
    var out: [RaceSetup] = []
    out += try RaceSetup.scenarios(of: glisse).filter { $0.name == "three-threads" }
    out.append(try RaceSetup(layout: glisse, name: "gup, gup, page_mkclean", threads: ["gup", "gup", "page_mkclean"], from: "", order: []))
    out.append(try RaceSetup(layout: glisse, name: "five threads", threads: ["gup, put_user_page", "gup, put_user_page", "unmap", "page_mkclean", "page_mkclean"], from: "map, map", order: []))
    out.append(try RaceSetup(layout: hubbard, name: "four threads", threads: ["put_user_page", "put_user_page", "pin_page_for_dma", "pin_page_for_dma, put_user_page"], from: "pin_page_for_dma*2", order: []))
    out.append(try RaceSetup(layout: rcuref, name: "4 racing gets", threads: Array(repeating: "rcuref_get", count: 4), from: "rcuref_get*(RCUREF_MAXREF + 1)", order: []))
    return out
  }

  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// Measures one race `runs` times each way (at least once; the best time counts).
  public static func measure(_ setup: RaceSetup, runs: Int = 5, spin: Bool = true) throws -> Entry {
    let runs = max(1, runs)
    var reduced: RaceResult?, full: RaceResult?
    var rt = Double.infinity, ft = Double.infinity
    for _ in 0..<runs {
      rt = min(rt, try seconds { reduced = try RaceExplorer.explore(setup, options: .init(reduction: true)) })
      ft = min(ft, try seconds { full = try RaceExplorer.explore(setup, options: .init(reduction: false)) })
    }
    var e = Entry(
      race: "\(setup.layout.name) \(setup.name)", threads: setup.threads.count, reducedStates: reduced!.states, reducedSeconds: rt,
      fullStates: full!.states, fullSeconds: ft, fullStatesPerSecond: Double(full!.states) / ft)
    guard spin else { return e }
    do {
      let model = try PromelaModel(setup)
      // A hash table sized to the model (2^w slots, at least twice the states), as one would run pan.
      var w = 10
      while (1 << w) < 2 * max(full!.states, 1) && w < 28 { w += 1 }
      var best: SpinRun?
      var wall = Double.infinity
      for _ in 0..<runs {
        var r: SpinRun?
        let t = try seconds { r = try SpinRun.run(model, panArguments: ["-c0", "-m1000000", "-w\(w)"]) }
        // The pipeline's time is spin -a + gcc + pan; keep pan's own part.
        let panWall = t - r!.generateSeconds - r!.compileSeconds
        if panWall < wall { wall = panWall; best = r }
      }
      e.spinStates = best!.states
      e.spinSeconds = wall
      e.spinSearchSeconds = best!.searchSeconds
      e.spinStatesPerSecond = Double(best!.states) / wall
      e.spinGenerateSeconds = best!.generateSeconds
      e.spinCompileSeconds = best!.compileSeconds
      e.agree = PromelaModel.verdicts(reduced!) == best!.found
    } catch {
      e.spinError = "\(error)"
    }
    return e
  }

  /// The entries as `refbits bench --races` prints them: per model, the race
  /// lens reduced and full, spin, their ratio and whether the verdicts agree.
  public static func text(_ entries: [Entry]) -> String {
    var out = ["races: states explored and seconds (best of the runs); RefBits with the reduction, and without it (every interleaving, as spin's model);",
      "spin: pan's states stored and the wall-clock time of ./pan sized with -w to the model (pan's own search time in parentheses); spin -a and gcc -O2 are one-off costs, shown apart", ""]
    func f(_ x: Double) -> String { String(format: x < 0.01 ? "%.5f" : "%.3f", x) }
    func rate(_ x: Double) -> String { x >= 1e6 ? String(format: "%.2fM/s", x / 1e6) : String(format: "%.0fk/s", x / 1e3) }
    for e in entries {
      out.append("  \(e.race) (\(e.threads) threads)")
      out.append("    RefBits, reduced: \(e.reducedStates) states in \(f(e.reducedSeconds)) s")
      out.append("    RefBits, full:    \(e.fullStates) states in \(f(e.fullSeconds)) s = \(rate(e.fullStatesPerSecond))")
      if let s = e.spinStates, let t = e.spinSeconds, let r = e.spinStatesPerSecond {
        out.append("    spin (pan):       \(s) states in \(f(t)) s (search \(f(e.spinSearchSeconds ?? 0)) s) = \(rate(r)); spin -a \(f(e.spinGenerateSeconds ?? 0)) s, gcc \(f(e.spinCompileSeconds ?? 0)) s")
        out.append("    RefBits / spin:   \(String(format: "%.2f", e.fullStatesPerSecond / r))x states per second (full); time to verdict \(String(format: "%.1f", t / e.reducedSeconds))x faster (reduced vs pan); verdicts \(e.agree == true ? "agree" : "DIFFER")")
      } else if let err = e.spinError {
        out.append("    spin: not measured (\(err))")
      }
    }
    return out.joined(separator: "\n")
  }
}
