/// The wall clock left to the certificate checker for the questions of one
/// analysis: what bounds the time a layout can keep the exact lens in Z3.
///
/// Each question has its own bound (``Z3Context/questionTimeLimit``), but a
/// layout decides how many questions there are: every operation, every
/// outcome to exclude and every stated invariant adds some. On a layout
/// whose conditions multiply two unknowns, each of them can take its whole
/// limit (twice: the simplex solver, then the default one), so a 40-line
/// layout with a dozen stated invariants kept `refbits analyze` in Z3 for
/// 75 s. One ``Analysis`` or ``Attack`` shares one deadline among all its
/// certifiers: a question asked near it gets only the time left, and one
/// asked after it is not asked at all. Either answers `unknown`, never a
/// proof, and says why.
///
/// The budget, ``budget``, is far above what any shipped layout needs (the
/// questions of the slowest take about 0.4 s in all), so only a layout whose
/// questions Z3 struggles with meets it, and only such a layout's verdicts
/// can depend on the machine's speed.
struct CheckerDeadline: Sendable, Hashable {
  /// When the checker's time runs out; nil: never (each question keeps
  /// its own limit only).
  var instant: ContinuousClock.Instant?

  /// The checker's wall clock for one analysis: 10 s.
  static let budget: Duration = .seconds(10)

  /// The deadline ``budget`` from now: one per analysis, made when it starts.
  static func starting() -> CheckerDeadline {
    CheckerDeadline(instant: ContinuousClock.now + budget)
  }

  /// No deadline beyond each question's own limit (for tests, and for
  /// callers that bound their work themselves).
  static let unbounded = CheckerDeadline(instant: nil)

  /// Milliseconds left, at most `cap`; 0 when the deadline has passed.
  func milliseconds(cappedAt cap: UInt32) -> UInt32 {
    guard let instant else { return cap }
    let left = ContinuousClock.now.duration(to: instant)
    guard left > .zero else { return 0 }
    let (seconds, attoseconds) = left.components
    let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return UInt32(Swift.min(Int64(cap), Swift.max(1, ms)))
  }

  /// Why a question is not asked: the budget was spent on earlier ones.
  static var spent: String {
    "not asked: the checker's \(budget.components.seconds) s for this analysis went to earlier questions Z3 found hard"
  }
}
