import Testing

@testable import RefBits

// Expressions: C precedence and associativity, literals of any size, error
// offsets, C-like division, the defined run-time edge cases, and the native
// compiled form checked against exact evaluation on random expressions.

/// The value of a constant expression.
private func value(_ text: String) throws -> BigInt {
  try Expression.parse(text).resolved(in: Expression.Scope(), context: .constant).constantValue
}

/// The error of parsing (and, with a scope, resolving) `text`.
private func failure(_ text: String, scope: Expression.Scope? = nil, context: Expression.Context = .constant) -> ExpressionError? {
  do {
    let e = try Expression.parse(text)
    if let scope { _ = try e.resolved(in: scope, context: context) }
    return nil
  } catch {
    return error
  }
}

/// Field values and truth for evaluating resolved expressions by hand.
private struct TableEnvironment: ExpressionEnvironment {
  var old: [BigInt] = []
  var new: [BigInt] = []
  var heldCounts: [BigInt] = []
  var words: [BigInt] = []
  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt { time == .old ? old[index] : new[index] }
  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt { words[index] }
  func held(_ index: Int) -> BigInt { heldCounts[index] }
  var total: BigInt { heldCounts.reduce(0, +) }
}

@Suite struct ExpressionTests {
  // MARK: Precedence and associativity (C)

  @Test(arguments: [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("1 << 2 + 1", 8),  // + binds tighter than <<
    ("2 + 3 << 1", 10),
    ("6 & 3 == 2", 0),  // == binds tighter than &: 6 & (3 == 2)
    ("7 & 3 == 3", 1),  // 7 & (3 == 3)
    ("(6 & 3) == 2", 1),
    ("1 | 2 ^ 3 & 4", 3),  // 1 | (2 ^ (3 & 4))
    ("5 ^ 1 | 2", 6),  // (5 ^ 1) | 2
    ("1 < 2 == 1", 1),  // (1 < 2) == 1
    ("3 > 2 > 1", 0),  // (3 > 2) > 1
    ("1 || 0 && 0", 1),  // 1 || (0 && 0)
    ("0 && 1 || 1", 1),
    ("1 | 0 && 0", 0),  // (1 | 0) && 0
    ("10 - 2 - 3", 5),  // left associative
    ("100 / 10 / 5", 2),
    ("2 * 3 % 4", 2),  // (2 * 3) % 4
    ("1 << 3 >> 1", 4),
    ("-2 * 3", -6),
    ("- - 3", 3),
    ("-(2 + 3) * 2", -10),
    ("!0 + !7", 1),
    ("~0", -1),
    ("~5", -6),
    ("~-1", 0),
    ("!!42", 1),
    ("-3 < -2", 1),
    ("(3 > 2) + (2 > 3) + (1 == 1) + (1 != 1) + (2 <= 2) + (3 >= 4)", 3),
    ("min(3, -2, 7)", -2),
    ("max(1, 2)", 2),
    ("max(min(5, 9), 4) * 2", 10),
    ("min(1 << 3, 2 + 3)", 5),
  ])
  func precedence(_ text: String, _ expected: Int) throws {
    #expect(try value(text) == BigInt(expected), "\(text)")
  }

  // MARK: Literals

  @Test func literals() throws {
    #expect(try value("0x1F") == BigInt(31))
    #expect(try value("0XfF") == BigInt(255))
    #expect(try value("0b1010") == BigInt(10))
    #expect(try value("0o17") == BigInt(15))
    #expect(try value("017") == BigInt(17))  // a leading 0 is not octal
    #expect(try value("1_000_000") == BigInt(1_000_000))
    #expect(try value("0xC000_0000") == BigInt(0xC000_0000))
    #expect(try value("0") == BigInt(0))
    // Wider than any native integer.
    #expect(try value("0x1_0000_0000_0000_0000_0000_0000_0000_0000") == BigInt.power(of2: 128))
    #expect(try value("340282366920938463463374607431768211457") == BigInt.power(of2: 128) + BigInt(1))
    #expect(try value("1 << 128") * BigInt.power(of2: 72) == BigInt.power(of2: 200))
    #expect(try value("-0x8000_0000_0000_0000_0000_0000_0000_0000") == -BigInt.power(of2: 127))
    #expect(try value("0b" + String(repeating: "1", count: 130)) == BigInt.power(of2: 130) - BigInt(1))
  }

  @Test(arguments: ["1__0", "1_", "0x", "0x_1", "0b2", "0o8", "1e5", "12ab", "0xG"])
  func malformedLiterals(_ text: String) throws {
    let e = try #require(failure(text))
    #expect(e.offset == 0)
    #expect(e.message.contains("malformed integer literal"), "\(e)")
  }

  // MARK: Division, remainder, shifts

  @Test func divisionTruncatesTowardZero() throws {
    #expect(try value("7 / 2") == BigInt(3))
    #expect(try value("-7 / 2") == BigInt(-3))
    #expect(try value("7 / -2") == BigInt(-3))
    #expect(try value("-7 / -2") == BigInt(3))
    #expect(try value("7 % 2") == BigInt(1))
    #expect(try value("-7 % 2") == BigInt(-1))  // sign of the dividend
    #expect(try value("7 % -2") == BigInt(1))
    #expect(try value("-7 % -2") == BigInt(-1))
    // Beyond 64 bits too.
    #expect(try value("-(1 << 100) / 3") == -(BigInt.power(of2: 100) / BigInt(3)))
    #expect(try value("(1 << 100) % 7") == BigInt.power(of2: 100) - BigInt(7) * (BigInt.power(of2: 100) / BigInt(7)))
    // >> is arithmetic (floor), unlike /.
    #expect(try value("-7 >> 1") == BigInt(-4))
    #expect(try value("-7 / 2") == BigInt(-3))
    #expect(try value("1 << 128") == BigInt.power(of2: 128))
    #expect(try value("1 >> 128") == BigInt(0))
  }

  @Test func runTimeEdgeCasesAreDefined() throws {
    // The divisor and shift count are fields, so no check-time error applies.
    let scope = Expression.Scope(fields: ["x": 0, "d": 1])
    let e = { (text: String) in try Expression.parse(text).resolved(in: scope, context: .state) }
    let env = { (x: BigInt, d: BigInt) in TableEnvironment(old: [x, d], new: [x, d]) }
    #expect(try e("x / d").evaluate(env(7, 0)) == BigInt(0))  // x / 0 == 0
    #expect(try e("x % d").evaluate(env(7, 0)) == BigInt(7))  // x % 0 == x
    #expect(try e("x % d").evaluate(env(-7, 0)) == BigInt(-7))
    #expect(try e("x / d").evaluate(env(-7, 2)) == BigInt(-3))
    // Shift counts past 4096 give 0 for <<, the sign for >>.
    #expect(try e("x << d").evaluate(env(1, 5000)) == BigInt(0))
    #expect(try e("x >> d").evaluate(env(-5, 5000)) == BigInt(-1))
    #expect(try e("x >> d").evaluate(env(5, 5000)) == BigInt(0))
    #expect(try e("x << d").evaluate(env(1, 4096)) == BigInt.power(of2: 4096))
    // A negative count shifts the other way.
    #expect(try e("x << d").evaluate(env(8, -2)) == BigInt(2))
    #expect(try e("x >> d").evaluate(env(3, -2)) == BigInt(12))
    #expect(Expression.apply(.divide, BigInt(5), BigInt(0)) == BigInt(0))
    #expect(Expression.apply(.remainder, BigInt(5), BigInt(0)) == BigInt(5))
  }

  @Test func constantZeroDivisorsAndWideShiftsAreErrors() throws {
    let zero = Expression.Scope(constants: ["Z": 0, "BIG": 200], fields: ["x": 0])
    let cases: [(String, Expression.Scope?, Int, String)] = [
      ("1 / 0", nil, 4, "division by zero"),
      ("x % 0", nil, 4, "division by zero"),
      ("x / Z", zero, 4, "division by zero"),
      ("x % (Z)", zero, 5, "division by zero"),
      ("1 << 200", nil, 5, "shift count 200 is outside 0...128"),
      ("x >> 129", nil, 5, "shift count 129"),
      ("x << BIG", zero, 5, "shift count 200"),
      ("x << -1", nil, 5, "shift count -1"),
    ]
    for (text, scope, offset, message) in cases {
      let e = try #require(failure(text, scope: scope, context: .state), "\(text) was accepted")
      #expect(e.offset == offset, "\(text): \(e)")
      #expect(e.message.contains(message), "\(text): \(e)")
    }
    // 128 is the widest shift allowed.
    #expect(failure("x << 128", scope: zero, context: .state) == nil)
  }

  // MARK: Errors and their offsets

  @Test func syntaxErrorOffsets() throws {
    let cases: [(String, Int, String)] = [
      ("", 0, "empty expression"),
      ("   ", 0, "empty expression"),
      ("refcount <= = 0", 12, "'=' is not an operator"),
      ("refcount <= < 0", 12, "expected a value, found '<'"),
      ("(1 + 2", 6, "expected ')'"),
      ("1 +", 3, "expected a value, found end of expression"),
      ("1 2", 2, "unexpected number '2'"),
      ("a $ b", 2, "unexpected character '$'"),
      ("x + \u{e9}", 4, "unexpected character"),  // offsets count Unicode scalars
      ("foo(1)", 0, "unknown function 'foo'"),
      ("min(1)", 0, "takes at least two arguments"),
      ("max(1, 2", 8, "expected ')'"),
      ("old(3)", 4, "takes a field name"),
      ("old(new(x))", 0, "applied twice"),
      ("signed(unsigned(x))", 0, "already has a reading"),
      ("1 + )", 4, "expected a value, found ')'"),
      ("x = 1", 2, "use '=='"),
    ]
    for (text, offset, message) in cases {
      let e = try #require(failure(text), "\(text) was accepted")
      #expect(e.offset == offset, "'\(text)': \(e)")
      #expect(e.message.contains(message), "'\(text)': \(e)")
      #expect(e.description == "column \(offset + 1): \(e.message)")
    }
  }

  @Test func resolutionErrorsPointAtTheName() throws {
    let scope = Expression.Scope(constants: ["BIAS": 1024], fields: ["refcount": 0, "pincount": 1], kinds: ["ref": 0, "pin": 1], words: ["word": 0])
    let cases: [(String, Expression.Context, Int, String)] = [
      ("refcnt > 0", .state, 0, "unknown name 'refcnt'; did you mean 'refcount'?"),
      ("0 < BIAZ", .constant, 4, "did you mean 'BIAS'?"),
      ("refcount > 0", .constant, 0, "'refcount' is a field; a constant expression cannot read fields"),
      ("pin > 0 && refcount > 0", .truth, 11, "'refcount' is a field, but 'means' is over the truth"),
      ("refcount > 0 || ref", .afterEffects, 16, "'ref' is a kind of reference"),
      ("word > 0", .truth, 0, "'word' is a word, but 'means' is over the truth"),
      ("1 + word", .constant, 4, "'word' is a word; a constant expression cannot read words"),
      ("old(word) > 0", .state, 4, "old(word) is not available in a predicate"),
      ("1 + new(refcount)", .beforeEffects, 8, "new(refcount) is not available in a refuse condition"),
      ("old(refcount) == 1", .state, 4, "old(refcount) is not available in a predicate"),
      ("old(BIAS) > 0", .afterEffects, 4, "'BIAS' is not a field"),
      ("old(refcont) > 0", .afterEffects, 4, "unknown field 'refcont'"),
      ("total > 0", .state, 0, "'total' counts the references held"),
    ]
    for (text, context, offset, message) in cases {
      let e = try #require(failure(text, scope: scope, context: context), "\(text) was accepted in \(context)")
      #expect(e.offset == offset, "'\(text)': \(e)")
      #expect(e.message.contains(message), "'\(text)': \(e)")
    }
  }

  @Test func resolutionReadsTheRightState() throws {
    let scope = Expression.Scope(constants: ["B": 10], fields: ["c": 0], kinds: ["ref": 0, "pin": 1])
    let env = TableEnvironment(old: [3], new: [5], heldCounts: [2, 4])
    let at = { (text: String, context: Expression.Context) in try Expression.parse(text).resolved(in: scope, context: context).evaluate(env) }
    #expect(try at("c", .beforeEffects) == BigInt(3))  // a refuse reads the state before
    #expect(try at("old(c)", .beforeEffects) == BigInt(3))
    #expect(try at("c", .afterEffects) == BigInt(5))  // trap and fixups read after the effects
    #expect(try at("old(c) * 100 + new(c)", .afterEffects) == BigInt(305))
    #expect(try at("c + B", .state) == BigInt(15))
    #expect(try at("pin * 10 + ref + total", .truth) == BigInt(48))
    #expect(try Expression.parse("B << 2").resolved(in: scope, context: .constant).isConstant)
  }

  @Test func signedAndUnsignedReadings() throws {
    // An 8-bit signed field holding 0xFF reads -1, and 255 unsigned.
    let field = Layout.Field(name: "f", word: 0, lsb: 4, msb: 11, signed: true)
    let layout = Layout(
      name: "t", title: "t", source: "t", words: [Layout.Word(name: "w", bits: 16, signed: false)], fields: [field], kinds: [],
      initial: Layout.Initial(held: [:]))
    let machine = Machine(layout)
    let words: [UInt128] = [0x0FF0]
    let scope = Expression.Scope(fields: ["f": 0])
    let read = { (text: String) in
      // Natively (the program) and exactly.
      var builder = NativeProgramBuilder(fields: layout.fields, words: layout.words, kindCount: 0)
      let compiled = CompiledExpression(try Expression.parse(text).resolved(in: scope, context: .afterEffects), condition: false, into: &builder)
      #expect(compiled.isNative)
      let env = StepEnvironment(reader: machine.reader, program: builder.program, old: words, new: words, held: [])
      #expect(env.value(compiled) == compiled.expression.evaluate(env))
      return env.value(compiled)
    }
    #expect(try read("f") == BigInt(-1))
    #expect(try read("unsigned(f)") == BigInt(255))
    #expect(try read("signed(f)") == BigInt(-1))
    #expect(try read("unsigned(old(f))") == BigInt(255))
    #expect(try read("old(unsigned(f))") == BigInt(255))
  }

  /// Signed readings at every width up to 128, with the sign bit set: the
  /// edge of native arithmetic is at 127 and 128 bits.
  @Test(arguments: [1, 2, 63, 64, 65, 126, 127, 128])
  func signedReadingOfTheWidestFields(_ width: Int) {
    let lsb = width == 128 ? 0 : 128 - width
    let layout = Layout(
      name: "t", title: "t", source: "t", words: [Layout.Word(name: "w", bits: 128, signed: false)],
      fields: [Layout.Field(name: "f", word: 0, lsb: lsb, msb: lsb + width - 1, signed: true)], kinds: [], initial: Layout.Initial(held: [:]))
    let machine = Machine(layout)
    // All ones: -1. The sign bit alone: -2^(width-1).
    #expect(machine.reading(0, in: [~0]) == BigInt(-1))
    #expect(machine.reading(0, in: [UInt128(1) << 127]) == -BigInt.power(of2: width - 1))
    #expect(machine.reading(0, in: [~0], as: .unsigned) == BigInt.power(of2: width) - BigInt(1))
  }

  // MARK: Compiled expressions: the native program against exact evaluation

  /// A layout with one field of each width 1...64 and one of 128 bits, each
  /// alone in its word at a small offset, signed and unsigned alternately.
  static func wideLayout() -> Layout {
    var words: [Layout.Word] = []
    var fields: [Layout.Field] = []
    for width in Array(1...64) + [127, 128] {
      let lsb = width >= 127 ? (width == 127 ? 1 : 0) : width % 7
      words.append(Layout.Word(name: "w\(width)", bits: min(128, width + lsb + width % 3), signed: false))
      fields.append(Layout.Field(name: "f\(width)", word: words.count - 1, lsb: lsb, msb: lsb + width - 1, signed: width % 2 == 1))
    }
    return Layout(name: "wide", title: "wide", source: "test", words: words, fields: fields, kinds: [], initial: Layout.Initial(held: [:]))
  }

  /// Random resolved expressions over the fields and three truth values.
  struct Generator {
    var rng: ExpressionRNG
    let fieldCount: Int
    /// Fields used by this expression (a few narrow or wide ones, so that
    /// both the native and the exact path are exercised).
    var pool: [Int] = []

    mutating func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

    mutating func literal() -> Expression {
      switch below(6) {
      case 0: return .literal(BigInt(below(5)))
      case 1: return .literal(-BigInt(below(300)))
      case 2: return .literal(BigInt(Int64(bitPattern: rng.next())))
      case 3: return .constant("C", BigInt(below(1 << 16)))
      case 4: return .literal(BigInt.power(of2: below(130)) - BigInt(below(3)))
      default: return .literal(BigInt(below(64)))
      }
    }

    mutating func leaf() -> Expression {
      switch below(10) {
      case 0...2: return literal()
      case 3: return below(2) == 0 ? .held(below(3)) : .total
      default:
        let f = pool[below(pool.count)]
        let reading: Expression.Reading = [.declared, .signed, .unsigned][below(3)]
        return .field(f, time: below(2) == 0 ? .old : .new, reading: reading)
      }
    }

    mutating func expression(depth: Int) -> Expression {
      if depth == 0 || below(4) == 0 { return leaf() }
      switch below(12) {
      case 0:
        let op: Expression.UnaryOperator = [.negate, .complement, .not][below(3)]
        return .unary(op, expression(depth: depth - 1))
      case 1:
        let n = 2 + below(2)
        return .call(below(2) == 0 ? .min : .max, (0..<n).map { _ in expression(depth: depth - 1) })
      case 2:
        // Shifts by a constant count (as resolution requires), sometimes wide.
        let n = [0, 1, 3, 17, 63, 64, 100, 127, 128][below(9)]
        return .binary(below(2) == 0 ? .shiftLeft : .shiftRight, expression(depth: depth - 1), .literal(BigInt(n)))
      default:
        let ops = Expression.BinaryOperator.allCases.filter { $0 != .shiftLeft && $0 != .shiftRight }
        return .binary(ops[below(ops.count)], expression(depth: depth - 1), expression(depth: depth - 1))
      }
    }
  }

  @Test func nativeMatchesExactEvaluation() throws {
    let seed: UInt64 = 0x00C0_FFEE_2024
    let layout = Self.wideLayout()
    let machine = Machine(layout)
    var g = Generator(rng: ExpressionRNG(seed: seed), fieldCount: layout.fields.count)
    var nativeCount = 0, checks = 0
    for i in 0..<400 {
      // Mostly narrow fields, sometimes the widest ones.
      g.pool = (0..<3).map { _ in g.below(4) == 0 ? layout.fields.count - 1 - g.below(8) : g.below(40) }
      let e = g.expression(depth: 1 + g.below(4))
      // As a value and as a condition (where more shapes fuse into one test).
      var builder = NativeProgramBuilder(fields: layout.fields, words: layout.words, kindCount: 3)
      let value = CompiledExpression(e, condition: false, into: &builder)
      let condition = CompiledExpression(e, condition: true, into: &builder)
      #expect(value.isNative == condition.isNative)
      guard value.isNative else { continue }
      nativeCount += 1
      for _ in 0..<4 {
        let old = layout.words.map { w in g.rng.uint128() & (w.bits == 128 ? ~0 : (UInt128(1) << w.bits) - 1) }
        let new = layout.words.map { w in g.rng.uint128() & (w.bits == 128 ? ~0 : (UInt128(1) << w.bits) - 1) }
        // Truth values below the native limit (2^62), total included.
        let held = (0..<3).map { _ in BigInt(g.below(3) == 0 ? Int(g.rng.next() >> 4) : g.below(1000)) }
        let env = StepEnvironment(reader: machine.reader, program: builder.program, old: old, new: new, held: held)
        #expect(env.nativeTruth != nil)
        let exact = e.evaluate(env)
        #expect(env.value(value) == exact, "seed \(seed), expression #\(i): \(e)")
        #expect(env.holds(condition) == !exact.isZero, "seed \(seed), expression #\(i) as a condition: \(e)")
        #expect(env.nativeDiscrepancy(value, native: exact + 1) != nil)
        checks += 1
      }
    }
    // Not vacuous: a good share of the expressions run natively.
    #expect(nativeCount > 60, "only \(nativeCount) native expressions")
    #expect(checks == nativeCount * 4)
  }

  @Test func nativeIsOnlyUsedWhenValuesFit() throws {
    let layout = Self.wideLayout()
    let native = { (e: Expression) -> Bool in
      var builder = NativeProgramBuilder(fields: layout.fields, words: layout.words, kindCount: 0)
      return builder.compile(e, condition: false) != nil
    }
    let f64 = try #require(layout.fieldIndex(named: "f64"))
    let f128 = try #require(layout.fieldIndex(named: "f128"))
    let f127 = try #require(layout.fieldIndex(named: "f127"))
    let read = { (f: Int) in Expression.field(f, time: .new, reading: .unsigned) }
    #expect(native(read(f64)))
    #expect(!native(.binary(.multiply, read(f64), read(f64))))  // up to 128 bits
    #expect(native(.binary(.multiply, read(f64), .literal(BigInt(1 << 62)))))  // 127 bits
    #expect(!native(read(f128)))
    #expect(native(read(f127)))
    #expect(!native(.binary(.add, read(f127), read(f127))))
    #expect(native(.binary(.shiftLeft, read(f64), .literal(BigInt(63)))))
    #expect(!native(.binary(.shiftLeft, read(f64), .literal(BigInt(64)))))
    // A shift count that is not constant has no bound.
    #expect(!native(.binary(.shiftLeft, .literal(BigInt(1)), read(f64))))
    #expect(native(.literal(BigInt.power(of2: 126))))
    #expect(!native(.literal(BigInt.power(of2: 127))))
  }

  // MARK: Scripts

  @Test func scriptErrorsHaveColumns() throws {
    let text = """
      title = "t"
      source = "t"
      [constants]
      BIAS = 1024
      [words.count]
      bits = 32
      [kinds.ref.acquire]
      effects = ["count += 1"]
      [kinds.pin.acquire]
      effects = ["count += BIAS"]
      [kinds.pin.release]
      op = "unpin"
      effects = ["count -= BIAS"]
      [kinds.ref.release]
      effects = ["count -= 1"]
      [initial]
      held = { ref = 1 }
      """
    let layout = try Layout.parse(toml: text, name: "t", file: "t.toml")
    let script = try Script.parse("ref*1023, pin, unpin, -ref*(BIAS - 1000), pin@2", layout: layout)
    #expect(script.phases.count == 5)
    #expect(script.phases[0].count == BigInt(1023))
    #expect(script.phases[2].op.action == .release(kind: 1))
    #expect(script.phases[3].count == BigInt(24))
    #expect(script.phases[4].op.actor == 2)
    let cases: [(String, Int, String)] = [
      ("ref, pni", 5, "did you mean 'pin'?"),
      ("ref*(1 +", 8, "expected a value"),
      ("ref*0", 4, "at least 1"),
      ("ref,,pin", 4, "empty operation"),
      ("ref@x", 4, "actor number"),
    ]
    for (s, offset, message) in cases {
      do {
        _ = try Script.parse(s, layout: layout)
        Issue.record("'\(s)' was accepted")
      } catch {
        #expect(error.offset == offset, "'\(s)': \(error)")
        #expect(error.message.contains(message), "'\(s)': \(error)")
      }
    }
  }
}

typealias ExpressionRNG = SplitMix64
