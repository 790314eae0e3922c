import Foundation

/// Runs spin on a race's Promela model (``PromelaModel``) and compares its
/// verdicts with the race lens': the cross-check of DESIGN.md ("race
/// verdicts equal spin's on the emitted Promela models").
///
/// `spin -a model.pml`, `gcc -O2 -w -o pan pan.c`, `./pan -c0 -m1000000`
/// (keep going after errors; a deep enough search stack), in a fresh
/// temporary directory; nothing else is written.
public struct SpinRun: Sendable {
  /// What spin found, in the model's names.
  var found: Set<String>
  /// pan's own counts: states stored, transitions, and its search time
  /// (pan's "elapsed time"); compile time is not included.
  var states: Int
  var transitions: Int
  var searchSeconds: Double
  /// Wall-clock seconds of `spin -a` and of `gcc`.
  var generateSeconds: Double
  var compileSeconds: Double
  /// Whether pan explored everything (no search-depth truncation).
  var complete: Bool
  /// pan's whole output, for a reader who wants to check the figures above.
  var output: String

  /// Why spin could not be run.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    /// What went wrong (spin or gcc missing, a failed step and its output).
    public var message: String
    /// The message alone.
    public var description: String { message }
  }

  /// Runs spin on `model`.
  public static func run(_ model: PromelaModel, spin: String = "spin", cc: String = "gcc", panArguments: [String] = ["-c0", "-m1000000"]) throws(Failure) -> SpinRun {
    let fm = FileManager.default
    let dir = fm.temporaryDirectory.appendingPathComponent("refbits-spin-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
    do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch { throw Failure(message: "cannot create \(dir.path): \(error.localizedDescription)") }
    defer { try? fm.removeItem(at: dir) }
    do { try Data(model.text.utf8).write(to: dir.appendingPathComponent("model.pml")) } catch { throw Failure(message: "cannot write the model: \(error.localizedDescription)") }
    let t0 = Date()
    let a = try execute(spin, ["-a", "model.pml"], in: dir)
    guard a.status == 0 else { throw Failure(message: "spin -a failed:\n\(a.output)") }
    let t1 = Date()
    let g = try execute(cc, ["-O2", "-w", "-o", "pan", "pan.c"], in: dir)
    guard g.status == 0 else { throw Failure(message: "\(cc) failed on pan.c:\n\(g.output.prefix(4000))") }
    let t2 = Date()
    let p = try execute(dir.appendingPathComponent("pan").path, panArguments, in: dir)
    func number(after key: String) -> Double? {
      for line in p.output.split(separator: "\n") where line.contains(key) {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        if key == "elapsed time", let i = parts.firstIndex(of: "time"), i + 1 < parts.count { return Double(parts[i + 1]) }
        if let v = parts.first.flatMap({ Double($0) }) { return v }
      }
      return nil
    }
    let states = Int(number(after: "states, stored") ?? -1)
    let transitions = Int(number(after: "transitions (= stored+matched)") ?? -1)
    guard states >= 0 else { throw Failure(message: "pan gave no state count:\n\(p.output.prefix(4000))") }
    return SpinRun(
      found: PromelaModel.found(inPanOutput: p.output), states: states, transitions: transitions, searchSeconds: number(after: "elapsed time") ?? 0,
      generateSeconds: t1.timeIntervalSince(t0), compileSeconds: t2.timeIntervalSince(t1), complete: !p.output.contains("max search depth too small"), output: p.output)
  }

  static func execute(_ tool: String, _ arguments: [String], in dir: URL) throws(Failure) -> (status: Int32, output: String) {
    let process = Process()
    if tool.contains("/") {
      process.executableURL = URL(fileURLWithPath: tool)
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [tool] + arguments
    }
    process.currentDirectoryURL = dir
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { throw Failure(message: "cannot run \(tool): \(error.localizedDescription)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

extension SpinRun {
  /// The race lens' and spin's verdicts on one race, and whether they agree.
  public struct Comparison: Sendable {
    /// The race's name: layout and scenario.
    public var race: String
    /// What the race lens found, in the model's names.
    public var refbits: Set<String>
    /// What spin found, in the model's names.
    public var spin: Set<String>
    /// States the race lens explored.
    public var refbitsStates: Int
    /// States pan stored.
    public var spinStates: Int

    /// Whether both found exactly the same things.
    public var agree: Bool { refbits == spin }
  }

  /// Explores `setup` with the race lens and with spin, and compares.
  public static func compare(_ setup: RaceSetup) throws -> Comparison {
    let r = try RaceExplorer.explore(setup)
    let model = try PromelaModel(setup)
    let s = try run(model)
    return Comparison(race: "\(setup.layout.name) \(setup.name)", refbits: PromelaModel.verdicts(r), spin: s.found, refbitsStates: r.states, spinStates: s.states)
  }

  /// The races to cross-check for a layout: its scenarios, with a racers
  /// scenario as 2 and 3 explicit racers.
  public static func crossCheckRaces(_ layout: Layout) throws(RaceSetup.Problem) -> [RaceSetup] {
    var out: [RaceSetup] = []
    for s in try RaceSetup.scenarios(of: layout) {
      guard s.racers != nil else { out.append(s); continue }
      for n in 2...3 {
        var r = try RaceSetup(layout: layout, name: "\(s.name) (\(n) racers)", threads: Array(repeating: s.threadScripts[0], count: n), from: s.from, order: [])
        r.racers = nil
        out.append(r)
      }
    }
    return out
  }
}
