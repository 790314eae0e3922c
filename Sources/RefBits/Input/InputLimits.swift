/// The largest inputs RefBits accepts, checked before any work starts.
///
/// Every input file and command-line value is bounded, so that no input can
/// make a command run for hours or exhaust memory: a value past a limit is a
/// located error (exit status 2), never a trap, a hang or a half-written
/// output. Each limit is far above what the shipped files use (the largest
/// shipped layout has 2 words, 13 fields, 4 kinds and 4 predicates) and is
/// documented with its format (`docs/layout-format.md`,
/// `docs/workload-format.md`, `docs/attacker-format.md`, `docs/json.md`).
///
/// Work that still grows with an input inside these limits is polynomial in
/// it, and where a single run could step for too long (a script's huge count
/// on a condition that is not linear) it stops at a budget of single steps
/// and says so, located, instead of looping.
public enum InputLimits {
  // MARK: Files

  /// Bytes of a TOML input file (layout, workload, attacker profile).
  static let tomlFileBytes = 1 << 20
  /// Bytes of a JSON input file (a witness, a fuzz result or shard).
  static let jsonFileBytes = 64 << 20
  /// Levels of nesting in a TOML file: dotted parts of a table header or
  /// key, inline tables and arrays, counted together (`kinds.ref.acquire.
  /// fixups` is 4; the deepest shipped key has 6).
  static let tomlNesting = 16
  /// Bits of a number: a constant, a literal, a count in a witness.
  static let numberBits = 1 << 16
  /// Characters of a name (a constant, word, field, kind, predicate, actor,
  /// resource or route).
  static let nameLength = 128

  // MARK: Layouts

  static let constants = 1024
  static let words = 16
  /// Fields over all words.
  static let fields = 128
  static let kinds = 16
  static let predicates = 16
  static let claims = 64
  /// Fixups of one acquire or release.
  static let fixups = 32
  /// Effects of one acquire, release or fixup.
  static let effects = 32
  /// Operations (that are not references).
  static let layoutOperations = 16
  /// Atomic sub-steps of one acquire, release or operation.
  static let steps = 256
  /// Race scenarios.
  static let scenarios = 64

  // MARK: Workloads

  static let actors = 256
  /// Kind choices of one actor.
  static let actorKinds = 64
  /// Operations in one object lifetime: a witness is a prefix of one, so
  /// this also bounds a witness's operations.
  static let lifetime = 1_000_000
  /// Largest relative weight of an actor or a kind choice (the sum of all
  /// weights must stay a finite number).
  static let weight = 1e12
  /// Bits of the largest burst (a burst of 2^128 references is far past
  /// any word).
  static let burstBits = 128

  // MARK: Attacker profiles

  static let resources = 64
  static let routes = 64

  // MARK: Runs

  /// `--ops` of `fuzz`, `compare`, `report` and `bench`.
  public static let operations = 1 << 50
  /// Shards of one campaign (`fuzz --shard K/N`, `merge`).
  public static let shards = 4096
  /// Phases of a `trace` script.
  static let scriptPhases = 65536
  /// Largest actor number of a script or witness (`@ACTOR`): the workload
  /// actors are numbered from 1, the creator is 0.
  static let actor = actors
  /// Single steps a `trace` or `replay` may take in all (bursts over
  /// conditions that are not linear, or that wrap a field again and again,
  /// step one at a time); past it the run stops with an error that names the
  /// phase.
  public static let traceSingleSteps = 1 << 16
}
