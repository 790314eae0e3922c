import Foundation

public struct WitnessReplay: Sendable {
  public var witness: Witness
  public var trace: Trace
  /// The global step at which the outcome first appeared, if it did.
  public var reproducedAt: BigInt?

  /// Replays `witness` on `layout`, whose file has digest `digest`.
  ///
  /// - Throws: ``Diagnostics`` when the digest differs (the layout changed
  ///   since the trace was written) or an operation is unknown.
  public init(_ witness: Witness, layout: Layout, digest: String, file: String) throws(Diagnostics) {
    guard digest == witness.layoutDigest else {
      throw Diagnostics([Diagnostic(
        file: file,
        message: "the layout '\(witness.layout)' changed since this trace was written: its digest is \(digest), the trace was recorded on \(witness.layoutDigest)",
        hint: "replaying would explain something else: run the campaign again on the current layout (refbits fuzz), or check out the layout file the trace was written for")])
    }
    let script: Script
    do {
      script = try witness.script(on: layout)
    } catch {
      throw Diagnostics([Diagnostic(file: file, keyPath: "operations", message: "the trace's operations do not parse on this layout: \(error.message)")])
    }
    let machine = Machine(layout)
    let initial: State
    do { initial = try machine.initialState() } catch {
      throw Diagnostics([Diagnostic(file: file, message: error.message)])
    }
    let trace = Trace.run(script, on: machine, from: initial)
    self.witness = witness
    self.trace = trace
    reproducedAt = nil
    for e in trace.entries {
      if let f = e.firsts.first(where: { $0.outcome == witness.outcome }) {
        reproducedAt = e.firstStep + f.step - 1
        break
      }
    }
  }
}
