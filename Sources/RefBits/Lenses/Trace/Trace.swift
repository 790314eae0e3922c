/// A script run step by step (bursts in bulk), with what every phase produced.
public struct Trace: Sendable {
  /// One phase of the script and what it did.
  public struct Entry: Sendable {
    /// The phase as written (`ref*1023`).
    public var text: String
    /// The phase as run: its operation (with the actor) and its count.
    public var phase: Phase
    /// Global 1-based index of the phase's first step.
    var firstStep: BigInt
    /// The first step (1-based, within the phase) at which each distinct
    /// outcome appeared, in order.
    var firsts: [(step: BigInt, outcome: Outcome)]
    /// How many times each outcome appeared over the phase.
    public var tally: [Outcome: BigInt]
    /// The state after the phase.
    public var state: State
    /// Set when the phase could not run to its end (a release of a reference
    /// not held); the state is where it stopped.
    public var error: StepError?
    /// Steps completed before the error, if any.
    var completed: BigInt
    /// Set when the phase stopped after `completed` steps because the
    /// trace's budget of single steps was spent (its steps could not be
    /// jumped over in bulk): what the rest would do is unknown.
    public var budgetSpent: Bool = false
  }

  /// The machine the script ran on (its layout).
  public var machine: Machine
  /// The state the script started from.
  public var initial: State
  /// One per phase of the script, in order; a phase that could not run to
  /// its end (``Entry/error``, ``Entry/budgetSpent``) is the last.
  public var entries: [Entry]

  /// Runs `script` from `initial`, keeping every entry.
  ///
  /// - Complexity: see ``run(_:on:from:singleStepBudget:each:)``; the
  ///   entries take O(phases × actors) memory.
  public static func run(_ script: Script, on machine: Machine, from initial: State, singleStepBudget: Int = InputLimits.traceSingleSteps) -> Trace {
    var entries: [Entry] = []
    run(script, on: machine, from: initial, singleStepBudget: singleStepBudget) { entries.append($0) }
    return Trace(machine: machine, initial: initial, entries: entries)
  }

  /// Runs `script` from `initial`, handing each phase's entry to `body` as
  /// soon as the phase ends and keeping none: memory stays that of one state
  /// whatever the number of phases.
  ///
  /// A burst runs in bulk: it stops at each outcome not yet seen in the
  /// burst, records its step, and goes on; repeats of an outcome are only
  /// counted. The run ends after a phase that fails (a release of a
  /// reference not held) or that spends what is left of `singleStepBudget`
  /// (``Entry/budgetSpent``).
  ///
  /// - Complexity: independent of burst sizes for linear layouts (see
  ///   ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)``); at most
  ///   `singleStepBudget` single steps in all otherwise.
  public static func run(_ script: Script, on machine: Machine, from initial: State, singleStepBudget: Int = InputLimits.traceSingleSteps, each body: (Entry) -> Void) {
    var state = initial
    var stepIndex: BigInt = 1
    var budget = singleStepBudget
    for (phase, text) in zip(script.phases, script.texts) {
      var seen: Set<Outcome> = [.ok]
      var firsts: [(step: BigInt, outcome: Outcome)] = []
      var tally: [Outcome: BigInt] = [:]
      var done: BigInt = 0
      var failure: StepError?
      var spent = false
      while done < phase.count {
        let known = seen
        let rule = StopRule { !known.contains($0) }
        let r = machine.bulk(state, phase.op, count: phase.count - done, stopOn: rule, singleStepBudget: budget)
        budget -= r.singleSteps
        for (o, n) in r.tally { tally[o, default: 0] += n }
        done += r.completed
        state = r.state
        if let error = r.failure {
          failure = error
          break
        }
        if r.exhausted {
          spent = true
          break
        }
        guard let stop = r.stop else { break }
        for o in stop.result.outcomes {
          tally[o, default: 0] += 1
          if !seen.contains(o) {
            seen.insert(o)
            firsts.append((done + 1, o))
          }
        }
        done += 1
        state = stop.result.state
        if budget <= 0 && done < phase.count {
          spent = true
          break
        }
      }
      var entry = Entry(text: text, phase: phase, firstStep: stepIndex, firsts: firsts, tally: tally, state: state, error: failure, completed: done)
      entry.budgetSpent = spent
      body(entry)
      stepIndex += phase.count
      if failure != nil || spent { break }
    }
  }
}
