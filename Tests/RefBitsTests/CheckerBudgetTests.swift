import Foundation
import Testing

@testable import RefBits

/// The checker's time in Z3 for one analysis (`CheckerBudget`): a question
/// asked with little left gets what is left, one asked with nothing left is
/// not asked, and neither is ever a proof.
@Suite("The checker's time budget for one analysis")
struct CheckerBudgetTests {
  /// Two fields of a 64-bit word and a fixup in every action whose condition
  /// multiplies them: `lo * hi == lo + hi + 1000002` with `lo, hi > 2` has no
  /// solution (it reads (lo - 1)(hi - 1) == 1000003, a prime), but Z3 takes
  /// its whole time limit on it. Eight stated invariants, each true at the
  /// start: eight more certificates whose questions read the products.
  /// Without a budget, `refbits analyze` of this layout with 12 such
  /// invariants took 75 s in release.
  static let products: String = {
    var text = """
      title = "a product of two fields in every action's fixup"
      source = "none: a test of the checker's time budget"
      platform = "linux"
      description = "test"
      [words.w]
      bits = 64
      description = "w"
      [words.w.fields.lo]
      bits = "30..0"
      description = "lo"
      [words.w.fields.hi]
      bits = "62..31"
      description = "hi"

      """
    for (kind, field) in [("ref", "lo"), ("pin", "hi")] {
      text += """
        [kinds.\(kind)]
        description = "\(kind)"

        """
      for (direction, effect) in [("acquire", "+= 1"), ("release", "-= 1")] {
        text += """
          [kinds.\(kind).\(direction)]
          op = "\(kind)_\(direction)"
          effects = ["\(field) \(effect)"]
          [[kinds.\(kind).\(direction).fixups]]
          when = { if = "lo > 2 && hi > 2 && lo * hi == lo + hi + 1000002", why = "never" }
          effects = ["lo = 0"]
          outcome = "saturated"
          description = "never"

          """
      }
    }
    text += """
      [predicates.freed]
      role = "freed"
      when = "lo == 0"
      means = "total == 0"
      description = "freed"
      [initial]
      held = { ref = 1 }
      fields = { lo = 1 }

      """
    for i in 0..<8 {
      text += """
        [[invariants]]
        holds = "lo >= 0 && hi >= 0 && lo < \((1 << 31) + i)"
        description = "weak \(i)"

        """
    }
    return text
  }()

  @Test("eight certificates whose questions Z3 cannot settle take the budget's time, not eight question limits, and none is accepted")
  func hardQuestionsStopWhenTheBudgetIsSpent() throws {
    let layout = try Layout.parse(toml: Self.products, name: "products", file: "products.toml")
    let ops = PhaseSearch.allOps(layout)
    let saturated = OutcomePattern(category: .saturated)
    let certificates = layout.invariants.map { Certificate(argument: .invariant($0.invariant), operations: ops, excludes: [saturated]) }
    #expect(certificates.count == 8)
    let clock = ContinuousClock()
    let start = clock.now
    let budget = CheckerBudget(total: .milliseconds(500))
    let checker = CertificateChecker(layout: layout, budget: budget)
    let judgements = checker.check(certificates, covering: ops)
    let elapsed = clock.now - start
    // The questions stop when 500 ms of Z3 time are spent. Without the
    // budget each certificate's question would take up to 10 s (5 s per
    // solver).
    #expect(elapsed < .seconds(5), "checking took \(elapsed) with a 500 ms budget")
    #expect(!judgements.contains(.accepted))
    // Each was cut short by the budget: a question given what was left of
    // it, or one not asked once it was spent.
    let reasons = judgements.compactMap { if case .rejected(let why) = $0 { why } else { nil } }
    #expect(reasons.count == 8)
    for why in reasons { #expect(why.contains("the checker's 500 ms in Z3 for this analysis"), "\(why)") }
  }

  @Test("a certificate the checker accepts is rejected, unasked, once the budget is spent: a budget never makes a proof")
  func aSpentBudgetAsksNothing() throws {
    let (layout, c) = try VerdictTests.certificate("linux-rcuref", "premature_free")
    let ops = PhaseSearch.allOps(layout)
    #expect(CertificateChecker(layout: layout, budget: .unbounded()).check(c, covering: ops) == .accepted)
    // The standard budget: the questions' time is counted, and far from spent.
    let standard = CheckerBudget()
    #expect(CertificateChecker(layout: layout, budget: standard).check(c, covering: ops) == .accepted)
    let left = standard.milliseconds(cappedAt: .max)
    #expect(left > 9_000 && left < 10_000, "\(left) ms left of 10 s")
    // Only time in Z3 counts: a budget of 200 ms, 300 ms after it was made
    // (the searches of an analysis run between its questions), is whole.
    let short = CheckerBudget(total: .milliseconds(200))
    usleep(300_000)
    #expect(CertificateChecker(layout: layout, budget: short).check(c, covering: ops) == .accepted)
    let none = CheckerBudget(total: .zero)
    #expect(CertificateChecker(layout: layout, budget: none).check(c, covering: ops) == .rejected("could not decide whether the initial state satisfies the invariant: not asked: the checker's 0 s in Z3 for this analysis went to earlier questions Z3 found hard"))
  }

  @Test("a question asked with less time left than its own limit stops when the budget is spent, and says so")
  func aQuestionGetsWhatIsLeft() {
    // x * y == 1000003 with x, y > 1 (prime): minutes of Z3 without a limit.
    let clock = ContinuousClock()
    let start = clock.now
    let budget = CheckerBudget(total: .milliseconds(400))
    let z = Z3Context(resourceLimit: Z3ContextTests.resourceLimit, budget: budget)
    let x = z.integer("x"), y = z.integer("y")
    let one = z.numeral(1)
    let session = Z3Context.Session(z, base: [z.less(one, x), z.less(one, y)])
    let answer = session.check([z.equal(z.product(x, y), z.numeral(BigInt(1_000_003)))])
    let elapsed = clock.now - start
    switch answer {
    case .unknown(let why):
      // Either the simplex solver gave up at once and the default one ran
      // into the budget's end, or the first one did.
      #expect(why.contains("what was left of the checker's 400 ms in Z3 for this analysis"), "\(why)")
    case .unsatisfiable: Issue.record("Z3 refuted x * y == 1000003 within 400 ms: pick a question it takes longer on")
    case .satisfiable: Issue.record("x * y == 1000003 with x, y > 1 has no solution, yet Z3 gave a model")
    }
    #expect(elapsed < .seconds(3), "the question took \(elapsed) with 400 ms left")
    // Its time was spent from the budget: at most what Z3's timer leaves
    // (it stops within a few milliseconds of the limit) is left.
    let left = budget.milliseconds(cappedAt: .max)
    #expect(left < 50, "\(left) ms left of 400")
  }
}
