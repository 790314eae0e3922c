import Foundation
import Synchronization

/// What the lenses say about one layout, side by side: the exact analysis,
/// one attack per attacker profile, one fuzz result per workload, and (when
/// asked) the race lens on the layout's scenarios. `compare`
/// and `report` render these; they compute nothing of their own.
public struct LayoutEvaluation: Sendable {
  /// The layout as named (a shipped name or a path), with its file's digest.
  public var input: ResolvedInput<Layout>
  /// The exact lens's analysis of the layout.
  public var analysis: Analysis
  /// In the order of ``EvaluationSettings/attackers``.
  public var attacks: [Attack]
  /// In the order of ``EvaluationSettings/workloads``.
  public var fuzz: [FuzzResult]
  /// The layout's `[[scenarios]]`, in its order, each explored with the
  /// reduction (empty unless ``EvaluationSettings/races``).
  public var races: [RaceReport] = []

  /// The layout evaluated.
  public var layout: Layout { input.value }
}

/// The inputs of an evaluation besides the layouts: who attacks, which
/// workloads run, and how long and from which seed the fuzz lens runs.
public struct EvaluationSettings: Sendable {
  /// The attacker profiles to cost, one attack each.
  public var attackers: [AttackerProfile]
  /// The workloads to fuzz, one fuzz result each.
  public var workloads: [ResolvedInput<Workload>]
  /// Fuzz operations per layout and workload.
  public var operations: Int
  /// The fuzz seed: the same seed gives the same rates.
  var seed: UInt64
  /// The exact lens's two-phase search bound (see ``PhaseSearch``).
  var firstPhaseLimit: Int
  /// Whether to run the race lens on each layout's `[[scenarios]]`.
  public var races: Bool

  /// Creates settings. `operations` is the fuzz budget per layout and workload
  /// (at most ``InputLimits/operations``).
  public init(attackers: [AttackerProfile], workloads: [ResolvedInput<Workload>], operations: Int, seed: UInt64, firstPhaseLimit: Int = 8, races: Bool = false) {
    self.attackers = attackers
    self.workloads = workloads
    self.operations = operations
    self.seed = seed
    self.firstPhaseLimit = firstPhaseLimit
    self.races = races
  }
}

extension LayoutEvaluation {
  /// Runs every lens on one layout. The fuzz campaigns use one job each:
  /// parallelism is across layouts (``evaluate(_:settings:progress:)``), and
  /// results do not depend on jobs anyway.
  public init(_ input: ResolvedInput<Layout>, settings: EvaluationSettings) throws(InitialStateError) {
    let layout = input.value
    let analysis = try Analysis(layout: layout, firstPhaseLimit: settings.firstPhaseLimit)
    var attacks: [Attack] = []
    for profile in settings.attackers {
      attacks.append(try Attack(layout: layout, profile: profile, firstPhaseLimit: settings.firstPhaseLimit))
    }
    var fuzz: [FuzzResult] = []
    for w in settings.workloads {
      let campaign = FuzzCampaign(
        layout: layout, layoutArgument: input.argument, layoutDigest: input.digest,
        workload: w.value, workloadDigest: w.digest, seed: settings.seed, operations: settings.operations, jobs: 1)
      fuzz.append(try campaign.run().result())
    }
    var races: [RaceReport] = []
    if settings.races {
      do throws(RaceSetup.Problem) {
        for setup in try RaceSetup.scenarios(of: layout) { races.append(try setup.run()) }
      } catch {
        throw InitialStateError(message: "races: \(error.message)", hint: error.hint)
      }
    }
    self.init(input: input, analysis: analysis, attacks: attacks, fuzz: fuzz, races: races)
  }

  /// Evaluates several layouts over the machine's cores, in the given order.
  /// The result is the same whatever the scheduling.
  ///
  /// - Parameter progress: called as each layout finishes, with the number
  ///   finished, the total and the layout's name (from any thread).
  /// - Throws: ``Diagnostics`` naming every layout whose initial state
  ///   cannot be built, and every operation a workload names that a layout
  ///   lacks; nothing is returned then.
  public static func evaluate(_ inputs: [ResolvedInput<Layout>], settings: EvaluationSettings, progress: (@Sendable (Int, Int, String) -> Void)? = nil) throws(Diagnostics) -> [LayoutEvaluation] {
    var unknown: [Diagnostic] = []
    for input in inputs {
      for w in settings.workloads {
        do { try w.value.check(against: input.value) } catch { unknown += error.all }
      }
    }
    guard unknown.isEmpty else { throw Diagnostics(unknown) }
    let done = Atomic<Int>(0)
    let total = inputs.count
    let results = ParallelMap.map(inputs) { input in
      let r = Swift.Result { () throws(InitialStateError) in try LayoutEvaluation(input, settings: settings) }
      let n = done.add(1, ordering: .relaxed).newValue
      progress?(n, total, input.value.name)
      return r
    }
    var out: [LayoutEvaluation] = []
    var problems: [Diagnostic] = []
    for (input, r) in zip(inputs, results) {
      switch r {
      case .success(let e): out.append(e)
      case .failure(let e): problems.append(Diagnostic(file: input.argument, message: e.message, hint: e.hint))
      }
    }
    guard problems.isEmpty else { throw Diagnostics(problems) }
    return out
  }
}
