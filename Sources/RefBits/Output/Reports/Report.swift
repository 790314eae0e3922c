import Foundation

/// `refbits report`: the markdown reports of a set of layouts, as files in
/// memory (relative path -> content), ready to be written atomically or
/// compared with a committed copy (``ReportDirectory``).
///
/// - `README.md`: what the report is and how it was produced, a summary
///   table across layouts, and mermaid charts (``ReportIndex``);
/// - `LAYOUT.md`: one page per layout (``ReportPage``);
/// - `witnesses/WORKLOAD/LAYOUT/OUTCOME.json`: the shrunk witness of each
///   outcome the fuzz lens saw, for `refbits replay`;
/// - `sweeps/SWEEP.md`: one design-space page per sweep (``SweepPage``).
///
/// Deterministic: everything comes from the evaluations, which do not depend
/// on time, jobs or scheduling; no timestamp is written (the version and the
/// seed stand in).
public struct Report: Sendable {
  var evaluations: [LayoutEvaluation]
  /// The design-space sweeps, each run whole.
  public var sweeps: [SweepResult]
  var settings: EvaluationSettings
  /// The command that produces these files, as the README prints it.
  public var command: String
  /// The output directory as replay commands name it (`reports`).
  public var directory: String

  /// The report of `evaluations` (one page per layout, in that order) and
  /// `sweeps`.
  ///
  /// - Parameters:
  ///   - settings: what the evaluations were run with; the pages name its
  ///     attacker profiles and workloads.
  ///   - command: the command that produces the files, for the README.
  ///   - directory: the output directory as replay commands name it;
  ///     trailing slashes are dropped.
  ///
  /// - Complexity: O(1); the pages are rendered by ``files()``.
  public init(evaluations: [LayoutEvaluation], sweeps: [SweepResult] = [], settings: EvaluationSettings, command: String, directory: String) {
    self.evaluations = evaluations
    self.sweeps = sweeps
    self.settings = settings
    self.command = command
    var d = directory
    while d.count > 1 && d.hasSuffix("/") { d.removeLast() }
    self.directory = d
  }

  /// The page of a layout, relative to the report directory.
  public static func page(_ layout: String) -> String { "\(layout).md" }

  /// The design-space page of a sweep, relative to the report directory.
  static func sweepPage(_ sweep: String) -> String { "sweeps/\(sweep).md" }

  /// Where the witness of `outcome` under `workload` is written, relative to
  /// the report directory.
  static func witnessPath(workload: String, layout: String, outcome: Outcome) -> String {
    "witnesses/\(workload)/" + FuzzResult.witnessFile(layout: layout, outcome: outcome)
  }

  /// The command that replays a witness from the directory the report was
  /// generated in.
  func replayCommand(_ relativePath: String) -> String {
    "refbits replay \(directory == "." ? "" : directory + "/")\(relativePath)"
  }

  /// Every file of the report.
  public func files() -> [String: String] {
    var out: [String: String] = [:]
    out["README.md"] = ReportIndex(report: self).markdown()
    for s in sweeps {
      out[Self.sweepPage(s.spec.name)] = SweepPage(report: self, result: s).markdown()
    }
    for e in evaluations {
      out[Self.page(e.layout.name)] = ReportPage(report: self, evaluation: e).markdown()
      for r in e.fuzz {
        for w in r.witnesses {
          out[Self.witnessPath(workload: r.workload, layout: r.layoutName, outcome: w.outcome)] = w.json
        }
      }
    }
    return out
  }
}
