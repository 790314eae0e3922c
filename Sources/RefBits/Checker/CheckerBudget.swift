import Synchronization

/// The time the certificate checker may spend in Z3 on the questions of one
/// analysis, and what it has spent: what bounds the time a layout can keep
/// the exact lens in Z3.
///
/// Each question has its own bound (``Z3Context/questionTimeLimit``), but a
/// layout decides how many questions there are: every operation, every
/// outcome to exclude and every stated invariant adds some. On a layout
/// whose conditions multiply two unknowns, each of them can take its whole
/// limit (twice: the simplex solver, then the default one), so a 40-line
/// layout with a dozen stated invariants kept `refbits analyze` in Z3 for
/// 75 s. One ``Analysis`` or ``Attack`` shares one budget among all its
/// certifiers: a question asked with less than its own limit left gets what
/// is left, and one asked when nothing is left is not asked at all. Either
/// answers `unknown`, never a proof, and says why.
///
/// Only time in Z3's checks counts, not the searches around them, so a
/// layout that is slow to search keeps its questions' time. The budget,
/// ``standard``, is far above what any shipped layout needs (the questions
/// of the slowest take about 0.4 s in all), so only a layout whose
/// questions Z3 struggles with meets it, and only such a layout's verdicts
/// can depend on the machine's speed.
///
/// A class: the certifiers of one analysis (its capacity runs, its
/// verdicts) each hold a reference to the one account; it holds only an
/// atomic counter and its limit.
final class CheckerBudget: Sendable {
  /// The checker's time in Z3 for one analysis: 10 s.
  static let standard: Duration = .seconds(10)

  /// The time the questions may take in all, in nanoseconds; nil: no bound
  /// beyond each question's own limit.
  private let totalNanoseconds: Int64?
  /// Nanoseconds spent in Z3's checks so far.
  private let spentNanoseconds = Atomic<Int64>(0)

  /// A budget of `total` (the standard one by default; nil: unbounded).
  init(total: Duration? = CheckerBudget.standard) {
    totalNanoseconds = total.map(Self.nanoseconds)
  }

  /// No bound beyond each question's own limit (for tests, and for callers
  /// that bound their work themselves).
  static func unbounded() -> CheckerBudget { CheckerBudget(total: nil) }

  private static func nanoseconds(_ d: Duration) -> Int64 {
    d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
  }

  /// Records time spent in one check.
  func spend(_ d: Duration) {
    spentNanoseconds.add(Self.nanoseconds(d), ordering: .relaxed)
  }

  /// Whole milliseconds left, at most `cap`; 0 when the budget is spent
  /// (less than a millisecond left: Z3's time limits count milliseconds).
  func milliseconds(cappedAt cap: UInt32) -> UInt32 {
    guard let totalNanoseconds else { return cap }
    let left = totalNanoseconds - spentNanoseconds.load(ordering: .relaxed)
    return left <= 0 ? 0 : UInt32(Swift.min(Int64(cap), left / 1_000_000))
  }

  /// `10 s`, `500 ms`: the total, for messages.
  var totalText: String {
    guard let totalNanoseconds else { return "unbounded" }
    let ms = totalNanoseconds / 1_000_000
    return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
  }

  /// Why a question is not asked: the budget went to earlier ones.
  var spent: String {
    "not asked: the checker's \(totalText) in Z3 for this analysis went to earlier questions Z3 found hard"
  }
}
