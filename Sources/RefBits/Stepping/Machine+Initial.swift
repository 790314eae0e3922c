/// Why a layout's initial state cannot be built.
public struct InitialStateError: Error, Sendable, Hashable, CustomStringConvertible {
  var message: String
  var hint: String?

  /// The reason, without the hint.
  public var description: String { message }
}

extension Machine {
  /// The state a new object starts in.
  ///
  /// With explicit `[initial] fields`, those stored values and the `held`
  /// truth (held by actor 0). Otherwise the word is built from all-zero fields
  /// by acquiring each held reference, kind by kind, as actor 0 (the object is
  /// created: these acquires may bring a dead truth to life); any outcome
  /// other than `ok` on the way is an error. Either way, no predicate may lie
  /// on the result.
  public func initialState() throws(InitialStateError) -> State {
    let kindCount = layout.kinds.count
    var held = Array(repeating: BigInt(0), count: kindCount)
    for (k, n) in layout.initial.held where k < kindCount { held[k] = n }
    var state: State
    if let fields = layout.initial.fields {
      var words = Array(repeating: UInt128(0), count: layout.words.count)
      for (f, v) in fields { store(v, field: f, in: &words) }
      let ideal = layout.fields.indices.map { reading($0, in: words) }
      let byActor: [Int: [BigInt]] = held.allSatisfy(\.isZero) ? [:] : [0: held]
      state = State(words: words, truth: Truth(held: held, byActor: byActor, ideal: ideal))
    } else {
      state = State(
        words: Array(repeating: 0, count: layout.words.count),
        truth: Truth(held: Array(repeating: 0, count: kindCount), byActor: [:], ideal: Array(repeating: 0, count: layout.fields.count)))
      for k in 0..<kindCount where !held[k].isZero {
        let name = layout.kinds[k].name
        let r = bulk(state, Op(kind: k, direction: .acquire), count: held[k], stopOn: .anyOutcome, singleStepBudget: .max, creating: true)
        if let stop = r.stop {
          throw InitialStateError(
            message: "the initial state is refused: acquiring '\(name)' reference #\(stop.step) from the zero word gives \(stop.result.outcomes.map(\.description).joined(separator: ", "))",
            hint: "give the stored values explicitly with [initial] fields = { ... } (e.g. for an offset encoding that stores refs - 1)")
        }
        state = r.state
      }
    }
    let lies = lies(on: state)
    for (p, lie) in lies.enumerated() where lie != .none {
      throw InitialStateError(
        message: "predicate '\(layout.predicates[p].name)' already lies on the initial state (\(lie == .falsePositive ? "true on the word, false on the truth" : "false on the word, true on the truth"))",
        hint: "check [initial] fields against [initial] held, and the predicate's when/means")
    }
    return state
  }
}
