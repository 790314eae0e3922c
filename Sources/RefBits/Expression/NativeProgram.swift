/// Expressions compiled into one flat program per layout: an array of plain
/// instructions (no closures, no class references), run by a switch loop
/// over an `Int128` register file (``NativeEvaluator``), with the common
/// condition shapes fused into one ``NativeOpcode/test`` instruction
/// evaluated inline. The ``Machine`` builds it once
/// (``NativeProgramBuilder``); its reference step and the native engine both
/// run it.
///
/// A test reads one value -- a field (old or new words, any reading) or a
/// truth slot (a held count or the total) -- as `v`, and answers whether `v`
/// lies in `[lo, lo + span]` (one wrapping subtraction and one unsigned
/// comparison), possibly inverted. Every comparison of a value with a
/// constant (`refcount <= 0`, `unsigned(refcount) >= BIAS`, `pin > 0`,
/// `total == 1`, `x != c`), its negation, a bare value used as a condition
/// and a constant condition are tests.
///
/// Only built for expressions whose every intermediate value provably fits
/// in `Int128` (``NativeProgramBuilder/bound(_:_:)``), with truth values
/// below ``CompiledExpression/nativeTruthLimit``: the wrapping operators
/// never wrap. Division by zero gives 0, remainder by zero the dividend, as
/// in exact evaluation. `&&` and `||` evaluate both sides: no operation has a
/// side effect or can trap.
enum NativeOpcode: UInt8, Sendable {
  case test, read, constant
  case negate, complement, not
  case multiply, divide, remainder, add, subtract, shiftLeft, shiftRight
  case less, lessOrEqual, greater, greaterOrEqual, equal, notEqual
  case bitAnd, bitXor, bitOr, and, or, min, max
}

/// One instruction. Its result goes to the register of its own index within
/// its code.
struct NativeInstruction: Sendable {
  var opcode: NativeOpcode
  /// For a test: answer the opposite.
  var invert = false
  /// For a test or a read: 0 the old words, 1 the new words, 2 the truth.
  var source: Int32 = 0
  /// For a test or a read: the word (or truth slot) index.
  var index: Int32 = 0
  /// For a test or a read: the field's lsb; for a shift: the amount.
  var shift: Int32 = 0
  /// Operands: register indices, relative to the first instruction of the
  /// code (each instruction's result goes to the register of its own index
  /// relative to that first instruction).
  var a: Int32 = 0
  var b: Int32 = 0
  var mask: UInt128 = 0
  /// Sign bit of a signed reading, or 0.
  var sign: UInt128 = 0
  /// For a constant: the value; for a test: `lo`.
  var constant: Int128 = 0
  /// For a test: `hi - lo`, as an unsigned number.
  var span: UInt128 = 0
  /// A narrow test: the value read lies in one 64-bit half of its word (or
  /// truth slot), so the test runs on `UInt64`, modulo 2^64 (exact: `lo`
  /// and `hi` are clamped to the values the field can read).
  var narrow = false
  /// For a narrow test: byte offset of the half, shift, mask and sign bit.
  var offset64: Int32 = 0
  var shift64: Int32 = 0
  var mask64: UInt64 = 0
  var sign64: UInt64 = 0
  var lo64: UInt64 = 0
  var span64: UInt64 = 0
  /// While compiling a test: the width and signedness of its reading.
  var width: Int32 = 0
  var signedReading = false

  init(_ opcode: NativeOpcode) { self.opcode = opcode }
}

/// A compiled expression: instructions `first..<end` of the program, whose
/// value ends in register `result` (relative to `first`; a run needs
/// `end - first` registers). `fused` when it is one test, `narrow` when that
/// test is narrow.
struct NativeCode: Sendable, Equatable {
  var first: Int32
  var end: Int32
  var result: Int32
  var fused: Bool
  var narrow: Bool

  static let none = NativeCode(first: -1, end: -1, result: -1, fused: false, narrow: false)
  var exists: Bool { first >= 0 }
}

/// The instructions of every expression of a layout, and the registers the
/// longest code needs.
struct NativeProgram: Sendable {
  var instructions: [NativeInstruction] = []
  /// The most registers one code needs (`end - first`, at least 1).
  var registerCount = 1
}
