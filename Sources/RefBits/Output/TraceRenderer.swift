/// `refbits trace` output: after each phase, the state and every outcome.
public struct TraceRenderer: Sendable {
  /// The trace rendered.
  var trace: Trace

  /// Creates a renderer of `trace`.
  init(trace: Trace) {
    self.trace = trace
  }

  /// The layout and its initial state, then after each phase the state and
  /// every outcome, as `refbits trace` prints them.
  public func text() -> String {
    var out = Self.header(machine: trace.machine, initial: trace.initial)
    for e in trace.entries { out += Self.lines(e, machine: trace.machine) }
    return out.joined(separator: "\n")
  }

  /// The lines before the first phase: the layout and its initial state.
  public static func header(machine: Machine, initial: State) -> [String] {
    let layout = machine.layout
    return ["\(layout.label): \(layout.title)", "", "initial state"] + StateFormatter(machine: machine).lines(initial).map { "  " + $0 }
  }

  /// The lines of one phase, starting with a blank line: what ran, the
  /// state after it, and its outcomes. Printing them as each phase ends
  /// (``Trace/run(_:on:from:singleStepBudget:each:)``) gives the same text
  /// as ``text()``.
  public static func lines(_ e: Trace.Entry, machine: Machine) -> [String] {
    let layout = machine.layout
    let last = e.firstStep + e.phase.count - 1
    let steps = e.phase.count == 1 ? "step \(e.firstStep)" : "steps \(e.firstStep)...\(last)"
    var out = [""]
    out.append("\(e.text)   (\(steps): \(layout.operationName(e.phase.op)) x\(e.phase.count)\(e.phase.op.actor == 0 ? "" : " by actor \(e.phase.op.actor)"))")
    out += StateFormatter(machine: machine).lines(e.state).map { "  " + $0 }
    if e.firsts.isEmpty && e.error == nil && !e.budgetSpent {
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
    if e.budgetSpent {
      out.append("  unknown: stopped after \(e.completed) of \(e.phase.count) steps, the budget of single steps spent; the trace stops here")
    }
    return out
  }

  /// Why a phase stopped on its budget, as a diagnostic's message.
  public static func budgetMessage(_ e: Trace.Entry) -> String {
    "'\(e.text)' stopped after \(e.completed) of \(e.phase.count) steps: they cannot be jumped over in bulk (a condition that is not linear, or a field that wraps again and again), and a trace takes at most \(InputLimits.traceSingleSteps) single steps"
  }
}
