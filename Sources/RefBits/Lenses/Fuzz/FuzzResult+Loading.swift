import Foundation

/// Reading the results of `refbits fuzz --format json` back (what `refbits
/// merge` takes), with every value checked before it is used.
extension FuzzResult {
  /// Reads a result file: one result, or an array of them (several layouts).
  ///
  /// - Throws: ``Diagnostics`` naming the file, the JSON path and what was
  ///   expected there.
  public static func load(contentsOf path: String) throws(Diagnostics) -> [FuzzResult] {
    try load(contentsOf: path, limit: InputLimits.jsonFileBytes).results
  }

  /// Reads a result file of at most `limit` bytes; the results and the
  /// bytes read.
  static func load(contentsOf path: String, limit: Int) throws(Diagnostics) -> (results: [FuzzResult], bytes: Int) {
    let what = "result of `refbits fuzz --format json`"
    let hint = "merge the JSON results of `refbits fuzz --shard K/N --format json`"
    let bytes = try InputFile.read(path, shown: path, limit: limit, what: "fuzz result (or set of results to merge)", hint: hint)
    let array = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "[")
    let results = array
      ? try JSONInput.decode([FuzzResult].self, from: bytes, file: path, what: what, hint: hint)
      : [try JSONInput.decode(FuzzResult.self, from: bytes, file: path, what: what, hint: hint)]
    for (i, r) in results.enumerated() { try r.validate(file: path, at: array ? "[\(i)]" : "") }
    return (results, bytes.count)
  }

  /// Reads shard results from files (each one result or an array) and
  /// merges the shards of each campaign (layout and workload), in the order
  /// the campaigns first appear.
  ///
  /// - Throws: ``Diagnostics`` naming the file at fault: unreadable, not a
  ///   fuzz result, more than ``InputLimits/shards`` files or
  ///   ``InputLimits/jsonFileBytes`` bytes in all, or shards that do not
  ///   make up whole campaigns (``merged(_:files:)``).
  public static func merged(files: [String]) throws(Diagnostics) -> [FuzzResult] {
    guard files.count <= InputLimits.shards else {
      throw Diagnostics([Diagnostic(file: "<merge>", message: "at most \(InputLimits.shards) files are merged at once, not \(files.count)")])
    }
    var groups: [String: [(result: FuzzResult, file: String)]] = [:]
    var order: [String] = []
    var left = InputLimits.jsonFileBytes  // for all the files together
    for f in files {
      let (results, bytes) = try load(contentsOf: f, limit: left)
      left -= bytes
      for r in results {
        let key = "\(r.layoutName)\u{0}\(r.workload)"
        if groups[key] == nil { order.append(key) }
        groups[key, default: []].append((r, f))
      }
    }
    var merged: [FuzzResult] = []
    for key in order {
      let g = groups[key] ?? []
      merged.append(try Self.merged(g.map(\.result), files: g.map(\.file)))
    }
    return merged
  }

  /// Whether `name` can be a directory name under `--out`: a file's base
  /// name, never a path (no `/`, not `.` or `..`, not empty, no NUL), of at
  /// most ``InputLimits/nameLength`` characters.
  static func isFileName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
      && name.unicodeScalars.count <= InputLimits.nameLength
  }

  /// Checks what decoding cannot: the format and its version, names usable
  /// as file names, counts within ``InputLimits``, claims that parse, and
  /// every witness.
  ///
  /// - Parameter prefix: the JSON path of the result in its file.
  public func validate(file: String, at prefix: String = "") throws(Diagnostics) {
    func key(_ k: String) -> String { prefix.isEmpty ? k : k.hasPrefix("[") ? prefix + k : "\(prefix).\(k)" }
    func fail(_ k: String, _ message: String, hint: String? = nil) -> Diagnostics {
      Diagnostics([Diagnostic(file: file, keyPath: key(k), message: message, hint: hint)])
    }
    guard format == "refbits-fuzz" else { throw fail("format", "not a fuzz result (format '\(format)', expected 'refbits-fuzz')") }
    guard (1...Self.currentFormatVersion).contains(formatVersion) else {
      throw fail("format_version", "format version \(formatVersion) is not one this RefBits reads (1 to \(Self.currentFormatVersion))", hint: "written by RefBits \(version); this is \(RefBitsVersion.current)")
    }
    guard Self.isFileName(layoutName) else {
      throw fail("layout_name", "'\(layoutName)' is not a layout name (a file's base name: no '/', not '.' or '..', at most \(InputLimits.nameLength) characters)")
    }
    guard (1...InputLimits.operations).contains(operations) else { throw fail("operations", "operations are from 1 to \(InputLimits.operations), not \(operations)") }
    guard (1...InputLimits.lifetime).contains(lifetime) else { throw fail("lifetime", "a lifetime is from 1 to \(InputLimits.lifetime) operations, not \(lifetime)") }
    if let shard, FuzzShard(parsing: shard) == nil {
      throw fail("shard", "'\(shard)' is not a shard: expected K/N with 1 <= K <= N <= \(InputLimits.shards)")
    }
    let t = tally
    for (k, v) in [("tally.first_lifetime", t.firstLifetime), ("tally.lifetimes", t.lifetimes), ("tally.operations", t.operations), ("tally.truncated_bursts", t.truncatedBursts)]
    where !(0...InputLimits.operations).contains(v) {
      throw fail(k, "expected a count from 0 to \(InputLimits.operations), not \(v)")
    }
    guard !t.steps.isNegative, t.steps.bitWidth <= InputLimits.numberBits else { throw fail("tally.steps", "expected a count of steps, not \(t.steps)") }
    for (i, e) in t.outcomes.enumerated() {
      guard !e.count.isNegative, e.count.bitWidth <= InputLimits.numberBits else { throw fail("tally.outcomes[\(i)].count", "expected a count of steps, not \(e.count)") }
      if let f = e.first { try f.validate(file: file, at: key("tally.outcomes[\(i)].first")) }
    }
    for (i, o) in outcomes.enumerated() {
      if let f = o.first { try f.validate(file: file, at: key("outcomes[\(i)].first")) }
    }
    for (i, c) in claims.enumerated() where Self.claimPattern(c.claim) == nil {
      throw fail("claims[\(i)].claim", "'\(c.claim)' is not a claim: expected 'never OUTCOME', such as 'never premature_free' or 'never false_negative(maybe_pinned)'")
    }
    for (i, w) in witnesses.enumerated() { try w.validate(file: file, at: key("witnesses[\(i)]")) }
  }

  /// The outcome class of a claim's text, `never false_negative(maybe_pinned)`.
  static func claimPattern(_ claim: String) -> OutcomePattern? {
    guard claim.hasPrefix("never "), let p = OutcomePattern(parsing: String(claim.dropFirst("never ".count))), p.category != .ok else { return nil }
    return p
  }
}
