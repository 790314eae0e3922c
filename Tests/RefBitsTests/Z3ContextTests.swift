import Testing

@testable import RefBits

/// `Z3Context.Session` asks Z3's simplex-based arithmetic first and its
/// default arithmetic only when the first gives no answer: the checker must
/// decide every question the default solver decides, and take the simplex
/// solver's answers where it has them.
@Suite("Z3 sessions: simplex first, default arithmetic on no answer")
struct Z3ContextTests {
  /// The checker's work bound per question (`CertificateChecker.resourceLimit`).
  static let resourceLimit: UInt32 = 40_000_000

  /// `x * y == x + y` with `x, y > 2`, in a fresh context: no solution, as
  /// `(x - 1)(y - 1) == 1` only for x = y = 2 (or 0).
  static func productIsSum(fallingBack: Bool) -> Z3Context.Answer {
    let z = Z3Context(resourceLimit: resourceLimit)
    let x = z.integer("x"), y = z.integer("y")
    let two = z.numeral(2)
    let session = Z3Context.Session(z, base: [z.less(two, x), z.less(two, y)], fallingBack: fallingBack)
    return session.check([z.equal(z.product(x, y), z.sum([x, y]))])
  }

  @Test func aProductTheSimplexSolverGivesUpOnIsDecidedByTheDefaultOne() {
    // The simplex solver alone gives up ("incomplete (theory arithmetic)"):
    // this is what makes the test reach the fallback ...
    let alone = Self.productIsSum(fallingBack: false)
    guard case .unknown = alone else {
      Issue.record("the simplex solver decided x * y == x + y alone (\(alone)): pick a question it gives up on")
      return
    }
    // ... and the session refutes it with the default arithmetic.
    let answer = Self.productIsSum(fallingBack: true)
    guard case .unsatisfiable = answer else {
      Issue.record("x * y == x + y, x, y > 2: \(answer), expected unsatisfiable")
      return
    }
  }

  @Test func aModelFromTheSessionSatisfiesTheQuestion() {
    // x * y == 1000001 (= 101 * 9901) with x, y > 1.
    let z = Z3Context(resourceLimit: Self.resourceLimit)
    let x = z.integer("x"), y = z.integer("y")
    let one = z.numeral(1)
    let session = Z3Context.Session(z, base: [z.less(one, x), z.less(one, y)])
    let answer = session.check([z.equal(z.product(x, y), z.numeral(BigInt(1_000_001)))])
    guard case .satisfiable(let model) = answer, let a = model.value(x), let b = model.value(y) else {
      Issue.record("x * y == 1000001, x, y > 1: \(answer), expected a model")
      return
    }
    #expect(a * b == BigInt(1_000_001) && a > BigInt(1) && b > BigInt(1), "model x = \(a), y = \(b)")
  }

  @Test func theSimplexSolverAnswersLinearQuestionsAlone() {
    // 2x + 4y == 7 has no integer solution (parity); 2x + 4y == 6 has one.
    for (rhs, solvable) in [(7, false), (6, true)] {
      let z = Z3Context(resourceLimit: Self.resourceLimit)
      let x = z.integer("x"), y = z.integer("y")
      let sum = z.sum([z.product(z.numeral(2), x), z.product(z.numeral(4), y)])
      let session = Z3Context.Session(z, base: [], fallingBack: false)
      switch session.check([z.equal(sum, z.numeral(BigInt(rhs)))]) {
      case .unsatisfiable: #expect(!solvable, "2x + 4y == \(rhs) refuted")
      case .satisfiable(let m):
        #expect(solvable, "2x + 4y == \(rhs) has a model")
        if let a = m.value(x), let b = m.value(y) { #expect(BigInt(2) * a + BigInt(4) * b == BigInt(rhs)) }
      case .unknown(let why): Issue.record("2x + 4y == \(rhs): no answer from the simplex solver: \(why)")
      }
    }
  }

  @Test func aQuestionPastTheTimeLimitAnswersUnknown() {
    // x * y == 1000003 with x, y > 1 (1000003 is prime): the simplex solver
    // gives up at once, and the default arithmetic, within its rlimit,
    // works on it for minutes (243 s here): the time limit stops it.
    let z = Z3Context(resourceLimit: Self.resourceLimit, timeLimit: 300)
    let x = z.integer("x"), y = z.integer("y")
    let one = z.numeral(1)
    let session = Z3Context.Session(z, base: [z.less(one, x), z.less(one, y)])
    let clock = ContinuousClock()
    let start = clock.now
    let answer = session.check([z.equal(z.product(x, y), z.numeral(BigInt(1_000_003)))])
    let elapsed = clock.now - start
    switch answer {
    case .unknown(let why): #expect(why.contains("in 300 ms"), "\(why)")
    case .unsatisfiable: Issue.record("Z3 refuted x * y == 1000003 within 300 ms: pick a question it takes longer on, to test the limit")
    case .satisfiable: Issue.record("x * y == 1000003 with x, y > 1 has no solution, yet Z3 gave a model")
    }
    #expect(elapsed < .seconds(5), "the question took \(elapsed) with a 300 ms limit")
  }

  /// A model rebuilt from its assignments satisfies what the original
  /// does, and one with a value changed is judged by evaluation alone (what
  /// a sweep schema does with a counterexample moved to another value).
  @Test func modelsRebuiltFromAssignmentsAreJudgedByEvaluation() throws {
    let z = Z3Context(resourceLimit: Self.resourceLimit)
    let x = z.integer("x"), y = z.integer("y")
    let question = [z.equal(z.sum([x, y]), z.numeral(10)), z.less(z.numeral(7), x), z.equal(z.mod(y, z.numeral(2)), z.numeral(1))]
    guard case .satisfiable(let m) = Z3Context.Session(z, base: []).check(question) else {
      Issue.record("x + y == 10, x > 7, y odd has a solution (x = 9, y = 1)")
      return
    }
    let assigned = try #require(m.assignments)
    #expect(assigned.count == 2)
    let rebuilt = try #require(z.model(assigned))
    #expect(question.allSatisfy(rebuilt.truth))
    #expect(rebuilt.value(x) == 9 && rebuilt.value(y) == 1)
    // x = 8, y = 2: the sum holds, y is not odd.
    let moved = try #require(z.model([(variable: x, value: BigInt(8)), (variable: y, value: BigInt(2))]))
    #expect(question.map(moved.truth) == [true, true, false])
    #expect(z.same(x, assigned.first { z.same($0.variable, x) }!.variable) && !z.same(x, y))
  }
}

