/// The points of a sweep (or of one shard of it), each with where it stands:
/// on the Pareto front, dominated, filtered out, unknown, invalid.
///
/// Everything derived (standings, the front) is computed from the spec and
/// the points' measures alone, so a merge of shards recomputes it and gives
/// exactly the result of one run.
public struct SweepResult: Sendable {
  var spec: SweepSpec
  /// `(index, count)`, 0-based, for one shard; nil for the whole sweep.
  public var shard: (index: Int, count: Int)?
  /// This run's points, by increasing index.
  public var points: [SweepPoint]
  /// Where each point stands, in the order of ``points``.
  public private(set) var standings: [SweepPoint.Standing]
  /// Each point's objective values, in the order of ``points`` (empty for an
  /// invalid point).
  public private(set) var objectiveValues: [[SweepMeasure]]

  init(spec: SweepSpec, shard: (index: Int, count: Int)?, points: [SweepPoint]) {
    self.spec = spec
    self.shard = shard
    self.points = points.sorted { $0.index < $1.index }
    (standings, objectiveValues) = Self.stand(self.points, spec: spec, computeFront: shard == nil)
  }

  /// Points in the whole sweep.
  public var total: Int { spec.pointCount }

  /// Whether this is the whole sweep (not a shard).
  var isComplete: Bool { shard == nil }

  /// The positions in ``points`` of the front, in index order.
  public var front: [Int] { standings.indices.filter { standings[$0] == .front } }

  /// How many points stand each way.
  public func count(_ standing: SweepPoint.Standing) -> Int { standings.filter { $0 == standing }.count }

  /// `K/N` for a shard.
  var shardText: String? { shard.map { "\($0.index + 1)/\($0.count)" } }

  static func stand(_ points: [SweepPoint], spec: SweepSpec, computeFront: Bool) -> ([SweepPoint.Standing], [[SweepMeasure]]) {
    var standings: [SweepPoint.Standing] = []
    var objectives: [[SweepMeasure]] = []
    var candidates: [Int] = []
    for (i, p) in points.enumerated() {
      guard let m = p.measures else {
        standings.append(.invalid)
        objectives.append([])
        continue
      }
      let vector = spec.objectives.map { m[$0.metric] ?? .unknown }
      objectives.append(vector)
      var keep: Bool? = true
      for c in spec.conditions {
        switch c.holds(for: m) {
        case false?: keep = false
        case nil where keep == true: keep = nil
        default: break
        }
        if keep == false { break }
      }
      switch keep {
      case false?: standings.append(.filtered)
      case nil: standings.append(.undecided)
      default:
        if !vector.allSatisfy(\.isKnown) {
          standings.append(.unknown)
        } else if !vector.allSatisfy(\.isValue) {
          standings.append(.bounded)
        } else if !m.complete {
          standings.append(.incomplete)
        } else {
          standings.append(.kept)
          candidates.append(i)
        }
      }
    }
    if computeFront, !spec.objectives.isEmpty {
      let front = ParetoFront.indices(candidates.map { objectives[$0] }, objectives: spec.objectives)
      for c in candidates { standings[c] = .dominated }
      for f in front { standings[candidates[f]] = .front }
    }
    return (standings, objectives)
  }

  /// Merges the results of the shards of one sweep into exactly the result
  /// of one run.
  ///
  /// - Parameter files: the file each part came from, for messages.
  /// - Throws: ``Diagnostics`` unless the parts are shards 1 to N of N of one
  ///   sweep (same spec: layout and attacker digests, axes, filters,
  ///   objectives), each once, together holding every point once.
  /// - Complexity: O(points × log points + the front).
  public static func merged(_ parts: [SweepResult], files: [String]? = nil) throws(Diagnostics) -> SweepResult {
    func fail(_ i: Int?, _ message: String, hint: String? = nil) -> Diagnostics {
      Diagnostics([Diagnostic(file: i.flatMap { files?[$0] } ?? "merge", message: message, hint: hint)])
    }
    guard let head = parts.first else { throw fail(nil, "nothing to merge") }
    var count: Int?
    var seen = Set<Int>()
    var points: [SweepPoint] = []
    for (i, r) in parts.enumerated() {
      guard r.spec == head.spec else {
        throw fail(i, "not a shard of the same sweep as the first result", hint: "the layout and its digest, the parameters set and varied, the attacker, the conditions and the objectives must all agree")
      }
      guard let shard = r.shard else { throw fail(i, "not a shard result (it ran the whole sweep)", hint: "merge the results of `refbits sweep --shard K/N --format json`") }
      if let count, count != shard.count { throw fail(i, "shard \(shard.index + 1)/\(shard.count) is one of \(shard.count), another is one of \(count)") }
      count = shard.count
      guard seen.insert(shard.index).inserted else { throw fail(i, "shard \(shard.index + 1)/\(shard.count) appears twice") }
      guard r.points.allSatisfy({ $0.index % shard.count == shard.index }) else { throw fail(i, "shard \(shard.index + 1)/\(shard.count) holds points of another shard") }
      points += r.points
    }
    let n = count!
    let missing = (0..<n).filter { !seen.contains($0) }
    guard missing.isEmpty else { throw fail(nil, "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0 + 1)/\(n)" }.joined(separator: ", "))") }
    guard points.count == head.total, Set(points.map(\.index)).count == points.count else {
      throw fail(nil, "the shards hold \(points.count) points, the sweep has \(head.total)")
    }
    return SweepResult(spec: head.spec, shard: nil, points: points)
  }
}
