import Foundation

extension FuzzResult {
  /// Reads a result file of `refbits fuzz --format json`: one result or an
  /// array of them.
  ///
  /// - Throws: ``Diagnostics`` naming the file when it cannot be read or is
  ///   not such a result.
  public static func load(contentsOf path: String) throws(Diagnostics) -> [FuzzResult] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Diagnostics([Diagnostic(file: path, message: "cannot read the file")])
    }
    let decoder = JSONDecoder()
    if let one = try? decoder.decode(FuzzResult.self, from: data) { return [one] }
    do { return try decoder.decode([FuzzResult].self, from: data) } catch {
      throw Diagnostics([Diagnostic(file: path, message: "not a result of `refbits fuzz --format json`: \(error)")])
    }
  }

  /// Reads shard result files and merges the shards of each campaign (one
  /// layout under one workload), in the order the campaigns first appear:
  /// what `refbits merge` prints.
  ///
  /// - Throws: ``Diagnostics`` for a file that does not read, or shards that
  ///   do not make up a campaign (``merged(_:files:)``).
  public static func merged(files: [String]) throws(Diagnostics) -> [FuzzResult] {
    var groups: [String: [(result: FuzzResult, file: String)]] = [:]
    var order: [String] = []
    for f in files {
      for r in try load(contentsOf: f) {
        let key = "\(r.layoutName)\u{0}\(r.workload)"
        if groups[key] == nil { order.append(key) }
        groups[key, default: []].append((r, f))
      }
    }
    var out: [FuzzResult] = []
    for key in order {
      let group = groups[key] ?? []
      out.append(try merged(group.map(\.result), files: group.map(\.file)))
    }
    return out
  }

  /// Merges the results of the shards of one campaign into exactly the
  /// result of the whole campaign run at once.
  ///
  /// - Throws: ``Diagnostics`` when the results are not the complete set of
  ///   shards of one campaign (same layout and workload digests, seed,
  ///   operations; shards 1 to N of N, each once, each complete).
  /// - Complexity: O(shards × outcomes).
  public static func merged(_ parts: [FuzzResult], files: [String]? = nil) throws(Diagnostics) -> FuzzResult {
    func fail(_ i: Int?, _ message: String, hint: String? = nil) -> Diagnostics {
      Diagnostics([Diagnostic(file: i.flatMap { files?[$0] } ?? "<merge>", message: message, hint: hint)])
    }
    guard let head = parts.first else { throw fail(nil, "nothing to merge") }
    var byIndex: [Int: FuzzResult] = [:]
    var count: Int?
    for (i, r) in parts.enumerated() {
      guard r.layoutDigest == head.layoutDigest, r.workloadDigest == head.workloadDigest, r.seed == head.seed, r.operations == head.operations, r.lifetime == head.lifetime, r.layoutName == head.layoutName else {
        throw fail(i, "not a shard of the same campaign as the first result (layout, workload, their digests, seed and operations must all agree)")
      }
      guard let text = r.shard else { throw fail(i, "not a shard result (it ran the whole campaign)", hint: "merge the results of `refbits fuzz --shard K/N`") }
      guard let shard = FuzzShard(parsing: text) else { throw fail(i, "malformed shard '\(text)'", hint: "a shard reads K/N with 1 <= K <= N") }
      if let count, count != shard.count { throw fail(i, "shard \(shard) is one of \(shard.count), another is one of \(count)") }
      count = shard.count
      guard byIndex[shard.index] == nil else { throw fail(i, "shard \(shard) appears twice") }
      guard r.complete else { throw fail(i, "shard \(shard) did not finish (\(r.stoppedBy?.rawValue ?? "stopped"))", hint: "run it again without a time limit") }
      byIndex[shard.index] = r
    }
    let n = count ?? 0
    let missing = (0..<max(1, n)).filter { byIndex[$0] == nil }
    guard missing.isEmpty else { throw fail(nil, "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0 + 1)/\(n)" }.joined(separator: ", "))") }
    let ordered = (0..<n).compactMap { byIndex[$0] }
    var tally = FuzzTally.empty(at: 0)
    var witnesses: [Outcome: Witness] = [:]
    for r in ordered {
      guard r.tally.firstLifetime == tally.endLifetime else { throw fail(nil, "shard \(r.shard ?? "?") starts at lifetime \(r.tally.firstLifetime), expected \(tally.endLifetime)") }
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
}
