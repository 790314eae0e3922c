/// Runs a ``NativeProgram``. Plain pointers only: copying it retains nothing.
///
/// The sources are words as `UInt128`s and truth slots (held counts by kind,
/// then the total) as `Int64`s sign-extended to `UInt128`; `registers` holds
/// at least ``NativeProgram/registerCount`` values.
struct NativeEvaluator {
  let program: UnsafePointer<NativeInstruction>
  let registers: UnsafeMutablePointer<Int128>
  /// The three sources: old words, new words, truth slots.
  let bases: UnsafeMutablePointer<UnsafePointer<UInt128>>

  /// The value a test or read instruction reads, in two's complement.
  @inline(__always)
  func load(_ i: UnsafePointer<NativeInstruction>) -> UInt128 {
    let raw = (bases[Int(i.pointee.source)][Int(i.pointee.index)] &>> Int(i.pointee.shift)) & i.pointee.mask
    let s = i.pointee.sign
    return (raw ^ s) &- s
  }

  @inline(__always)
  func check(_ i: UnsafePointer<NativeInstruction>) -> Bool {
    let v = load(i)
    return ((v &- UInt128(bitPattern: i.pointee.constant)) <= i.pointee.span) != i.pointee.invert
  }

  @inline(__always)
  func checkNarrow(_ i: UnsafePointer<NativeInstruction>) -> Bool {
    let word = UnsafeRawPointer(bases[Int(i.pointee.source)]).load(fromByteOffset: Int(i.pointee.offset64), as: UInt64.self)
    let raw = (word &>> UInt64(UInt32(bitPattern: i.pointee.shift64))) & i.pointee.mask64
    let s = i.pointee.sign64
    let v = (raw ^ s) &- s
    return ((v &- i.pointee.lo64) <= i.pointee.span64) != i.pointee.invert
  }

  /// Whether the condition holds.
  @inline(__always)
  func test(_ c: NativeCode) -> Bool {
    if c.narrow { return checkNarrow(program + Int(c.first)) }
    if c.fused { return check(program + Int(c.first)) }
    return run(c) != 0
  }

  /// The value of a compiled expression. (For a code compiled as a
  /// condition, only whether it is zero means anything.)
  func run(_ c: NativeCode) -> Int128 {
    let r = registers
    let first = Int(c.first)
    var n = 0
    let count = Int(c.end) - first
    while n < count {
      let i = program + (first &+ n)
      let a = Int(i.pointee.a), b = Int(i.pointee.b)
      let v: Int128
      switch i.pointee.opcode {
      case .test: v = (i.pointee.narrow ? checkNarrow(i) : check(i)) ? 1 : 0
      case .read: v = Int128(bitPattern: load(i))
      case .constant: v = i.pointee.constant
      case .negate: v = 0 &- r[a]
      case .complement: v = ~r[a]
      case .not: v = r[a] == 0 ? 1 : 0
      case .multiply: v = r[a] &* r[b]
      case .divide: let d = r[b]; v = d == 0 ? 0 : r[a] / d
      case .remainder: let d = r[b]; v = d == 0 ? r[a] : r[a] % d
      case .add: v = r[a] &+ r[b]
      case .subtract: v = r[a] &- r[b]
      case .shiftLeft: v = r[a] << Int(i.pointee.shift)
      case .shiftRight: v = r[a] >> Int(i.pointee.shift)
      case .less: v = r[a] < r[b] ? 1 : 0
      case .lessOrEqual: v = r[a] <= r[b] ? 1 : 0
      case .greater: v = r[a] > r[b] ? 1 : 0
      case .greaterOrEqual: v = r[a] >= r[b] ? 1 : 0
      case .equal: v = r[a] == r[b] ? 1 : 0
      case .notEqual: v = r[a] != r[b] ? 1 : 0
      case .bitAnd: v = r[a] & r[b]
      case .bitXor: v = r[a] ^ r[b]
      case .bitOr: v = r[a] | r[b]
      case .and: v = r[a] != 0 && r[b] != 0 ? 1 : 0
      case .or: v = r[a] != 0 || r[b] != 0 ? 1 : 0
      case .min: v = Swift.min(r[a], r[b])
      case .max: v = Swift.max(r[a], r[b])
      }
      r[n] = v
      n &+= 1
    }
    return r[Int(c.result)]
  }
}
