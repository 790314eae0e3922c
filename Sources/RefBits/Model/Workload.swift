/// A randomized workload: actors that take and drop references of an object
/// over its lifetime, with weights, acquire/release mixes, burst sizes and
/// hold times, and operations they perform.
///
/// A `Workload` is data, read from a TOML file in `workloads/` (see
/// `docs/workload-format.md`). It names kinds of references and operations
/// by their layout names; ``BoundWorkload`` resolves it against one layout,
/// after ``check(against:)`` has made sure the layout has every operation it
/// names.
public struct Workload: Sendable, Hashable {
  /// Short name, usually the file's base name (`hot-shared-page`).
  public var name: String
  /// One-line title.
  public var title: String
  /// Where the shape of the workload comes from.
  public var source: String
  /// Longer free text.
  public var description: String
  /// Operations in one object lifetime: every lifetime starts from the
  /// layout's initial state.
  var lifetime: Int
  /// The actors, in file order.
  var actors: [Actor]

  /// Creates a workload from parts already checked; reading a file validates
  /// them, this initializer does not.
  init(name: String, title: String, source: String, description: String = "", lifetime: Int, actors: [Actor]) {
    self.name = name
    self.title = title
    self.source = source
    self.description = description
    self.lifetime = lifetime
    self.actors = actors
  }

  /// One source of operations.
  public struct Actor: Sendable, Hashable {
    /// The actor's name, shown in fuzz output and witnesses.
    public var name: String
    /// What the actor stands for in the modelled system; empty when the file
    /// does not say.
    public var description: String
    /// Relative chance that this actor takes the next operation.
    var weight: Double
    /// The kinds it acquires, with relative weights; each choice lists
    /// alternatives, of which the first the layout has is used.
    public var kinds: [KindChoice]
    /// The layout operations it performs, with relative weights beside those
    /// of ``kinds``: named explicitly, each must exist in the layout.
    public var operations: [OperationChoice]
    /// Chance that one of its turns acquires or performs an operation (else
    /// it releases).
    var acquire: Double
    /// How many references one acquire takes (all in one bulk step).
    var burst: Distribution
    /// How many operations (of the whole workload) a grant stays held before
    /// it may be released; `nil` holds forever.
    var hold: Distribution?

    /// Creates an actor. Its weights are relative, so they need not sum to 1;
    /// `acquire` is a probability in `0...1`.
    init(name: String, description: String = "", weight: Double, kinds: [KindChoice], operations: [OperationChoice] = [], acquire: Double, burst: Distribution, hold: Distribution?) {
      self.name = name
      self.description = description
      self.weight = weight
      self.kinds = kinds
      self.operations = operations
      self.acquire = acquire
      self.burst = burst
      self.hold = hold
    }
  }

  /// `"pin|pin_dma|pin_write"` with a weight: the first of these kinds that a
  /// layout has.
  public struct KindChoice: Sendable, Hashable {
    var alternatives: [String]
    var weight: Double

    /// Creates a choice of the first of `alternatives` that a layout has, with
    /// a relative `weight`.
    init(alternatives: [String], weight: Double = 1) {
      self.alternatives = alternatives
      self.weight = weight
    }

    /// The choice as written in the workload file: `pin|pin_dma`.
    public var text: String { alternatives.joined(separator: "|") }
  }

  /// An operation of the layout (`page_mkclean`) with a weight, and where
  /// the workload file names it.
  public struct OperationChoice: Sendable, Hashable {
    /// The operation's name in the layout (`[operations.NAME]`).
    public var name: String
    var weight: Double
    /// The file, line and column and key path of the name, for the error
    /// when a layout lacks the operation.
    var file: String
    /// The line of the name in ``file``; nil when not read from a file.
    var line: Int?
    /// The column of the name in ``file``; nil when not read from a file.
    var column: Int?
    var keyPath: String

    /// Creates a choice of the operation `name` with a relative `weight`, and where
    /// it is written, for located errors.
    init(name: String, weight: Double = 1, file: String = "", line: Int? = nil, column: Int? = nil, keyPath: String = "") {
      self.name = name
      self.weight = weight
      self.file = file
      self.line = line
      self.column = column
      self.keyPath = keyPath
    }
  }
}

/// A distribution of non-negative integers (burst sizes, hold times).
public enum Distribution: Sendable, Hashable, CustomStringConvertible {
  /// Always this value.
  case fixed(BigInt)
  /// Uniform over `low...high`.
  case uniform(BigInt, BigInt)
  /// Geometric on 1, 2, 3, ... with this mean (≥ 1): the number of trials up
  /// to the first success, success chance 1/mean.
  case geometric(mean: Double)
  /// Log-uniform up to 2^`maxBits`: an exponent `e` uniform in
  /// `minBits..<maxBits`, then a value uniform in `2^e..<2^(e+1)`.
  case logUniform(minBits: Int, maxBits: Int)

  /// The distribution as the workload file writes it (`uniform 1...64`).
  public var description: String {
    switch self {
    case .fixed(let v): "\(v)"
    case .uniform(let a, let b): "uniform \(a)...\(b)"
    case .geometric(let m): "geometric, mean \(m)"
    case .logUniform(let lo, let hi): lo == 0 ? "log-uniform up to 2^\(hi)" : "log-uniform 2^\(lo)...2^\(hi)"
    }
  }

  /// The largest value the distribution can give, or nil for no bound
  /// (geometric).
  var upperBound: BigInt? {
    switch self {
    case .fixed(let v): v
    case .uniform(_, let b): b
    case .geometric: nil
    case .logUniform(_, let hi): BigInt.power(of2: hi) - 1
    }
  }
}
