/// The flat step (``FlatStep``) and its stages. The stages are what both
/// ways of taking a flat step share: ``flatStep(_:kind:actor:)`` reads a
/// record and runs them in loops; code compiled ahead of time for a layout
/// (``CompiledFlatSteps``) runs the same stages with the record's values
/// written in, so that the compiler folds them. Either computes exactly what
/// ``simpleStep(_:index:kind:actor:)`` and ``checkPredicates(_:frees:)``
/// compute.
extension NativeEngine {
  /// A step of a qualifying operation record (``FlatStep``): what
  /// ``simpleStep(_:index:kind:actor:)`` and ``checkPredicates(_:frees:)``
  /// do, from one record. Whether it applied (it was not refused).
  @inline(__always)
  mutating func flatStep(_ s: UnsafePointer<FlatStep>, kind: Int, actor: Int) -> Bool {
    // Codes read the words before and after the step where they are: the
    // step adds to them in place.
    bases[1] = UnsafePointer(words)
    let ev = evaluator
    let refuse = Int(s.pointee.refuse)
    if refuse >= 0 && flatTests[refuse].bits(ev) != 0 { return flatRefused(s.pointee.refused) }
    if s.pointee.adds {
      let (old, new) = flatAdd(offset: s.pointee.wordOffset, delta: s.pointee.delta, mask: s.pointee.mask)
      var i = Int(s.pointee.checkFirst)
      let end = Int(s.pointee.checkEnd)
      while i < end {
        flatCheck(flatChecks[i], old, new)
        i &+= 1
      }
      flatGap(old, new, gap: s.pointee.gap, overflow: s.pointee.wordOverflow)
    }
    let sign = s.pointee.sign
    flatTruth(sign, kind: kind, actor: actor)
    var after = standingBits & s.pointee.keep
    var t = Int(s.pointee.testFirst)
    let testEnd = Int(s.pointee.testEnd)
    while t < testEnd {
      after |= flatTests[t].bits(ev)
      t &+= 1
    }
    return flatSettle(after, sign: sign)
  }

  /// A refused flat step: its outcome, and false.
  @inline(__always)
  mutating func flatRefused(_ id: Int32) -> Bool {
    emit(id)
    return false
  }

  /// Adds `delta` to the 64 bits at byte `offset` of the words, within
  /// `mask`: the word before and after.
  @inline(__always)
  mutating func flatAdd(offset: Int, delta: UInt64, mask: UInt64) -> (old: UInt64, new: UInt64) {
    let raw = UnsafeMutableRawPointer(words)
    let old = raw.load(fromByteOffset: offset, as: UInt64.self)
    let new = (old &+ delta) & mask
    raw.storeBytes(of: new, toByteOffset: offset, as: UInt64.self)
    return (old, new)
  }

  /// A field's check (``FlatStep/Check``): its overflow, if the word went
  /// from `old` to `new` otherwise than by what the step adds to it; and
  /// the add to its ideal value.
  @inline(__always)
  mutating func flatCheck(_ c: FlatStep.Check, _ old: UInt64, _ new: UInt64) {
    if c.overflows(from: old, to: new) { emit(c.overflow) }
    ideal[c.field] &+= c.add
  }

  /// The word's overflow, if the add carried into its gap bits
  /// (``Machine/gapMask``).
  @inline(__always)
  mutating func flatGap(_ old: UInt64, _ new: UInt64, gap: UInt64, overflow: Int32) {
    if (old ^ new) & gap != 0 { emit(overflow) }
  }

  /// Moves the truth: `sign` to `kind`'s slot, the total and `actor`'s
  /// count of `kind`.
  @inline(__always)
  mutating func flatTruth(_ sign: Int64, kind: Int, actor: Int) {
    let d = UInt128(truncatingIfNeeded: sign)
    truth[kind] &+= d
    truth[kindCount] &+= d
    byActor[actor &* kindCount &+ kind] &+= sign
  }

  /// A narrow test (``FlatStep/Test``) on this engine's words or truth
  /// slots: ``FlatStep/narrowBits(_:shift:mask:sign:base:span:inside:outside:)``
  /// of the 64 bits at byte `offset`.
  @inline(__always)
  func flatNarrow(truth readsTruth: Bool, offset: Int, shift: UInt64, mask: UInt64, sign: UInt64, base: UInt64, span: UInt64, inside: UInt64, outside: UInt64) -> UInt64 {
    let source = readsTruth ? UnsafeRawPointer(truth) : UnsafeRawPointer(words)
    return FlatStep.narrowBits(source.load(fromByteOffset: offset, as: UInt64.self), shift: shift, mask: mask, sign: sign, base: base, span: span, inside: inside, outside: outside)
  }

  /// The end of a flat step whose standings go from ``standingBits`` to
  /// `after`: the onset table's outcomes, unless no standing and not the
  /// deadness changed and the table charges nothing then. True (it applied).
  @inline(__always)
  mutating func flatSettle(_ after: UInt64, sign: Int64) -> Bool {
    let deadAfter = after & freedMeans != 0
    if after == standingBits && deadAfter == dead && quietWhenUnchanged {
      if emittedCount == 0 { emit(0) }
      return true
    }
    flatOnsets(after, frees: sign <= 0, deadAfter: deadAfter)
    return true
  }

  /// The onset table's outcomes for a flat step whose standings go from
  /// ``standingBits`` to `after`: ``checkPredicates(_:frees:)``'s second
  /// half.
  @inline(never)
  mutating func flatOnsets(_ after: UInt64, frees: Bool, deadAfter: Bool) {
    let context = (frees ? 64 : 0) | (dead ? 32 : 0) | (deadAfter ? 16 : 0)
    var p = 0
    while p < predicateCount {
      let a = UInt8(truncatingIfNeeded: after &>> UInt64(2 &* p)) & 3
      let id = onsets[p &* 128 &+ (context | Int(standing[p] &<< 2 | a))]
      if id >= 0 { emit(id) }
      standing[p] = a
      p &+= 1
    }
    standingBits = after
    dead = deadAfter
    if emittedCount == 0 { emit(0) }
  }
}
