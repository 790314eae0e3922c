/// Every outcome a layout can produce, numbered, so that the fuzzer counts
/// them in flat arrays. Id 0 is `ok`.
struct OutcomeTable: Sendable {
  /// The outcomes, by id.
  let outcomes: [Outcome]
  let ids: [Outcome: Int]
  /// Per kind, then per operation: the id of `refused(NAME)`.
  let refused: [Int32]
  let kindCount: Int
  /// Per field: the id of `field_overflow(field)`; per word: of the word.
  let fieldOverflow: [Int32]
  let wordOverflow: [Int32]
  /// Per predicate: the ids of its false positive and its false negative
  /// (`premature_free` and `leak` for a `freed` predicate).
  let falsePositive: [Int32]
  let falseNegative: [Int32]
  let trapped: Int32
  let saturated: Int32
  let spilled: Int32

  init(_ layout: Layout) {
    var list: [Outcome] = [.ok, .prematureFree, .leak, .trapped, .saturated, .spilled]
    var ids: [Outcome: Int] = [:]
    for (i, o) in list.enumerated() { ids[o] = i }
    func id(_ o: Outcome) -> Int32 {
      if let i = ids[o] { return Int32(i) }
      ids[o] = list.count
      list.append(o)
      return Int32(list.count - 1)
    }
    kindCount = layout.kinds.count
    refused = (layout.kinds.map(\.name) + layout.operations.map(\.name)).map { id(.refused(kind: $0)) }
    fieldOverflow = layout.fields.map { id(.fieldOverflow(field: $0.name)) }
    wordOverflow = layout.words.map { id(.fieldOverflow(field: $0.name)) }
    falsePositive = layout.predicates.map { id($0.role == .freed ? .prematureFree : .falsePositive(predicate: $0.name)) }
    falseNegative = layout.predicates.map { id($0.role == .freed ? .leak : .falseNegative(predicate: $0.name)) }
    trapped = Int32(ids[.trapped]!)
    saturated = Int32(ids[.saturated]!)
    spilled = Int32(ids[.spilled]!)
    outcomes = list
    self.ids = ids
  }

  var count: Int { outcomes.count }

  /// The id of `refused(NAME)` for a step of `action`.
  func refused(_ action: Op.Action) -> Int32 {
    switch action {
    case .acquire(let k), .release(let k): refused[k]
    case .perform(let o): refused[kindCount + o]
    }
  }

  /// The id of an outcome of this layout.
  func id(of outcome: Outcome) -> Int? { ids[outcome] }
}
