/// Explores every interleaving of a race's threads, step by step.
///
/// Depth-first search over packed states (``StateStore``), one transition
/// per thread that can move (each thread is deterministic: its next step is
/// fixed by its state). With the reduction on, a state is expanded by one
/// thread only when that thread's next step is *safe*: it is independent of
/// every step any other thread can ever run (it writes no word they read or
/// write, and reads no word they write), invisible (it writes no word a
/// predicate reads, cannot end an action, so the truth and the judged points
/// do not move, and, when a claim is judged at quiescent states, does not
/// start one), and never waits (not a lock, an await or an ordered step).
/// That one-thread set is a persistent (ample) set; the stack proviso (the
/// step must not close a cycle on the search stack, else the state is
/// expanded fully) keeps it from postponing another thread forever. Ample
/// sets with these conditions preserve every reachable deadlock and every
/// sequence of observations (C0-C3, Clarke, Grumberg and Peled, "Model
/// Checking", ch. 10), so the findings are those of the full search; the
/// tests compare the two on every shipped scenario and on random programs.
public enum RaceExplorer {
  /// How an exploration runs: reduced or not, and how far.
  public struct Options: Sendable {
    /// Partial-order reduction (ample sets); off: every interleaving.
    var reduction: Bool
    /// Stop after this many states (then nothing is proved); at most 2^31,
    /// as the state table indexes states in 32 bits.
    var stateLimit: Int

    /// Creates options; the defaults reduce and stop at 8,000,000 states.
    public init(reduction: Bool = true, stateLimit: Int = 8_000_000) {
      self.reduction = reduction
      self.stateLimit = Swift.min(Swift.max(stateLimit, 1), 1 << 31)
    }
  }

  /// Explores `setup`.
  ///
  /// - Throws: ``RaceSetup/Problem`` when the race cannot be compiled, or
  ///   when some interleaving releases a reference no one holds (the
  ///   scenario must start from a state that holds it).
  static func explore(_ setup: RaceSetup, options: Options = Options()) throws(RaceSetup.Problem) -> RaceResult {
    let program = try RaceProgram(setup)
    var search = Search(program: program, options: options)
    try search.run()
    return search.result()
  }
}

/// One exploration's working state.
struct Search {
  let program: RaceProgram
  let options: Options
  typealias Options = RaceExplorer.Options

  var store: StateStore
  var parent: [Int32] = []
  var parentThread: [UInt8] = []
  var standing: [UInt64] = []
  /// 0: not expanded, 1: on the stack, 2: done.
  var color: [UInt8] = []
  var paths: [BigInt] = []
  var transitions = 0
  var cyclic = false
  var excluded = 0
  var waiting = 0
  var complete = true
  var finals: [Int] = []

  /// Per outcome id: first transition producing it, and how many do.
  var first: [(state: Int, thread: Int)?]
  var counts: [Int]
  var deadlock: Int?
  var deadlocks = 0
  /// Per claim: its outcome-id mask, and its first violation (state, thread
  /// of the transition into the violating state; thread -1: the start).
  var claimMasks: [UInt128]
  var violations: [(state: Int, thread: Int)?]
  let quiescentClaims: Bool
  /// Per thread and pc: whether the step may form an ample set alone.
  let safe: [[Bool]]

  init(program: RaceProgram, options: Options) {
    self.program = program
    self.options = options
    store = StateStore(stride: program.stride)
    first = Array(repeating: nil, count: program.outcomes.count)
    counts = Array(repeating: 0, count: program.outcomes.count)
    let claims = program.setup.layout.claims
    claimMasks = claims.map { c in
      program.outcomes.indices.reduce(UInt128(0)) { c.never.matches(program.outcomes[$1]) ? $0 | 1 << UInt128($1) : $0 }
    }
    violations = Array(repeating: nil, count: claims.count)
    let quiescent = claims.contains { $0.judged == .quiescent }
    quiescentClaims = quiescent
    let code = program.code
    safe = code.indices.map { t in
      code[t].indices.map { pc in
        let m = code[t][pc]
        if case .atomic = m.instruction { return false }
        if m.instruction.blocks || m.mayComplete || m.waitMask != 0 || m.setMask != 0 { return false }
        if m.writes & program.observedWords != 0 { return false }
        if quiescent, pc == m.start { return false }
        for u in code.indices where u != t {
          if m.writes & (program.threadReads[u] | program.threadWrites[u]) != 0 { return false }
          if m.reads & program.threadWrites[u] != 0 { return false }
        }
        return true
      }
    }
  }

  mutating func add(_ scratch: UnsafePointer<UInt64>, parent p: Int, thread t: Int) -> (Int, Bool) {
    let (j, new) = store.insert(scratch)
    if new {
      parent.append(Int32(p))
      parentThread.append(UInt8(t))
      standing.append(program.standing(scratch))
      color.append(0)
      paths.append(0)
    }
    return (j, new)
  }

  struct Frame {
    var state: Int
    /// The threads still to run from this state, lowest first (a bit each).
    var threads: UInt32 = 0
    var full = false
    var expanded = false
  }

  mutating func run() throws(RaceSetup.Problem) {
    let stride = program.stride
    let start = program.startSlots()
    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
    defer { scratch.deallocate() }
    let current = UnsafeMutablePointer<UInt64>.allocate(capacity: stride)
    defer { current.deallocate() }
    for k in 0..<stride { scratch[k] = start[k] }
    _ = add(scratch, parent: -1, thread: 0)
    // Claims on the starting state.
    let startLies = program.lies(standing[0])
    for (c, claim) in program.setup.layout.claims.enumerated() where claim.never.category.isLieCategory {
      if claim.judged == .always || claim.judged == .quiescent, startLies & claimMasks[c] != 0 { violations[c] = (0, -1) }
    }
    var stack = [Frame(state: 0)]
    color[0] = 1
    while !stack.isEmpty {
      let top = stack.count - 1
      let i = stack[top].state
      store.copy(i, into: current)
      if !stack[top].expanded {
        stack[top].expanded = true
        var enabled: UInt32 = 0
        var anyOrder = false, anyWaiting = false, allDone = true, halted = false
        for t in program.code.indices {
          switch program.blocked(t, current) {
          case nil: enabled |= 1 << UInt32(t); allDone = false
          case .done?: break
          case .halted?: halted = true
          case .waiting?: anyWaiting = true; allDone = false
          case .order?: anyOrder = true; allDone = false
          }
        }
        if anyWaiting { waiting += 1 }
        if enabled == 0 {
          if allDone || halted {
            paths[i] = 1
            finals.append(i)
          } else if anyOrder {
            excluded += 1
          } else {
            deadlocks += 1
            if deadlock == nil { deadlock = i }
            paths[i] = 1
          }
          color[i] = 2
          stack.removeLast()
          if let below = stack.last { paths[below.state] += paths[i] }
          continue
        }
        var ample: UInt32 = 0
        if options.reduction {
          var m = enabled
          while m != 0 {
            let t = m.trailingZeroBitCount
            m &= m - 1
            if safe[t][program.pc(t, current)] { ample = 1 << UInt32(t); break }
          }
        }
        if ample != 0 {
          stack[top].threads = ample
        } else {
          stack[top].threads = enabled
          stack[top].full = true
        }
      }
      guard stack[top].threads != 0 else {
        color[i] = 2
        stack.removeLast()
        if let below = stack.last { paths[below.state] += paths[i] }
        continue
      }
      let t = stack[top].threads.trailingZeroBitCount
      stack[top].threads &= stack[top].threads - 1
      for k in 0..<stride { scratch[k] = current[k] }
      let ev = program.run(t, scratch)
      transitions += 1
      if let kind = ev.notHeld {
        let w = timeline(path: path(to: i) + [t], finding: "releases a '\(kind)' reference no one holds")
        throw RaceSetup.Problem(
          message: "in some interleaving thread \(t + 1) releases a '\(kind)' reference no one holds:\n\(RaceRenderer.timelineText(w))",
          hint: "start from a state that holds it (--from, or the scenario's from)")
      }
      let (j, new) = add(scratch, parent: i, thread: t)
      if !stack[top].full, !new, color[j] == 1 {
        // The stack proviso: this step closes a cycle; expand fully.
        stack[top].full = true
        var rest: UInt32 = 0
        for u in program.code.indices where u != t && program.blocked(u, current) == nil { rest |= 1 << UInt32(u) }
        stack[top].threads = rest
      }
      record(i, t, j, new: new, ev, scratch)
      if new {
        if store.count >= options.stateLimit {
          complete = false
          break
        }
        color[j] = 1
        stack.append(Frame(state: j))
      } else if color[j] == 1 {
        cyclic = true
      } else {
        paths[i] += paths[j]
      }
    }
  }

  mutating func record(_ i: Int, _ t: Int, _ j: Int, new: Bool, _ ev: RaceProgram.Events, _ s: UnsafePointer<UInt64>) {
    let mask = ev.outcomes | program.onsets(before: standing[i], after: standing[j], frees: ev.frees)
    if mask != 0 {
      var m = mask
      while m != 0 {
        let id = m.trailingZeroBitCount
        m &= m - 1
        counts[id] += 1
        if first[id] == nil { first[id] = (i, t) }
      }
    }
    let claims = program.setup.layout.claims
    guard !claims.isEmpty else { return }
    var liesAfter: UInt128?
    for c in claims.indices where violations[c] == nil {
      switch claims[c].judged {
      case .always:
        if mask & claimMasks[c] != 0 { violations[c] = (i, t) }
      case .quiescent:
        if new, program.quiescent(s) {
          liesAfter = liesAfter ?? program.lies(standing[j])
          if liesAfter! & claimMasks[c] != 0 { violations[c] = (i, t) }
        }
      case .after(let name):
        if let done = ev.completed, program.setup.layout.name(of: done.action) == name {
          liesAfter = liesAfter ?? program.lies(standing[j])
          if liesAfter! & claimMasks[c] != 0 { violations[c] = (i, t) }
        }
      }
    }
  }

  /// The threads that moved from the start to state `i`.
  func path(to i: Int) -> [Int] {
    var out: [Int] = []
    var s = i
    while s != 0 {
      out.append(Int(parentThread[s]))
      s = Int(parent[s])
    }
    return out.reversed()
  }

  /// The interleaving `moves` from the start, then the rest of the run
  /// (the lowest-numbered thread that can move, until none can).
  func timeline(path moves: [Int], finding: String, findingAtStart: Bool = false) -> RaceTimeline {
    RaceTimeline.replay(program, moves: moves, finding: finding, findingAtStart: findingAtStart)
  }

  func result() -> RaceResult {
    let setup = program.setup
    let layout = setup.layout
    var findings: [RaceFinding] = []
    if let d = deadlock {
      let w = timeline(path: path(to: d), finding: "deadlock: no thread can move")
      findings.append(RaceFinding(kind: .deadlock, outcome: "deadlock", value: nil, count: deadlocks, midAction: true, witness: w))
    }
    let order = program.outcomes.indices.filter { first[$0] != nil }.sorted { program.outcomes[$0] < program.outcomes[$1] }
    for id in order {
      let (i, t) = first[id]!
      let o = program.outcomes[id]
      let w = timeline(path: path(to: i) + [t], finding: o.description)
      findings.append(RaceFinding(kind: o.isLie ? .lie : .event, outcome: o.description, value: o, count: counts[id], midAction: RaceTimeline.insideAction(program, moves: path(to: i) + [t]), witness: w))
    }
    var claims: [RaceClaimVerdict] = []
    for (c, claim) in layout.claims.enumerated() {
      var v = RaceClaimVerdict(claim: claim.text, judged: claim.judged, description: claim.description, verdict: complete ? .proved : .unknown, witness: nil)
      if let (i, t) = violations[c] {
        v.verdict = .violated
        let what = "violates never \(claim.text) (judged \(claim.judged))"
        v.witness = t < 0 ? timeline(path: [], finding: what, findingAtStart: true) : timeline(path: path(to: i) + [t], finding: what)
      }
      claims.append(v)
    }
    var finalTexts: [String] = []
    var seen: Set<String> = []
    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: program.stride)
    defer { scratch.deallocate() }
    for f in finals {
      store.copy(f, into: scratch)
      let text = RaceTimeline.stateText(program, scratch)
      if seen.insert(text).inserted { finalTexts.append(text) }
    }
    finalTexts.sort()
    return RaceResult(
      layout: layout.name, scenario: setup.name, description: setup.description, threads: setup.threadScripts, from: setup.from, order: setup.orderTexts,
      reduced: options.reduction, states: store.count, transitions: transitions, interleavings: cyclic || !complete ? nil : paths[0],
      excluded: excluded, waitingStates: waiting, complete: complete, findings: findings, claims: claims, finalStates: finalTexts)
  }
}
