/// The words before and after a step, and the truth, as an expression reads them.
struct StepEnvironment: ExpressionEnvironment {
  let reader: FieldReader
  let old: [UInt128]
  let new: [UInt128]
  let heldCounts: [BigInt]
  /// The truth as native integers, when every count is below the native limit.
  let nativeHeld: [Int64]?
  let nativeTotal: Int64

  init(machine: Machine, old: [UInt128], new: [UInt128], held: [BigInt]) {
    self.reader = machine.reader
    self.old = old
    self.new = new
    self.heldCounts = held
    let limit = BigInt(CompiledExpression.nativeTruthLimit)
    let total = held.reduce(BigInt(0), +)
    if total < limit, held.allSatisfy({ !$0.isNegative && $0 < limit }) {
      nativeHeld = held.map { $0.int64 ?? 0 }
      nativeTotal = total.int64 ?? 0
    } else {
      nativeHeld = nil
      nativeTotal = 0
    }
  }

  private init(reader: FieldReader, old: [UInt128], new: [UInt128], heldCounts: [BigInt], nativeHeld: [Int64]?, nativeTotal: Int64) {
    self.reader = reader
    self.old = old
    self.new = new
    self.heldCounts = heldCounts
    self.nativeHeld = nativeHeld
    self.nativeTotal = nativeTotal
  }

  /// The same truth with other words after the step (the native view of the
  /// truth is kept, not recomputed).
  func replacingNew(_ words: [UInt128]) -> StepEnvironment {
    StepEnvironment(reader: reader, old: old, new: words, heldCounts: heldCounts, nativeHeld: nativeHeld, nativeTotal: nativeTotal)
  }

  func field(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt {
    reader.reading(index, in: time == .old ? old : new, as: reading)
  }

  func word(_ index: Int, time: Expression.Time, reading: Expression.Reading) -> BigInt {
    reader.wordReading(index, in: time == .old ? old : new, as: reading)
  }

  func held(_ index: Int) -> BigInt { heldCounts[index] }

  var total: BigInt { heldCounts.reduce(0, +) }

  /// Evaluates natively where the compiled form allows it, exactly otherwise.
  func value(_ c: CompiledExpression) -> BigInt {
    if let native = c.native, let nativeHeld {
      let v = old.withUnsafeBufferPointer { o in
        new.withUnsafeBufferPointer { n in
          nativeHeld.withUnsafeBufferPointer { h in
            native(NativeInputs(old: o.baseAddress!, new: n.baseAddress!, held: h.baseAddress ?? UnsafePointer(bitPattern: 8)!, total: nativeTotal))
          }
        }
      }
      return BigInt(v)
    }
    return c.evaluateExactly(self)
  }

  func holds(_ c: CompiledExpression) -> Bool { !value(c).isZero }
}
