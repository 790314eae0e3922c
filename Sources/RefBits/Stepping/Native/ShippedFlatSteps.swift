// Generated from the shipped layouts at their defaults by FlatStep.shippedFile
// (Sources/RefBits/Stepping/Native/FlatStep+SwiftSource.swift): do not edit.
// Regenerate with
//
//     REFBITS_REGENERATE=1 swift test --filter CompiledFlatStepsTests
//
// (the test fails while this file differs from what the generator writes).
// Each type is one layout's flat steps with its records' values written in
// (CompiledFlatSteps); an engine uses it only when its own records give the
// same code, `source`, word for word.

/// The compiled flat steps of the shipped layouts, by their code.
enum ShippedFlatSteps {
  static let bySource: [String: any CompiledFlatSteps.Type] = [
    FlatSteps_cpython_312.source: FlatSteps_cpython_312.self,
    FlatSteps_cpython_314.source: FlatSteps_cpython_314.self,
    FlatSteps_freebsd_refcount.source: FlatSteps_freebsd_refcount.self,
    FlatSteps_glisse_pagepin_lock_page.source: FlatSteps_glisse_pagepin_lock_page.self,
    FlatSteps_hildenbrand_split_4_4_24.source: FlatSteps_hildenbrand_split_4_4_24.self,
    FlatSteps_hildenbrand_split_cmpxchg.source: FlatSteps_hildenbrand_split_cmpxchg.self,
    FlatSteps_hubbard_bias_23.source: FlatSteps_hubbard_bias_23.self,
    FlatSteps_hubbard_split_4_4.source: FlatSteps_hubbard_split_4_4.self,
    FlatSteps_libstdcxx_shared_ptr.source: FlatSteps_libstdcxx_shared_ptr.self,
    FlatSteps_linux_32bit_order1_folio.source: FlatSteps_linux_32bit_order1_folio.self,
    FlatSteps_linux_file_ref.source: FlatSteps_linux_file_ref.self,
    FlatSteps_linux_folio_pincount.source: FlatSteps_linux_folio_pincount.self,
    FlatSteps_linux_gup_bias.source: FlatSteps_linux_gup_bias.self,
    FlatSteps_linux_gup_bias_compound.source: FlatSteps_linux_gup_bias_compound.self,
    FlatSteps_linux_gup_bias_fast.source: FlatSteps_linux_gup_bias_fast.self,
    FlatSteps_linux_percpu_ref_atomic.source: FlatSteps_linux_percpu_ref_atomic.self,
    FlatSteps_linux_small_folio_mapcount.source: FlatSteps_linux_small_folio_mapcount.self,
    FlatSteps_rust_arc.source: FlatSteps_rust_arc.self,
    FlatSteps_swift_native_64.source: FlatSteps_swift_native_64.self,
  ]
}

/// cpython-312.
enum FlatSteps_cpython_312: CompiledFlatSteps {
  static let source = #"""
  static let g0Delta: [UInt64] = [0x0, 0x0, 0x1, 0xffffffffffffffff]
  static let g0Add0: [Int128] = [0, 0, 1, -1]
  static let g0Sign: [Int64] = [0, 0, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2, 3:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x0, add: g0Add0[record], overflow: 8), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 32, mask: 0xffffffff, sign: 0x80000000, add: 0, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatTests[0].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x7fffffff, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x4)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Delta: [UInt64] = [0x0, 0x0, 0x1, 0xffffffffffffffff]
  static let g0Add0: [Int128] = [0, 0, 1, -1]
  static let g0Sign: [Int64] = [0, 0, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2, 3:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x0, add: g0Add0[record], overflow: 8), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 32, mask: 0xffffffff, sign: 0x80000000, add: 0, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatTests[0].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x7fffffff, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x4)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// cpython-314.
enum FlatSteps_cpython_314: CompiledFlatSteps {
  static let source = #"""
  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2:
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x0, add: 1, overflow: 8), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 32, mask: 0xffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 48, mask: 0xffff, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff2
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x7fffffff, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x4)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2:
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x0, add: 1, overflow: 8), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 32, mask: 0xffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 48, mask: 0xffff, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff2
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x7fffffff, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x4)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// freebsd-refcount.
enum FlatSteps_freebsd_refcount: CompiledFlatSteps {
  static let source = #"""
  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[0].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x0, add: 1, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffffc
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[0].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x0, add: 1, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffffc
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// glisse-pagepin-lock-page, glisse-pagepin-mapcount.
enum FlatSteps_glisse_pagepin_lock_page: CompiledFlatSteps {
  static let source = #"""
  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 3:
      let (old, new) = engine.flatAdd(offset: 0, delta: 0xffffffff, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: -1, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = -1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffffe
      after |= engine.flatNarrow(truth: true, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 3:
      let (old, new) = engine.flatAdd(offset: 0, delta: 0xffffffff, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: -1, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = -1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffffe
      after |= engine.flatNarrow(truth: true, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// hildenbrand-split-4-4-24, split-pin-fields.
enum FlatSteps_hildenbrand_split_4_4_24: CompiledFlatSteps {
  static let source = #"""
  static let g1Delta: [UInt64] = [0x0, 0x0, 0x0, 0xf0000000, 0x0, 0xff000000]
  static let g1Add1: [Int128] = [0, 0, 0, 0, 0, -1]
  static let g1Add2: [Int128] = [0, 0, 0, -1, 0, 0]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[0].bits(engine.evaluator) != 0 { return engine.flatRefused(7) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x10000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: 1, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff10
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatTests[2].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: true, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatTests[6].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 3, 5:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: g1Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: g1Add1[record], overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: g1Add2[record], overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = -1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff00
      after |= engine.flatTests[8].bits(engine.evaluator)
      after |= engine.flatTests[9].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: true, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatTests[13].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x10, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[15].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: 1, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff04
      after |= engine.flatTests[16].bits(engine.evaluator)
      after |= engine.flatTests[17].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x10, outside: 0x0)
      after |= engine.flatTests[21].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g1Delta: [UInt64] = [0x0, 0x0, 0x0, 0xf0000000, 0x0, 0xff000000]
  static let g1Add1: [Int128] = [0, 0, 0, 0, 0, -1]
  static let g1Add2: [Int128] = [0, 0, 0, -1, 0, 0]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[0].bits(engine.evaluator) != 0 { return engine.flatRefused(7) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x10000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: 1, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff10
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatTests[2].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: true, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatTests[6].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 3, 5:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: g1Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: g1Add1[record], overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: g1Add2[record], overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = -1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff00
      after |= engine.flatTests[8].bits(engine.evaluator)
      after |= engine.flatTests[9].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: true, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatTests[13].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x10, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[15].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: 1, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff04
      after |= engine.flatTests[16].bits(engine.evaluator)
      after |= engine.flatTests[17].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x10, outside: 0x0)
      after |= engine.flatTests[21].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// hildenbrand-split-cmpxchg, hildenbrand-split-racy-limit.
enum FlatSteps_hildenbrand_split_cmpxchg: CompiledFlatSteps {
  static let source = #"""
  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x0, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 0, 0]
  static let g0Delta: [UInt64] = [0x0, 0x0, 0x10000000, 0xf0000000, 0x0, 0xff000000]
  static let g0Add1: [Int128] = [0, 0, 0, 0, 0, -1]
  static let g0Add2: [Int128] = [0, 0, 1, -1, 0, 0]
  static let g0Sign: [Int64] = [0, 0, 1, -1, 0, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2, 3, 5:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0xf, span: 0x0, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: g0Add1[record], overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: g0Add2[record], overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff00
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatTests[2].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: true, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatTests[6].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x10, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0xf, span: 0x0, inside: 0x1, outside: 0x0) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: 1, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff04
      after |= engine.flatTests[16].bits(engine.evaluator)
      after |= engine.flatTests[17].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x10, outside: 0x0)
      after |= engine.flatTests[21].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x0, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 0, 0]
  static let g0Delta: [UInt64] = [0x0, 0x0, 0x10000000, 0xf0000000, 0x0, 0xff000000]
  static let g0Add1: [Int128] = [0, 0, 0, 0, 0, -1]
  static let g0Add2: [Int128] = [0, 0, 1, -1, 0, 0]
  static let g0Sign: [Int64] = [0, 0, 1, -1, 0, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2, 3, 5:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0xf, span: 0x0, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: g0Add1[record], overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: g0Add2[record], overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff00
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatTests[2].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: true, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatTests[6].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x10, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0xf, span: 0x0, inside: 0x1, outside: 0x0) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffff, sign: 0x0, add: 0, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 24, mask: 0xf, sign: 0x0, add: 1, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 28, mask: 0xf, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 12)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff04
      after |= engine.flatTests[16].bits(engine.evaluator)
      after |= engine.flatTests[17].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 28, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x8)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 24, mask: 0xf, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x20)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x10, outside: 0x0)
      after |= engine.flatTests[21].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x40, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// hubbard-bias-23.
enum FlatSteps_hubbard_bias_23: CompiledFlatSteps {
  static let source = #"""
  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x1, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 8, 0]
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x1, 0xffffffff, 0x800000, 0xff800000]
  static let g0Add0: [Int128] = [1, -1, 1, -1, 8388608, -8388608]
  static let g0Sign: [Int64] = [1, -1, 1, -1, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 2, 3, 4, 5:
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x800000, span: 0xff7fffff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x1, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 8, 0]
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x1, 0xffffffff, 0x800000, 0xff800000]
  static let g0Add0: [Int128] = [1, -1, 1, -1, 8388608, -8388608]
  static let g0Sign: [Int64] = [1, -1, 1, -1, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 2, 3, 4, 5:
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x800000, span: 0xff7fffff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// hubbard-split-4-4.
enum FlatSteps_hubbard_split_4_4: CompiledFlatSteps {
  static let source = #"""
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x0, 0xffffffff, 0x0, 0xff800000, 0x0, 0xf8000000]
  static let g0Add0: [Int128] = [1, -1, 0, -1, 0, 0, 0, 0]
  static let g0Add1: [Int128] = [0, 0, 0, 0, 0, -1, 0, 0]
  static let g0Add2: [Int128] = [0, 0, 0, 0, 0, 0, 0, -1]
  static let g0Sign: [Int64] = [1, -1, 0, -1, 0, -1, 0, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 3, 5, 7:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x7fffff, sign: 0x0, add: g0Add0[record], overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 23, mask: 0xf, sign: 0x0, add: g0Add1[record], overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 27, mask: 0xf, sign: 0x0, add: g0Add2[record], overflow: 12), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 31, mask: 0x1, sign: 0x1, add: 0, overflow: 13), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 14)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatTests[0].bits(engine.evaluator)
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 2:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[6].bits(engine.evaluator) != 0 { return engine.flatRefused(7) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x7fffff, sign: 0x0, add: 1, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 23, mask: 0xf, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 27, mask: 0xf, sign: 0x0, add: 0, overflow: 12), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 31, mask: 0x1, sign: 0x1, add: 0, overflow: 13), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 14)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff1
      after |= engine.flatTests[7].bits(engine.evaluator)
      after |= engine.flatTests[8].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[13].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x800000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x7fffff, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 23, mask: 0xf, sign: 0x0, add: 1, overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 27, mask: 0xf, sign: 0x0, add: 0, overflow: 12), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 31, mask: 0x1, sign: 0x1, add: 0, overflow: 13), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 14)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatTests[14].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      after |= engine.flatTests[16].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 6:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[22].bits(engine.evaluator) != 0 { return engine.flatRefused(9) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x8000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x7fffff, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 23, mask: 0xf, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 27, mask: 0xf, sign: 0x0, add: 1, overflow: 12), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 31, mask: 0x1, sign: 0x1, add: 0, overflow: 13), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 14)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff1
      after |= engine.flatTests[23].bits(engine.evaluator)
      after |= engine.flatTests[24].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x0, 0xffffffff, 0x0, 0xff800000, 0x0, 0xf8000000]
  static let g0Add0: [Int128] = [1, -1, 0, -1, 0, 0, 0, 0]
  static let g0Add1: [Int128] = [0, 0, 0, 0, 0, -1, 0, 0]
  static let g0Add2: [Int128] = [0, 0, 0, 0, 0, 0, 0, -1]
  static let g0Sign: [Int64] = [1, -1, 0, -1, 0, -1, 0, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 3, 5, 7:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x7fffff, sign: 0x0, add: g0Add0[record], overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 23, mask: 0xf, sign: 0x0, add: g0Add1[record], overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 27, mask: 0xf, sign: 0x0, add: g0Add2[record], overflow: 12), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 31, mask: 0x1, sign: 0x1, add: 0, overflow: 13), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 14)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatTests[0].bits(engine.evaluator)
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 2:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[6].bits(engine.evaluator) != 0 { return engine.flatRefused(7) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x7fffff, sign: 0x0, add: 1, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 23, mask: 0xf, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 27, mask: 0xf, sign: 0x0, add: 0, overflow: 12), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 31, mask: 0x1, sign: 0x1, add: 0, overflow: 13), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 14)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff1
      after |= engine.flatTests[7].bits(engine.evaluator)
      after |= engine.flatTests[8].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[13].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x800000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x7fffff, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 23, mask: 0xf, sign: 0x0, add: 1, overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 27, mask: 0xf, sign: 0x0, add: 0, overflow: 12), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 31, mask: 0x1, sign: 0x1, add: 0, overflow: 13), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 14)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatTests[14].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      after |= engine.flatTests[16].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 6:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[22].bits(engine.evaluator) != 0 { return engine.flatRefused(9) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x8000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x7fffff, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 23, mask: 0xf, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 27, mask: 0xf, sign: 0x0, add: 1, overflow: 12), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 31, mask: 0x1, sign: 0x1, add: 0, overflow: 13), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 14)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff1
      after |= engine.flatTests[23].bits(engine.evaluator)
      after |= engine.flatTests[24].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// libstdcxx-shared-ptr.
enum FlatSteps_libstdcxx_shared_ptr: CompiledFlatSteps {
  static let source = #"""
  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x0, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 0, 0]
  static let g1Delta: [UInt64] = [0x0, 0x0, 0x0, 0x0, 0x1, 0xffffffff]
  static let g1Add0: [Int128] = [0, 0, 0, 0, 1, -1]
  static let g1Sign: [Int64] = [0, 0, 0, 0, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 2:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 1, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffffc8
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000001, span: 0x0, inside: 0x20, outside: 0x0)
      after |= engine.flatTests[4].bits(engine.evaluator)
      return engine.flatSettle(after, sign: sign)
    case 4, 5:
      let (old, new) = engine.flatAdd(offset: 16, delta: g1Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g1Add0[record], overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = g1Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff3
      after |= engine.flatNarrow(truth: false, offset: 16, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x0, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 0, 0]
  static let g1Delta: [UInt64] = [0x0, 0x0, 0x0, 0x0, 0x1, 0xffffffff]
  static let g1Add0: [Int128] = [0, 0, 0, 0, 1, -1]
  static let g1Sign: [Int64] = [0, 0, 0, 0, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 2:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 1, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffffc8
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000001, span: 0x0, inside: 0x20, outside: 0x0)
      after |= engine.flatTests[4].bits(engine.evaluator)
      return engine.flatSettle(after, sign: sign)
    case 4, 5:
      let (old, new) = engine.flatAdd(offset: 16, delta: g1Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g1Add0[record], overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = g1Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff3
      after |= engine.flatNarrow(truth: false, offset: 16, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// linux-32bit-order1-folio.
enum FlatSteps_linux_32bit_order1_folio: CompiledFlatSteps {
  static let source = #"""
  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x0, 0x0, 0x1, 0x0]
  static let g0Refused: [Int32] = [0, 0, 0, 0, 8, 0]
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x2, 0xfffffffe, 0x400, 0xfffffc00]
  static let g0Add0: [Int128] = [1, -1, 2, -2, 1024, -1024]
  static let g0Sign: [Int64] = [1, -1, 1, -1, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 2, 3, 4, 5:
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x0, 0x0, 0x1, 0x0]
  static let g0Refused: [Int32] = [0, 0, 0, 0, 8, 0]
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x2, 0xfffffffe, 0x400, 0xfffffc00]
  static let g0Add0: [Int128] = [1, -1, 2, -2, 1024, -1024]
  static let g0Sign: [Int64] = [1, -1, 1, -1, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 2, 3, 4, 5:
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// linux-file-ref.
enum FlatSteps_linux_file_ref: CompiledFlatSteps {
  static let source = #"""
  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2:
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: true, field: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, add: 1, overflow: 8), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 8)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff2
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0xc000000000000000, span: 0x3fffffffffffffff, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2:
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: true, field: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, add: 1, overflow: 8), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 8)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff2
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0xc000000000000000, span: 0x3fffffffffffffff, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// linux-folio-pincount.
enum FlatSteps_linux_folio_pincount: CompiledFlatSteps {
  static let source = #"""
  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x0, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 0, 0]
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x1, 0xffffffff, 0x0, 0x0]
  static let g0Add0: [Int128] = [1, -1, 1, -1, 0, 0]
  static let g0Sign: [Int64] = [1, -1, 1, -1, 0, 0]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 2, 3:
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff3
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x0, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 0, 0]
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x1, 0xffffffff, 0x0, 0x0]
  static let g0Add0: [Int128] = [1, -1, 1, -1, 0, 0]
  static let g0Sign: [Int64] = [1, -1, 1, -1, 0, 0]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 2, 3:
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff3
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// linux-gup-bias, linux-try-get-page-races.
enum FlatSteps_linux_gup_bias: CompiledFlatSteps {
  static let source = #"""
  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x1, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 8, 0]
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x1, 0xffffffff, 0x400, 0xfffffc00]
  static let g0Add0: [Int128] = [1, -1, 1, -1, 1024, -1024]
  static let g0Sign: [Int64] = [1, -1, 1, -1, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 2, 3, 4, 5:
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x1, 0x0]
  static let g0Refused: [Int32] = [0, 0, 7, 0, 8, 0]
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x1, 0xffffffff, 0x400, 0xfffffc00]
  static let g0Add0: [Int128] = [1, -1, 1, -1, 1024, -1024]
  static let g0Sign: [Int64] = [1, -1, 1, -1, 1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 2, 3, 4, 5:
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g0Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g0Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// linux-gup-bias-compound.
enum FlatSteps_linux_gup_bias_compound: CompiledFlatSteps {
  static let source = #"""
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0]
  static let g0Add0: [Int128] = [1, -1, 0, 0, 0, 0, 0, 0]
  static let g0Sign: [Int64] = [1, -1, 0, 0, 0, 0, 0, 0]
  static let g1Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x0, 0x0, 0x0, 0x0]
  static let g1Refused: [Int32] = [0, 0, 7, 0, 0, 0, 0, 0]
  static let g1Delta: [UInt64] = [0x0, 0x0, 0x400, 0xfffffc00, 0x0, 0xfff80000, 0x0, 0xf0000000]
  static let g1Add0: [Int128] = [0, 0, 1024, -1024, 0, -524288, 0, -268435456]
  static let g1Sign: [Int64] = [0, 0, 1, -1, 0, -1, 0, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1:
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff1
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 2, 3, 5, 7:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g1Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g1Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g1Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g1Add0[record], overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = g1Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[8].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[15].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x80000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 524288, overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[17].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 6:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[24].bits(engine.evaluator) != 0 { return engine.flatRefused(9) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x10000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 268435456, overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[26].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0]
  static let g0Add0: [Int128] = [1, -1, 0, 0, 0, 0, 0, 0]
  static let g0Sign: [Int64] = [1, -1, 0, 0, 0, 0, 0, 0]
  static let g1Refuses: [UInt64] = [0x0, 0x0, 0x1, 0x0, 0x0, 0x0, 0x0, 0x0]
  static let g1Refused: [Int32] = [0, 0, 7, 0, 0, 0, 0, 0]
  static let g1Delta: [UInt64] = [0x0, 0x0, 0x400, 0xfffffc00, 0x0, 0xfff80000, 0x0, 0xf0000000]
  static let g1Add0: [Int128] = [0, 0, 1024, -1024, 0, -524288, 0, -268435456]
  static let g1Sign: [Int64] = [0, 0, 1, -1, 0, -1, 0, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1:
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff1
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 2, 3, 5, 7:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x80000000, inside: g1Refuses[record], outside: 0x0) != 0 { return engine.flatRefused(g1Refused[record]) }
      let (old, new) = engine.flatAdd(offset: 0, delta: g1Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g1Add0[record], overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = g1Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[8].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[15].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x80000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 524288, overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[17].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 6:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[24].bits(engine.evaluator) != 0 { return engine.flatRefused(9) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x10000000, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 268435456, overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[26].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 64, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// linux-gup-bias-fast.
enum FlatSteps_linux_gup_bias_fast: CompiledFlatSteps {
  static let source = #"""
  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x0, 0xffffffff, 0x0, 0xfffffc00]
  static let g0Add0: [Int128] = [1, -1, 0, -1, 0, -1024]
  static let g0Sign: [Int64] = [1, -1, 0, -1, 0, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 3, 5:
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 2:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[6].bits(engine.evaluator) != 0 { return engine.flatRefused(7) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 1, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff1
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[13].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x400, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 1024, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Delta: [UInt64] = [0x1, 0xffffffff, 0x0, 0xffffffff, 0x0, 0xfffffc00]
  static let g0Add0: [Int128] = [1, -1, 0, -1, 0, -1024]
  static let g0Sign: [Int64] = [1, -1, 0, -1, 0, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1, 3, 5:
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 2:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[6].bits(engine.evaluator) != 0 { return engine.flatRefused(7) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 1, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff1
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[13].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x400, mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: 1024, overflow: 9), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 9)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffff0
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x0, base: 0x400, span: 0xfffffbff, inside: 0x2, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x80000000, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// linux-percpu-ref-atomic.
enum FlatSteps_linux_percpu_ref_atomic: CompiledFlatSteps {
  static let source = #"""
  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2:
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x8000000000000000, add: 1, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 11)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffffe
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[1].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x8000000000000000, add: 1, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 11)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffffe
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 2:
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x8000000000000000, add: 1, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 11)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffffe
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    case 4:
      engine.bases[1] = UnsafePointer(engine.words)
      if engine.flatTests[1].bits(engine.evaluator) != 0 { return engine.flatRefused(8) }
      let (old, new) = engine.flatAdd(offset: 0, delta: 0x1, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x8000000000000000, add: 1, overflow: 11), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 11)
      let sign: Int64 = 1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xfffffffffffffffe
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x1, outside: 0x0)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// linux-small-folio-mapcount.
enum FlatSteps_linux_small_folio_mapcount: CompiledFlatSteps {
  static let source = #"""
  static let g0Delta: [UInt64] = [0x1, 0xffffffff]
  static let g0Add0: [Int128] = [1, -1]
  static let g0Sign: [Int64] = [1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 7), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 7)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff00
      after |= engine.flatTests[0].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x7effffff, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x4)
      after |= engine.flatTests[4].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x10)
      after |= engine.flatTests[6].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x40)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  static let g0Delta: [UInt64] = [0x1, 0xffffffff]
  static let g0Add0: [Int128] = [1, -1]
  static let g0Sign: [Int64] = [1, -1]

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 0, 1:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: g0Delta[record], mask: 0xffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, add: g0Add0[record], overflow: 7), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 7)
      let sign: Int64 = g0Sign[record]
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffff00
      after |= engine.flatTests[0].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 0, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x1, span: 0x7ffffffffffffffe, inside: 0x1, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0xffffffff, sign: 0x80000000, base: 0x0, span: 0x7effffff, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x4)
      after |= engine.flatTests[4].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x10)
      after |= engine.flatTests[6].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 0, mask: 0x0, sign: 0x0, base: 0x0, span: 0x0, inside: 0x0, outside: 0x40)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// rust-arc.
enum FlatSteps_rust_arc: CompiledFlatSteps {
  static let source = #"""
  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 5:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 16, delta: 0xffffffffffffffff, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: true, field: 1, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, add: -1, overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = -1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffffc3
      after |= engine.flatNarrow(truth: false, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatTests[2].bits(engine.evaluator)
      after |= engine.flatTests[3].bits(engine.evaluator)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 5:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 16, delta: 0xffffffffffffffff, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: true, field: 1, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, add: -1, overflow: 10), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 10)
      let sign: Int64 = -1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffffc3
      after |= engine.flatNarrow(truth: false, offset: 16, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x8, outside: 0x0)
      after |= engine.flatNarrow(truth: true, offset: 48, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatTests[2].bits(engine.evaluator)
      after |= engine.flatTests[3].bits(engine.evaluator)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}

/// swift-native-64.
enum FlatSteps_swift_native_64: CompiledFlatSteps {
  static let source = #"""
  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 3:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: 0xfffffffffffffffe, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x1, sign: 0x0, add: 0, overflow: 8), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 1, mask: 0x7fffffff, sign: 0x0, add: -1, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 32, mask: 0x1, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 33, mask: 0x3fffffff, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 4, shift: 63, mask: 0x1, sign: 0x0, add: 0, overflow: 12), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 13)
      let sign: Int64 = -1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffffd1
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 32, mask: 0x1, sign: 0x0, base: 0x1, span: 0x0, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatTests[3].bits(engine.evaluator)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
  """# + "\n"

  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    switch record {
    case 3:
      engine.bases[1] = UnsafePointer(engine.words)
      let (old, new) = engine.flatAdd(offset: 0, delta: 0xfffffffffffffffe, mask: 0xffffffffffffffff)
      engine.flatCheck(FlatStep.Check(wide: false, field: 0, shift: 0, mask: 0x1, sign: 0x0, add: 0, overflow: 8), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 1, shift: 1, mask: 0x7fffffff, sign: 0x0, add: -1, overflow: 9), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 2, shift: 32, mask: 0x1, sign: 0x0, add: 0, overflow: 10), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 3, shift: 33, mask: 0x3fffffff, sign: 0x0, add: 0, overflow: 11), old, new)
      engine.flatCheck(FlatStep.Check(wide: false, field: 4, shift: 63, mask: 0x1, sign: 0x0, add: 0, overflow: 12), old, new)
      engine.flatGap(old, new, gap: 0x0, overflow: 13)
      let sign: Int64 = -1
      engine.flatTruth(sign, kind: kind, actor: actor)
      var after = engine.standingBits & 0xffffffffffffffd1
      after |= engine.flatNarrow(truth: false, offset: 0, shift: 32, mask: 0x1, sign: 0x0, base: 0x1, span: 0x0, inside: 0x2, outside: 0x0)
      after |= engine.flatTests[1].bits(engine.evaluator)
      after |= engine.flatNarrow(truth: true, offset: 32, shift: 0, mask: 0xffffffffffffffff, sign: 0x0, base: 0x0, span: 0x0, inside: 0x4, outside: 0x0)
      after |= engine.flatTests[3].bits(engine.evaluator)
      return engine.flatSettle(after, sign: sign)
    default:
      return nil
    }
  }
}
