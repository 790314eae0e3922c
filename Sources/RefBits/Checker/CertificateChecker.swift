/// Checks certificates before anything reports them: the gate every
/// `impossible` passes through.
///
/// It shares no code with the searches or with ``InvariantSynthesis``: it
/// states the step semantics itself (``CheckerSemantics``, as Z3 terms) and
/// asks Z3, with exact integer arithmetic, three questions per invariant:
///
/// 1. the initial state (built by the checker from the layout) satisfies it;
/// 2. no enabled operation of the certificate leads from a state that
///    satisfies it to one that does not;
/// 3. no enabled operation, from a state that satisfies it, produces the
///    excluded outcome.
///
/// Each question is asked as "is there a counterexample?"; only Z3's
/// `unsatisfiable` counts as an answer. `satisfiable` rejects the certificate
/// with the counterexample; `unknown` (Z3's resource limit, a non-linear
/// product) rejects it too. A rejected certificate is never reported as a
/// proof: the verdict is `unknown`.
///
/// A `noCondition` certificate is checked by reading the layout: none of its
/// operations has the refuse or trap condition, or the fixup, the outcome
/// needs.
struct CertificateChecker: Sendable {
  var layout: Layout
  /// Z3's deterministic work bound for one question (its `rlimit`).
  var resourceLimit: UInt32 = 40_000_000
  /// The checker's time in Z3 for the analysis it serves: questions asked
  /// once it is spent answer `unknown` unasked (``CheckerBudget``).
  var budget: CheckerBudget
  /// The sweep block the layout is a point of, whose points share the
  /// checker's answers (``CertificateSchemas``); nil outside a sweep.
  var schemas: CertificateSchemas.Scope?

  /// - Parameter budget: shared by every checker of one analysis; unbounded
  ///   by default (each question keeps its own time limit only).
  init(layout: Layout, budget: CheckerBudget = .unbounded(), schemas: CertificateSchemas.Scope? = nil) {
    self.layout = layout
    self.budget = budget
    self.schemas = schemas
  }

  /// What the checker says about one certificate.
  public enum Judgement: Sendable, Hashable {
    case accepted
    /// With the reason: a counterexample, or what could not be decided.
    case rejected(String)

    var isAccepted: Bool { self == .accepted }
  }

  /// Checks one certificate; it must cover every operation of `operations`.
  func check(_ certificate: Certificate, covering operations: [Op]) -> Judgement {
    check([certificate], covering: operations)[0]
  }

  /// Checks certificates, each of which must cover every operation of
  /// `operations` (the question's: every acquire and release, or an
  /// attacker's). Certificates that share an invariant and operations share
  /// the first two questions.
  ///
  /// - Complexity: one Z3 context per distinct invariant; 2 + (one per
  ///   certificate) satisfiability checks in it.
  func check(_ certificates: [Certificate], covering operations: [Op]) -> [Judgement] {
    check(certificates, covering: operations, deferring: { _ in false }).map { $0! }
  }

  /// ``check(_:covering:)``, leaving unanswered (nil) the certificates
  /// `deferred` picks that come last in their invariant's group: a group's
  /// questions share one Z3 context, asked in order, so leaving out the
  /// last ones changes nothing Z3 answers about the others; a group of
  /// deferred certificates only is not asked at all (no context). Every
  /// judgement given is the one ``check(_:covering:)`` gives.
  ///
  /// For certificates whose judgement will not be needed: those excluding
  /// an outcome a sequence is known to produce (the checker rejects them),
  /// when a search will report that sequence instead (``VerdictBuilder``).
  func check(_ certificates: [Certificate], covering operations: [Op], deferring deferred: (Certificate) -> Bool) -> [Judgement?] {
    var out = [Judgement?](repeating: nil, count: certificates.count)
    let required = Set(operations.map(Self.unattributed))
    for (i, c) in certificates.enumerated() {
      let mine = Set(c.operations.map(Self.unattributed))
      if let missing = required.subtracting(mine).sorted(by: Self.order).first {
        out[i] = .rejected("does not cover \(layout.operationName(missing)), an operation of the question")
      } else if let bad = mine.first(where: { !exists($0.action) }) {
        out[i] = .rejected("names \(bad.action), which the layout does not have")
      } else if case .noCondition = c.argument {
        out[i] = noCondition(c)
      }
    }
    // Invariant certificates, grouped by invariant and operations.
    var groups: [[Int]] = []
    var index: [Key: Int] = [:]
    for (i, c) in certificates.enumerated() where out[i] == nil {
      guard let inv = c.invariant else { continue }
      let key = Key(invariant: inv, operations: Set(c.operations.map(Self.unattributed)), kept: c.kept)
      if let g = index[key] { groups[g].append(i) } else { index[key] = groups.count; groups.append([i]) }
    }
    var unanswered = Set<Int>()
    for g in groups {
      let asked = g.lastIndex { !deferred(certificates[$0]) }.map { $0 + 1 } ?? 0
      unanswered.formUnion(g[asked...])
      guard asked > 0 else { continue }
      let results = checkInvariant(g.map { certificates[$0] }, asking: asked)
      for (i, r) in zip(g, results) { out[i] = r }
    }
    return out.indices.map { i in out[i] ?? (unanswered.contains(i) ? nil : .rejected("no argument to check")) }
  }

  private struct Key: Hashable {
    var invariant: Invariant
    var operations: Set<Op>
    var kept: [Int: BigInt]
  }

  static func unattributed(_ op: Op) -> Op { Op(op.action) }

  /// Acquires and releases by kind, then the operations.
  static func order(_ a: Op, _ b: Op) -> Bool { position(a.action) < position(b.action) }

  private static func position(_ a: Op.Action) -> (Int, Int) {
    switch a {
    case .acquire(let k): (0, 2 * k)
    case .release(let k): (0, 2 * k + 1)
    case .perform(let o): (1, o)
    }
  }

  /// Whether the layout has the action.
  func exists(_ a: Op.Action) -> Bool {
    switch a {
    case .acquire(let k), .release(let k): k >= 0 && k < layout.kinds.count
    case .perform(let o): o >= 0 && o < layout.operations.count
    }
  }

  /// The syntactic argument: which conditions and fixups could produce it.
  func noCondition(_ c: Certificate) -> Judgement {
    for pattern in c.excludes {
      let found: Op?
      switch pattern.category {
      case .trapped:
        found = c.operations.first { o in let op = layout.action(o.action); return op.trap != nil || op.fixups.contains { $0.outcome == .trapped } }
      case .saturated, .spilled:
        let outcome: Layout.FixupOutcome = pattern.category == .saturated ? .saturated : .spilled
        found = c.operations.first { o in layout.action(o.action).fixups.contains { $0.outcome == outcome } }
      case .refused:
        found = c.operations.first { o in
          let op = layout.action(o.action)
          return (pattern.argument == nil || layout.kindOrOperationName(o.action) == pattern.argument) && (op.refuse != nil || op.fixups.contains { $0.outcome == .refused })
        }
      default:
        return .rejected("\(pattern) has no condition of its own to be absent: it needs an invariant")
      }
      if let found { return .rejected("\(layout.operationName(found)) has a condition or fixup that produces \(pattern)") }
    }
    return .accepted
  }

  /// The judgements of certificates sharing one invariant and operations;
  /// only the first `asked` are asked the third question (the others are nil
  /// unless the first two questions already reject them all).
  private func checkInvariant(_ certificates: [Certificate], asking asked: Int) -> [Judgement?] {
    let first = certificates[0]
    guard let invariant = first.invariant else { return certificates.map { _ in .rejected("no invariant") } }
    let ops = first.operations.map(Self.unattributed).sorted(by: Self.order)
    if let schemas, let judged = schemas.judge(certificates, asking: asked, layout: layout, invariant: invariant, ops: ops, checker: self) {
      return judged
    }
    let z = Z3Context(resourceLimit: resourceLimit, budget: budget)
    let questions = InvariantQuestions(semantics: CheckerSemantics(z: z, layout: layout), invariant: invariant, ops: ops, kept: first.kept)
    do throws(CheckerSemantics.Unsupported) {
      return try judge(certificates, asking: asked, questions) { q throws(CheckerSemantics.Unsupported) in try questions.ask(q) }
    } catch {
      return certificates.map { _ in .rejected("cannot state it: \(error.message)") }
    }
  }

  /// The judgements of certificates sharing `questions`' invariant and
  /// operations, from the answers `answer` gives: the initial state, then
  /// each operation in order (the first counterexample rejects them all),
  /// then, for each of the first `asked`, the outcomes it excludes.
  func judge(
    _ certificates: [Certificate], asking asked: Int, _ questions: InvariantQuestions,
    answer: (InvariantQuestions.Question) throws(CheckerSemantics.Unsupported) -> Z3Context.Answer
  ) throws(CheckerSemantics.Unsupported) -> [Judgement?] {
    let semantics = questions.semantics
    let ops = questions.ops
    // 1. The initial state.
    switch try answer(.initial) {
    case .unsatisfiable: break
    case .satisfiable: return certificates.map { _ in .rejected("the initial state is outside the invariant") }
    case .unknown(let why): return certificates.map { _ in .rejected("could not decide whether the initial state satisfies the invariant: \(why)") }
    }

    // 2. Every operation keeps it; one question per operation: smaller ones
    // are far easier for Z3.
    for (i, op) in ops.enumerated() {
      switch try answer(.keeps(i)) {
      case .unsatisfiable: break
      case .satisfiable(let m):
        let s = try questions.state()
        let why = "not preserved: \(layout.operationName(op)) from \(describe(s, m)) leads to \(describe(try questions.step(i).next, m)), outside the invariant"
        return certificates.map { _ in .rejected(why) }
      case .unknown(let why): return certificates.map { _ in .rejected("could not decide whether \(layout.operationName(op)) keeps the invariant: \(why)") }
      }
    }

    // 3. No step from it produces the outcomes.
    return try certificates.indices.map { n throws(CheckerSemantics.Unsupported) -> Judgement? in
      guard n < asked else { return nil }
      let c = certificates[n]
      switch try answer(.excludes(c.excludes)) {
      case .unsatisfiable: return .accepted
      case .satisfiable(let m):
        let produce = try questions.producing(c.excludes)
        let i = produce.firstIndex { m.truth($0) } ?? 0
        let step = try questions.step(i)
        let which = c.excludes.first { m.truth(semantics.produces(step, ops[i].action, $0)) } ?? c.excludes[0]
        return .rejected("does not exclude \(which): \(layout.operationName(ops[i])) from \(describe(try questions.state(), m)) produces it")
      case .unknown(let why): return .rejected("could not decide whether the invariant excludes \(c.excludes.map(\.description).joined(separator: ", ")): \(why)")
      }
    }
  }

  /// `count=2147483647, ref=1, try_ref=0`: a state of a model, fields by
  /// their declared reading.
  private func describe(_ s: CheckerSemantics.SymbolicState, _ m: Z3Context.Model) -> String {
    let semantics = CheckerSemantics(z: m.context, layout: layout)
    let fields = layout.fields.indices.map { f in "\(layout.fields[f].name)=\(m.value(semantics.reading(f, .declared, in: s.pieces))?.description ?? "?")" }
    let held = layout.kinds.indices.map { k in "\(layout.kinds[k].name)=\(m.value(s.held[k])?.description ?? "?")" }
    return (fields + held).joined(separator: ", ")
  }
}
