import CBaseline
import RefBits

/// `refbits bench`'s C baseline (Sources/CBaseline): the `bench-single-steps`
/// workload on linux-gup-bias as a hand-written C loop, seen as a
/// ``BaselineLoop`` so that the library times it and checks it.
public struct CGupBiasLoop: BaselineLoop {
  public let layout = "linux-gup-bias"

  public init() {}

  public func run(seed: UInt64, operations: Int, lifetime: Int) -> BaselineLoopCounts {
    var counts = cbaseline_counts()
    cbaseline_gup_bias(seed, UInt64(operations), UInt64(lifetime), 0, Self.lifetimes(operations, lifetime), &counts)
    return Self.counts(counts)
  }

  public func run(seed: UInt64, operations: Int, lifetime: Int, observe: (BaselineLoopStep) -> Void) -> BaselineLoopCounts {
    var counts = cbaseline_counts()
    withoutActuallyEscaping(observe) { observe in
      var box = observe
      withUnsafeMutablePointer(to: &box) { context in
        cbaseline_gup_bias_observed(seed, UInt64(operations), UInt64(lifetime), 0, Self.lifetimes(operations, lifetime), &counts, { context, step in
          guard let context, let step else { return }
          let observe = context.assumingMemoryBound(to: ((BaselineLoopStep) -> Void).self).pointee
          let s = step.pointee
          observe(BaselineLoopStep(
            lifetime: Int(s.lifetime), operation: Int(s.operation), kind: CGupBiasLoop.kindNames[Int(s.kind)],
            direction: s.release != 0 ? .release : .acquire,
            outcomes: Set(CGupBiasLoop.outcomeNames.indices.filter { s.outcomes & (1 << $0) != 0 }.map { CGupBiasLoop.outcomeNames[$0] }),
            words: [UInt128(s.word)]))
        }, context)
      }
    }
    return Self.counts(counts)
  }

  static func lifetimes(_ operations: Int, _ lifetime: Int) -> UInt64 {
    UInt64((operations + lifetime - 1) / lifetime)
  }

  /// `cbaseline_outcome_names` and `cbaseline_kind_names`, as Swift strings.
  static let outcomeNames: [String] = withUnsafeBytes(of: cbaseline_outcome_names) { raw in
    raw.bindMemory(to: UnsafePointer<CChar>?.self).map { String(cString: $0!) }
  }
  static let kindNames: [String] = withUnsafeBytes(of: cbaseline_kind_names) { raw in
    raw.bindMemory(to: UnsafePointer<CChar>?.self).map { String(cString: $0!) }
  }

  static func counts(_ c: cbaseline_counts) -> BaselineLoopCounts {
    let values = withUnsafeBytes(of: c.counts) { Array($0.bindMemory(to: UInt64.self)) }
    var byName: [String: UInt64] = [:]
    for (name, n) in zip(outcomeNames, values) { byName[name] = n }
    return BaselineLoopCounts(operations: Int(c.operations), steps: Int(c.steps), counts: byName)
  }
}
