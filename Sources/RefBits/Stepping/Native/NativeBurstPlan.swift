/// What the native engine needs to jump over a burst of one operation in
/// closed form (``NativeEngine/jumpingBurst(_:count:plan:probes:repeatingSegments:startingAt:recorder:)``): the
/// conditions whose answers fix the step's path and outcomes, and which of
/// the program's reads move linearly over a burst.
///
/// A step of the operation is decided by its conditions (refusal, trap,
/// fixups, and the predicates after it). Over steps that all take the
/// probe's path, every field moves by a constant while it stays in the half
/// of its range it is in (no carry, no wrap, no sign change); a read of
/// whole fields (and the bits between them) or of a held count is then
/// linear in the step number, and so is every sum, difference and product
/// by a constant of such reads. The engine evaluates each condition that
/// can change on two states a step apart, and solves each interval test and
/// comparison of linear values for the first step at which its answer would
/// change; a condition that applies anything else to a changing value
/// (a mask, a shift right, a division) gives no jump.
///
/// Built once per ``NativeMachine`` for every operation record; nil for an
/// operation with a set value that reads what the operation changes (its
/// bursts run on the exact machine).
struct NativeBurstPlan: Sendable {
  /// Where a step reads a condition's sources.
  enum Point: UInt8, Sendable {
    /// The refusal: the words (sources 0 and 1) and truth before the step.
    case before
    /// Trap and fixup conditions: the words (source 0) and truth before the
    /// step, and the words after the main effects (source 1).
    case beforeMid
    /// Predicates: the words and truth after the step.
    case after
  }

  /// A condition that reads something the operation changes.
  struct Condition: Sendable {
    var code: NativeCode
    var point: Point
  }

  let conditions: [Condition]
  /// Per instruction of the program: whether it is a test or read of
  /// something the operation changes, and whether that value is linear over
  /// a burst (whole fields, or a held count).
  let changes: [Bool]
  let linear: [Bool]
  /// The fields the main effects set, and those each fixup sets (by fixup
  /// index relative to the operation's first): a set field moves only on
  /// the step it is set from another value.
  let mainSets: [Int]
  let fixupSets: [[Int]]

  /// The plans of every operation record of `native` (``NativeMachine/index(_:)``).
  static func plans(_ native: NativeMachine) -> [NativeBurstPlan?] {
    let layout = native.machine.layout
    let instructions = native.program.instructions
    // Whether a test or read sees a linear value while fields move in their halves.
    let linear = instructions.map { ins -> Bool in
      guard ins.opcode == .test || ins.opcode == .read else { return false }
      let mask = ins.mask
      guard mask & (mask &+ 1) == 0 else { return false }
      // Held counts stay in [0, 2^61): a reading of 62 bits or more is the count.
      if ins.source == 2 { return ins.shift == 0 && mask >= (1 << 62) - 1 }
      // Whole fields only: each field inside the bits read, or outside them.
      let lo = Int(ins.shift), hi = lo + mask.nonzeroBitCount
      return layout.fields.allSatisfy { f in
        f.word != Int(ins.index) || (f.lsb >= lo && f.lsb + f.bits <= hi) || f.lsb + f.bits <= lo || f.lsb >= hi
      }
    }
    return native.operations.indices.map { i in
      let o = native.operations[i]
      // What the operation can change: the words its effects write, and
      // the truth slots it moves.
      var written = Set<Int>()
      let fixupRange = Int(o.fixupFirst)..<Int(o.fixupEnd)
      var effectRanges = [Int(o.effectFirst)..<Int(o.effectEnd)]
      for x in fixupRange { effectRanges.append(Int(native.fixups[x].effectFirst)..<Int(native.fixups[x].effectEnd)) }
      for r in effectRanges { for e in native.effects[r] { written.insert(Int(e.word)) } }
      let moved: Set<Int> = o.sign == 0 ? [] : [i / 2, native.kindCount]
      let changes = instructions.map { ins -> Bool in
        guard ins.opcode == .test || ins.opcode == .read else { return false }
        return ins.source == 2 ? moved.contains(Int(ins.index)) : written.contains(Int(ins.index))
      }
      func readsChange(_ c: NativeCode) -> Bool { c.exists && changes[Int(c.first)..<Int(c.end)].contains(true) }
      // A set value must stay the same over the burst.
      for r in effectRanges {
        for e in native.effects[r] where e.set.exists && readsChange(e.set) { return nil }
      }
      var conditions: [Condition] = []
      func follow(_ c: NativeCode, _ point: Point) {
        if readsChange(c) { conditions.append(Condition(code: c, point: point)) }
      }
      follow(o.refuse, .before)
      follow(o.trap, .beforeMid)
      for x in fixupRange { follow(native.fixups[x].when, .beforeMid) }
      for p in native.predicates {
        follow(p.when, .after)
        follow(p.means, .after)
      }
      func sets(_ r: Range<Int>) -> [Int] { native.effects[r].filter(\.set.exists).map { Int($0.field) } }
      return NativeBurstPlan(
        conditions: conditions, changes: changes, linear: linear,
        mainSets: sets(effectRanges[0]), fixupSets: effectRanges.dropFirst().map(sets))
    }
  }

  /// The most steps `n` such that `v0 + k * d` lies in `[lo, lo + span]`
  /// (modulo 2^128) for every k in 0...n exactly when it does for k = 0;
  /// `Int128.max` when that holds for every k. `v0 + k * d` must stay
  /// within `Int128` for the k that matter (readings of at most 120 bits).
  static func unchangedSteps(_ v0: Int128, _ d: Int128, lo: Int128, span: UInt128) -> Int128 {
    guard span < UInt128(Int128.max) else { return d == 0 ? .max : 0 }
    let (hi, over) = lo.addingReportingOverflow(Int128(span))
    // The interval and the values below and above it; an interval that
    // wraps around 2^127 is the values below `hi + 1` and from `lo` on.
    if over { return samePiece(v0, d, cuts: hi &+ 1, lo) }
    let (end, top) = hi.addingReportingOverflow(1)
    return samePiece(v0, d, cuts: lo, top ? nil : end)
  }

  /// The most steps `n` such that `v0 + k * d` stays, for k in 0...n, in
  /// the piece of `[min, c0 - 1]`, `[c0, c1 - 1]`, `[c1, max]` (the last
  /// empty when `c1` is nil) that holds `v0`.
  static func samePiece(_ v0: Int128, _ d: Int128, cuts c0: Int128, _ c1: Int128?) -> Int128 {
    if v0 < c0 { return stepsInside(v0, d, lo: .min, hi: c0 - 1) }
    if let c1, v0 >= c1 { return stepsInside(v0, d, lo: c1, hi: .max) }
    return stepsInside(v0, d, lo: c0, hi: c1.map { $0 - 1 } ?? .max)
  }

  /// ``unchangedSteps(_:_:lo:span:)`` for the plain interval `[lo, hi]`
  /// (empty when `lo > hi`).
  static func stepsInside(_ v0: Int128, _ d: Int128, lo: Int128, hi: Int128) -> Int128 {
    if d == 0 || lo > hi { return .max }
    let step = d.magnitude
    /// The distance from `a` up to `b` (b >= a), exact in `UInt128`.
    func distance(_ a: Int128, _ b: Int128) -> UInt128 { UInt128(bitPattern: b) &- UInt128(bitPattern: a) }
    func clamp(_ n: UInt128) -> Int128 { n > UInt128(Int128.max) ? .max : Int128(n) }
    /// The steps before the first that covers `gap` (at least one).
    func before(_ gap: UInt128) -> Int128 { clamp(gap / step + (gap % step == 0 ? 0 : 1) - 1) }
    if lo <= v0 && v0 <= hi {
      return clamp((d > 0 ? distance(v0, hi) : distance(lo, v0)) / step)
    }
    // Outside: unchanged until the first k that enters, if it moves towards it.
    if v0 < lo {
      guard d > 0 else { return .max }
      return before(distance(v0, lo))
    }
    guard d < 0 else { return .max }
    return before(distance(hi, v0))
  }
}
