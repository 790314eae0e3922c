import Testing

@testable import RefBits

/// The checker's time for one analysis (`CheckerDeadline`): questions near
/// the deadline get what is left, later ones are not asked, and neither is
/// ever a proof.
@Suite("The checker's deadline for one analysis")
struct CheckerDeadlineTests {
  /// Two fields of a 64-bit word and a fixup in every action whose condition
  /// multiplies them: `lo * hi == lo + hi + 1000002` with `lo, hi > 2` has no
  /// solution (it reads (lo - 1)(hi - 1) == 1000003, a prime), but Z3 takes
  /// its whole time limit on it. Eight stated invariants, each true at the
  /// start: eight more certificates whose questions read the products.
  /// Without a deadline, `refbits analyze` of this layout with 12 such
  /// invariants took 75 s in release.
  static let products: String = {
    var text = """
      title = "a product of two fields in every action's fixup"
      source = "none: a test of the checker's deadline"
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

  @Test("eight certificates whose questions Z3 cannot settle take the deadline's time, not eight question limits, and none is accepted")
  func hardQuestionsStopAtTheDeadline() throws {
    let layout = try Layout.parse(toml: Self.products, name: "products", file: "products.toml")
    let ops = PhaseSearch.allOps(layout)
    let saturated = OutcomePattern(category: .saturated)
    let certificates = layout.invariants.map { Certificate(argument: .invariant($0.invariant), operations: ops, excludes: [saturated]) }
    #expect(certificates.count == 8)
    let clock = ContinuousClock()
    let start = clock.now
    let checker = CertificateChecker(layout: layout, deadline: CheckerDeadline(instant: start + .milliseconds(500)))
    let judgements = checker.check(certificates, covering: ops)
    let elapsed = clock.now - start
    // One question may run to the deadline; none starts after it. Without
    // it each certificate's question would take up to 10 s (5 s per solver).
    #expect(elapsed < .seconds(5), "checking took \(elapsed) with a 500 ms deadline")
    #expect(!judgements.contains(.accepted))
    let reasons = judgements.compactMap { if case .rejected(let why) = $0 { why } else { nil } }
    #expect(reasons.count == 8)
    // The last certificate's questions come after the deadline: not asked.
    #expect(reasons.last?.contains(CheckerDeadline.spent) == true, "\(reasons.last ?? "")")
  }

  @Test("a certificate the checker accepts is rejected, unasked, once the deadline has passed: a deadline never makes a proof")
  func aPassedDeadlineAsksNothing() throws {
    let (layout, c) = try VerdictTests.certificate("linux-rcuref", "premature_free")
    let ops = PhaseSearch.allOps(layout)
    #expect(CertificateChecker(layout: layout, deadline: .unbounded).check(c, covering: ops) == .accepted)
    #expect(CertificateChecker(layout: layout, deadline: .starting()).check(c, covering: ops) == .accepted)
    let passed = CheckerDeadline(instant: ContinuousClock.now - .seconds(1))
    #expect(CertificateChecker(layout: layout, deadline: passed).check(c, covering: ops) == .rejected("could not decide whether the initial state satisfies the invariant: \(CheckerDeadline.spent)"))
  }

  @Test("a question asked with less time left than its own limit stops when the deadline comes, and says so")
  func aQuestionGetsWhatIsLeft() {
    // x * y == 1000003 with x, y > 1 (prime): minutes of Z3 without a limit.
    let clock = ContinuousClock()
    let start = clock.now
    let z = Z3Context(resourceLimit: Z3ContextTests.resourceLimit, deadline: CheckerDeadline(instant: start + .milliseconds(400)))
    let x = z.integer("x"), y = z.integer("y")
    let one = z.numeral(1)
    let session = Z3Context.Session(z, base: [z.less(one, x), z.less(one, y)])
    let answer = session.check([z.equal(z.product(x, y), z.numeral(BigInt(1_000_003)))])
    let elapsed = clock.now - start
    switch answer {
    case .unknown(let why):
      // Either the simplex solver gave up at once and the default one ran
      // into the deadline, or the deadline came during the first.
      #expect(why.contains("what was left of the checker's 10 s for this analysis"), "\(why)")
    case .unsatisfiable: Issue.record("Z3 refuted x * y == 1000003 within 400 ms: pick a question it takes longer on")
    case .satisfiable: Issue.record("x * y == 1000003 with x, y > 1 has no solution, yet Z3 gave a model")
    }
    #expect(elapsed < .seconds(3), "the question took \(elapsed) with 400 ms left")
    // Asked again after the deadline: not asked at all.
    guard case .unknown(let why) = session.check([z.equal(x, y)]) else {
      Issue.record("a question after the deadline was answered")
      return
    }
    #expect(why == CheckerDeadline.spent)
  }
}
