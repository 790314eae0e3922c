import Foundation

/// The result of fuzzing one layout with one workload: what `refbits fuzz
/// --format json` prints and `refbits merge` reads and writes.
///
/// It holds nothing that depends on time, jobs or machines: the same seed
/// and operations give the same bytes, and shard results merge into exactly
/// the unsharded result (``merged(_:)``).
public struct FuzzResult: Sendable, Hashable, Codable {
  var format: String
  var formatVersion: Int
  var version: String
  /// The layout as named on the command line (a shipped name or a path),
  /// what a replay resolves.
  public var layout: String
  var layoutName: String
  var layoutDigest: String
  /// The workload's name.
  public var workload: String
  var workloadDigest: String
  /// The seed every lifetime's random numbers derive from.
  public var seed: UInt64
  /// Operations of the whole campaign (all shards).
  public var operations: Int
  /// Operations per lifetime (the workload's), the last lifetime possibly
  /// shorter.
  public var lifetime: Int
  /// `K/N` (1-based) for one shard; nil for a whole campaign.
  public var shard: String?
  /// Whether every lifetime of the range ran.
  var complete: Bool
  var stoppedBy: FuzzStopReason?
  /// Workload actors the layout has no kind for.
  var skippedActors: [String]
  /// The raw counts and first sightings (what merging adds up).
  var tally: FuzzTally
  /// Per outcome seen: count, rate, interval, first sighting, witness file.
  public var outcomes: [OutcomeSummary]
  /// Per claim of the layout: held or broken.
  public var claims: [ClaimResult]
  /// The shrunk witness of each outcome seen (but `ok`), in outcome order.
  public var witnesses: [Witness]

  static let currentFormatVersion = 1

  /// What the campaign saw of one outcome.
  public struct OutcomeSummary: Sendable, Hashable, Codable {
    /// The outcome (`ok`, `false_positive(maybe_pinned)`, ...).
    public var outcome: Outcome
    /// Steps that produced it.
    public var count: BigInt
    /// Per million steps.
    var ratePerMillion: Double
    /// 95%, per million steps.
    public var interval: ConfidenceInterval
    /// Where it was first seen (lifetime, operation, step).
    public var first: FirstSeen?
    /// Relative to `--out`.
    var witnessFile: String?

    enum CodingKeys: String, CodingKey {
      case outcome, count, interval, first
      case ratePerMillion = "rate_per_million"
      case witnessFile = "witness_file"
    }
  }

  /// What the campaign says of one claim of the layout: held over every
  /// step, or broken.
  public struct ClaimResult: Sendable, Hashable, Codable {
    /// `never false_negative(maybe_pinned)`.
    public var claim: String
    /// The claim's description in the layout file.
    public var description: String
    /// Whether some step produced an outcome the claim rules out.
    public var broken: Bool
    /// Steps that broke it.
    public var count: BigInt
    /// 95% interval of the rate per million steps (rule of three if held).
    public var interval: ConfidenceInterval
    /// The outcome whose witness shows it broken: the first seen.
    public var witness: Outcome?
    var witnessFile: String?

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
  static func witnessFile(layout: String, outcome: Outcome) -> String {
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
      // Claims come from a layout, or from a file that ``validate(file:at:)``
      // checked: each parses. One that did not would be left as it is.
      guard let pattern = Self.claimPattern(claim.claim) else { return claim }
      let matching = tally.outcomes.filter { pattern.matches($0.outcome) }
      let count = matching.reduce(BigInt(0)) { $0 + $1.count }
      // The witness: the outcome seen first (then the most severe).
      let first = matching.compactMap { e in e.first.map { (step: $0.step, outcome: e.outcome) } }.min { a, b in (a.step, a.outcome) < (b.step, b.outcome) }
      return ClaimResult(
        claim: claim.claim, description: claim.description, broken: !count.isZero, count: count,
        interval: ConfidenceInterval(count: count, trials: steps).scaled(1e6),
        witness: first?.outcome,
        witnessFile: first.flatMap { witnesses[$0.outcome] == nil ? nil : Self.witnessFile(layout: name, outcome: $0.outcome) })
    }
    self.witnesses = witnesses.values.sorted { $0.outcome < $1.outcome }
  }

  /// Merges the results of the shards of one campaign into exactly the
  /// result of the whole campaign run at once.
  ///
  /// - Parameter files: the file each result was read from, for messages.
  /// - Throws: ``Diagnostics`` when the results are not the complete set of
  ///   shards of one campaign (same layout and workload digests, seed,
  ///   operations; shards 1 to N of N, each once, each complete), naming the
  ///   file of the result at fault.
  /// - Complexity: O(shards × outcomes).
  public static func merged(_ parts: [FuzzResult], files: [String]? = nil) throws(Diagnostics) -> FuzzResult {
    func fail(_ i: Int?, _ message: String, keyPath: String = "", hint: String? = nil) -> Diagnostics {
      let file = i.flatMap { i in files.flatMap { i < $0.count ? $0[i] : nil } } ?? "<merge>"
      return Diagnostics([Diagnostic(file: file, keyPath: keyPath, message: message, hint: hint)])
    }
    guard let head = parts.first else { throw fail(nil, "nothing to merge") }
    var byIndex: [Int: (result: FuzzResult, part: Int)] = [:]
    var count: Int?
    for (i, r) in parts.enumerated() {
      guard r.layoutDigest == head.layoutDigest, r.workloadDigest == head.workloadDigest, r.seed == head.seed, r.operations == head.operations, r.lifetime == head.lifetime, r.layoutName == head.layoutName else {
        throw fail(i, "not a shard of the same campaign as the first result (layout, workload, their digests, seed and operations must all agree)")
      }
      guard let shard = r.shard else { throw fail(i, "not a shard result (it ran the whole campaign)", hint: "merge the results of `refbits fuzz --shard K/N`") }
      guard let parsed = FuzzShard(parsing: shard) else {
        throw fail(i, "'\(shard)' is not a shard: expected K/N with 1 <= K <= N <= \(InputLimits.shards)", keyPath: "shard")
      }
      let (index, n) = (parsed.index, parsed.count)
      if let count, count != n { throw fail(i, "shard \(shard) is one of \(n), another is one of \(count)", keyPath: "shard") }
      count = n
      if let other = byIndex[index] {
        throw fail(i, "shard \(shard) appears twice", keyPath: "shard", hint: files.flatMap { other.part < $0.count ? "also in \($0[other.part])" : nil })
      }
      guard r.complete else { throw fail(i, "shard \(shard) did not finish (\(r.stoppedBy?.rawValue ?? "stopped"))", hint: "run it again without a time limit") }
      byIndex[index] = (r, i)
    }
    // `count` is set: every part has a shard (a guard above).
    let n = count ?? 1
    let missing = (0..<n).filter { byIndex[$0] == nil }
    guard missing.isEmpty else {
      let shown = missing.prefix(8).map { "\($0 + 1)/\(n)" }.joined(separator: ", ") + (missing.count > 8 ? " and \(missing.count - 8) more" : "")
      throw fail(nil, "missing shard\(missing.count == 1 ? "" : "s") \(shown) of \(head.layoutName) under \(head.workload)", hint: "give every shard's result: 1/\(n) to \(n)/\(n)")
    }
    var tally = FuzzTally.empty(at: 0)
    var witnesses: [Outcome: Witness] = [:]
    for (_, (r, i)) in byIndex.sorted(by: { $0.key < $1.key }) {
      guard r.tally.firstLifetime == tally.endLifetime else {
        throw fail(i, "shard \(r.shard ?? "?") starts at lifetime \(r.tally.firstLifetime), expected \(tally.endLifetime)", keyPath: "tally.first_lifetime")
      }
      for e in r.tally.outcomes where witnesses[e.outcome] == nil {
        // Steps in a shard count from its start: shift them to the campaign's.
        if var w = r.witness(e.outcome) {
          w.found?.step += tally.steps
          witnesses[e.outcome] = w
        }
      }
      tally.append(r.tally)
    }
    var out = head
    out.shard = nil
    out.complete = true
    out.stoppedBy = nil
    out.tally = tally
    out.summarize(witnesses: witnesses)
    return out
  }

  /// The broken claims.
  var brokenClaims: [ClaimResult] { claims.filter(\.broken) }

  /// The witness of an outcome.
  public func witness(_ o: Outcome) -> Witness? { witnesses.first { $0.outcome == o } }
}

