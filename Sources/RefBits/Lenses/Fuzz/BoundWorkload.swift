/// A workload resolved against one layout: kind and operation names to
/// indices, with the actors and kind choices the layout cannot serve left
/// out, and weights turned into integer thresholds so that every machine
/// draws alike.
public struct BoundWorkload: Sendable {
  let workload: Workload
  /// The actors that act on this layout.
  let actors: [BoundActor]
  /// Actor numbers in ops run from 0 (the creator, holding the layout's
  /// initial references) to `actorCount - 1`.
  let actorCount: Int
  /// Workload actors left out: no kind they take and no operation they
  /// perform exists in the layout.
  let skipped: [String]
  /// `actorThresholds[i]`: cumulative integer weight up to actor `i`.
  let actorThresholds: [UInt64]

  struct BoundActor: Sendable {
    let name: String
    /// The actor number in ops (its index in the workload, plus one).
    let number: Int
    /// Kind indices it acquires.
    let kinds: [Int]
    /// Operation indices it performs.
    let operations: [Int]
    /// Cumulative integer weights of ``kinds`` then ``operations``.
    let kindThresholds: [UInt64]
    /// An operation acquires when `next() >> 11 < acquireThreshold`.
    let acquireThreshold: UInt64
    let burst: Distribution
    let hold: Distribution?
    /// Whether every burst is exactly one reference.
    let singleBursts: Bool
    /// Whether every hold is exactly 0 operations.
    let zeroHold: Bool
  }

  /// Kind choices resolved for the layout: the actor's choices whose
  /// alternatives name no kind of the layout are left out; an actor left
  /// with no kind and no operation is skipped. (An operation the layout
  /// lacks is an error that ``Workload/check(against:)`` reports first;
  /// here it is left out.)
  public init(_ workload: Workload, layout: Layout) {
    self.workload = workload
    var actors: [BoundActor] = []
    var skipped: [String] = []
    for (i, a) in workload.actors.enumerated() {
      var kinds: [Int] = []
      var weights: [Double] = []
      for c in a.kinds {
        guard let k = c.alternatives.lazy.compactMap({ layout.kindIndex(named: $0) }).first else { continue }
        kinds.append(k)
        weights.append(c.weight)
      }
      var operations: [Int] = []
      for c in a.operations {
        guard let o = layout.operationIndex(named: c.name) else { continue }
        operations.append(o)
        weights.append(c.weight)
      }
      if kinds.isEmpty && operations.isEmpty {
        skipped.append(a.name)
        continue
      }
      actors.append(BoundActor(
        name: a.name, number: i + 1, kinds: kinds, operations: operations, kindThresholds: Self.thresholds(weights),
        acquireThreshold: UInt64(a.acquire.isNaN ? 0 : Swift.min(Swift.max(a.acquire, 0), 1) * 0x1p53),
        burst: a.burst, hold: a.hold,
        singleBursts: a.burst == .fixed(1), zeroHold: a.hold == .fixed(0)))
    }
    self.actors = actors
    self.skipped = skipped
    self.actorCount = workload.actors.count + 1
    actorThresholds = Self.thresholds(actors.map { a in workload.actors[a.number - 1].weight })
  }

  /// The kinds and operations each actor uses on `layout`: for every kind
  /// choice, the first alternative the layout has (the workload's explicit
  /// mapping: `"pin|pin_dma|ref"` is a pin where the layout has one, else a
  /// DMA pin, else a plain reference), then its operations; skipped actors
  /// last. One line per actor, for the output to say what was run.
  public func mappingLines(layout: Layout) -> [String] {
    var out: [String] = []
    for a in actors {
      let source = workload.actors[a.number - 1]
      let kinds = a.kinds.map { k in
        let name = layout.kinds[k].name
        let choice = source.kinds.first { $0.alternatives.contains(name) }
        return choice.map { $0.alternatives.count > 1 ? "\(name) (of \($0.text))" : name } ?? name
      }
      let operations = a.operations.map { "operation \(layout.operations[$0].name)" }
      out.append("\(a.name) -> \((kinds + operations).joined(separator: ", "))")
    }
    for s in skipped { out.append("\(s) -> nothing (no kind or operation of \(layout.name)): skipped") }
    return out
  }

  /// Cumulative integer weights out of 2^53 (IEEE basic operations only).
  ///
  /// Parsed workloads have weights in (0, ``InputLimits/weight``], so the
  /// total is finite and positive and each threshold in 1...2^53. A value
  /// that is not a number (weights built in code, not read from a file) is
  /// clamped into that range rather than trapping in the conversion.
  static func thresholds(_ weights: [Double]) -> [UInt64] {
    let total = weights.reduce(0, +)
    var cumulative = 0.0
    return weights.map { w in
      cumulative += w
      let x = (cumulative / total * 0x1p53).rounded(.down)
      return x.isNaN ? 1 << 53 : UInt64(Swift.min(Swift.max(x, 1), 0x1p53))
    }
  }

  /// Index of the entry whose threshold range holds `r` (uniform in 0..<2^53).
  @inline(__always)
  static func pick(_ thresholds: [UInt64], _ r: UInt64) -> Int {
    var i = 0
    while i < thresholds.count - 1 && r >= thresholds[i] { i += 1 }
    return i
  }
}
