/// Finds the stretches of a bulk run that repeat, translated, and jumps over
/// their repeats once ``Machine/repeatSegment(_:_:watch:limit:)`` proves them.
///
/// Bulk stepping goes in iterations: two probing steps, then a uniform run.
/// The finder marks the state at the start of each, with the ranges of the
/// fields over it and the fixups it took. When the last `p` iterations moved
/// the state, the step count and the tally by exactly what the `p` before
/// them did (for `p` up to ``maxPeriod``), they are a candidate segment; the
/// proof decides. A jump counts as one iteration, so that nested repeats (an
/// odometer of small fields carrying into each other) are found too.
struct SegmentFinder {
  let machine: Machine
  let op: Op
  /// What the run watches: a repeat must keep every watched condition too.
  let watch: Watch?
  /// The most iterations a repeating stretch may span.
  static let maxPeriod = 24

  struct Mark {
    var state: State
    var raw: [BigInt]
    var done: BigInt
    var tally: [Outcome: BigInt]
  }

  /// Where iterations started, the last `2 * maxPeriod + 1` of them.
  var marks: [Mark] = []
  /// What each iteration between two marks passed through.
  var iterations: [Stretch] = []
  var current: Stretch? = nil

  /// What one iteration passed through.
  struct Stretch {
    var ranges: FieldRanges
    /// States after the main effects; nil until one is seen.
    var midRanges: FieldRanges?
    var fixups: Set<Int> = []

    mutating func includeMid(_ words: [UInt128], _ reader: FieldReader) {
      if midRanges == nil { midRanges = FieldRanges(words, reader) } else { midRanges!.include(words, reader) }
    }

    mutating func includeMid(raw: [BigInt], _ reader: FieldReader) {
      if midRanges == nil { midRanges = ranges }
      midRanges!.include(raw: raw, reader)
    }
  }
  /// How many jumps were made.
  var jumps = 0

  init(machine: Machine, op: Op, watch: Watch?) {
    self.machine = machine
    self.op = op
    self.watch = watch
  }

  /// A jump over repeats.
  struct Jump {
    var state: State
    var steps: BigInt
    var tally: [Outcome: BigInt]
    var ranges: FieldRanges
  }

  /// A single step of the current iteration: the state before it, after its
  /// main effects (what its trap and fixups read), and after it.
  mutating func include(before: State, step r: StepResult, machine: Machine) {
    var fixup: Int? = nil
    if case .effects(let f?) = r.path { fixup = f }
    include(before: before.words, mid: r.path != .refused ? machine.effectWords(before, op) : nil, after: r.state.words, fixup: fixup, reader: machine.reader)
  }

  /// A single step of the current iteration, by its words: before it, after
  /// its main effects (nil for a refused step) and after it, and the fixup
  /// it took.
  mutating func include(before: [UInt128], mid: [UInt128]?, after: [UInt128], fixup: Int?, reader: FieldReader) {
    guard current != nil else { return }
    current!.ranges.include(before, reader)
    if let mid { current!.includeMid(mid, reader) }
    current!.ranges.include(after, reader)
    if let fixup { current!.fixups.insert(fixup) }
  }

  /// A uniform run of the current iteration, ending in `state`.
  mutating func include(run: Machine.UniformRun, to state: State, reader: FieldReader) {
    include(runTo: state.words, midEnds: run.midEnds, reader: reader)
  }

  /// A run of steps that repeat the step before them, each field moving by
  /// the same amount at every step (so its ends bound it), ending in
  /// `words`; `midEnds`, the raw fields after the main effects of its first
  /// and last steps (nil when its steps are refused).
  mutating func include(runTo words: [UInt128], midEnds: (first: [BigInt], last: [BigInt])?, reader: FieldReader) {
    guard current != nil else { return }
    current!.ranges.include(words, reader)
    if let (first, last) = midEnds {
      current!.includeMid(raw: first, reader)
      current!.includeMid(raw: last, reader)
    }
  }

  /// Marks the start of an iteration at `state`; returns a jump over the
  /// repeats of a segment that ends here, when one is proven and `allowed`
  /// says a segment starting after that many steps may be repeated.
  mutating func mark(_ state: State, done: BigInt, tally: [Outcome: BigInt], remaining: BigInt, allowed: (BigInt) -> Bool = { _ in true }) -> Jump? {
    if let c = current { iterations.append(c) }
    let raw = machine.layout.fields.indices.map { BigInt(machine.bits($0, in: state.words)) }
    marks.append(Mark(state: state, raw: raw, done: done, tally: tally))
    current = Stretch(ranges: FieldRanges(state.words, machine.reader))
    if marks.count > 2 * Self.maxPeriod + 1 {
      marks.removeFirst()
      iterations.removeFirst()
    }
    let n = marks.count - 1
    for p in 1...Self.maxPeriod where n >= 2 * p {
      // Cheap evidence first, read in place: the same step count, field
      // moves, truth moves and outcomes as the period before.
      let length = marks[n].done - marks[n - p].done
      guard length.signum > 0, length == marks[n - p].done - marks[n - 2 * p].done,
        Self.sameMove(marks[n - 2 * p].raw, marks[n - p].raw, marks[n].raw),
        Self.sameMove(marks[n - 2 * p].state.truth.held, marks[n - p].state.truth.held, marks[n].state.truth.held),
        Self.sameMove(marks[n - 2 * p].tally, marks[n - p].tally, marks[n].tally)
      else { continue }
      let limit = remaining.floorDivided(by: length)
      guard limit >= 1, allowed(marks[n - p].done) else { continue }
      let step = Self.difference(marks[n].tally, marks[n - p].tally)
      let (b, c) = (marks[n - p], marks[n])
      var ranges = iterations[n - p].ranges
      var mid: FieldRanges? = nil
      var fixups = Set<Int>()
      for i in (n - p)..<n {
        ranges.formUnion(iterations[i].ranges)
        if let m = iterations[i].midRanges {
          if mid == nil { mid = m } else { mid!.formUnion(m) }
        }
        fixups.formUnion(iterations[i].fixups)
      }
      let segment = Segment(start: b.state, end: c.state, length: length, ranges: ranges, midRanges: mid ?? ranges, fixups: fixups)
      guard let r = machine.repeatSegment(op, segment, watch: watch, limit: limit) else { continue }
      jumps += 1
      let shift = zip(b.raw, c.raw).map { $1 - $0 }
      let widened = ranges.widened(by: shift, times: r.repeats)
      // The jump is an iteration of its own: a run whose repeats nest (a
      // low field carrying into the next, which carries into the next)
      // repeats a pattern of jumps and iterations, found the same way.
      current = Stretch(ranges: widened, midRanges: (mid ?? ranges).widened(by: shift, times: r.repeats), fixups: fixups)
      return Jump(state: r.state, steps: r.repeats * length, tally: step.mapValues { $0 * r.repeats }, ranges: widened)
    }
    return nil
  }

  /// Whether `b - a == c - b`, element by element.
  static func sameMove(_ a: [BigInt], _ b: [BigInt], _ c: [BigInt]) -> Bool {
    for i in a.indices where b[i] - a[i] != c[i] - b[i] { return false }
    return true
  }

  /// Whether every outcome's count moved from `b` to `c` by what it moved
  /// from `a` to `b` (a missing outcome counts 0): what comparing
  /// `difference(c, b)` with `difference(b, a)` says, without building them.
  static func sameMove(_ a: [Outcome: BigInt], _ b: [Outcome: BigInt], _ c: [Outcome: BigInt]) -> Bool {
    func same(_ o: Outcome) -> Bool {
      let mid = b[o] ?? 0
      return (c[o] ?? 0) - mid == mid - (a[o] ?? 0)
    }
    return c.keys.allSatisfy(same) && b.keys.allSatisfy(same) && a.keys.allSatisfy(same)
  }

  /// `x - y`, outcome by outcome, without zeros.
  static func difference(_ x: [Outcome: BigInt], _ y: [Outcome: BigInt]) -> [Outcome: BigInt] {
    var out = x
    for (o, n) in y { out[o, default: 0] -= n }
    return out.filter { !$0.value.isZero }
  }
}
