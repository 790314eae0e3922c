/// N threads each running the same action once, for N up to 2^32 and
/// beyond, answered with exact arithmetic instead of N threads.
///
/// Three arguments, each exact, combine into each answer:
///
/// 1. **Exploration** of 1, 2, ..., ``Racers/explicitRacers`` racers (every
///    interleaving, ``RaceExplorer``): an outcome found with n racers and not
///    with fewer has smallest racer count n, exactly.
/// 2. **The lockstep schedule**, a witness at any N: every racer runs its
///    steps up to and including its first write before any racer runs
///    further (all read the same state: a check-then-add lets them all
///    pass); the writes are then applied one racer after another by
///    ``Machine/bulk(_:_:count:stopOn:singleStepBudget:)`` on the write's
///    effect, which stops at the first racer whose write produces each
///    outcome. Racer j's outcome under this schedule is reachable with j
///    racers (the others run later).
/// 3. **Bounds**, proofs that an outcome needs more racers: every racer's
///    path through the steps adds at most `up` and at least `-down` to each
///    field (computed over every path, loops included; a loop that adds
///    without bound gives none), and stores only its constants; so with N
///    racers each field's ideal value lies in
///    `[min(start, stores) - N*down, max(start, stores) + N*up]`, its bits in
///    that range modulo 2^width (while no lower field of its word can carry
///    into it), and the truth's held count within N of the start. An outcome
///    whose condition cannot hold anywhere in that box (interval arithmetic)
///    is impossible with N racers; the smallest N whose box admits it is a
///    lower bound. For `field_overflow`, an **invariant** can prove it
///    impossible for every N: each write keeps its field in range from any
///    state whose fields are in range, given the intervals the racer's own
///    checks put on its locals (a cmpxchg writes `c + 1` only where the field
///    equals `c`, and `c < 15` on that path).
///
/// When the lower bound meets the witness the smallest racer count is
/// exact; otherwise both ends are reported, never a guess.
enum Racers {
  /// Racer counts explored exhaustively.
  static let explicitRacers = 3

  /// Analyses `setup` (one thread running one action) with up to `racers`
  /// threads.
  ///
  /// - Throws: ``RaceSetup/Problem`` when the setup is not one thread of one
  ///   action, or cannot be explored.
  static func analyze(_ setup: RaceSetup, racers n: BigInt, explicit: Int = explicitRacers) throws(RaceSetup.Problem) -> RacersResult {
    guard setup.threads.count == 1, setup.threads[0].count == 1 else {
      throw RaceSetup.Problem(message: "racers run one action each: give one --thread with one action (not '\(setup.threadScripts.joined(separator: "' | '"))')")
    }
    guard n >= 1 else { throw RaceSetup.Problem(message: "--racers takes a positive count, not \(n)") }
    let layout = setup.layout
    let action = setup.threads[0][0]
    let program = try RaceProgram(setup)
    // Racers that release need a reference each: at most as many as are held.
    var n = n
    var capped: BigInt?
    if let k = action.kind, action.heldDelta < 0, setup.start.truth.held[k] < n {
      n = setup.start.truth.held[k]
      capped = n
      guard n >= 1 else { throw RaceSetup.Problem(message: "the starting state holds no '\(layout.kinds[k].name)' reference to release", hint: "start from a state that holds some (--from)") }
    }
    var analysis = RacersAnalysis(setup: setup, program: program, action: action, racers: n)

    // 1. Every interleaving of 1...explicit racers.
    var explored: [Int] = []
    let limit = min(explicit, n.int ?? explicit)
    if limit >= 1 {
      for k in 1...limit {
        let s = try RaceSetup(layout: layout, name: setup.name, threads: Array(repeating: setup.threadScripts[0], count: k), from: setup.from, order: [])
        let r = try RaceExplorer.explore(s, options: RaceExplorer.Options(reduction: true, stateLimit: 2_000_000))
        explored.append(r.states)
        for f in r.findings { if let o = f.value, analysis.explicitFirst[o] == nil { analysis.explicitFirst[o] = k } }
        for (c, v) in r.claims.enumerated() where v.verdict == .violated && analysis.explicitClaim[c] == nil { analysis.explicitClaim[c] = k }
        if !r.complete { break }
      }
    }
    analysis.exploredCount = explored.count
    let startStanding = program.startSlots().withUnsafeBufferPointer { program.standing($0.baseAddress!) }
    let lies = program.lies(startStanding)
    analysis.startLies = Set(program.outcomes.indices.filter { lies >> UInt128($0) & 1 != 0 }.map { program.outcomes[$0] })
    // 2. The lockstep schedule.
    analysis.lockstep()
    // 3. Bounds and the invariant.
    analysis.bounds()
    var result = analysis.result(explored: explored)
    result.capped = capped
    return result
  }
}

/// What `--racers N` found.
public struct RacersResult: Sendable {
  /// The layout's name.
  public var layout: String
  /// The scenario's name.
  public var scenario: String
  /// The scenario's own description; empty when it has none.
  public var description: String
  /// The action each racer runs (its script name).
  public var action: String
  /// The script that built the starting state; empty: the initial state.
  var from: String
  /// How many racers were asked about (`--racers N`); any size.
  public var racers: BigInt
  /// Set when fewer racers were asked about than requested: releases need
  /// a reference each, and the starting state holds only this many.
  var capped: BigInt?
  /// The starting state.
  var start: String
  /// States explored for 1, 2, ... racers.
  var explored: [Int]
  /// How the lockstep schedule runs, or why it does not apply.
  var lockstep: String
  /// Per-racer bounds used by the proofs (`refcount: +0...+1 per racer`).
  var bounds: [String]
  /// Each outcome some racer count may reach, most severe first.
  var outcomes: [Row]
  /// The layout's claims, each judged at ``racers`` racers.
  public var claims: [ClaimRow]

  /// What is known of one outcome as the number of racers grows.
  public struct Row: Sendable {
    /// The outcome as output spells it (`field_overflow(refcount)`).
    var outcome: String
    /// The smallest racer count that reaches it, when known exactly.
    var smallest: BigInt?
    /// A racer count known to reach it (the smallest found).
    var reachedWith: BigInt?
    /// Proved impossible with fewer than this many racers.
    var impossibleBelow: BigInt?
    /// Proved impossible for every racer count.
    var impossibleForAll: Bool
    /// With ``RacersResult/racers`` racers: `reachable`, `impossible` or `unknown`.
    var verdict: String
    /// How: which argument gave each end.
    var how: String
  }

  /// What is known of one claim as the number of racers grows.
  public struct ClaimRow: Sendable {
    /// The claim as the layout writes it.
    var claim: String
    var judged: Layout.Judgement
    /// Why the design makes the promise (the layout's description of the claim).
    public var description: String
    /// The smallest racer count that violates it, when known exactly.
    var violatedFrom: BigInt?
    /// A racer count known to violate it.
    var violatedWith: BigInt?
    /// Proved to hold for fewer than this many racers (nil: not proved).
    var holdsBelow: BigInt?
    var holdsForAll: Bool
    /// With ``RacersResult/racers`` racers: `holds`, `violated` or `unknown`.
    var verdict: String
  }
}

/// The working state of one racers analysis.
struct RacersAnalysis {
  let setup: RaceSetup
  let program: RaceProgram
  let action: Op.Action
  let racers: BigInt
  let layout: Layout

  var explicitFirst: [Outcome: Int] = [:]
  var explicitClaim: [Int: Int] = [:]
  var lockstepFirst: [Outcome: BigInt] = [:]
  var lockstepNote = ""
  /// Where the lockstep search stopped short of the racer count, if it did.
  var lockstepLimit: BigInt?
  /// Most racers the lockstep search steps one at a time.
  static let lockstepSingleSteps = 1 << 12
  /// Lies that already stand on the starting state (not the racers' doing).
  var startLies: Set<Outcome> = []
  /// Racer counts explored exhaustively (an outcome not found is impossible with as many).
  var exploredCount = 0
  var lower: [Outcome: BigInt] = [:]
  var forAll: Set<Outcome> = []
  var boundNotes: [String] = []

  init(setup: RaceSetup, program: RaceProgram, action: Op.Action, racers: BigInt) {
    self.setup = setup
    self.program = program
    self.action = action
    self.racers = racers
    self.layout = setup.layout
  }

  // MARK: - The lockstep schedule

  /// Runs one racer's read-only prefix on the start, then applies its first
  /// write for racers 1, 2, ... in bulk.
  mutating func lockstep() {
    let machine = Machine(layout)
    let steps = layout.action(action).steps
    var op = Op(action)
    var bulkMachine = machine
    var what = ""
    if steps == nil {
      what = "the action is one atomic step: racers run it one after another"
    } else {
      // The prefix: loads, branches and fences, all on the start state.
      let s = UnsafeMutablePointer<UInt64>.allocate(capacity: program.stride)
      defer { s.deallocate() }
      let start = program.startSlots()
      for k in 0..<program.stride { s[k] = start[k] }
      var prefix: [String] = []
      var pc = 0
      let code = program.code[0]
      var write: RaceProgram.Micro?
      var guardSteps = 0
      while pc < code.count, guardSteps < 1024 {
        guardSteps += 1
        let m = code[pc]
        switch m.instruction {
        case .load, .jump, .fence:
          prefix.append(m.label ?? "\((m.step ?? 0) + 1)")
          let ev = program.run(0, s)
          if ev.completed != nil {
            lockstepNote = "every racer completes without writing (\(layout.name(of: action)) \(ev.completed!.outcome.rawValue)); racers do not interact"
            return
          }
          pc = program.pc(0, s)
        default:
          write = m
          pc = code.count
        }
      }
      guard let w = write else {
        lockstepNote = "the steps loop without writing; no lockstep schedule"
        return
      }
      let field: Int
      let effect: Layout.Effect
      let label = w.label ?? "\((w.step ?? 0) + 1)"
      switch w.instruction {
      case .add(let f, let k, _, _, _):
        field = f
        effect = Layout.Effect(field: f, action: .add(BigInt(k)), text: "")
      case .store(let f, let v):
        field = f
        effect = Layout.Effect(field: f, action: .set(.literal(BigInt(v.value(s, localBase: program.threadSlot[0] + 1)))), text: "")
      case .testAndSet(let f, let v, _):
        field = f
        effect = Layout.Effect(field: f, action: .set(.literal(v ? 1 : 0)), text: "")
      default:
        lockstepNote = "the first write ([\(label)]) is a cmpxchg or a lock: racers past it are serialized, so the lockstep schedule is the racers one after another (explored exactly for few racers; for many, see the bounds)"
        return
      }
      _ = field
      // The write as one atomic step; it moves the truth if the action ends
      // (or commits) there.
      var l = layout
      let moves = w.commits || (w.mayComplete && w.end == w.step.map { w.start + $0 + 1 })
      let one = Layout.Action(effects: [effect])
      if moves, let k = action.kind {
        if action.heldDelta > 0 { l.kinds[k].acquire = one } else { l.kinds[k].release = one }
        op = Op(action)
      } else {
        l.operations.append(Layout.Operation(name: "racers_step", action: one))
        op = Op(operation: l.operations.count - 1)
      }
      bulkMachine = Machine(l)
      what = "every racer runs \(prefix.isEmpty ? "nothing" : prefix.map { "[\($0)]" }.joined(separator: ", ")) on the starting state, then the racers run [\(label)] `\(steps!.steps[w.step!].text)` one after another"
    }
    lockstepNote = what
    // Apply the write `racers` times, stopping at each new outcome.
    var state = setup.start
    var done: BigInt = 0
    var seen: Set<Outcome> = [.ok]
    var singles = 0
    while done < racers {
      let known = seen
      let r = bulkMachine.bulk(state, op, count: racers - done, stopOn: StopRule { !known.contains($0) }, singleStepBudget: max(1, Self.lockstepSingleSteps - singles))
      done += r.completed
      state = r.state
      singles += r.singleSteps
      if r.exhausted {
        lockstepNote += "; searched up to racer \(done) (the write does not repeat uniformly past there: each racer is a single step, and the search stops after \(Self.lockstepSingleSteps))"
        lockstepLimit = done
        break
      }
      if r.failure != nil {
        lockstepNote += "; racer \(done + 1) would release a reference the starting state does not hold: at most \(done) racers"
        break
      }
      guard let stop = r.stop else { break }
      done += 1
      state = stop.result.state
      for o in stop.result.outcomes where !seen.contains(o) {
        seen.insert(o)
        // The write stands in for a step of the racers' action: an
        // acquire's step never frees, whatever stand-in ran it.
        if o == .prematureFree && action.isAcquire { continue }
        if program.outcomeID[o] != nil { lockstepFirst[o] = done }
      }
    }
  }

  // MARK: - Bounds

  /// Per field: what one racer adds at most (`up`) and subtracts at most
  /// (`down`), nil when unbounded, and the constants it stores; `free`
  /// when it stores a value that is not a constant.
  struct Contribution {
    var up: BigInt? = 0
    var down: BigInt? = 0
    var stores: [BigInt] = []
    var free = false
  }

  mutating func bounds() {
    let contributions = contributions()
    for (f, c) in contributions.enumerated() where c.up != 0 || c.down != 0 || !c.stores.isEmpty || c.free {
      var s = "\(layout.fields[f].name): "
      s += c.up.map { "at most +\($0)" } ?? "unbounded up"
      s += ", " + (c.down.map { "at most -\($0)" } ?? "unbounded down")
      if !c.stores.isEmpty { s += ", stores \(Set(c.stores).sorted().map(\.description).joined(separator: ", "))" }
      if c.free { s += ", stores computed values" }
      boundNotes.append(s + " per racer")
    }
    // The smallest N whose box admits each outcome (binary search: boxes grow with N).
    for o in program.outcomes {
      guard Self.boundable(o) else { continue }
      if admits(o, racers: 1, contributions) { lower[o] = 1; continue }
      if !admits(o, racers: racers, contributions) {
        lower[o] = racers + 1
        continue
      }
      var lo = BigInt(1), hi = racers  // !admits(lo), admits(hi)
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if admits(o, racers: mid, contributions) { hi = mid } else { lo = mid }
      }
      lower[o] = hi
    }
    // The invariant: no write takes its field out of range, for any N.
    if let proved = invariantFields() {
      for f in proved {
        forAll.insert(.fieldOverflow(field: layout.fields[f].name))
      }
      for (w, word) in layout.words.enumerated() where !hasGaps(w) || layout.fields(ofWord: w).allSatisfy(proved.contains) {
        // A word's one field may carry the word's name: then the outcome is
        // also that field's, proved only if the field is.
        if let same = layout.fields.firstIndex(where: { $0.name == word.name }), !proved.contains(same) { continue }
        forAll.insert(.fieldOverflow(field: word.name))
      }
    }
  }

  /// Whether word `w` has bits outside every field.
  func hasGaps(_ w: Int) -> Bool {
    layout.fields(ofWord: w).reduce(0) { $0 + layout.fields[$1].bits } < layout.words[w].bits
  }

  static func boundable(_ o: Outcome) -> Bool {
    switch o {
    case .fieldOverflow, .prematureFree, .leak, .falsePositive, .falseNegative: true
    default: false
    }
  }

  /// One racer's contribution to each field, over every path of its steps.
  func contributions() -> [Contribution] {
    var out = Array(repeating: Contribution(), count: layout.fields.count)
    let a = layout.action(action)
    guard let steps = a.steps else {
      // An atomic action: its main effects and at most one fixup.
      var base = Array(repeating: BigInt(0), count: layout.fields.count)
      for e in a.effects {
        switch e.action {
        case .add(let k): base[e.field] += k
        case .set(let v): if v.isConstant { out[e.field].stores.append(v.constantValue) } else { out[e.field].free = true }
        }
      }
      for f in layout.fields.indices {
        var hi = max(base[f], 0), lo = min(base[f], 0)
        for fx in a.fixups {
          var extra = base[f]
          for e in fx.effects where e.field == f {
            switch e.action {
            case .add(let k): extra += k
            case .set(let v): if v.isConstant { out[f].stores.append(v.constantValue) } else { out[f].free = true }
            }
          }
          hi = max(hi, extra)
          lo = min(lo, extra)
        }
        out[f].up = hi
        out[f].down = -lo
      }
      return out
    }
    // Steps: longest and shortest paths over (pc, locals known to be constant).
    for f in layout.fields.indices {
      out[f].up = extreme(steps, field: f, sign: 1)
      out[f].down = extreme(steps, field: f, sign: -1)
    }
    for st in steps.steps {
      switch st.instruction {
      case .store(let f, let v): if v.isConstant { out[f].stores.append(v.constantValue) } else { out[f].free = true }
      case .testAndSet(let f, let v, _): out[f].stores.append(v ? 1 : 0)
      case .lock(let f): out[f].stores.append(1)
      case .compareExchange(let f, _, let n, let addend, _, _):
        if addend == nil { if n.isConstant { out[f].stores.append(n.constantValue) } else { out[f].free = true } }
      default: break
      }
    }
    return out
  }

  /// The largest total of `sign * add` to field `f` over any path (0 at
  /// least), or nil when a loop can repeat a positive total.
  ///
  /// The paths are those of the steps with the locals that hold known
  /// constants tracked (a cmpxchg's result is 1 on its success edge and 0 on
  /// its failure edge), so that a retry loop taken only on failure is not a
  /// loop through the add. Strongly connected components of that graph
  /// (Tarjan) with a positive edge inside are unbounded; the rest is a
  /// longest path over the condensation.
  func extreme(_ steps: Layout.Steps, field f: Int, sign: Int) -> BigInt? {
    struct Node: Hashable {
      var pc: Int
      var known: [Int: BigInt]
    }
    func weight(_ i: Layout.Instruction, success: Bool) -> BigInt {
      switch i {
      case .add(let g, let k, _, _) where g == f: return k * BigInt(sign) > 0 ? k * BigInt(sign) : 0
      case .compareExchange(let g, _, _, let k?, _, _) where g == f && success: return k * BigInt(sign) > 0 ? k * BigInt(sign) : 0
      default: return 0
      }
    }
    func next(_ n: Node) -> [(Node, BigInt)] {
      guard n.pc < steps.steps.count else { return [] }
      let i = steps.steps[n.pc].instruction
      var known = n.known
      for l in i.assignedLocals { known[l] = nil }
      switch i {
      case .compareExchange(_, _, _, _, let r, _):
        var s = known, fl = known
        if let r { s[r] = 1; fl[r] = 0 }
        return [(Node(pc: n.pc + 1, known: s), weight(i, success: true)), (Node(pc: n.pc + 1, known: fl), 0)]
      case .load(let l, let v) where v.isConstantGiven(n.known, steps):
        known[l] = v.evaluate(KnownLocals(steps: steps, known: n.known))
        return [(Node(pc: n.pc + 1, known: known), 0)]
      case .jump(let c, let target):
        let to: Int = {
          if case .step(let t) = target { return t }
          return steps.steps.count
        }()
        guard let c else { return [(Node(pc: to, known: known), 0)] }
        if c.isConstantGiven(known, steps) {
          let v = c.evaluate(KnownLocals(steps: steps, known: known))
          return [(Node(pc: v.isZero ? n.pc + 1 : to, known: known), 0)]
        }
        return [(Node(pc: to, known: known), 0), (Node(pc: n.pc + 1, known: known), 0)]
      default:
        return [(Node(pc: n.pc + 1, known: known), weight(i, success: true))]
      }
    }
    // The reachable graph.
    var index: [Node: Int] = [Node(pc: 0, known: [:]): 0]
    var nodes = [Node(pc: 0, known: [:])]
    var edges: [[(Int, BigInt)]] = []
    var i = 0
    while i < nodes.count {
      guard nodes.count < 1 << 14 else { return nil }
      var out: [(Int, BigInt)] = []
      for (m, w) in next(nodes[i]) {
        let j = index[m] ?? {
          index[m] = nodes.count
          nodes.append(m)
          return nodes.count - 1
        }()
        out.append((j, w))
      }
      edges.append(out)
      i += 1
    }
    // Tarjan's strongly connected components (iterative).
    let n = nodes.count
    var order = Array(repeating: -1, count: n), low = Array(repeating: 0, count: n), component = Array(repeating: -1, count: n)
    var onStack = Array(repeating: false, count: n)
    var stack: [Int] = []
    var counter = 0, components = 0
    for root in 0..<n where order[root] < 0 {
      var call: [(Int, Int)] = [(root, 0)]
      order[root] = counter; low[root] = counter; counter += 1
      stack.append(root); onStack[root] = true
      while let (v, e) = call.last {
        if e < edges[v].count {
          call[call.count - 1].1 += 1
          let w = edges[v][e].0
          if order[w] < 0 {
            order[w] = counter; low[w] = counter; counter += 1
            stack.append(w); onStack[w] = true
            call.append((w, 0))
          } else if onStack[w] {
            low[v] = min(low[v], order[w])
          }
        } else {
          call.removeLast()
          if let (u, _) = call.last { low[u] = min(low[u], low[v]) }
          if low[v] == order[v] {
            while let w = stack.popLast() {
              onStack[w] = false
              component[w] = components
              if w == v { break }
            }
            components += 1
          }
        }
      }
    }
    for v in 0..<n { for (w, weight) in edges[v] where weight > 0 && component[v] == component[w] { return nil } }
    // Tarjan numbers components in reverse topological order: successors first.
    var best = Array(repeating: BigInt(0), count: components)
    var members = Array(repeating: [Int](), count: components)
    for v in 0..<n { members[component[v]].append(v) }
    for c in 0..<components {
      for v in members[c] {
        for (w, weight) in edges[v] where component[w] != c {
          best[c] = max(best[c], weight + best[component[w]])
        }
      }
    }
    return best[component[0]]
  }

  /// Whether outcome `o` may happen with `n` racers, by the box of values.
  func admits(_ o: Outcome, racers n: BigInt, _ c: [Contribution]) -> Bool {
    let box = Box(self, racers: n, contributions: c)
    switch o {
    case .fieldOverflow(let name):
      if let f = layout.fieldIndex(named: name) { return box.mayOverflow[f] || box.mayReceiveCarry(f) }
      if let w = layout.words.firstIndex(where: { $0.name == name }) {
        // Only bits outside every field: a word its fields cover never has any.
        return hasGaps(w) && layout.fields(ofWord: w).contains { box.mayOverflow[$0] }
      }
      return true
    case .prematureFree where action.isAcquire:
      // An acquire's step never frees (Machine.onset).
      return false
    case .prematureFree, .leak, .falsePositive, .falseNegative:
      for (p, pred) in layout.predicates.enumerated() {
        let lie: Lie
        switch (o, pred.role) {
        case (.prematureFree, .freed), (.falsePositive(pred.name), .plain): lie = .falsePositive
        case (.leak, .freed), (.falseNegative(pred.name), .plain): lie = .falseNegative
        default: continue
        }
        let when = pred.when.expression, means = pred.means.expression
        let condition: Expression = lie == .falsePositive ? .binary(.and, when, .unary(.not, means)) : .binary(.and, .unary(.not, when), means)
        if box.mayHold(condition) { return true }
        _ = p
      }
      return false
    default:
      return true
    }
  }

  /// The values fields and the truth can take with N racers.
  struct Box {
    /// Per field: raw-bit intervals (several when the value wraps).
    var raw: [[ClosedRange<BigInt>]]
    var mayOverflow: [Bool]
    var held: [ClosedRange<BigInt>]
    let layout: Layout

    init(_ a: RacersAnalysis, racers n: BigInt, contributions c: [Contribution]) {
      let lay = a.layout
      layout = lay
      let start = a.setup.start
      let machine = a.program.machine
      var raw: [[ClosedRange<BigInt>]] = []
      var over: [Bool] = []
      for (f, field) in lay.fields.enumerated() {
        let s = machine.reading(f, in: start.words)
        let lo = field.signed ? -BigInt.power(of2: field.bits - 1) : BigInt(0)
        let hi = field.signed ? BigInt.power(of2: field.bits - 1) - 1 : BigInt.power(of2: field.bits) - 1
        guard let up = c[f].up, let down = c[f].down, !c[f].free else {
          raw.append([0...(BigInt.power(of2: field.bits) - 1)])
          over.append(true)
          continue
        }
        let top = (c[f].stores + [s]).max()! + n * up
        let bottom = (c[f].stores + [s]).min()! - n * down
        over.append(top > hi || bottom < lo)
        raw.append(Self.wrap(bottom...top, bits: field.bits, signed: field.signed))
      }
      // A field whose lower neighbour may overflow may receive carries: any bits.
      for (f, field) in lay.fields.enumerated() {
        let lower = lay.fields.indices.filter { lay.fields[$0].word == field.word && lay.fields[$0].msb < field.lsb }
        if lower.contains(where: { over[$0] }) { raw[f] = [0...(BigInt.power(of2: field.bits) - 1)] }
      }
      self.raw = raw
      mayOverflow = over
      let delta = BigInt(a.action.heldDelta)
      held = lay.kinds.indices.map { k in
        let h = start.truth.held[k]
        guard a.action.kind == k else { return h...h }
        return delta > 0 ? h...(h + n) : max(0, h - n)...h
      }
    }

    func mayReceiveCarry(_ f: Int) -> Bool {
      let field = layout.fields[f]
      return layout.fields.indices.contains { layout.fields[$0].word == field.word && layout.fields[$0].msb < field.lsb && mayOverflow[$0] }
    }

    /// Ideal values `range` as raw bits modulo 2^bits, split where they wrap
    /// and (for a signed field) at the sign bit, so each piece reads as one
    /// interval.
    static func wrap(_ range: ClosedRange<BigInt>, bits: Int, signed: Bool) -> [ClosedRange<BigInt>] {
      let m = BigInt.power(of2: bits)
      if range.upperBound - range.lowerBound + 1 >= m { return [0...(m - 1)] }
      let a = range.lowerBound.floorModulo(m), b = range.upperBound.floorModulo(m)
      var pieces: [ClosedRange<BigInt>] = a <= b ? [a...b] : [a...(m - 1), 0...b]
      if signed {
        let half = m / 2
        pieces = pieces.flatMap { r -> [ClosedRange<BigInt>] in
          r.lowerBound < half && r.upperBound >= half ? [r.lowerBound...(half - 1), half...r.upperBound] : [r]
        }
      }
      return pieces
    }

    /// Whether `condition` may hold somewhere in the box (false: proved it
    /// cannot).
    func mayHold(_ condition: Expression) -> Bool {
      // Every combination of the pieces of the fields the condition reads.
      var read: [Int] = []
      var wholeWord = false
      condition.forEachNode {
        switch $0 {
        case .field(let f, _, _): if !read.contains(f) { read.append(f) }
        case .word: wholeWord = true
        default: break
        }
      }
      if wholeWord { return true }
      var choice = Array(repeating: 0, count: read.count)
      while true {
        var fields: [FieldBox] = layout.fields.indices.map { f in FieldBox(raw: raw[f][0], bits: layout.fields[f].bits, signed: layout.fields[f].signed) }
        for (i, f) in read.enumerated() { fields[f].raw = raw[f][choice[i]] }
        let total = held.reduce(BigInt(0)...BigInt(0)) { ($0.lowerBound + $1.lowerBound)...($0.upperBound + $1.upperBound) }
        let box = TruthBox(held: held, total: total, fields: fields)
        if condition.constantTruth(over: box) != false { return true }
        // Next combination.
        var i = 0
        while i < read.count {
          choice[i] += 1
          if choice[i] < raw[read[i]].count { break }
          choice[i] = 0
          i += 1
        }
        if i == read.count { return false }
      }
    }
  }

  // MARK: - The invariant

  /// Fields no write of the racer's steps can take out of range from any
  /// in-range state (nil: the action has no steps). A field no step writes
  /// is included unless a neighbour below it may carry into it.
  func invariantFields() -> Set<Int>? {
    guard let steps = layout.action(action).steps else { return nil }
    let intervals = localIntervals(steps)
    var safe = Set(layout.fields.indices)
    for (i, st) in steps.steps.enumerated() {
      guard let env = intervals[i] else { continue }  // unreachable step
      switch st.instruction {
      case .add(let f, let k, _, _):
        if !k.isZero { safe.remove(f) }
      case .store(let f, let v):
        if !fits(v.interval(env.box(layout)), f) { safe.remove(f) }
      case .compareExchange(let f, let e, let n, let addend, _, _):
        // Success only where the field equals the expected value.
        let range = fieldRange(f)
        guard let ex = e.interval(env.box(layout)) else { safe.remove(f); continue }
        let lo = max(ex.lowerBound, range.lowerBound), hi = min(ex.upperBound, range.upperBound)
        if lo > hi { continue }  // never succeeds
        if let k = addend {
          if !(fits((lo + k)...(hi + k), f)) { safe.remove(f) }
        } else if !fits(n.interval(env.box(layout)), f) {
          safe.remove(f)
        }
      case .testAndSet, .lock, .load, .await, .jump, .fence: break
      }
    }
    // Carries into a field come only from an unsafe field below it.
    for f in safe {
      let field = layout.fields[f]
      if layout.fields.indices.contains(where: { layout.fields[$0].word == field.word && layout.fields[$0].msb < field.lsb && !safe.contains($0) }) {
        safe.remove(f)
      }
    }
    return safe
  }

  func fieldRange(_ f: Int) -> ClosedRange<BigInt> {
    let field = layout.fields[f]
    return field.signed ? -BigInt.power(of2: field.bits - 1)...(BigInt.power(of2: field.bits - 1) - 1) : 0...(BigInt.power(of2: field.bits) - 1)
  }

  func fits(_ r: ClosedRange<BigInt>?, _ f: Int) -> Bool {
    guard let r else { return false }
    let range = fieldRange(f)
    return r.lowerBound >= range.lowerBound && r.upperBound <= range.upperBound
  }

  /// Intervals of the locals before each step, from any state whose fields
  /// are in range (a fixpoint over the steps; nil: the step is unreachable).
  func localIntervals(_ steps: Layout.Steps) -> [LocalIntervals?] {
    var at: [LocalIntervals?] = Array(repeating: nil, count: steps.steps.count + 1)
    at[0] = LocalIntervals(steps: steps, values: Array(repeating: 0...0, count: steps.locals.count), analysis: self)
    var work = [0]
    var visits = 0
    while let i = work.popLast(), i < steps.steps.count {
      visits += 1
      guard let env = at[i] else { continue }
      for (j, out) in env.after(steps.steps[i].instruction, index: i, widen: visits > 64 * steps.steps.count) {
        guard j <= steps.steps.count else { continue }
        let merged = at[j].map { $0.union(out) } ?? out
        if at[j] == nil || merged.values != at[j]!.values {
          at[j] = merged
          work.append(j)
        }
      }
    }
    return at
  }
}

/// The intervals of one racer's locals at a step.
struct LocalIntervals {
  let steps: Layout.Steps
  var values: [ClosedRange<BigInt>]
  let analysis: RacersAnalysis

  func union(_ o: LocalIntervals) -> LocalIntervals {
    var u = self
    u.values = zip(values, o.values).map { min($0.lowerBound, $1.lowerBound)...max($0.upperBound, $1.upperBound) }
    return u
  }

  /// Fields at their whole range, locals at these intervals.
  func box(_ layout: Layout) -> TruthBox {
    var fields = layout.fields.indices.map { f in FieldBox(raw: 0...(BigInt.power(of2: layout.fields[f].bits) - 1), bits: layout.fields[f].bits, signed: layout.fields[f].signed) }
    fields += values.map { FieldBox(raw: $0, bits: 128, signed: false) }
    return TruthBox(held: layout.kinds.map { _ in BigInt(0)...BigInt.power(of2: 62) }, total: BigInt(0)...BigInt.power(of2: 62), fields: fields)
  }

  /// The successors of step `i` with the locals' intervals on each edge.
  func after(_ ins: Layout.Instruction, index i: Int, widen: Bool) -> [(Int, LocalIntervals)] {
    let layout = analysis.layout
    var out = self
    let full = BigInt(-1) << 127...(BigInt(1) << 127) - 1
    func set(_ l: Int, _ r: ClosedRange<BigInt>?) { out.values[l] = widen ? full : (r ?? full) }
    switch ins {
    case .load(let l, let v): set(l, v.interval(box(layout)))
    case .add(let f, _, let r?, _): set(r, analysis.fieldRange(f))
    case .testAndSet(_, _, let r?): set(r, 0...1)
    case .compareExchange(let f, _, _, _, let r, let u):
      var success = out, failure = out
      if let r { success.values[r] = 1...1; failure.values[r] = 0...0 }
      if let u { failure.values[u] = analysis.fieldRange(f) }
      return [(i + 1, success), (i + 1, failure)]
    case .jump(let c, let target):
      let to: Int = {
        if case .step(let t) = target { return t }
        return steps.steps.count
      }()
      guard let c else { return [(to, out)] }
      var edges: [(Int, LocalIntervals)] = []
      if let t = out.refined(c, true) { edges.append((to, t)) }
      if let f = out.refined(c, false) { edges.append((i + 1, f)) }
      return edges
    default: break
    }
    return [(i + 1, out)]
  }

  /// The intervals on the edge where `c` is `holds`; nil when that edge
  /// cannot be taken. Refines `local OP constant` comparisons.
  func refined(_ c: Expression, _ holds: Bool) -> LocalIntervals? {
    let cond = holds ? c : c.negated
    if let t = cond.constantTruth(over: box(analysis.layout)), t == false { return nil }
    guard case .binary(let op, let a, let b) = cond else { return self }
    var local: Int?, k: BigInt?, flip = false
    if case .field(let f, _, _) = a, let l = steps.local(ofField: f), b.isConstant { local = l; k = b.constantValue }
    if case .field(let f, _, _) = b, let l = steps.local(ofField: f), a.isConstant { local = l; k = a.constantValue; flip = true }
    guard let l = local, let k else { return self }
    var r = values[l]
    let o: Expression.BinaryOperator = {
      guard flip else { return op }
      switch op {
      case .less: return .greater
      case .lessOrEqual: return .greaterOrEqual
      case .greater: return .less
      case .greaterOrEqual: return .lessOrEqual
      default: return op
      }
    }()
    switch o {
    case .less: r = r.lowerBound...min(r.upperBound, k - 1)
    case .lessOrEqual: r = r.lowerBound...min(r.upperBound, k)
    case .greater: r = max(r.lowerBound, k + 1)...r.upperBound
    case .greaterOrEqual: r = max(r.lowerBound, k)...r.upperBound
    case .equal: r = max(r.lowerBound, k)...min(r.upperBound, k)
    default: return self
    }
    guard r.lowerBound <= r.upperBound else { return nil }
    var out = self
    out.values[l] = r
    return out
  }
}

/// Evaluates an expression whose locals are all known constants.
struct KnownLocals: ExpressionEnvironment {
  let steps: Layout.Steps
  let known: [Int: BigInt]

  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt {
    steps.local(ofField: index).flatMap { known[$0] } ?? 0
  }
  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt { 0 }
  func held(_ index: Int) -> BigInt { 0 }
  var total: BigInt { 0 }
}

extension Expression {
  /// Whether the expression reads nothing but constants and locals whose
  /// value `known` gives.
  func isConstantGiven(_ known: [Int: BigInt], _ steps: Layout.Steps) -> Bool {
    var ok = true
    forEachNode {
      switch $0 {
      case .field(let f, _, _): if steps.local(ofField: f).flatMap({ known[$0] }) == nil { ok = false }
      case .word, .held, .total, .name, .access: ok = false
      default: break
      }
    }
    return ok
  }
}

extension RacersAnalysis {
  /// The answers, outcome by outcome and claim by claim.
  func result(explored: [Int]) -> RacersResult {
    let startText: String = {
      let s = program.startSlots()
      return s.withUnsafeBufferPointer { RaceTimeline.stateText(program, $0.baseAddress!) }
    }()
    // Outcomes worth a row: found by any argument, named by a claim, or an
    // overflow of a field the action writes.
    var written: Set<Int> = []
    if let steps = layout.action(action).steps {
      for st in steps.steps { if let f = st.instruction.writtenField { written.insert(f) } }
    } else {
      let a = layout.action(action)
      for e in a.effects + a.fixups.flatMap(\.effects) { written.insert(e.field) }
    }
    var rows: [RacersResult.Row] = []
    for o in program.outcomes {
      let found = explicitFirst[o] != nil || lockstepFirst[o] != nil
      let claimed = layout.claims.contains { $0.never.matches(o) }
      let writtenOverflow: Bool = {
        if case .fieldOverflow(let name) = o, let f = layout.fieldIndex(named: name) { return written.contains(f) }
        return false
      }()
      guard found || claimed || writtenOverflow else { continue }
      rows.append(row(o))
    }
    rows.sort { a, b in
      let x = program.outcomes.first { $0.description == a.outcome }!, y = program.outcomes.first { $0.description == b.outcome }!
      return x < y
    }
    var claims: [RacersResult.ClaimRow] = []
    for (c, claim) in layout.claims.enumerated() {
      let matching = program.outcomes.filter { claim.never.matches($0) }
      let ms = matching.map { row($0) }
      // Judged at points only the exploration of few racers says.
      let judgedAtPoints = claim.judged != .always
      var violatedWith: BigInt? = explicitClaim[c].map { BigInt($0) }
      if !judgedAtPoints {
        for r in ms { if let w = r.reachedWith { violatedWith = violatedWith.map { min($0, w) } ?? w } }
      }
      // It holds below the smallest count some matching outcome is not proved impossible for.
      let proven = ms.filter { !$0.impossibleForAll }.map { $0.impossibleBelow ?? min($0.reachedWith ?? 1, 1) }
      let forAll = !judgedAtPoints && ms.allSatisfy(\.impossibleForAll)
      let holdsBelow: BigInt? = judgedAtPoints ? (explicitClaim[c] == nil && exploredCount > 0 ? BigInt(exploredCount + 1) : nil) : proven.min()
      var exact: BigInt?
      if let v = violatedWith, let e = explicitClaim[c], BigInt(e) == v { exact = v }
      if let v = violatedWith, let h = holdsBelow, h == v { exact = v }
      let verdict: String
      if let v = violatedWith, v <= racers { verdict = "violated" } else if forAll || (holdsBelow.map { racers < $0 } ?? false) { verdict = "holds" } else if judgedAtPoints && violatedWith == nil && racers <= BigInt(explored.count) { verdict = "holds" } else { verdict = "unknown" }
      claims.append(RacersResult.ClaimRow(claim: claim.text, judged: claim.judged, description: claim.description, violatedFrom: exact, violatedWith: violatedWith, holdsBelow: forAll ? nil : holdsBelow, holdsForAll: forAll, verdict: verdict))
    }
    return RacersResult(
      layout: layout.name, scenario: setup.name, description: setup.description, action: layout.name(of: action), from: setup.from, racers: racers,
      capped: nil, start: startText, explored: explored, lockstep: lockstepNote, bounds: boundNotes, outcomes: rows, claims: claims)
  }

  func row(_ o: Outcome) -> RacersResult.Row {
    if startLies.contains(o) {
      return RacersResult.Row(outcome: o.description, smallest: 0, reachedWith: 0, impossibleBelow: nil, impossibleForAll: false, verdict: "reachable", how: "the predicate already lies on the starting state")
    }
    let e = explicitFirst[o].map { BigInt($0) }
    let w = lockstepFirst[o]
    let reached = [e, w].compactMap { $0 }.min()
    // Not found with as many racers as were explored: impossible with as many.
    var lb = lower[o]
    if e == nil, exploredCount > 0, (lb ?? 0) <= BigInt(exploredCount) { lb = BigInt(exploredCount + 1) }
    let all = forAll.contains(o)
    var exact: BigInt?
    if let e { exact = e }  // every interleaving of fewer racers was explored
    if exact == nil, let w, let lb, lb == w { exact = w }
    var how: [String] = []
    if let e { how.append("exploring every interleaving of \(e) racer\(e == 1 ? "" : "s") reaches it, and of fewer does not") }
    if let w, e == nil || w < e! { how.append("the lockstep schedule reaches it at racer \(w)") }
    if all { how.append("an invariant proves it impossible for any number of racers") } else if let lb, lb > 1 {
      let byBounds = (lower[o] ?? 0) >= lb
      let source = byBounds ? "the bounds prove" : "exploring every interleaving of \(exploredCount) racers proves"
      how.append(lb > racers ? "\(source) it impossible for up to \(racers) racers" : "\(source) it impossible below \(lb) racers")
    }
    if let limit = lockstepLimit, reached == nil { how.append("the lockstep search stopped at racer \(limit)") }
    if how.isEmpty { how.append("not found; no bound proves it impossible") }
    let verdict: String
    if let r = reached, r <= racers { verdict = "reachable" } else if all || (lb.map { racers < $0 } ?? false) { verdict = "impossible" } else { verdict = "unknown" }
    return RacersResult.Row(outcome: o.description, smallest: exact, reachedWith: reached, impossibleBelow: all ? nil : lb, impossibleForAll: all, verdict: verdict, how: how.joined(separator: "; "))
  }
}
