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
    let shift = Translation(
      fields: fields.indices.map { BigInt(bits($0, in: end.words)) - BigInt(bits($0, in: start.words)) },
      held: zip(end.truth.held, start.truth.held).map { $0 - $1 },
      total: end.truth.total - start.truth.total)
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

    // The state after `m` repeats.
    var words = end.words
    for f in fields.indices where !shift.fields[f].isZero {
      store(BigInt(bits(f, in: end.words)) + shift.fields[f] * m, field: f, in: &words)
    }
    var truth = end.truth
    if !moved.isZero, let k = op.kind { truth.add(moved * m, kind: k, actor: op.actor) }
    for f in fields.indices { truth.ideal[f] += (end.truth.ideal[f] - start.truth.ideal[f]) * m }
    return SegmentRepeat(repeats: m, state: State(words: words, truth: truth))
  }
}
