/// Reading the results of `refbits sweep --format json` back (what `refbits
/// merge` takes for sweeps), bounded and located like every JSON input.
extension SweepResult {
  /// Whether the file at `path` holds a sweep result: its top-level object
  /// names the format `refbits-sweep`. False for anything unreadable, too
  /// large, or another kind of JSON (a fuzz result).
  public static func isSweepResult(atPath path: String) -> Bool {
    struct Header: Decodable { var format: String? }
    guard let bytes = try? InputFile.read(path, shown: path, limit: InputLimits.jsonFileBytes, what: "result"),
      let header = try? JSONInput.decode(Header.self, from: bytes, file: path, what: "result")
    else { return false }
    return header.format == "refbits-sweep"
  }

  /// Reads the shard results in `files` and merges them into the result of
  /// the whole sweep (``merged(_:files:)``).
  ///
  /// - Throws: ``Diagnostics`` naming the file at fault: unreadable, larger
  ///   than ``InputLimits/jsonFileBytes``, not a sweep result (with the JSON
  ///   path), more than ``InputLimits/shards`` files, or shards that do not
  ///   make up one sweep.
  public static func merged(files: [String]) throws(Diagnostics) -> SweepResult {
    guard files.count <= InputLimits.shards else {
      throw Diagnostics([Diagnostic(file: "<merge>", message: "at most \(InputLimits.shards) files are merged at once, not \(files.count)")])
    }
    var parts: [SweepResult] = []
    for f in files {
      let document = try JSONInput.decode(SweepDocument.self, contentsOf: f, what: "result of `refbits sweep --format json`", hint: "merge the JSON results of `refbits sweep --shard K/N --format json`")
      parts.append(try SweepResult(document: document, file: f))
    }
    return try merged(parts, files: files)
  }
}
