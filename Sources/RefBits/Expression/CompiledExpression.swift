/// An expression compiled once for a layout: the resolved expression, and its
/// code in the layout's one ``NativeProgram`` when every intermediate value
/// provably fits in `Int128`.
///
/// There is one compiler (``NativeProgramBuilder``) and one program per
/// ``Machine``. The machine's reference step runs the code where it exists and
/// the truth fits (held counts and their total below ``nativeTruthLimit``),
/// and evaluates ``expression`` exactly on ``BigInt`` otherwise; the native
/// engine (``NativeMachine``) steps the same program. Symbolic reasoning
/// (uniform runs, segment repeats, searches) reads ``expression``.
struct CompiledExpression: Sendable {
  /// The resolved expression (always available, for exact evaluation).
  let expression: Expression
  /// Its code in the machine's program, or ``NativeCode/none`` when some
  /// intermediate value may not fit `Int128`.
  let code: NativeCode
  /// Whether the code was compiled as a condition (only tested against
  /// zero, never read as a value: more shapes fuse into one test).
  let isCondition: Bool

  /// Truth values (held counts and their total) must stay below this for the
  /// native code to be exact: 2^62.
  static let nativeTruthLimit: Int64 = 1 << 62

  /// Compiles `expression` into `builder`'s program.
  init(_ expression: Expression, condition: Bool, into builder: inout NativeProgramBuilder) {
    self.expression = expression
    code = builder.compile(expression, condition: condition) ?? .none
    isCondition = condition
  }

  /// Whether the expression runs natively (within the truth limit).
  var isNative: Bool { code.exists }
}
