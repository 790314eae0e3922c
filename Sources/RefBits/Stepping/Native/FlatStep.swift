/// A simple operation laid out so that one record steps it: the native
/// engine's shortest path (``NativeEngine/flatStep(_:kind:actor:)``).
///
/// An operation record qualifies when it is ``NativeMachine/Operation/simple``
/// (adds only) and adds to at most one word, of at most 64 bits, with at
/// most 32 predicates. Then a step is: the refusal test, one 64-bit add and
/// mask, the word's field checks, the truth's three adds, the tests of the
/// predicate parts it may change (``NativeMachine/rereads``) into a bit set
/// of standings, and the onset table only when a standing or the object's
/// deadness changed. A narrow test (``NativeMachine/PredicateTest``) runs
/// from its record, with the address it reads bound once per engine; any
/// other runs its code through the evaluator. It computes exactly what
/// ``NativeEngine/simpleStep(_:index:kind:actor:)`` and
/// ``NativeEngine/checkPredicates(_:frees:)`` compute (both are
/// ``Machine/step(_:_:)``'s semantics, checked against it step by step in
/// builds with `REFBITS_INTERNAL_CHECKS`), without their loops over every
/// predicate and every word, or 128-bit word arithmetic.
///
/// - Complexity: a step is O(fields of its word + predicate parts it may
///   change), and O(predicates) more when a standing changes.
///
/// Standings as a bit set: predicate `p`'s `when` is bit `2p + 1`, its
/// `means` bit `2p`, as in the engine's standing bytes (`when << 1 | means`).
struct FlatStep: Sendable {
  /// Whether the record qualifies; the others' fields mean nothing.
  var usable = false
  /// The operation's refusal condition, an index in ``FlatStep/tests``, or
  /// -1 if it has none.
  var refuse: Int32 = -1
  /// The refusal's outcome id.
  var refused: Int32 = 0
  /// Whether the operation adds to a word (an operation with no effect
  /// does not).
  var adds = false
  /// Byte offset of the word's low 64 bits in the engine's word buffer.
  var wordOffset = 0
  /// What the operation adds to the word, the word's mask and its gap bits
  /// (``Machine/gapMask``), in 64 bits.
  var delta: UInt64 = 0
  var mask: UInt64 = 0
  var gap: UInt64 = 0
  /// The word's ``OutcomeTable/wordOverflow`` id.
  var wordOverflow: Int32 = 0
  /// The word's fields, in ``FlatStep/checks``: `checkFirst..<checkEnd`.
  var checkFirst: Int32 = 0
  var checkEnd: Int32 = 0
  /// The tests of the predicate parts the step may change, in
  /// ``FlatStep/tests``: `testFirst..<testEnd`; the standing bits it keeps.
  var testFirst: Int32 = 0
  var testEnd: Int32 = 0
  var keep: UInt64 = 0
  /// What the step adds to the truth slots of its kind and the total.
  var sign: Int64 = 0

  /// A condition that sets `bit` when it holds: a narrow test
  /// (``NativeMachine/PredicateTest``) reading the words (`truth` false) or
  /// the truth slots, or, when not `narrow`, its `code`.
  struct Test: Sendable {
    var narrow = false
    var code = NativeCode.none
    var truth = false
    var invert = false
    var offset = 0
    var shift: UInt64 = 0
    var mask: UInt64 = 0
    var sign: UInt64 = 0
    var lo: UInt64 = 0
    var span: UInt64 = 0
    var bit: UInt64 = 0

    init() {}

    /// `t`, setting `bit`.
    init(_ t: NativeMachine.PredicateTest, bit: UInt64) {
      self.bit = bit
      code = t.code
      guard t.narrow else { return }
      narrow = true
      truth = t.source == 2
      invert = t.invert
      offset = Int(t.offset)
      shift = t.shift
      mask = t.mask
      sign = t.sign
      lo = t.lo
      span = t.span
    }

    /// The test reading an engine's buffers: the words at `words`, the
    /// truth slots at `truth`.
    func bound(words: UnsafeRawPointer, truth t: UnsafeRawPointer) -> BoundTest {
      BoundTest(
        narrow: narrow, code: code,
        address: (truth ? t : words) + offset, shift: shift, mask: mask, sign: sign, base: base, span: span,
        inside: inside, outside: outside)
    }

    /// What ``FlatStep/narrowBits(_:shift:mask:sign:base:span:inside:outside:)``
    /// subtracts: the reading minus `lo` is `(raw ^ sign) - sign - lo`.
    var base: UInt64 { sign &+ lo }
    /// The bits the test gives when its reading is inside its range, and
    /// when it is outside.
    var inside: UInt64 { invert ? 0 : bit }
    var outside: UInt64 { invert ? bit : 0 }
  }

  /// A ``Test`` as an engine runs it: for a narrow test, the address of the
  /// 64 bits it reads, and the bits it gives when the reading is inside its
  /// range and when it is outside; for another, its code (``inside`` is its
  /// bit).
  struct BoundTest {
    var narrow: Bool
    var code: NativeCode
    var address: UnsafeRawPointer
    var shift: UInt64
    var mask: UInt64
    var sign: UInt64
    var base: UInt64
    var span: UInt64
    var inside: UInt64
    var outside: UInt64

    /// ``inside`` if the condition holds (for a narrow test: its reading is
    /// in its range), else ``outside``; `evaluator` runs a code, on the
    /// sources it is given.
    @inline(__always)
    func bits(_ evaluator: NativeEvaluator) -> UInt64 {
      guard narrow else { return evaluator.test(code) ? inside : 0 }
      return FlatStep.narrowBits(address.load(as: UInt64.self), shift: shift, mask: mask, sign: sign, base: base, span: span, inside: inside, outside: outside)
    }
  }

  /// What a narrow test gives on the 64 bits it reads: `inside` if its
  /// reading (bits `shift...` under `mask`, sign-extended by `sign`) minus
  /// its range's low end (`base - sign`) is at most `span`, else `outside`.
  @inline(__always)
  static func narrowBits(_ read: UInt64, shift: UInt64, mask: UInt64, sign: UInt64, base: UInt64, span: UInt64, inside: UInt64, outside: UInt64) -> UInt64 {
    let raw = (read &>> shift) & mask
    return (raw ^ sign) &- base <= span ? inside : outside
  }

  /// A field of the word: how to read it from the word's 64 bits
  /// (``NativeMachine/NarrowField``; a `wide` one is 64 bits unsigned, whose
  /// reading is not an `Int64`), what the step adds to it, and its
  /// ``OutcomeTable/fieldOverflow`` id.
  struct Check: Sendable {
    var wide = false
    var field: Int
    var shift: UInt64
    var mask: UInt64
    var sign: UInt64
    var add: Int128
    var overflow: Int32
    /// ``add`` as an `Int64`, when it is one (`smallAdd`).
    var add64: Int64
    var smallAdd: Bool

    @inline(__always)
    init(wide: Bool = false, field: Int, shift: UInt64, mask: UInt64, sign: UInt64, add: Int128, overflow: Int32) {
      self.wide = wide
      self.field = field
      self.shift = shift
      self.mask = mask
      self.sign = sign
      self.add = add
      self.overflow = overflow
      smallAdd = Int64(exactly: add) != nil
      add64 = Int64(truncatingIfNeeded: add)
    }

    /// The field's declared reading in `word`.
    @inline(__always)
    func reading(_ word: UInt64) -> Int64 {
      let raw = (word &>> shift) & mask
      return Int64(bitPattern: (raw ^ sign) &- sign)
    }

    /// Whether the field's reading in `new` is not its reading in `old`
    /// plus ``add``: the field overflowed.
    @inline(__always)
    func overflows(from old: UInt64, to new: UInt64) -> Bool {
      if wide { return Int128(new) != Int128(old) &+ add }
      let before = reading(old), after = reading(new)
      if smallAdd {
        let (sum, o) = before.addingReportingOverflow(add64)
        return o || sum != after
      }
      return Int128(after) != Int128(before) &+ add
    }
  }

  /// The records of every operation of `machine` (qualifying or not, by
  /// ``NativeMachine/index(_:)``), with their checks and tests, flat.
  ///
  /// - Complexity: O(operations × (fields + predicates)).
  static func records(_ machine: NativeMachine) -> (steps: [FlatStep], checks: [Check], tests: [Test]) {
    var steps: [FlatStep] = [], checks: [Check] = [], tests: [Test] = []
    let predicates = machine.predicates.count
    for (index, o) in machine.operations.enumerated() {
      var s = FlatStep()
      let checkStart = checks.count, testStart = tests.count
      // What a record that does not qualify appended is taken back.
      defer {
        if !s.usable {
          checks.removeSubrange(checkStart...)
          tests.removeSubrange(testStart...)
          s = FlatStep()
        }
        steps.append(s)
      }
      let deltas = machine.wordDeltas[Int(o.wordDeltaFirst)..<Int(o.wordDeltaEnd)]
      guard o.simple, predicates <= 32, deltas.count <= 1 else { continue }
      if o.refuse.exists {
        s.refuse = Int32(tests.count)
        tests.append(Test(NativeMachine.PredicateTest(o.refuse, machine.program.instructions), bit: 1))
      }
      s.refused = o.refused
      if let d = deltas.first {
        let w = d.word
        guard machine.wordMask[w] <= UInt128(UInt64.max) else { continue }
        s.adds = true
        s.wordOffset = w * MemoryLayout<UInt128>.stride
        s.delta = UInt64(truncatingIfNeeded: d.delta)
        s.mask = UInt64(machine.wordMask[w])
        s.gap = UInt64(machine.gapMask[w])
        s.wordOverflow = machine.outcomes.wordOverflow[w]
        s.checkFirst = Int32(checks.count)
        for c in machine.fieldChecks[Int(o.fieldCheckFirst)..<Int(o.fieldCheckEnd)] {
          // A field of a word of at most 64 bits lies in its low half, and
          // is narrow unless it is the whole word, 64 bits unsigned.
          let n = machine.narrowFields[c.field]
          var check = Check(field: c.field, shift: n.shift, mask: n.mask, sign: n.sign, add: c.add, overflow: machine.outcomes.fieldOverflow[c.field])
          if n.offset < 0 {
            check = Check(wide: true, field: c.field, shift: 0, mask: .max, sign: 0, add: c.add, overflow: check.overflow)
          }
          checks.append(check)
        }
        s.checkEnd = Int32(checks.count)
      }
      s.sign = o.sign
      s.testFirst = Int32(tests.count)
      var keep = UInt64.max
      for p in 0..<predicates {
        let reread = machine.rereads[index * predicates + p]
        if reread & 2 != 0 {
          tests.append(Test(machine.predicateTests[2 * p], bit: 1 << (2 * p + 1)))
          keep &= ~tests[tests.count - 1].bit
        }
        if reread & 1 != 0 {
          tests.append(Test(machine.predicateTests[2 * p + 1], bit: 1 << (2 * p)))
          keep &= ~tests[tests.count - 1].bit
        }
      }
      s.testEnd = Int32(tests.count)
      s.keep = keep
      s.usable = true
    }
    return (steps, checks, tests)
  }
}
