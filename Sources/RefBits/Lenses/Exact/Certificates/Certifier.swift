/// Turns "no sequence found" into `impossible` or `unknown`.
///
/// For each outcome no search reached: a `noCondition` certificate where no
/// operation has the condition the outcome needs, else an invariant from
/// ``InvariantSynthesis``; then every candidate goes to the
/// ``CertificateChecker``, and after them the layout's stated invariants for
/// what is still open. What it accepts is `impossible`; everything else is
/// `unknown`, with the reason.
struct Certifier: Sendable {
  var machine: Machine
  var start: State
  /// The operations of the question (every acquire and release, or an
  /// attacker's); certificates must cover them all.
  var operations: [Op]
  /// References per kind the operations never release (see
  /// ``Certificate/kept``).
  var kept: [Int: BigInt]
  /// The checker's time in Z3 for the whole analysis, shared by its
  /// certifiers.
  var budget: CheckerBudget
  /// The sweep block of the layout, whose points share the checker's
  /// answers; nil outside a sweep.
  var schemas: CertificateSchemas.Scope?

  init(machine: Machine, start: State, operations: [Op], kept: [Int: BigInt] = [:], budget: CheckerBudget, schemas: CertificateSchemas.Scope? = nil) {
    self.machine = machine
    self.start = start
    self.operations = operations
    self.kept = kept
    self.budget = budget
    self.schemas = schemas
  }

  /// A certificate accepted by the checker, or why there is none.
  public enum Attempt: Sendable, Hashable {
    case proved(Certificate)
    case notProved(String)

    var isProved: Bool {
      if case .proved = self { return true }
      return false
    }
  }

  /// One answer per target, in order; a target is one outcome pattern, or
  /// several that must all be excluded.
  ///
  /// - Complexity: one invariant synthesis for all the targets that need
  ///   one, and one checker run.
  func prove(_ targets: [[OutcomePattern]]) -> [Attempt] {
    prove(targets, deferring: []).map { $0! }
  }

  /// ``prove(_:)``, leaving unanswered (nil) targets that include an
  /// outcome of `witnessed` (one a known sequence produces) wherever the
  /// checker can leave their certificates out without changing what it says
  /// about the others (``CertificateChecker/check(_:covering:deferring:)``).
  /// Every attempt given is the one ``prove(_:)`` gives: the checker rejects
  /// a certificate excluding a reachable outcome (or it would be unsound), so
  /// such a target stands, for the layout's stated invariants, as not proved,
  /// as it would.
  ///
  /// For a caller that will answer those targets with their sequences, and
  /// asks ``prove(_:)`` the same targets if it needs a reason after all.
  func prove(_ targets: [[OutcomePattern]], deferring witnessed: Set<OutcomePattern>) -> [Attempt?] {
    guard !targets.isEmpty else { return [] }
    let layout = machine.layout
    var candidates: [Certificate?] = []
    var synthesized: Invariant?? = nil
    func invariant() -> Invariant? {
      if let known = synthesized { return known }
      var synthesis = InvariantSynthesis(machine: machine, operations: operations)
      synthesis.kept = kept
      let found = synthesis.run(from: start)
      synthesized = .some(found)
      return found
    }
    for t in targets {
      let reasons = t.map { Self.absentCondition($0, layout: layout, operations: operations) }
      if reasons.allSatisfy({ $0 != nil }) {
        candidates.append(Certificate(argument: .noCondition(reasons.map { $0! }.joined(separator: "; ")), operations: operations, excludes: t, kept: kept))
      } else if let inv = invariant() {
        candidates.append(Certificate(argument: .invariant(inv), operations: operations, excludes: t, kept: kept))
      } else {
        candidates.append(nil)
      }
    }
    let checker = CertificateChecker(layout: layout, budget: budget, schemas: schemas)
    let present = candidates.compactMap { $0 }
    var judgements = checker.check(present, covering: operations, deferring: { $0.excludes.contains(where: witnessed.contains) }).makeIterator()
    var unanswered = Set<Int>()
    var attempts: [Attempt] = candidates.indices.map { i in
      guard let c = candidates[i] else { return .notProved("the invariant synthesis did not settle") }
      switch judgements.next()! {
      case .accepted?: return .proved(c)
      case .rejected(let why)?: return .notProved("the strongest invariant found is not a proof: \(why)")
      case nil:
        unanswered.insert(i)
        return .notProved("not checked")
      }
    }
    offerStated(targets, to: &attempts, checker: checker)
    return attempts.indices.map { i in
      if unanswered.contains(i), case .notProved = attempts[i] { return nil }
      return attempts[i]
    }
  }

  /// Gives the layout's stated invariants (``Layout/StatedInvariant``) to
  /// the checker for every target still unproved: the first it accepts
  /// proves the target; otherwise each one's rejection joins the reason.
  ///
  /// - Complexity: one checker run, one Z3 context per stated invariant.
  private func offerStated(_ targets: [[OutcomePattern]], to attempts: inout [Attempt], checker: CertificateChecker) {
    let stated = machine.layout.invariants
    let open = attempts.indices.filter { if case .notProved = attempts[$0] { true } else { false } }
    guard !stated.isEmpty, !open.isEmpty else { return }
    var tries: [(target: Int, stated: Layout.StatedInvariant, certificate: Certificate)] = []
    for i in open {
      for s in stated {
        tries.append((i, s, Certificate(argument: .invariant(s.invariant), operations: operations, excludes: targets[i], kept: kept, origin: .stated(line: s.line))))
      }
    }
    var rejections: [Int: [String]] = [:]
    for (t, judgement) in zip(tries, checker.check(tries.map(\.certificate), covering: operations)) {
      if case .proved = attempts[t.target] { continue }
      switch judgement {
      case .accepted: attempts[t.target] = .proved(t.certificate)
      case .rejected(let why):
        let which = t.stated.line.map { "the invariant stated at line \($0)" } ?? "the stated invariant '\(t.stated.text)'"
        rejections[t.target, default: []].append("\(which) is not a proof either: \(why)")
      }
    }
    for (i, reasons) in rejections {
      if case .notProved(let first) = attempts[i] { attempts[i] = .notProved(([first] + reasons).joined(separator: "; ")) }
    }
  }

  /// Why no operation can produce `target`, when that is so by the layout's
  /// conditions alone: the sentence a `noCondition` certificate carries.
  static func absentCondition(_ target: OutcomePattern, layout: Layout, operations: [Op]) -> String? {
    let ops = operations.map { layout.action($0.action) }
    switch target.category {
    case .trapped:
      guard !ops.contains(where: { $0.trap != nil || $0.fixups.contains { $0.outcome == .trapped } }) else { return nil }
      return "no operation has a trap condition or a trapping fixup"
    case .saturated, .spilled:
      let o: Layout.FixupOutcome = target.category == .saturated ? .saturated : .spilled
      guard !ops.contains(where: { $0.fixups.contains { $0.outcome == o } }) else { return nil }
      return "no operation has a \(o.rawValue) fixup"
    case .refused:
      let mine = zip(operations, ops).filter { target.argument == nil || layout.kindOrOperationName($0.0.action) == target.argument }.map(\.1)
      guard !mine.contains(where: { $0.refuse != nil || $0.fixups.contains { $0.outcome == .refused } }) else { return nil }
      return "no \(target.argument.map { "'\($0)' " } ?? "")operation has a refuse condition or a refusing fixup"
    default:
      return nil
    }
  }
}
