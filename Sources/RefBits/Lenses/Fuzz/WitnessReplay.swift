import Foundation

/// A trace run again: the step-by-step trace, and whether the outcome came.
public struct WitnessReplay: Sendable {
  var witness: Witness
  var trace: Trace
  /// The global step at which the outcome first appeared, if it did.
  public var reproducedAt: BigInt?

  /// Replays `witness` on `layout`, whose file has digest `digest`, keeping
  /// every entry of the trace (see ``Plan/run(singleStepBudget:each:)`` to stream them).
  ///
  /// - Throws: ``Diagnostics`` when the digest differs (the layout changed
  ///   since the trace was written) or an operation is unknown.
  public init(_ witness: Witness, layout: Layout, digest: String, file: String) throws(Diagnostics) {
    let plan = try Plan(witness, layout: layout, digest: digest, file: file)
    var entries: [Trace.Entry] = []
    reproducedAt = plan.run { entries.append($0) }
    self.witness = witness
    trace = Trace(machine: plan.machine, initial: plan.initial, entries: entries)
  }

  /// A replay ready to run: the witness's operations parsed on the layout,
  /// the machine and its initial state.
  public struct Plan: Sendable {
    var witness: Witness
    var script: Script
    /// The machine of the layout the witness is replayed on.
    public var machine: Machine
    /// The layout's initial state, where the witness's operations start.
    public var initial: State
    /// The trace file, for messages.
    public var file: String

    /// - Throws: ``Diagnostics`` when the digest differs (the layout changed
    ///   since the trace was written) or an operation is unknown.
    public init(_ witness: Witness, layout: Layout, digest: String, file: String) throws(Diagnostics) {
      guard digest == witness.layoutDigest else {
        throw Diagnostics([Diagnostic(
          file: file, keyPath: "layout_digest",
          message: "the layout '\(witness.layout)' changed since this trace was written: its digest is \(digest), the trace was recorded on \(witness.layoutDigest)",
          hint: "replaying would explain something else: run the campaign again on the current layout (refbits fuzz), or check out the layout file the trace was written for")])
      }
      do {
        script = try witness.script(on: layout)
      } catch {
        throw Diagnostics([Diagnostic(file: file, keyPath: "operations", message: "the trace's operations do not parse on this layout: \(error.message)")])
      }
      machine = Machine(layout)
      do { initial = try machine.initialState() } catch {
        throw Diagnostics([Diagnostic(file: file, message: error.message)])
      }
      self.witness = witness
      self.file = file
    }

    /// Runs the operations, handing each phase's entry to `body` as it ends
    /// (nothing is kept); returns the global step at which the witness's
    /// outcome first appeared, if it did.
    public func run(singleStepBudget: Int = InputLimits.traceSingleSteps, each body: (Trace.Entry) -> Void) -> BigInt? {
      var reproducedAt: BigInt?
      Trace.run(script, on: machine, from: initial, singleStepBudget: singleStepBudget) { e in
        if reproducedAt == nil, let f = e.firsts.first(where: { $0.outcome == witness.outcome }) {
          reproducedAt = e.firstStep + f.step - 1
        }
        body(e)
      }
      return reproducedAt
    }

    /// The diagnostic of an entry that stopped on the trace's budget of
    /// single steps, located at its operation in the trace file.
    public func budgetDiagnostic(_ e: Trace.Entry, index: Int) -> Diagnostic {
      Diagnostic(file: file, keyPath: "operations[\(index)].count", message: TraceRenderer.budgetMessage(e), hint: "the outcome, if it comes, is unknown: replay a smaller count")
    }
  }
}

extension Witness {
  /// The layout to replay on: `override` if given, else the one the trace
  /// names.
  ///
  /// - Throws: ``Diagnostics``; when the named layout cannot be read, they
  ///   name the trace file and its `layout` key, with the reason.
  public func resolveLayout(file: String, override: String?) throws(Diagnostics) -> ResolvedInput<Layout> {
    let point = parameters ?? [:]
    if let override { return try ShippedLayouts.resolveWithDigest(override, parameters: point) }
    do {
      return try ShippedLayouts.resolveWithDigest(layout, parameters: point)
    } catch {
      let reason = error.all.first.map { d in d.message + (d.hint.map { " (\($0))" } ?? "") } ?? "it cannot be read"
      throw Diagnostics([Diagnostic(file: file, keyPath: "layout", message: "the trace names the layout '\(layout)', which cannot be used: \(reason)", hint: "give the layout to replay on with --layout NAME_OR_PATH")])
    }
  }
}
