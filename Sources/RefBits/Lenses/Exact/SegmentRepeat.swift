/// A stretch of a run repeated many times at once: what lets a sweep cross
/// thousands of carries (a low field wrapping into the next one) without
/// stepping each.
struct SegmentRepeat {
  /// How many more times the segment runs.
  var repeats: BigInt
  /// The state after them.
  var state: State
}

extension Machine {
  /// Whether `op` can have a segment repeated: its effects are constant adds
  /// (so a step moves a translated state by the same amount), and it has no
  /// trap and no fixup (whose conditions read the state half-way through a
  /// step, which the segment's bounds do not cover).
  func repeatsSegments(_ op: Op) -> Bool {
    let c = compiled(op)
    return c.trap == nil && c.fixups.isEmpty && c.effects.allSatisfy { $0.add != nil }
  }

  /// How many more times the segment of `op` steps that went from `start` to
  /// `end` runs the same way, and the state after those repeats.
  ///
  /// The segment moved every field's raw value, the held counts and the ideal
  /// values by `D`. Translating each of its states by `i·D` gives the `i`-th
  /// repeat, step for step, when every condition that decides a step keeps
  /// its value at each translated state: the operation's `refuse`, and the
  /// `when` and `means` of every predicate in `predicates`. Each comparison
  /// either does not move under the translation or holds one value over the
  /// segment's bounds (``FieldRanges``, and the held counts between the two
  /// ends) and keeps it for `i` up to the answer
  /// (``Expression/translationLimit(_:over:)``). Every moving field stays
  /// inside its range, and inside one half of it if anything reads it signed,
  /// so the adds carry exactly as they did in the segment and every reading
  /// moves by `i·D`; a release never takes more than the actor holds.
  ///
  /// The repeats then produce, step for step, the outcomes of the segment,
  /// except for predicates outside `predicates`, whose lies are not followed.
  ///
  /// - Returns: nil when not even one repeat is proven, or `op` is not a pure
  ///   add (``repeatsSegments(_:)``).
  /// - Complexity: O(fields + size of the conditions), independent of the
  ///   segment's length and of how many repeats there are.
  func repeatSegment(_ op: Op, from start: State, to end: State, length: BigInt, ranges: FieldRanges, predicates: [Int], limit: BigInt) -> SegmentRepeat? {
    guard limit >= 1, length >= 1, repeatsSegments(op) else { return nil }
    for w in layout.words.indices where (start.words[w] ^ end.words[w]) & gapMask[w] != 0 { return nil }
    let fields = layout.fields
    let shift = segmentShift(from: start, to: end)
    var m = limit
    // Moving fields stay in range (in one half where read signed).
    for f in fields.indices where !shift.fields[f].isZero {
      let half = BigInt.power(of2: fields[f].bits - 1), top = half * 2
      let lo = BigInt(ranges.lowest[f]), hi = BigInt(ranges.highest[f])
      var (floor, ceiling) = (BigInt(0), top - 1)
      if readsSigned[f] {
        guard (lo < half) == (hi < half) else { return nil }
        (floor, ceiling) = hi < half ? (0, half - 1) : (half, top - 1)
      }
      let d = shift.fields[f]
      m = Swift.min(m, d.signum > 0 ? (ceiling - hi).floorDivided(by: d) : (lo - floor).floorDivided(by: -d))
    }
    // A release takes no more than the actor holds (an operation holds none).
    let moved = op.kind.map { shift.held[$0] } ?? 0
    if moved.signum < 0, let k = op.kind { m = Swift.min(m, end.truth.held(k, by: op.actor).floorDivided(by: -moved)) }
    guard m >= 1 else { return nil }

    // Every deciding condition keeps its value.
    let held = zip(start.truth.held, end.truth.held).map { Swift.min($0, $1)...Swift.max($0, $1) }
    let total = Swift.min(start.truth.total, end.truth.total)...Swift.max(start.truth.total, end.truth.total)
    let box = TruthBox(held: held, total: total, fields: fields.indices.map { FieldBox(raw: ranges.raw($0), bits: fields[$0].bits, signed: fields[$0].signed) })
    var conditions: [Expression] = []
    if let r = compiled(op).refuse { conditions.append(r.expression) }
    for p in predicates { conditions += [self.predicates[p].when.expression, self.predicates[p].means.expression] }
    for c in conditions {
      if let k = c.translationLimit(shift, over: box) { m = Swift.min(m, k) }
      guard m >= 1 else { return nil }
    }

    let jump = SegmentRepeat(repeats: m, state: translated(end, from: start, op: op, shift: shift, times: m))
    #if REFBITS_INTERNAL_CHECKS
    InternalChecks.verify(segmentRepeatDiscrepancy(jump, op, from: start, to: end, length: length, predicates: predicates))
    #endif
    return jump
  }

  /// What a segment from `start` to `end` moved: every field's raw value,
  /// the held counts and their total.
  func segmentShift(from start: State, to end: State) -> Translation {
    Translation(
      fields: layout.fields.indices.map { BigInt(bits($0, in: end.words)) - BigInt(bits($0, in: start.words)) },
      held: zip(end.truth.held, start.truth.held).map { $0 - $1 },
      total: end.truth.total - start.truth.total)
  }

  /// `end` moved `times` more times by what the segment from `start` to
  /// `end` moved: raw field values by `shift`, the held counts of `op`'s
  /// actor and the ideal values by their change.
  func translated(_ end: State, from start: State, op: Op, shift: Translation, times: BigInt) -> State {
    var words = end.words
    for f in layout.fields.indices where !shift.fields[f].isZero {
      store(BigInt(bits(f, in: end.words)) + shift.fields[f] * times, field: f, in: &words)
    }
    var truth = end.truth
    if let k = op.kind, !shift.held[k].isZero { truth.add(shift.held[k] * times, kind: k, actor: op.actor) }
    for f in layout.fields.indices { truth.ideal[f] += (end.truth.ideal[f] - start.truth.ideal[f]) * times }
    return State(words: words, truth: truth)
  }

  /// How a repeated segment differs from stepping it, if it does: the
  /// segment itself (from `start`, `length` steps in bulk, must end at
  /// `end`), its first repeat and its last must each end where the
  /// translation says and produce the segment's outcomes, leaving out `ok`
  /// and the lies of predicates not in `predicates` (which the repeat does
  /// not follow).
  func segmentRepeatDiscrepancy(_ jump: SegmentRepeat, _ op: Op, from start: State, to end: State, length: BigInt, predicates: [Int]) -> String? {
    let followed = Set(predicates.flatMap { p in [Lie.falsePositive, .falseNegative].compactMap { outcome(of: $0, predicate: p) } })
    let lies = Set(layout.predicates.indices.flatMap { p in [Lie.falsePositive, .falseNegative].compactMap { outcome(of: $0, predicate: p) } })
    let never = StopRule { _ in false }
    func stepped(_ from: State) -> (State, [Outcome: BigInt]) {
      let r = bulk(from, op, count: length, stopOn: never)
      return (r.state, r.tally.filter { o, _ in o != .ok && (!lies.contains(o) || followed.contains(o)) })
    }
    let shift = segmentShift(from: start, to: end)
    let (segmentEnd, segment) = stepped(start)
    guard segmentEnd == end else { return "segment of \(length) steps of \(op) from \(start) ends at \(segmentEnd), not \(end)" }
    var repeats: [(BigInt, State)] = [(1, end)]
    if jump.repeats > 1 { repeats.append((jump.repeats, translated(end, from: start, op: op, shift: shift, times: jump.repeats - 1))) }
    for (i, from) in repeats {
      let expected = i == jump.repeats ? jump.state : translated(end, from: start, op: op, shift: shift, times: i)
      let (state, tally) = stepped(from)
      guard state == expected, tally == segment else {
        return "repeat \(i) of \(jump.repeats) of a segment of \(length) steps of \(op): stepping gives \(state) and \(tally), the translation \(expected) and the segment's \(segment)"
      }
    }
    return nil
  }
}
