import Foundation

/// A versioned, replayable record of the operations that produce an outcome:
/// what the fuzzer writes for the first witness of each outcome, shrunk, and
/// what `refbits replay` reads.
///
/// It names the layout as it was given (a shipped name or a path) with the
/// digest of the layout file, so that a replay on a changed layout fails
/// instead of explaining something else.
public struct Witness: Sendable, Hashable, Codable {
  /// Always `refbits-trace`.
  public var format: String
  /// The version of this format (1).
  var formatVersion: Int
  /// The RefBits version that wrote it.
  public var version: String
  /// The layout as given on the command line, its name and file digest.
  public var layout: String
  /// The layout's own name (its file's `name`), whatever path named it.
  public var layoutName: String
  var layoutDigest: String
  /// The layout's parameters set away from their defaults (`--set`), which a
  /// replay sets again; absent when there are none.
  public var parameters: [String: BigInt]?
  /// The campaign that found it, when one did.
  public var workload: String?
  var workloadDigest: String?
  /// The campaign's seed, when a campaign found it.
  public var seed: UInt64?
  /// The outcome the operations produce (at their last step).
  public var outcome: Outcome
  /// Where the campaign first saw the outcome.
  public var found: FirstSeen?
  /// Operations of the lifetime up to the outcome, before shrinking.
  public var originalOperations: Int?
  /// Steps of those operations.
  var originalSteps: BigInt?
  /// The operations, in order, from the layout's initial state.
  public var operations: [Operation]

  static let currentFormatVersion = 1

  /// One phase: an operation by name (as in scripts), the actor, the count.
  public struct Operation: Sendable, Hashable, Codable {
    var op: String
    var actor: Int
    var count: BigInt
  }

  enum CodingKeys: String, CodingKey {
    case format, version, layout, parameters, workload, seed, outcome, found, operations
    case formatVersion = "format_version"
    case layoutName = "layout_name"
    case layoutDigest = "layout_digest"
    case workloadDigest = "workload_digest"
    case originalOperations = "original_operations"
    case originalSteps = "original_steps"
  }

  init(layout: String, layoutName: String, layoutDigest: String, parameters: [String: BigInt]? = nil, outcome: Outcome, operations: [Operation], workload: String? = nil, workloadDigest: String? = nil, seed: UInt64? = nil, found: FirstSeen? = nil, originalOperations: Int? = nil, originalSteps: BigInt? = nil) {
    format = "refbits-trace"
    formatVersion = Self.currentFormatVersion
    version = RefBitsVersion.current
    self.layout = layout
    self.layoutName = layoutName
    self.layoutDigest = layoutDigest
    self.parameters = parameters
    self.outcome = outcome
    self.operations = operations
    self.workload = workload
    self.workloadDigest = workloadDigest
    self.seed = seed
    self.found = found
    self.originalOperations = originalOperations
    self.originalSteps = originalSteps
  }

  /// The operations as a script for `refbits trace`: `get_page*1023@2, pin@1`.
  public var script: String {
    operations.map { o in
      o.op + (o.count == 1 ? "" : "*\(o.count)") + (o.actor == 0 ? "" : "@\(o.actor)")
    }.joined(separator: ", ")
  }

  /// Steps in all operations.
  public var steps: BigInt { operations.reduce(BigInt(0)) { $0 + $1.count } }

  /// Phases of a layout as trace operations.
  static func operations(_ phases: [Phase], layout: Layout) -> [Operation] {
    phases.map { Operation(op: layout.operationName($0.op), actor: $0.op.actor, count: $0.count) }
  }

  /// The operations as a parsed script on `layout`.
  public func script(on layout: Layout) throws(ExpressionError) -> Script {
    try Script.parse(script, layout: layout)
  }

  /// The JSON text (sorted keys, pretty printed).
  public var json: String { JSONOutput.encode(self) + "\n" }

  /// Reads a trace file, and checks every value in it (``validate(file:at:)``).
  ///
  /// - Throws: ``Diagnostics`` naming the file, the JSON path and what was
  ///   expected there.
  public static func load(contentsOf path: String) throws(Diagnostics) -> Witness {
    let witness = try JSONInput.decode(Witness.self, contentsOf: path, what: "RefBits trace", hint: "traces are the JSON files `refbits fuzz --out DIR` writes")
    try witness.validate(file: path)
    return witness
  }

  /// Checks what decoding cannot: the format and its version, names that
  /// are names, counts and actors within ``InputLimits``.
  ///
  /// - Parameter prefix: the JSON path of the witness in its file (`""` for
  ///   a trace file, `witnesses[2]` in a fuzz result).
  public func validate(file: String, at prefix: String = "") throws(Diagnostics) {
    func fail(_ key: String, _ message: String, hint: String? = nil) -> Diagnostics {
      Diagnostics([Diagnostic(file: file, keyPath: prefix.isEmpty ? key : key.isEmpty ? prefix : "\(prefix).\(key)", message: message, hint: hint)])
    }
    guard format == "refbits-trace" else { throw fail("format", "not a RefBits trace (format '\(format)', expected 'refbits-trace')") }
    guard formatVersion >= 1 else { throw fail("format_version", "format version \(formatVersion) does not exist (versions start at 1)") }
    guard formatVersion <= Self.currentFormatVersion else {
      throw fail("format_version", "trace format version \(formatVersion) is newer than this RefBits understands (\(Self.currentFormatVersion))", hint: "written by RefBits \(version); this is \(RefBitsVersion.current)")
    }
    guard FuzzResult.isFileName(layoutName) else {
      throw fail("layout_name", "'\(layoutName)' is not a layout name (a file's base name: no '/', not '.' or '..', at most \(InputLimits.nameLength) characters)")
    }
    guard !operations.isEmpty else { throw fail("operations", "a trace has at least one operation") }
    guard operations.count <= InputLimits.lifetime else {
      throw fail("operations", "a trace has at most \(InputLimits.lifetime) operations (a lifetime's), not \(operations.count)")
    }
    for (i, o) in operations.enumerated() {
      let name = o.op.hasPrefix("-") || o.op.hasPrefix("+") ? String(o.op.dropFirst()) : o.op
      guard Outcome.isName(name) else { throw fail("operations[\(i)].op", "'\(o.op)' is not an operation name (a kind, -kind, or an op alias)") }
      guard (0...InputLimits.actor).contains(o.actor) else {
        throw fail("operations[\(i)].actor", "an actor is a number from 0 to \(InputLimits.actor), not \(o.actor)")
      }
      guard o.count.signum > 0, o.count.bitWidth <= InputLimits.numberBits else {
        throw fail("operations[\(i)].count", "a count is a positive integer of at most \(InputLimits.numberBits) bits, not \(o.count.signum > 0 ? "one of \(o.count.bitWidth) bits" : o.count.description)")
      }
    }
    if let found { try found.validate(file: file, at: prefix.isEmpty ? "found" : "\(prefix).found") }
    if let n = originalOperations, !(0...InputLimits.lifetime).contains(n) {
      throw fail("original_operations", "at most \(InputLimits.lifetime) operations (a lifetime's), not \(n)")
    }
  }
}

/// A trace run again: the step-by-step trace, and whether the outcome came.
