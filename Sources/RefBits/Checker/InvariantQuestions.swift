/// The checker's three questions about one invariant and one set of
/// operations, stated in one Z3 context (``CertificateChecker``):
///
/// 1. ``Question/initial``: is there an initial state outside the invariant?
/// 2. ``Question/keeps(_:)``: does the `i`-th operation lead from a state in
///    the invariant to one outside it?
/// 3. ``Question/excludes(_:)``: does an operation, from a state in the
///    invariant, produce one of these outcomes?
///
/// Each is a satisfiability question; `unsatisfiable` is the answer the
/// certificate needs. Terms are built when first asked, in the order asked,
/// so that a checker asking in its usual order builds exactly what it
/// always built. `assumptions` are asserted under every question: none for
/// a point, the table of a sweep block's points for a schema
/// (``CertificateSchemas``).
///
/// A class because it caches the steps and the solver it made, and lives as
/// long as its context; used by one thread at a time.
final class InvariantQuestions {
  typealias Term = Z3Context.Term

  enum Question: Hashable {
    case initial
    case keeps(Int)
    case excludes([OutcomePattern])
  }

  let semantics: CheckerSemantics
  let invariant: Invariant
  /// In the order the checker asks about them.
  let ops: [Op]
  let kept: [Int: BigInt]
  let assumptions: [Term]

  /// The state the second and third questions start from, its solver, and
  /// what the solver holds.
  private var start: (state: CheckerSemantics.SymbolicState, session: Z3Context.Session, base: [Term])?
  /// The operations' steps from `start`, built in order.
  private(set) var steps: [CheckerSemantics.Step] = []

  init(semantics: CheckerSemantics, invariant: Invariant, ops: [Op], kept: [Int: BigInt], assumptions: [Term] = []) {
    self.semantics = semantics
    self.invariant = invariant
    self.ops = ops
    self.kept = kept
    self.assumptions = assumptions
  }

  var z: Z3Context { semantics.z }

  /// The state in the invariant that operations start from (its terms are
  /// made by the first question about an operation).
  func state() throws(CheckerSemantics.Unsupported) -> CheckerSemantics.SymbolicState { try prepared().state }

  /// The `i`-th operation's step, and those before it.
  func step(_ i: Int) throws(CheckerSemantics.Unsupported) -> CheckerSemantics.Step {
    let s = try prepared().state
    while steps.count <= i {
      let op = ops[steps.count]
      steps.append(try semantics.step(s, op.action, kept: op.kind.flatMap { kept[$0] } ?? 0))
    }
    return steps[i]
  }

  /// Per operation, the term saying that it runs and produces one of
  /// `outcomes`.
  func producing(_ outcomes: [OutcomePattern]) throws(CheckerSemantics.Unsupported) -> [Term] {
    try ops.indices.map { i throws(CheckerSemantics.Unsupported) in
      let st = try step(i)
      return z.and([st.enabled, z.or(outcomes.map { semantics.produces(st, ops[i].action, $0) })])
    }
  }

  /// Asks a question, with `more` assertions for this asking only, spending
  /// from `budget` (by default the context's).
  func ask(_ question: Question, adding more: [Term] = [], budget: CheckerBudget? = nil) throws(CheckerSemantics.Unsupported) -> Z3Context.Answer {
    switch question {
    case .initial:
      return Z3Context.Session(z, base: assumptions).check(try terms(question) + more, budget: budget)
    case .keeps, .excludes:
      return try prepared().session.check(try terms(question) + more, budget: budget)
    }
  }

  /// Whether `model` satisfies everything the question asserts, and `more`:
  /// a counterexample to it, checked by evaluation rather than search.
  func isCounterexample(_ model: Z3Context.Model, to question: Question, adding more: [Term] = []) throws(CheckerSemantics.Unsupported) -> Bool {
    let base: [Term]
    switch question {
    case .initial: base = assumptions
    case .keeps, .excludes: base = try prepared().base
    }
    return (base + (try terms(question)) + more).allSatisfy(model.truth)
  }

  /// What the question asserts beyond its solver's base.
  private func terms(_ question: Question) throws(CheckerSemantics.Unsupported) -> [Term] {
    switch question {
    case .initial:
      let (initial, requirements) = try semantics.initialState()
      let inside = try semantics.satisfies(invariant, initial)
      return [requirements.isEmpty ? z.not(inside) : z.not(z.and(requirements + [inside]))]
    case .keeps(let i):
      let st = try step(i)
      return [st.enabled, z.not(try semantics.satisfies(invariant, st.next))]
    case .excludes(let outcomes):
      return [z.or(try producing(outcomes))]
    }
  }

  private func prepared() throws(CheckerSemantics.Unsupported) -> (state: CheckerSemantics.SymbolicState, session: Z3Context.Session, base: [Term]) {
    if let start { return start }
    let (s, domain) = semantics.freshState("s")
    let holds = try semantics.satisfies(invariant, s, assumed: true)
    let base = domain + [holds] + assumptions
    let made = (s, Z3Context.Session(z, base: base), base)
    start = made
    return made
  }
}
