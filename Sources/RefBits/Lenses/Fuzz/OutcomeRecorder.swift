struct OutcomeRecorder {
  let table: OutcomeTable
  /// Counts from single steps.
  var counts: [UInt64]
  /// Counts from bursts (exact, any size).
  var burstCounts: [BigInt]
  var firsts: [FirstSeen?]
  /// `firsts[i] != nil`, as a flat array the hot path can test cheaply.
  var seen: [Bool]
  /// Steps of the range before the current lifetime.
  var stepsBeforeLifetime = BigInt(0)
  /// Steps of the current lifetime before the current operation: bursts
  /// exactly, plus single steps.
  var lifetimeBurstSteps = BigInt(0)
  var lifetimeSingleSteps: UInt64 = 0
  var lifetime = 0
  var operation = 0
  var operations = 0
  var lifetimes = 0
  /// Bursts cut short because a condition that is not linear made them cost
  /// one single step per reference.
  var truncatedBursts = 0
  /// Single steps bursts took on the exact machine (each burst may take
  /// ``Machine/fuzzBurstSingleStepBudget``).
  var burstSingleSteps = 0
  /// Asked between the bulk calls of a burst: a stop ends the burst where it
  /// is (the driver then drops the lifetime).
  var stop: (() -> Bool)?

  init(table: OutcomeTable) {
    self.table = table
    counts = Array(repeating: 0, count: table.count)
    burstCounts = Array(repeating: 0, count: table.count)
    firsts = Array(repeating: nil, count: table.count)
    seen = Array(repeating: false, count: table.count)
  }

  mutating func beginLifetime(_ index: Int) {
    lifetime = index
    operation = 0
    lifetimeBurstSteps = 0
    lifetimeSingleSteps = 0
  }

  mutating func endLifetime() {
    stepsBeforeLifetime += lifetimeBurstSteps + BigInt(lifetimeSingleSteps)
    lifetimes += 1
  }

  /// Whether the outcome has been seen in the range.
  @inline(__always)
  func isSeen(_ id: Int) -> Bool { seen[id] }

  /// One outcome of a single step (the operation's only step).
  @inline(__always)
  mutating func recordSingle(_ id: Int32) {
    let i = Int(id)
    counts[i] &+= 1
    if !seen[i] { first(i, stepInOperation: 1) }
  }

  /// One outcome at step `step` (1-based) of the current operation.
  mutating func record(_ id: Int32, stepInOperation step: BigInt) {
    burstCounts[Int(id)] += 1
    if !seen[Int(id)] { first(Int(id), stepInOperation: step) }
  }

  mutating func add(_ id: Int, _ n: BigInt) {
    burstCounts[id] += n
  }

  mutating func first(_ i: Int, stepInOperation: BigInt) {
    let inLifetime = lifetimeBurstSteps + BigInt(lifetimeSingleSteps) + stepInOperation
    seen[i] = true
    firsts[i] = FirstSeen(lifetime: lifetime, operation: operation, stepInOperation: stepInOperation, stepInLifetime: inLifetime, step: stepsBeforeLifetime + inLifetime)
  }

  /// Ends the current operation, of `count` steps.
  @inline(__always)
  mutating func endSingleOperation() {
    lifetimeSingleSteps &+= 1
    operation += 1
    operations += 1
  }

  mutating func endOperation(steps: BigInt) {
    lifetimeBurstSteps += steps
    operation += 1
    operations += 1
  }

  /// What the range produced.
  func tally(firstLifetime: Int) -> FuzzTally {
    var outcomes: [FuzzTally.Entry] = []
    for (i, o) in table.outcomes.enumerated() {
      let n = BigInt(counts[i]) + burstCounts[i]
      guard !n.isZero else { continue }
      outcomes.append(FuzzTally.Entry(outcome: o, count: n, first: firsts[i]))
    }
    return FuzzTally(firstLifetime: firstLifetime, lifetimes: lifetimes, operations: operations, steps: stepsBeforeLifetime, outcomes: outcomes, truncatedBursts: truncatedBursts)
  }
}
