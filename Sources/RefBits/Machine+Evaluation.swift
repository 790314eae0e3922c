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

extension Machine {
  /// Whether a predicate reads true on `state`, and whether its meaning holds
  /// on the truth.
  public func predicate(_ p: Int, on state: State) -> (when: Bool, means: Bool) {
    let env = StepEnvironment(machine: self, old: state.words, new: state.words, held: state.truth.held)
    return (env.holds(predicates[p].when), env.holds(predicates[p].means))
  }

  /// Which predicates lie on `state`: false positives and false negatives.
  public func lies(on state: State) -> [Lie] {
    standing(on: state).map(\.lie)
  }

  /// How each predicate reads on `state`, and whether its meaning holds.
  public func standing(on state: State) -> [Standing] {
    let env = StepEnvironment(machine: self, old: state.words, new: state.words, held: state.truth.held)
    return predicates.map { Standing(when: env.holds($0.when), means: env.holds($0.means)) }
  }

  /// The outcome predicate `p` produces across a step, if it starts lying.
  ///
  /// A plain predicate produces `false_positive` / `false_negative` when it
  /// lies after the step and did not lie that way before. A `freed`
  /// predicate's lie is charged to the side that moved: `premature_free` when
  /// the word starts to read freed while references remain, `leak` when the
  /// last reference goes while the word does not read freed. A reference taken
  /// on an object the word already reads as freed is the caller's
  /// use-after-free, not a lie of the encoding, and produces neither.
  func onset(predicate p: Int, before: Standing, after: Standing) -> Outcome? {
    switch layout.predicates[p].role {
    case .plain:
      guard after.lie != .none, after.lie != before.lie else { return nil }
      return outcome(of: after.lie, predicate: p)
    case .freed:
      if after.when && !after.means && !before.when { return .prematureFree }
      if !after.when && after.means && !before.means { return .leak }
      return nil
    }
  }

  /// The outcome a lie of predicate `p` is reported as.
  func outcome(of lie: Lie, predicate p: Int) -> Outcome? {
    let pred = layout.predicates[p]
    switch (lie, pred.role) {
    case (.none, _): return nil
    case (.falsePositive, .freed): return .prematureFree
    case (.falseNegative, .freed): return .leak
    case (.falsePositive, .plain): return .falsePositive(predicate: pred.name)
    case (.falseNegative, .plain): return .falseNegative(predicate: pred.name)
    }
  }
}

/// A predicate on one state: what the word says and what the truth says.
public struct Standing: Sendable, Hashable {
  public var when: Bool
  public var means: Bool

  public init(when: Bool, means: Bool) {
    self.when = when
    self.means = means
  }

  public var lie: Lie { when == means ? .none : (when ? .falsePositive : .falseNegative) }
}

/// Whether a predicate tells the truth on a state.
public enum Lie: Sendable, Hashable {
  case none
  /// True on the word, false on the truth.
  case falsePositive
  /// False on the word, true on the truth.
  case falseNegative
}
