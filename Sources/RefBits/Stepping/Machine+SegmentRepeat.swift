/// A stretch of a bulk run that repeats, translated: what lets bulk stepping
/// cross thousands of carries (a low field wrapping into the next one) or
/// millions of periodic fixups (objc's spill of RC_HALF to the side table
/// every 128 retains) in one jump.
struct Segment {
  /// The state the stretch starts from, and the state it ends in.
  var start: State
  var end: State
  /// How many steps it took.
  var length: BigInt
  /// The raw range of every field over every state the stretch passed
  /// through (before and after each step).
  var ranges: FieldRanges
  /// The same over the states after each step's main effects (what its trap
  /// and fixups read as `new`).
  var midRanges: FieldRanges
  /// The fixups its steps took, by index into the operation's fixups.
  var fixups: Set<Int>
}

/// A segment repeated many times at once.
struct SegmentRepeat {
  /// How many more times the segment runs.
  var repeats: BigInt
  /// The state after them.
  var state: State
}

extension Machine {
  /// How many more times a segment of `op` steps runs the same way, shifted,
  /// and the state after those repeats; nil when not even one is proven.
  ///
  /// The segment moved every field's raw value, the held counts and the
  /// ideal values by `D`. Translating each of its states by `i·D` gives the
  /// `i`-th repeat, step for step, when:
  /// - every condition that decides a step keeps its value at each
  ///   translated state: the operation's `refuse`, `trap` and every fixup's
  ///   `when` (over the states after the effects too), every predicate's
  ///   `when` and `means` (so every lie, every free and every death repeats,
  ///   and so does the refusal to bring a dead object back), and every
  ///   watched condition of `watch`. Each comparison either does not move
  ///   under the translation (`x & 0xFF` when `x` moves by a multiple of 256)
  ///   or has one value over the segment's bounds and keeps it for `i` up to
  ///   the answer (``Expression/translationLimit(_:over:)``);
  /// - every value a step stores (`set` effects of the operation and of the
  ///   fixups the segment took) moves by exactly its field's `D`;
  /// - every moving field stays inside its range over every translated state
  ///   (inside one half of it if anything reads it signed), so word-wide adds
  ///   carry exactly as they did, every reading moves by `i·D`, and the
  ///   overflow checks compare the same things;
  /// - a release never takes more than the actor holds.
  ///
  /// The repeats then produce, step for step, the outcomes of the segment.
  ///
  /// - Complexity: O(fields + size of the conditions), independent of the
  ///   segment's length and of how many repeats there are.
  func repeatSegment(_ op: Op, _ segment: Segment, watch: Watch? = nil, limit: BigInt) -> SegmentRepeat? {
    let (start, end) = (segment.start, segment.end)
    guard limit >= 1, segment.length >= 1 else { return nil }
    for w in layout.words.indices where (start.words[w] ^ end.words[w]) & gapMask[w] != 0 { return nil }
    let fields = layout.fields
    let shift = Translation(
      fields: fields.indices.map { BigInt(bits($0, in: end.words)) - BigInt(bits($0, in: start.words)) },
      held: zip(end.truth.held, start.truth.held).map { $0 - $1 },
      total: end.truth.total - start.truth.total)
    var m = limit
    // Moving fields stay in range (in one half where read signed).
    var all = segment.ranges
    all.formUnion(segment.midRanges)
    for f in fields.indices where !shift.fields[f].isZero {
      guard let k = stayingRepeats(f, BigInt(all.lowest[f])...BigInt(all.highest[f]), shift: shift) else { return nil }
      m = Swift.min(m, k)
    }
    // A release takes no more than the actor holds (an operation holds none).
    let moved = op.kind.map { shift.held[$0] } ?? 0
    if moved.signum < 0, let k = op.kind { m = Swift.min(m, end.truth.held(k, by: op.actor).floorDivided(by: -moved)) }
    guard m >= 1 else { return nil }

    // Every stored value moves with its field; which fields a step sets.
    let compiled = self.compiled(op)
    var setFields = Set<Int>()
    let taken = segment.fixups.sorted().map { compiled.fixups[$0] }
    let box = segmentBox(segment, op: op)
    for e in compiled.effects + taken.flatMap(\.effects) {
      guard let v = e.set else { continue }
      guard v.expression.translationSlope(shift, over: segmentBox(segment, op: op, includingMid: true)) == shift.fields[e.field] else { return nil }
      setFields.insert(e.field)
    }
    for f in setFields where end.truth.ideal[f] - start.truth.ideal[f] != shift.fields[f] { return nil }

    // Every deciding condition keeps its value: the refuse and the
    // predicates over the states reached, the trap and the fixups over those
    // and the states after the effects.
    var midBox = box
    for f in fields.indices { midBox.fields[f].raw = BigInt(all.lowest[f])...BigInt(all.highest[f]) }
    var conditions: [(Expression, TruthBox)] = []
    if let r = compiled.refuse { conditions.append((r.expression, box)) }
    if let t = compiled.trap { conditions.append((t.expression, midBox)) }
    conditions += compiled.fixups.map { ($0.when.expression, midBox) }
    for p in predicates { conditions += [(p.when.expression, box), (p.means.expression, box)] }
    for (c, b) in conditions {
      if let k = c.translationLimit(shift, over: b) { m = Swift.min(m, k) }
      guard m >= 1 else { return nil }
    }
    if let watch {
      for item in watch.items {
        guard let (itemShift, itemBox, repeats) = watchedBox(item, shift: shift, box: box) else { return nil }
        m = Swift.min(m, repeats)
        if let k = item.condition.expression.translationLimit(itemShift, over: itemBox) { m = Swift.min(m, k) }
        guard m >= 1 else { return nil }
      }
    }

    // The state after `m` repeats.
    var words = end.words
    for f in fields.indices where !shift.fields[f].isZero {
      store(BigInt(bits(f, in: end.words)) + shift.fields[f] * m, field: f, in: &words)
    }
    var truth = end.truth
    if !moved.isZero, let k = op.kind { truth.add(moved * m, kind: k, actor: op.actor) }
    for f in fields.indices {
      let step = setFields.contains(f) ? shift.fields[f] : end.truth.ideal[f] - start.truth.ideal[f]
      truth.ideal[f] += step * m
    }
    return SegmentRepeat(repeats: m, state: State(words: words, truth: truth))
  }

  /// The values a segment's conditions read: each field's raw range over the
  /// states the segment reached, the held counts and the total between its two ends (and one
  /// more of `op`'s kind for an acquire: the truth an acquire would reach,
  /// which decides whether it brings a dead object back).
  func segmentBox(_ segment: Segment, op: Op, includingMid: Bool = false) -> TruthBox {
    let (start, end) = (segment.start, segment.end)
    var held = zip(start.truth.held, end.truth.held).map { Swift.min($0, $1)...Swift.max($0, $1) }
    var total = Swift.min(start.truth.total, end.truth.total)...Swift.max(start.truth.total, end.truth.total)
    if case .acquire(let k) = op.action {
      held[k] = held[k].lowerBound...(held[k].upperBound + 1)
      total = total.lowerBound...(total.upperBound + 1)
    }
    let fields = layout.fields
    var ranges = segment.ranges
    if includingMid { ranges.formUnion(segment.midRanges) }
    return TruthBox(held: held, total: total, fields: fields.indices.map { FieldBox(raw: ranges.raw($0), bits: fields[$0].bits, signed: fields[$0].signed) }, words: wordBoxes)
  }

  /// Each word whose every bit is in a field, as a box reads it (nil for a
  /// word with bits outside every field: what a step leaves there is not
  /// bounded by the fields' ranges).
  var wordBoxes: [WordBox?] {
    layout.words.indices.map { w in
      guard gapMask[w] == 0 else { return nil }
      let fields = layout.fields.indices.filter { layout.fields[$0].word == w }.map { (index: $0, lsb: layout.fields[$0].lsb) }
      return WordBox(bits: layout.words[w].bits, signed: layout.words[w].signed, fields: fields)
    }
  }

  /// The translation and the bounds a watched condition reads under: the
  /// segment's own for a condition on the state reached; for one read after
  /// another operation's effects, the fields it adds to shifted by the add
  /// (or, where the add may carry, the field and those above it over their
  /// whole range, when none of them moves; nil otherwise) and the fields it
  /// sets over their whole range, moving as the value set moves (nil if that
  /// is not known). Also how many repeats keep every field added to from
  /// carrying out at a translate (a field that moves with the segment reaches
  /// its top, or its bottom, after that many).
  func watchedBox(_ item: Watch.Item, shift: Translation, box: TruthBox) -> (Translation, TruthBox, BigInt)? {
    var repeats = BigInt.power(of2: 200)
    guard let then = item.then else { return (shift, box, repeats) }
    var shifted = shift
    var fieldsBox = box.fields
    for e in compiled(then).effects {
      let f = layout.fields[e.field]
      if let c = e.add {
        let r = fieldsBox[e.field].raw
        let moved = (r.lowerBound + c)...(r.upperBound + c)
        let top = BigInt.power(of2: f.bits) - 1
        if !moved.lowerBound.isNegative, moved.upperBound <= top {
          fieldsBox[e.field].raw = moved
          // The translates move the field by `d` a repeat: the add stays
          // inside it for as many repeats as keep the moved range in range,
          // and, where something reads the field signed, in the half of its
          // range it is in (a moving reading is affine only there).
          guard let limit = stayingRepeats(e.field, moved, shift: shift) else { return nil }
          repeats = Swift.min(repeats, limit)
          continue
        }
        // The add may carry out of the field. Where the field does not move
        // under the translation, every translate carries at the same steps
        // as the segment did: the field wraps, and the carry (one unit,
        // the add being smaller than the field) lands in the field right
        // above it, which is then off by at most one from its own range.
        if shift.fields[e.field].isZero, c.magnitude < BigInt.power(of2: f.bits),
          let (carried, limit) = carryBox(into: e.field, sign: c.signum, fields: fieldsBox, shift: shift)
        {
          fieldsBox = carried
          repeats = Swift.min(repeats, limit)
          continue
        }
        // Otherwise it may carry into the fields above it in its word: fine
        // only if none of them moves under the translation (their values are
        // then the same at every translate).
        let above = layout.fields.indices.filter { layout.fields[$0].word == f.word && layout.fields[$0].lsb >= f.lsb }
        guard above.allSatisfy({ shift.fields[$0].isZero }) else { return nil }
        for g in above { fieldsBox[g].raw = 0...(BigInt.power(of2: layout.fields[g].bits) - 1) }
      } else if let v = e.set {
        guard let s = v.expression.translationSlope(shift, over: box) else { return nil }
        shifted.fields[e.field] = s
        fieldsBox[e.field].raw = 0...(BigInt.power(of2: f.bits) - 1)
      }
    }
    var out = box
    out.fields = fieldsBox
    return (shifted, out, repeats)
  }

  /// How many translates keep field `f`, over raw range `range`, inside its
  /// range, and inside the half of it `range` is in where something reads
  /// the field signed (a moving reading is affine only there): no limit
  /// (2^200) for a field that does not move, nil when `range` straddles the
  /// halves of a moving field read signed.
  func stayingRepeats(_ f: Int, _ range: ClosedRange<BigInt>, shift: Translation) -> BigInt? {
    let d = shift.fields[f]
    guard !d.isZero else { return BigInt.power(of2: 200) }
    let bits = layout.fields[f].bits
    let top = BigInt.power(of2: bits) - 1, half = BigInt.power(of2: bits - 1)
    var (floor, ceiling) = (BigInt(0), top)
    if readsSigned[f] {
      guard (range.lowerBound < half) == (range.upperBound < half) else { return nil }
      (floor, ceiling) = range.upperBound < half ? (0, half - 1) : (half, top)
    }
    return d.signum > 0 ? (ceiling - range.upperBound).floorDivided(by: d) : (range.lowerBound - floor).floorDivided(by: -d)
  }

  /// The raw ranges after an add to field `f` that may wrap it, carrying
  /// one unit up (`sign` +1) or borrowing one (-1): `f` over its whole
  /// range, and the field right above it (the next bit up must be one: a
  /// carry into bits outside every field is refused) off by one, or over
  /// its whole range in turn, carrying on, where that may wrap it and it
  /// does not move under the translation; a carry out of the word's top bit
  /// is lost. Also how many repeats keep the field that takes the carry in
  /// range. Nil when a carry would reach bits outside every field, or wrap
  /// a field that moves.
  func carryBox(into f: Int, sign: Int, fields box: [FieldBox], shift: Translation) -> ([FieldBox], BigInt)? {
    var out = box
    var repeats = BigInt.power(of2: 200)
    var g = f
    while true {
      out[g].raw = 0...(BigInt.power(of2: layout.fields[g].bits) - 1)
      let field = layout.fields[g]
      if field.msb == layout.words[field.word].bits - 1 { return (out, repeats) }
      guard let up = layout.fields.indices.first(where: { layout.fields[$0].word == field.word && layout.fields[$0].lsb == field.msb + 1 }) else { return nil }
      let r = out[up].raw, top = BigInt.power(of2: layout.fields[up].bits) - 1
      let widened = sign > 0 ? r.lowerBound...(r.upperBound + 1) : (r.lowerBound - 1)...r.upperBound
      if !widened.lowerBound.isNegative, widened.upperBound <= top {
        out[up].raw = widened
        guard let limit = stayingRepeats(up, widened, shift: shift) else { return nil }
        return (out, Swift.min(repeats, limit))
      }
      guard shift.fields[up].isZero else { return nil }
      g = up
    }
  }
}
