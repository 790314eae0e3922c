import Foundation

/// The result of fuzzing one layout with one workload: what `refbits fuzz
/// --format json` prints and `refbits merge` reads and writes.
///
/// It holds nothing that depends on time, jobs or machines: the same seed
/// and operations give the same bytes, and shard results merge into exactly
/// the unsharded result (``merged(_:)``).
public struct FuzzResult: Sendable, Hashable, Codable {
  public var format: String
  public var formatVersion: Int
  public var version: String
  public var layout: String
  public var layoutName: String
  public var layoutDigest: String
  public var workload: String
  public var workloadDigest: String
  public var seed: UInt64
  /// Operations of the whole campaign (all shards), and per lifetime.
  public var operations: Int
  public var lifetime: Int
  /// `K/N` (1-based) for one shard; nil for a whole campaign.
  public var shard: String?
  /// Whether every lifetime of the range ran.
  public var complete: Bool
  public var stoppedBy: FuzzStopReason?
  /// Workload actors the layout has no kind for.
  public var skippedActors: [String]
  /// The raw counts and first sightings (what merging adds up).
  public var tally: FuzzTally
  /// Per outcome seen: count, rate, interval, first sighting, witness file.
  public var outcomes: [OutcomeSummary]
  /// Per claim of the layout: held or broken.
  public var claims: [ClaimResult]
  /// The shrunk witness of each outcome seen (but `ok`), in outcome order.
  public var witnesses: [Witness]

  public static let currentFormatVersion = 1

  public struct OutcomeSummary: Sendable, Hashable, Codable {
    public var outcome: Outcome
    public var count: BigInt
    /// Per million steps.
    public var ratePerMillion: Double
    /// 95%, per million steps.
    public var interval: ConfidenceInterval
    public var first: FirstSeen?
    /// Relative to `--out`.
    public var witnessFile: String?

    enum CodingKeys: String, CodingKey {
      case outcome, count, interval, first
      case ratePerMillion = "rate_per_million"
      case witnessFile = "witness_file"
    }
  }

  public struct ClaimResult: Sendable, Hashable, Codable {
    /// `never false_negative(maybe_pinned)`.
    public var claim: String
    public var description: String
    public var broken: Bool
    /// Steps that broke it.
    public var count: BigInt
    /// 95% interval of the rate per million steps (rule of three if held).
    public var interval: ConfidenceInterval
    /// The outcome whose witness shows it broken: the first seen.
    public var witness: Outcome?
    public var witnessFile: String?

    enum CodingKeys: String, CodingKey {
      case claim, description, broken, count, interval, witness
      case witnessFile = "witness_file"
    }
  }

  enum CodingKeys: String, CodingKey {
    case format, version, layout, workload, seed, operations, lifetime, shard, complete, tally, outcomes, claims, witnesses
    case formatVersion = "format_version"
    case layoutName = "layout_name"
    case layoutDigest = "layout_digest"
    case workloadDigest = "workload_digest"
    case stoppedBy = "stopped_by"
    case skippedActors = "skipped_actors"
  }

  /// The file a witness is written to under `--out`:
  /// `LAYOUT/false_positive-maybe_pinned.json`.
  public static func witnessFile(layout: String, outcome: Outcome) -> String {
    let slug = outcome.category.rawValue + (outcome.argument.map { "-\($0)" } ?? "")
    return "\(layout)/\(slug).json"
  }

  /// Builds the result from a run's tally and the witnesses of its outcomes.
  public init(campaign c: FuzzCampaign, tally: FuzzTally, complete: Bool, stoppedBy: FuzzStopReason?, witnesses: [Outcome: Witness]) {
    format = "refbits-fuzz"
    formatVersion = Self.currentFormatVersion
    version = RefBitsVersion.current
    layout = c.layoutArgument
    layoutName = c.layout.name
    layoutDigest = c.layoutDigest
    workload = c.workload.name
    workloadDigest = c.workloadDigest
    seed = c.seed
    operations = c.operations
    lifetime = c.workload.lifetime
    shard = c.shard?.description
    self.complete = complete
    self.stoppedBy = stoppedBy
    skippedActors = BoundWorkload(c.workload, layout: c.layout).skipped
    self.tally = tally
    outcomes = []
    claims = c.layout.claims.map { ClaimResult(claim: "never \($0.text)", description: $0.description, broken: false, count: 0, interval: ConfidenceInterval(lower: 0, upper: 1, method: "none")) }
    self.witnesses = []
    summarize(witnesses: witnesses)
  }

  /// Derives the outcome summaries and claim results from the tally, and
  /// stores the witnesses.
  mutating func summarize(witnesses: [Outcome: Witness]) {
    let name = layoutName
    let steps = tally.steps
    outcomes = tally.outcomes.map { e in
      OutcomeSummary(
        outcome: e.outcome, count: e.count,
        ratePerMillion: steps.isZero ? 0 : e.count.doubleValue / steps.doubleValue * 1e6,
        interval: ConfidenceInterval(count: e.count, trials: steps).scaled(1e6),
        first: e.first,
        witnessFile: witnesses[e.outcome] == nil ? nil : Self.witnessFile(layout: name, outcome: e.outcome))
    }
    claims = claims.map { claim in
      let pattern = OutcomePattern(parsing: String(claim.claim.dropFirst("never ".count)))!
      let matching = tally.outcomes.filter { pattern.matches($0.outcome) }
      let count = matching.reduce(BigInt(0)) { $0 + $1.count }
      // The witness: the outcome seen first (then the most severe).
      let first = matching.filter { $0.first != nil }.min { a, b in (a.first!.step, a.outcome) < (b.first!.step, b.outcome) }
      return ClaimResult(
        claim: claim.claim, description: claim.description, broken: !count.isZero, count: count,
        interval: ConfidenceInterval(count: count, trials: steps).scaled(1e6),
        witness: first?.outcome,
        witnessFile: first.flatMap { witnesses[$0.outcome] == nil ? nil : Self.witnessFile(layout: name, outcome: $0.outcome) })
    }
    self.witnesses = witnesses.values.sorted { $0.outcome < $1.outcome }
  }

  /// The broken claims.
  public var brokenClaims: [ClaimResult] { claims.filter(\.broken) }

  /// The witness of an outcome.
  public func witness(_ o: Outcome) -> Witness? { witnesses.first { $0.outcome == o } }
}

