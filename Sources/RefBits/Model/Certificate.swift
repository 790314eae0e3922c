/// A proof that an outcome never happens, from a layout's initial state, under
/// a set of operations, by any number of actors.
///
/// A certificate is data: whatever finds it (``InvariantSynthesis``), the
/// ``CertificateChecker`` checks it on its own before it is reported.
///
/// The states it speaks of are the layout's words and the truth's held counts
/// (per kind, all actors together: conditions read the counts, never who
/// holds them, so one actor holding everything behaves as many would). An
/// acquire may always be tried; a release needs a reference of its kind held
/// (beyond those ``kept``).
public struct Certificate: Sendable, Hashable {
  /// What the proof rests on.
  public var argument: Argument
  /// The operations the proof covers (acquires, releases and operations;
  /// the actor is not part of it).
  public var operations: [Op]
  /// The outcomes (or classes of outcomes) that never happen.
  var excludes: [OutcomePattern]
  /// References, per kind index, that the operations never release: held by
  /// an actor they do not act for (an attack's initial holders). A release
  /// of kind `k` needs more than `kept[k]` held.
  var kept: [Int: BigInt]
  /// Who wrote the argument down.
  var origin: Origin

  /// Creates a certificate that `argument` excludes `excludes` over `operations`;
  /// it proves nothing until the ``CertificateChecker`` accepts it.
  init(argument: Argument, operations: [Op], excludes: [OutcomePattern], kept: [Int: BigInt] = [:], origin: Origin = .found) {
    self.argument = argument
    self.operations = operations.map { Op($0.action) }
    self.excludes = excludes
    self.kept = kept.filter { !$0.value.isZero }
    self.origin = origin
  }

  /// Where an argument comes from. Either way the checker decides.
  public enum Origin: Sendable, Hashable {
    /// Found by RefBits: read off the layout's conditions, or synthesized.
    case found
    /// Stated in the layout (``Layout/StatedInvariant``), at this line of
    /// its file when read from one.
    case stated(line: Int?)
  }

  /// Why no sequence of the operations can produce the excluded outcomes.
  public enum Argument: Sendable, Hashable {
    /// No condition of the layout can produce the outcome: none of the
    /// operations has the refuse or trap condition, or the fixup, that the
    /// outcome needs. The sentence says which.
    case noCondition(String)
    /// An inductive invariant: the initial state satisfies it, every
    /// operation keeps it (on every path: refused, trapped, each fixup, with
    /// the word's wrap and carries), and no step from a state satisfying it
    /// produces the outcome.
    case invariant(Invariant)
  }

  /// The invariant, when the proof is one.
  var invariant: Invariant? {
    if case .invariant(let i) = argument { return i }
    return nil
  }
}
