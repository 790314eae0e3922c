/// The one compiler of expressions to native code: builds the
/// ``NativeProgram`` of a layout, one expression at a time.
struct NativeProgramBuilder {
  let g: FieldGeometry
  /// Truth slots: held counts `0..<kindCount`, then the total.
  let kindCount: Int
  private(set) var program = NativeProgram()
  /// Instructions of the program so far (the code being emitted appends
  /// here; operands are absolute until ``compile(_:condition:)`` ends).
  var instructions: [NativeInstruction] {
    get { program.instructions }
    _modify { yield &program.instructions }
  }

  init(fields: [Layout.Field], words: [Layout.Word], kindCount: Int) {
    g = FieldGeometry(fields: fields, words: words)
    self.kindCount = kindCount
  }

  /// Compiles `e`, or nil when some value may not fit `Int128`. A
  /// `condition` is only ever tested against zero (more shapes fuse).
  mutating func compile(_ e: Expression, condition: Bool) -> NativeCode? {
    guard Self.bound(e, g) != nil else { return nil }
    let first = Int32(instructions.count)
    if let t = fusedTest(e, condition: condition) {
      instructions.append(t)
      return NativeCode(first: first, end: first + 1, result: 0, fused: true, narrow: t.narrow)
    }
    let r = emit(e)
    let end = Int32(instructions.count)
    // Registers relative to the code's first instruction: a run needs
    // `end - first` of them, wherever the code sits in the program.
    for n in Int(first)..<Int(end) {
      instructions[n].a -= first
      instructions[n].b -= first
    }
    program.registerCount = Swift.max(program.registerCount, Int(end - first))
    return NativeCode(first: first, end: end, result: r - first, fused: false, narrow: false)
  }

  /// An upper bound `b` with |value| < 2^b for the expression's value, or nil
  /// if some intermediate value is unbounded or may need more than 127 bits
  /// (truth values are taken below 2^63: ``CompiledExpression/nativeTruthLimit``).
  static func bound(_ e: Expression, _ g: FieldGeometry) -> Int? {
    let r: Int
    switch e {
    case .literal(let v), .constant(_, let v): r = v.bitWidth
    case .name, .access: return nil
    case .field(let f, _, _):
      // |value| < 2^width in either reading (signed: at most 2^(width-1)).
      r = g.fields[f].bits
    case .word(let w, _, _): r = g.words[w].bits
    case .held, .total: r = 63
    case .unary(let op, let a):
      guard let x = bound(a, g) else { return nil }
      switch op {
      case .negate: r = x
      case .complement: r = x + 1
      case .not: r = 1
      }
    case .binary(let op, let a, let b):
      guard let x = bound(a, g), let y = bound(b, g) else { return nil }
      switch op {
      case .add, .subtract, .bitAnd, .bitOr, .bitXor: r = max(x, y) + 1
      case .multiply: r = x + y
      case .divide, .remainder: r = x
      case .shiftLeft:
        guard b.isConstant, let n = b.constantValue.int, (0...128).contains(n) else { return nil }
        r = x + n
      case .shiftRight:
        guard b.isConstant, let n = b.constantValue.int, (0...128).contains(n) else { return nil }
        r = x
      default: r = 1
      }
    case .call(_, let args):
      var m = 0
      for a in args {
        guard let x = bound(a, g) else { return nil }
        m = max(m, x)
      }
      r = m
    }
    return r <= 127 ? r : nil
  }

  /// A leaf read: a test or read instruction with its source fields set.
  func leaf(_ e: Expression, _ opcode: NativeOpcode) -> NativeInstruction? {
    var i = NativeInstruction(opcode)
    switch e {
    case .field, .word:
      guard let r = g.bitRead(e) else { return nil }
      i.mask = r.width >= 128 ? ~0 : (UInt128(1) << r.width) - 1
      i.sign = r.signed ? UInt128(1) << (r.width - 1) : 0
      i.source = r.time == .old ? 0 : 1
      i.index = Int32(r.word)
      i.shift = Int32(r.lsb)
      i.width = Int32(r.width)
      i.signedReading = r.signed
    case .held(let k):
      i.source = 2
      i.index = Int32(k)
      i.mask = ~0
      i.width = 64
      i.signedReading = true
    case .total:
      i.source = 2
      i.index = Int32(kindCount)
      i.mask = ~0
      i.width = 64
      i.signedReading = true
    default: return nil
    }
    return i
  }

  static func mirrored(_ op: Expression.BinaryOperator) -> Expression.BinaryOperator {
    switch op {
    case .less: .greater
    case .lessOrEqual: .greaterOrEqual
    case .greater: .less
    case .greaterOrEqual: .lessOrEqual
    default: op
    }
  }

  /// `leaf OP c` as a range test, or nil if `op` is not a comparison.
  static func range(_ t: inout NativeInstruction, _ op: Expression.BinaryOperator, _ c: Int128) -> Bool {
    var lo = Int128.min, hi = Int128.max, never = false
    t.invert = false
    switch op {
    case .less: if c == .min { never = true } else { hi = c - 1 }
    case .lessOrEqual: hi = c
    case .greater: if c == .max { never = true } else { lo = c + 1 }
    case .greaterOrEqual: lo = c
    case .equal: lo = c; hi = c
    case .notEqual: lo = c; hi = c; t.invert = true
    default: return false
    }
    if never {
      // Reads 0, which is not in [1, 1].
      t.mask = 0; t.sign = 0; lo = 1; hi = 1
    }
    t.constant = lo
    t.span = UInt128(bitPattern: hi &- lo)
    narrow(&t, lo, hi)
    return true
  }

  /// Makes `t` (reading some value, testing `[lo, hi]`) a narrow test when
  /// its reading lies in one 64-bit half.
  static func narrow(_ t: inout NativeInstruction, _ lo: Int128, _ hi: Int128) {
    #if _endian(little)
    var lo = lo, hi = hi
    if t.mask == 0 {
      // Reads 0 (a constant test).
      t.offset64 = 0; t.shift64 = 0; t.mask64 = 0; t.sign64 = 0
    } else {
      let width = Int(t.width), lsb = t.source == 2 ? 0 : Int(t.shift)
      guard width >= 1, width <= 64, lsb / 64 == (lsb + width - 1) / 64 else { return }
      let dmin: Int128 = t.signedReading ? -(Int128(1) << (width - 1)) : 0
      let dmax: Int128 = t.signedReading ? (Int128(1) << (width - 1)) - 1 : (Int128(1) << width) - 1
      lo = Swift.max(lo, dmin)
      hi = Swift.min(hi, dmax)
      if lo > hi {
        // Nothing the field can read is in the range.
        t.mask64 = 0; t.sign64 = 0; lo = 1; hi = 1
      } else {
        t.mask64 = width == 64 ? ~0 : (UInt64(1) << width) - 1
        t.sign64 = t.source == 2 || !t.signedReading ? 0 : UInt64(1) << (width - 1)
      }
      t.offset64 = Int32((Int(t.index) * 2 + lsb / 64) * 8)
      t.shift64 = Int32(lsb % 64)
    }
    t.lo64 = UInt64(truncatingIfNeeded: lo)
    t.span64 = UInt64(truncatingIfNeeded: hi &- lo)
    t.narrow = true
    #endif
  }

  /// The expression as one test instruction, if it has a fused shape.
  func fusedTest(_ e: Expression, condition: Bool) -> NativeInstruction? {
    if case .binary(let op, let a, let b) = e, op.isBoolean, op != .and, op != .or {
      if var t = leaf(a, .test), b.isConstant, let c = b.constantValue.int128, Self.range(&t, op, c) { return t }
      if var t = leaf(b, .test), a.isConstant, let c = a.constantValue.int128, Self.range(&t, Self.mirrored(op), c) { return t }
    }
    if case .unary(.not, let a) = e, var t = fusedTest(a, condition: true) {
      // A test's value is 0 or 1, so `!test` is the inverted test anywhere.
      t.invert.toggle()
      return t
    }
    guard condition else { return nil }
    if e.isConstant, let c = e.constantValue.int128 {
      var t = NativeInstruction(.test)
      t.constant = 0
      t.span = 0
      // Reads 0, which is in [0, 0]: true unless inverted.
      t.invert = c == 0
      Self.narrow(&t, 0, 0)
      return t
    }
    if var t = leaf(e, .test) {
      // `v != 0`.
      t.constant = 0
      t.span = 0
      t.invert = true
      Self.narrow(&t, 0, 0)
      return t
    }
    return nil
  }

  mutating func append(_ i: NativeInstruction) -> Int32 {
    instructions.append(i)
    return Int32(instructions.count - 1)
  }

  mutating func binary(_ op: NativeOpcode, _ x: Int32, _ y: Int32) -> Int32 {
    var i = NativeInstruction(op)
    i.a = x
    i.b = y
    return append(i)
  }

  /// Emits `e` (bounded), returning its register.
  mutating func emit(_ e: Expression) -> Int32 {
    if let t = fusedTest(e, condition: false) { return append(t) }
    if e.isConstant, let c = e.constantValue.int128 {
      var i = NativeInstruction(.constant)
      i.constant = c
      return append(i)
    }
    switch e {
    case .literal(let v), .constant(_, let v):
      var i = NativeInstruction(.constant)
      i.constant = v.int128 ?? 0
      return append(i)
    case .name, .access:
      return append(NativeInstruction(.constant))
    case .field, .word, .held, .total:
      return append(leaf(e, .read)!)
    case .unary(let op, let a):
      let x = emit(a)
      switch op {
      case .negate: return binary(.negate, x, x)
      case .complement: return binary(.complement, x, x)
      case .not: return binary(.not, x, x)
      }
    case .binary(let op, let a, let b):
      let x = emit(a)
      switch op {
      case .shiftLeft, .shiftRight:
        var i = NativeInstruction(op == .shiftLeft ? .shiftLeft : .shiftRight)
        i.a = x
        i.shift = Int32(b.constantValue.int ?? 0)
        return append(i)
      default: break
      }
      let y = emit(b)
      let code: NativeOpcode
      switch op {
      case .multiply: code = .multiply
      case .divide: code = .divide
      case .remainder: code = .remainder
      case .add: code = .add
      case .subtract: code = .subtract
      case .shiftLeft: code = .shiftLeft
      case .shiftRight: code = .shiftRight
      case .less: code = .less
      case .lessOrEqual: code = .lessOrEqual
      case .greater: code = .greater
      case .greaterOrEqual: code = .greaterOrEqual
      case .equal: code = .equal
      case .notEqual: code = .notEqual
      case .bitAnd: code = .bitAnd
      case .bitXor: code = .bitXor
      case .bitOr: code = .bitOr
      case .and: code = .and
      case .or: code = .or
      }
      return binary(code, x, y)
    case .call(let f, let args):
      guard !args.isEmpty else { return append(NativeInstruction(.constant)) }
      var r = emit(args[0])
      for a in args.dropFirst() {
        let y = emit(a)
        r = binary(f == .min ? .min : .max, r, y)
      }
      return r
    }
  }
}

/// The bit positions of fields and words, as the compiler needs them.
struct FieldGeometry {
  var fields: [Layout.Field]
  var words: [Layout.Word]

  /// What a field or whole-word read reads: the word, its lowest bit, the
  /// width, whether the reading is signed, and when; nil for any other
  /// expression.
  func bitRead(_ e: Expression) -> BitRead? {
    switch e {
    case .field(let f, let time, let reading):
      let field = fields[f]
      return BitRead(word: field.word, lsb: field.lsb, width: field.bits, signed: reading == .signed || (reading == .declared && field.signed), time: time)
    case .word(let w, let time, let reading):
      return BitRead(word: w, lsb: 0, width: words[w].bits, signed: reading == .signed || (reading == .declared && words[w].signed), time: time)
    default: return nil
    }
  }
}

/// A read of a bit range of one word: a field, or a whole word.
struct BitRead {
  var word: Int
  var lsb: Int
  var width: Int
  var signed: Bool
  var time: Expression.Time
}
