/// The encoded words and the truth side by side.
///
/// The words are what the code stores; the truth is what is really held: the
/// references of each kind, by actor, and each field's ideal value (the value
/// it would have with unbounded width and no neighbours), so that a carry, a
/// borrow or a wrap shows as a difference between the two.
public struct State: Sendable, Hashable {
  /// Raw bits of each word, masked to its width.
  public var words: [UInt128]
  /// The truth.
  public var truth: Truth

  /// Creates a state from raw words (each already masked to its width) and its truth.
  init(words: [UInt128], truth: Truth) {
    self.words = words
    self.truth = truth
  }
}
