/// `refbits trace` output: after each phase, the state and every outcome.
public struct TraceRenderer: Sendable {
  public var trace: Trace

  public init(trace: Trace) {
    self.trace = trace
  }

  public func text() -> String {
    let layout = trace.machine.layout
    let formatter = StateFormatter(machine: trace.machine)
    var out: [String] = ["\(layout.label): \(layout.title)", "", "initial state"]
    out += formatter.lines(trace.initial).map { "  " + $0 }
    for e in trace.entries {
      let last = e.firstStep + e.phase.count - 1
      let steps = e.phase.count == 1 ? "step \(e.firstStep)" : "steps \(e.firstStep)...\(last)"
      out.append("")
      out.append("\(e.text)   (\(steps): \(layout.operationName(e.phase.op)) x\(e.phase.count)\(e.phase.op.actor == 0 ? "" : " by actor \(e.phase.op.actor)"))")
      out += formatter.lines(e.state).map { "  " + $0 }
      if e.firsts.isEmpty && e.error == nil {
        out.append("  outcomes: ok")
      } else {
        for (step, o) in e.firsts {
          let n = e.tally[o] ?? 1
          let where_ = e.phase.count == 1 ? "" : "first at step \(e.firstStep + step - 1) (#\(step) of the burst)"
          let times = n > 1 ? ", \(n) times" : ""
          out.append("  outcome: \(o)\(where_.isEmpty ? "" : "  \(where_)")\(times)")
        }
        if let ok = e.tally[.ok], e.phase.count > 1 { out.append("  ok steps: \(ok)") }
      }
      if let error = e.error {
        out.append("  error: \(error) (after \(e.completed) of \(e.phase.count) steps); the trace stops here")
      }
    }
    return out.joined(separator: "\n")
  }
}
