/// A race compiled for exploration: where each value lives in a packed
/// state, each thread's code as a flat list of micro-steps, every
/// expression compiled.
///
/// A state is `stride` 64-bit slots: each word's raw bits (races take words
/// of at most 64 bits), the truth's held count of each kind, a flags slot
/// (bit 0: a thread trapped and the machine stopped; bit 1 + i: order
/// constraint i has been met), then per thread its program counter and its
/// locals (two slots each: 128-bit two's complement). Locals are zeroed when
/// an action ends, so that states that differ only in dead locals merge.
struct RaceProgram: @unchecked Sendable {
  let setup: RaceSetup
  let machine: Machine
  let geometry: RaceGeometry
  let flagSlot: Int
  let threadSlot: [Int]
  let localCount: [Int]
  let stride: Int
  /// Per thread, its micro-steps; `pc == code[t].count` means done.
  let code: [[Micro]]
  /// Outcome ids: every event and lie a step can produce.
  let outcomes: [Outcome]
  let outcomeID: [Outcome: Int]
  /// Per field and per word: the id of `field_overflow(name)`.
  let overflowID: [Int]
  let wordOverflowID: [Int]
  /// Per predicate: compiled `when` and `means`.
  let predicates: [(when: RaceExpression, means: RaceExpression)]
  /// Words read by some predicate (a step writing one is visible).
  let observedWords: UInt64
  /// Per thread: words its code may read, words it may write.
  let threadReads: [UInt64]
  let threadWrites: [UInt64]
  /// Per order constraint: the thread and pcs of its `before` step.
  let orderBefore: [(thread: Int, pcs: Set<Int>)]

  /// One micro-step: a step of an action with steps, or a whole atomic action.
  ///
  /// A class, so that the explorer's inner loop takes one reference to a
  /// step rather than copying (and retaining) its expressions; it is
  /// complete once ``RaceProgram/init(_:)`` returns and never changes after.
  final class Micro: @unchecked Sendable {
    let action: Op.Action
    /// Index of the action in the thread's script.
    let actionIndex: Int
    /// pcs of the action's first micro-step and of the one after its last.
    let start: Int
    let end: Int
    /// Index within the action's steps; nil for an atomic action.
    let step: Int?
    let instruction: Instruction
    let label: String?
    /// Words it may read and write (bit masks).
    let reads: UInt64
    let writes: UInt64
    let mayComplete: Bool
    /// The action's linearization point: the truth moves here.
    let commits: Bool
    /// Constraints whose `after` is this step: it waits for their bits
    /// (set while the program is built).
    fileprivate(set) var waitMask: UInt64
    /// Constraints whose `before` is this step: it sets their bits.
    fileprivate(set) var setMask: UInt64

    init(action: Op.Action, actionIndex: Int, start: Int, end: Int, step: Int?, instruction: Instruction, label: String?, reads: UInt64, writes: UInt64, mayComplete: Bool, commits: Bool, waitMask: UInt64, setMask: UInt64) {
      self.action = action
      self.actionIndex = actionIndex
      self.start = start
      self.end = end
      self.step = step
      self.instruction = instruction
      self.label = label
      self.reads = reads
      self.writes = writes
      self.mayComplete = mayComplete
      self.commits = commits
      self.waitMask = waitMask
      self.setMask = setMask
    }
  }

  enum Instruction {
    var blocks: Bool {
      switch self {
      case .lock, .await: true
      default: false
      }
    }

    case load(local: Int, value: RaceExpression)
    case add(field: Int, amount: Int128, delta: UInt64, result: Int?, returns: Layout.Returned)
    case store(field: Int, value: RaceExpression)
    case testAndSet(field: Int, value: Bool, result: Int?)
    case compareExchange(field: Int, expected: RaceExpression, new: RaceExpression, addend: Int128?, delta: UInt64, result: Int?, updates: Int?)
    case lock(field: Int)
    case await(RaceExpression)
    /// Jump to a pc, or finish the action with an outcome.
    case jump(condition: RaceExpression?, pc: Int?, finish: Layout.FixupOutcome?)
    case fence
    case atomic(Op)
  }

  /// Why a race cannot be explored.
  struct Unsupported: Error {
    var message: String
  }

  init(_ setup: RaceSetup) throws(RaceSetup.Problem) {
    self.setup = setup
    let layout = setup.layout
    machine = Machine(layout)
    if let w = layout.words.first(where: { $0.bits > 64 }) {
      throw RaceSetup.Problem(message: "word '\(w.name)' has \(w.bits) bits; the race lens explores words of at most 64 bits", hint: "the exact lens (analyze) takes any width")
    }
    guard layout.words.count <= 64, layout.predicates.count <= 32 else {
      throw RaceSetup.Problem(message: "the race lens takes at most 64 words and 32 predicates")
    }
    let wordSlot = Array(layout.words.indices)
    let heldSlot = layout.words.count
    flagSlot = heldSlot + layout.kinds.count
    guard setup.order.count <= 62 else { throw RaceSetup.Problem(message: "at most 62 order constraints") }
    geometry = RaceGeometry(fields: layout.fields, words: layout.words, wordSlot: wordSlot, heldSlot: heldSlot, kindCount: layout.kinds.count)
    var next = flagSlot + 1
    var slots: [Int] = []
    var counts: [Int] = []
    for actions in setup.threads {
      slots.append(next)
      let n = actions.map { layout.action($0).steps?.locals.count ?? 0 }.max() ?? 0
      counts.append(n)
      next += 1 + 2 * n
    }
    threadSlot = slots
    localCount = counts
    stride = next

    // Outcome ids.
    var list: [Outcome] = layout.fields.map { .fieldOverflow(field: $0.name) }
    list += layout.words.map { .fieldOverflow(field: $0.name) }
    list += layout.kinds.map { .refused(kind: $0.name) } + layout.operations.map { .refused(kind: $0.name) }
    list += [.trapped, .saturated, .spilled, .prematureFree, .leak]
    for p in layout.predicates where p.role == .plain {
      list += [.falsePositive(predicate: p.name), .falseNegative(predicate: p.name)]
    }
    var ids: [Outcome: Int] = [:]
    var unique: [Outcome] = []
    for o in list where ids[o] == nil {
      ids[o] = unique.count
      unique.append(o)
    }
    outcomes = unique
    outcomeID = ids
    overflowID = layout.fields.map { ids[.fieldOverflow(field: $0.name)]! }
    wordOverflowID = layout.words.map { ids[.fieldOverflow(field: $0.name)]! }
    guard unique.count <= 128 else { throw RaceSetup.Problem(message: "the layout has more than 128 distinct outcomes; the race lens tracks at most 128") }

    let g = geometry
    predicates = layout.predicates.map { (RaceExpression($0.when.expression, geometry: g), RaceExpression($0.means.expression, geometry: g)) }
    var observed: UInt64 = 0
    for p in layout.predicates { observed |= Self.words(read: p.when.expression, layout) }
    observedWords = observed

    // Code.
    var code: [[Micro]] = []
    var reads: [UInt64] = [], writes: [UInt64] = []
    for (t, actions) in setup.threads.enumerated() {
      var micros: [Micro] = []
      for (ai, a) in actions.enumerated() {
        let action = layout.action(a)
        let start = micros.count
        if let steps = action.steps {
          let end = start + steps.steps.count
          for (si, step) in steps.steps.enumerated() {
            let (ins, r, w) = Self.compile(step.instruction, start: start, geometry: g, layout: layout)
            let mayComplete: Bool = {
              if case .jump(_, .finish) = step.instruction { return true }
              return steps.successors(of: si).contains(steps.steps.count)
            }()
            micros.append(Micro(action: a, actionIndex: ai, start: start, end: end, step: si, instruction: ins, label: step.label, reads: r, writes: w, mayComplete: mayComplete, commits: step.commits, waitMask: 0, setMask: 0))
          }
        } else {
          let r = Self.words(readBy: action, layout)
          let w = action.effects.map(\.field) + action.fixups.flatMap { $0.effects.map(\.field) }
          let wmask = w.reduce(UInt64(0)) { $0 | 1 << UInt64(layout.fields[$1].word) }
          micros.append(Micro(action: a, actionIndex: ai, start: start, end: start + 1, step: nil, instruction: .atomic(Op(a)), label: nil, reads: r | wmask, writes: wmask, mayComplete: true, commits: false, waitMask: 0, setMask: 0))
        }
      }
      // Order constraints.
      for (i, c) in setup.order.enumerated() {
        for pc in micros.indices where micros[pc].label != nil {
          if c.afterThread == t, micros[pc].label == c.after { micros[pc].waitMask |= 1 << UInt64(i) }
          if c.beforeThread == t, micros[pc].label == c.before { micros[pc].setMask |= 1 << UInt64(i) }
        }
      }
      reads.append(micros.reduce(0) { $0 | $1.reads })
      writes.append(micros.reduce(0) { $0 | $1.writes })
      code.append(micros)
    }
    self.code = code
    threadReads = reads
    threadWrites = writes
    orderBefore = setup.order.map { c in (c.beforeThread, Set(code[c.beforeThread].indices.filter { code[c.beforeThread][$0].label == c.before })) }
  }

  /// Words an expression reads (bit mask).
  static func words(read e: Expression, _ layout: Layout) -> UInt64 {
    var m: UInt64 = 0
    e.forEachNode {
      switch $0 {
      case .field(let f, _, _) where f < layout.fields.count: m |= 1 << UInt64(layout.fields[f].word)
      case .word(let w, _, _): m |= 1 << UInt64(w)
      default: break
      }
    }
    return m
  }

  /// Words an atomic action's conditions and values read.
  static func words(readBy a: Layout.Action, _ layout: Layout) -> UInt64 {
    var es: [Expression] = [a.refuse, a.trap].compactMap { $0?.expression }
    es += a.fixups.map(\.when.expression)
    for e in a.effects + a.fixups.flatMap(\.effects) { if case .set(let v) = e.action { es.append(v) } }
    return es.reduce(0) { $0 | words(read: $1, layout) }
  }

  static func compile(_ i: Layout.Instruction, start: Int, geometry g: RaceGeometry, layout: Layout) -> (Instruction, UInt64, UInt64) {
    func bit(_ f: Int) -> UInt64 { 1 << UInt64(layout.fields[f].word) }
    func delta(_ f: Int, _ k: BigInt) -> UInt64 {
      let field = layout.fields[f]
      return UInt64(truncatingIfNeeded: (k << field.lsb).truncatedUInt128(bits: 64))
    }
    switch i {
    case .load(let l, let v): return (.load(local: l, value: RaceExpression(v, geometry: g)), words(read: v, layout), 0)
    case .add(let f, let k, let r, let ret): return (.add(field: f, amount: k.int128 ?? 0, delta: delta(f, k), result: r, returns: ret), bit(f), bit(f))
    case .store(let f, let v): return (.store(field: f, value: RaceExpression(v, geometry: g)), 0, bit(f))
    case .testAndSet(let f, let v, let r): return (.testAndSet(field: f, value: v, result: r), bit(f), bit(f))
    case .compareExchange(let f, let e, let n, let addend, let r, let u):
      return (.compareExchange(field: f, expected: RaceExpression(e, geometry: g), new: RaceExpression(n, geometry: g), addend: addend.map { $0.int128 ?? 0 }, delta: addend.map { delta(f, $0) } ?? 0, result: r, updates: u), bit(f), bit(f))
    case .lock(let f): return (.lock(field: f), bit(f), bit(f))
    case .await(let c): return (.await(RaceExpression(c, geometry: g)), words(read: c, layout), 0)
    case .jump(let c, let target):
      let cond = c.map { RaceExpression($0, geometry: g) }
      switch target {
      case .step(let s): return (.jump(condition: cond, pc: start + s, finish: nil), 0, 0)
      case .finish(let o): return (.jump(condition: cond, pc: nil, finish: o), 0, 0)
      }
    case .fence: return (.fence, 0, 0)
    }
  }

  // MARK: - The start state

  /// The packed starting state.
  func startSlots() -> [UInt64] {
    var s = [UInt64](repeating: 0, count: stride)
    for w in setup.layout.words.indices { s[geometry.wordSlot[w]] = UInt64(truncatingIfNeeded: setup.start.words[w]) }
    for k in setup.layout.kinds.indices { s[geometry.heldSlot + k] = UInt64(bitPattern: setup.start.truth.held[k].int64 ?? 0) }
    return s
  }

  // MARK: - Stepping

  /// What one micro-step did.
  struct Events {
    /// Outcome ids produced (bit i: ``RaceProgram/outcomes``[i]).
    var outcomes: UInt128 = 0
    /// The action the step completed, and how.
    var completed: (action: Op.Action, outcome: Layout.FixupOutcome)?
    /// A release of a reference no one holds.
    var notHeld: String?
    /// Whether the step belongs to a release or an operation: an acquire's
    /// step never frees
    /// (``Machine/onset(predicate:before:after:frees:deadBefore:deadAfter:)``).
    var frees = false
  }

  /// Why a thread cannot move now.
  enum Blocked {
    case done, halted, waiting, order
  }

  /// The thread's slot holds its pc in the low 32 bits and, in bit 32,
  /// whether its current action has passed its commit step.
  static let committedBit: UInt64 = 1 << 32

  /// Thread `t`'s program counter on `s`.
  @inline(__always)
  func pc(_ t: Int, _ s: UnsafePointer<UInt64>) -> Int { Int(s[threadSlot[t]] & 0xFFFF_FFFF) }

  /// Whether thread `t` can move on `s`, and if not why.
  func blocked(_ t: Int, _ s: UnsafePointer<UInt64>) -> Blocked? {
    let pc = pc(t, s)
    if pc >= code[t].count { return .done }
    if s[flagSlot] & 1 != 0 { return .halted }
    let m = code[t][pc]
    if m.waitMask != 0, (s[flagSlot] >> 1) & m.waitMask != m.waitMask { return .order }
    switch m.instruction {
    case .lock(let f): if geometry.bits(f, s) != 0 { return .waiting }
    case .await(let c): if !c.holds(s, localBase: threadSlot[t] + 1) { return .waiting }
    default: break
    }
    return nil
  }

  /// Runs thread `t`'s next micro-step on `s` in place (it must not be
  /// blocked), and says what it did.
  func run(_ t: Int, _ s: UnsafeMutablePointer<UInt64>) -> Events {
    var ev = Events()
    let base = threadSlot[t]
    let lb = base + 1
    let pc = pc(t, s)
    let m = code[t][pc]
    if !m.action.isAcquire { ev.frees = true }
    if m.setMask != 0 { s[flagSlot] |= m.setMask << 1 }
    if m.commits {
      // The linearization point: the truth moves here, not at the end.
      moveTruth(m.action, s, &ev)
      s[base] |= Self.committedBit
    }
    let ro = UnsafePointer(s)
    func setLocal(_ l: Int, _ v: Int128) {
      let u = UInt128(truncatingIfNeeded: v)
      s[lb + 2 * l] = UInt64(truncatingIfNeeded: u)
      s[lb + 2 * l + 1] = UInt64(truncatingIfNeeded: u >> 64)
    }
    var nextPC = pc + 1
    var finish: Layout.FixupOutcome?
    switch m.instruction {
    case .load(let l, let v):
      setLocal(l, v.value(ro, localBase: lb))
    case .add(let f, let k, let delta, let r, let returns):
      let old = geometry.reading(f, ro)
      if let r, returns == .old { setLocal(r, old) }
      add(f, k, delta, old: old, s, &ev)
      if let r, returns == .new { setLocal(r, geometry.reading(f, ro)) }
    case .store(let f, let v):
      store(f, v.value(ro, localBase: lb), s, &ev)
    case .testAndSet(let f, let v, let r):
      if let r { setLocal(r, Int128(geometry.bits(f, ro))) }
      store(f, v ? 1 : 0, s, &ev)
    case .compareExchange(let f, let e, let n, let addend, let delta, let r, let u):
      let current = geometry.reading(f, ro)
      if current == e.value(ro, localBase: lb) {
        if let addend { add(f, addend, delta, old: current, s, &ev) } else { store(f, n.value(ro, localBase: lb), s, &ev) }
        if let r { setLocal(r, 1) }
      } else {
        if let r { setLocal(r, 0) }
        if let u { setLocal(u, current) }
      }
    case .lock(let f):
      store(f, 1, s, &ev)
    case .await, .fence:
      break
    case .jump(let c, let target, let o):
      if c == nil || c!.holds(ro, localBase: lb) {
        if let target { nextPC = target } else { finish = o }
      }
    case .atomic(let op):
      runAtomic(op, s, &ev)
      s[base] = UInt64(resume(after: m, thread: t, ev.completed?.outcome ?? .ok))
      return ev
    }
    if finish == nil, nextPC == m.end { finish = .ok }
    if let finish {
      complete(m.action, finish, thread: t, committed: s[base] & Self.committedBit != 0, s, &ev)
      s[base] = UInt64(resume(after: m, thread: t, finish))
    } else {
      s[base] = UInt64(nextPC) | (s[base] & Self.committedBit)
    }
    return ev
  }

  /// Where thread `t` goes after the action of `m` ends with `o`: the next
  /// action, except that a release of the kind an acquire just failed to
  /// take is skipped (code drops only what it got: `get, put` puts only if
  /// the get succeeded).
  @inline(__always)
  func resume(after m: Micro, thread t: Int, _ o: Layout.FixupOutcome) -> Int {
    guard o == .refused, case .acquire(let k) = m.action, m.end < code[t].count, code[t][m.end].action == .release(kind: k) else { return m.end }
    return code[t][m.end].end
  }

  /// An add to field `f` as an add to its word: a carry or borrow reaches
  /// the neighbour; every field whose value is not what the step wrote (and
  /// changed bits outside every field) is a `field_overflow`.
  @inline(__always)
  func add(_ f: Int, _ k: Int128, _ delta: UInt64, old: Int128, _ s: UnsafeMutablePointer<UInt64>, _ ev: inout Events) {
    let field = geometry.fields[f]
    let w = field.word
    let slot = geometry.wordSlot[w]
    let before = s[slot]
    let bits = geometry.words[w].bits
    let wmask: UInt64 = bits >= 64 ? ~0 : (1 << UInt64(bits)) - 1
    s[slot] = (before &+ delta) & wmask
    // |old|, |k| < 2^64: the sum fits.
    if geometry.reading(f, UnsafePointer(s)) != old + k { ev.outcomes |= 1 << UInt128(overflowID[f]) }
    checkNeighbours(of: f, word: w, before: before, after: s[slot], &ev)
  }

  /// A store into field `f`'s bits; a value that does not fit is a
  /// `field_overflow`.
  @inline(__always)
  func store(_ f: Int, _ v: Int128, _ s: UnsafeMutablePointer<UInt64>, _ ev: inout Events) {
    let field = geometry.fields[f]
    let slot = geometry.wordSlot[field.word]
    let mask: UInt64 = field.bits >= 64 ? ~0 : (1 << UInt64(field.bits)) - 1
    let raw = UInt64(truncatingIfNeeded: v) & mask
    s[slot] = (s[slot] & ~(mask << UInt64(field.lsb))) | (raw << UInt64(field.lsb))
    if geometry.reading(f, UnsafePointer(s)) != v { ev.outcomes |= 1 << UInt128(overflowID[f]) }
  }

  /// Fields of word `w` other than `f` that changed, and bits outside every
  /// field that changed.
  @inline(__always)
  func checkNeighbours(of f: Int, word w: Int, before: UInt64, after: UInt64, _ ev: inout Events) {
    let changed = before ^ after
    var covered: UInt64 = 0
    for g in geometry.fields.indices where geometry.fields[g].word == w {
      let field = geometry.fields[g]
      let mask: UInt64 = (field.bits >= 64 ? ~0 : (1 << UInt64(field.bits)) - 1) << UInt64(field.lsb)
      covered |= mask
      if g != f, changed & mask != 0 { ev.outcomes |= 1 << UInt128(overflowID[g]) }
    }
    if changed & ~covered != 0 { ev.outcomes |= 1 << UInt128(wordOverflowID[w]) }
  }

  /// The end of an action: its outcome, the truth, the thread's locals.
  func complete(_ a: Op.Action, _ o: Layout.FixupOutcome, thread t: Int, committed: Bool, _ s: UnsafeMutablePointer<UInt64>, _ ev: inout Events) {
    ev.completed = (a, o)
    let layout = setup.layout
    switch o {
    case .trapped:
      ev.outcomes |= 1 << UInt128(outcomeID[.trapped]!)
      s[flagSlot] |= 1
    case .refused:
      ev.outcomes |= 1 << UInt128(outcomeID[.refused(kind: layout.kindOrOperationName(a))]!)
    case .saturated, .spilled, .ok:
      if o == .saturated { ev.outcomes |= 1 << UInt128(outcomeID[.saturated]!) }
      if o == .spilled { ev.outcomes |= 1 << UInt128(outcomeID[.spilled]!) }
      if !committed { moveTruth(a, s, &ev) }
    }
    let lb = threadSlot[t] + 1
    for i in 0..<(2 * localCount[t]) { s[lb + i] = 0 }
  }

  /// An acquire takes its reference, a release drops it (an operation
  /// holds none).
  @inline(__always)
  func moveTruth(_ a: Op.Action, _ s: UnsafeMutablePointer<UInt64>, _ ev: inout Events) {
    guard let k = a.kind else { return }
    let slot = geometry.heldSlot + k
    let held = Int64(bitPattern: s[slot])
    if a.heldDelta < 0, held < 1 { ev.notHeld = setup.layout.kinds[k].name }
    s[slot] = UInt64(bitPattern: held + Int64(a.heldDelta))
  }

  /// A whole atomic action, by the reference semantics (``Machine/step(_:_:)``).
  func runAtomic(_ op: Op, _ s: UnsafeMutablePointer<UInt64>, _ ev: inout Events) {
    let layout = setup.layout
    let words = layout.words.indices.map { UInt128(s[geometry.wordSlot[$0]]) }
    let held = layout.kinds.indices.map { BigInt(Int64(bitPattern: s[geometry.heldSlot + $0])) }
    if let k = op.kind, op.isRelease, held[k] < 1 {
      ev.notHeld = layout.kinds[k].name
      ev.completed = (op.action, .ok)
      return
    }
    let ideal = layout.fields.indices.map { machine.reading($0, in: words) }
    let state = State(words: words, truth: Truth(held: held, byActor: held.allSatisfy(\.isZero) ? [:] : [0: held], ideal: ideal))
    guard let r = try? machine.step(state, Op(op.action, actor: 0)) else { return }
    for o in r.outcomes where !o.isLie && o != .ok {
      if let id = outcomeID[o] { ev.outcomes |= 1 << UInt128(id) }
    }
    let trapped = r.outcomes.contains(.trapped)
    for w in layout.words.indices { s[geometry.wordSlot[w]] = UInt64(truncatingIfNeeded: r.state.words[w]) }
    for k in layout.kinds.indices { s[geometry.heldSlot + k] = UInt64(bitPattern: r.state.truth.held[k].int64 ?? 0) }
    if trapped { s[flagSlot] |= 1 }
    let outcome: Layout.FixupOutcome = trapped ? .trapped : (!r.applied ? .refused : (r.outcomes.contains(.saturated) ? .saturated : (r.outcomes.contains(.spilled) ? .spilled : .ok)))
    ev.completed = (op.action, outcome)
  }

  // MARK: - Predicates

  /// How each predicate stands on `s`: bit 2p the `when`, bit 2p+1 the `means`.
  func standing(_ s: UnsafePointer<UInt64>) -> UInt64 {
    var bits: UInt64 = 0
    for p in predicates.indices {
      if predicates[p].when.holds(s, localBase: 0) { bits |= 1 << UInt64(2 * p) }
      if predicates[p].means.holds(s, localBase: 0) { bits |= 1 << UInt64(2 * p + 1) }
    }
    return bits
  }

  static func standing(_ bits: UInt64, _ p: Int) -> Standing {
    Standing(when: (bits >> UInt64(2 * p)) & 1 != 0, means: (bits >> UInt64(2 * p + 1)) & 1 != 0)
  }

  /// Whether standing bits say the object is dead: some `freed`
  /// predicate's `means` holds (``Machine/isDead(_:)``).
  func isDead(_ bits: UInt64) -> Bool {
    predicates.indices.contains { machine.layout.predicates[$0].role == .freed && Self.standing(bits, $0).means }
  }

  /// Lie onsets across a step that may free or not
  /// (``Machine/onset(predicate:before:after:frees:deadBefore:deadAfter:)``:
  /// the one rule, with the object's death read from the standing).
  func onsets(before: UInt64, after: UInt64, frees: Bool) -> UInt128 {
    guard before != after else { return 0 }
    let deadBefore = isDead(before), deadAfter = isDead(after)
    var m: UInt128 = 0
    for p in predicates.indices {
      if let o = machine.onset(predicate: p, before: Self.standing(before, p), after: Self.standing(after, p), frees: frees, deadBefore: deadBefore, deadAfter: deadAfter), let id = outcomeID[o] {
        m |= 1 << UInt128(id)
      }
    }
    return m
  }

  /// The lies standing on a state, as outcome ids.
  func lies(_ bits: UInt64) -> UInt128 {
    var m: UInt128 = 0
    for p in predicates.indices {
      let st = Self.standing(bits, p)
      if let o = machine.outcome(of: st.lie, predicate: p), let id = outcomeID[o] { m |= 1 << UInt128(id) }
    }
    return m
  }

  /// Whether every thread is between actions (or done).
  func quiescent(_ s: UnsafePointer<UInt64>) -> Bool {
    for t in code.indices {
      let pc = pc(t, s)
      if pc < code[t].count, code[t][pc].start != pc { return false }
    }
    return true
  }
}
