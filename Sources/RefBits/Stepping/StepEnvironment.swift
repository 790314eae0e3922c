/// The words before and after a step, and the truth, as an expression reads them.
///
/// A compiled expression runs as native code from the machine's program
/// when it has code and the truth fits (every held count and the total
/// below ``CompiledExpression/nativeTruthLimit``), and exactly on ``BigInt``
/// otherwise. Built with `REFBITS_INTERNAL_CHECKS`, every native evaluation
/// is compared with the exact one.
struct StepEnvironment: ExpressionEnvironment {
  let reader: FieldReader
  let program: NativeProgram
  let old: [UInt128]
  let new: [UInt128]
  let heldCounts: [BigInt]
  /// The truth as the program reads it (held counts, then the total, each
  /// an `Int64` sign-extended), when every count is below the native limit.
  let nativeTruth: [UInt128]?

  init(machine: Machine, old: [UInt128], new: [UInt128], held: [BigInt]) {
    self.init(reader: machine.reader, program: machine.program, old: old, new: new, held: held)
  }

  /// An environment whose compiled expressions' codes are in `program`.
  init(reader: FieldReader, program: NativeProgram, old: [UInt128], new: [UInt128], held: [BigInt]) {
    self.reader = reader
    self.program = program
    self.old = old
    self.new = new
    self.heldCounts = held
    nativeTruth = Self.nativeTruth(held)
  }

  /// The held counts and their total as the program reads them, or nil when
  /// one of them (or the total) is negative or not below
  /// ``CompiledExpression/nativeTruthLimit``. One allocation, no ``BigInt``
  /// arithmetic: the counts are summed as `Int64`s, each below 2^62.
  static func nativeTruth(_ held: [BigInt]) -> [UInt128]? {
    let limit = CompiledExpression.nativeTruthLimit
    var out = [UInt128]()
    out.reserveCapacity(held.count + 1)
    var total: Int64 = 0
    for h in held {
      guard let v = h.int64, v >= 0, v < limit else { return nil }
      total += v
      guard total < limit else { return nil }
      out.append(UInt128(truncatingIfNeeded: v))
    }
    out.append(UInt128(truncatingIfNeeded: total))
    return out
  }

  private init(_ other: StepEnvironment, new: [UInt128]) {
    reader = other.reader
    program = other.program
    old = other.old
    self.new = new
    heldCounts = other.heldCounts
    nativeTruth = other.nativeTruth
  }

  /// The same truth with other words after the step (the native view of the
  /// truth is kept, not recomputed).
  func replacingNew(_ words: [UInt128]) -> StepEnvironment {
    StepEnvironment(self, new: words)
  }

  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt {
    reader.reading(index, in: time == .old ? old : new, as: reading)
  }

  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt {
    reader.wordReading(index, in: time == .old ? old : new, as: reading)
  }

  func held(_ index: Int) -> BigInt { heldCounts[index] }

  var total: BigInt { heldCounts.reduce(0, +) }

  /// The value of a set value: natively where the code allows it, exactly
  /// otherwise.
  func value(_ c: CompiledExpression) -> BigInt {
    if c.isNative, !c.isCondition, let truth = nativeTruth {
      let v = BigInt(withEvaluator(truth) { $0.run(c.code) })
      #if REFBITS_INTERNAL_CHECKS
      InternalChecks.verify(nativeDiscrepancy(c, native: v))
      #endif
      return v
    }
    return c.expression.evaluate(self)
  }

  /// Whether a condition holds: natively where the code allows it, exactly
  /// otherwise.
  func holds(_ c: CompiledExpression) -> Bool {
    if c.isNative, let truth = nativeTruth {
      let holds = withEvaluator(truth) { $0.test(c.code) }
      #if REFBITS_INTERNAL_CHECKS
      InternalChecks.verify(nativeDiscrepancy(c, native: holds ? 1 : 0))
      #endif
      return holds
    }
    return !c.expression.evaluate(self).isZero
  }

  /// Runs `body` with an evaluator over these words and truth.
  @inline(__always)
  func withEvaluator<R>(_ truth: [UInt128], _ body: (NativeEvaluator) -> R) -> R {
    program.instructions.withUnsafeBufferPointer { p in
      old.withUnsafeBufferPointer { o in
        new.withUnsafeBufferPointer { n in
          truth.withUnsafeBufferPointer { t in
            withUnsafeTemporaryAllocation(of: UnsafePointer<UInt128>.self, capacity: 3) { bases in
              withUnsafeTemporaryAllocation(of: Int128.self, capacity: program.registerCount) { registers in
                bases.initializeElement(at: 0, to: o.baseAddress!)
                bases.initializeElement(at: 1, to: n.baseAddress!)
                bases.initializeElement(at: 2, to: t.baseAddress!)
                return body(NativeEvaluator(program: p.baseAddress!, registers: registers.baseAddress!, bases: bases.baseAddress!))
              }
            }
          }
        }
      }
    }
  }

  /// How a native result differs from exact evaluation, if it does (a
  /// condition's result compared as true or false).
  func nativeDiscrepancy(_ c: CompiledExpression, native: BigInt) -> String? {
    let exact = c.expression.evaluate(self)
    let same = c.isCondition ? native.isZero == exact.isZero : native == exact
    return same ? nil : "native code of \(c.expression) gives \(native), exact evaluation \(exact) (old \(old), new \(new), held \(heldCounts))"
  }
}
