/// The JSON keys every verdict carries (docs/json.md): `verdict`, and
/// `sequence`, `operations`, `shortest`, `at_least`, `certificate`, `reason`,
/// each null where it does not apply.
struct VerdictDocument: Encodable, Sendable, Hashable {
  /// `reachable`, `impossible` or `unknown`.
  var verdict: String
  /// A `refbits trace` script.
  var sequence: String?
  /// Decimal string.
  var operations: String?
  /// Whether the sequence is proved shortest (null unless reachable).
  var shortest: Bool?
  /// Decimal string: no sequence of fewer operations produces it (proved by
  /// exhaustive search).
  var atLeast: String?
  var certificate: CertificateDocument?
  /// Why unknown: what was tried and what would settle it.
  var reason: String?

  init(_ v: Verdict, layout: Layout) {
    verdict = v.word
    switch v {
    case .reachable(let r):
      sequence = r.sequence.description
      operations = r.sequence.operations.description
      shortest = r.isShortest
      atLeast = r.lowerBound?.description
    case .impossible(let c):
      certificate = CertificateDocument(c, layout: layout)
    case .unknown(let u):
      reason = u.reason
      atLeast = u.atLeast?.description
    }
  }

  enum CodingKeys: String, CodingKey {
    case verdict, sequence, operations, shortest, certificate, reason
    case atLeast = "at_least"
  }

  // Every key, nulls explicit; written into the enclosing object.
  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(verdict, forKey: .verdict)
    try c.encode(sequence, forKey: .sequence)
    try c.encode(operations, forKey: .operations)
    try c.encode(shortest, forKey: .shortest)
    try c.encode(atLeast, forKey: .atLeast)
    try c.encode(certificate, forKey: .certificate)
    try c.encode(reason, forKey: .reason)
  }
}

/// A certificate in JSON: what it rests on, as text and as its parts.
struct CertificateDocument: Encodable, Sendable, Hashable {
  /// `no_condition` or `invariant`.
  var kind: String
  /// The whole argument in one line.
  var text: String
  /// The operations it covers, by name.
  var operations: [String]
  /// The outcomes it excludes.
  var excludes: [String]
  /// References per kind name (decimal strings) the operations never
  /// release: an attack's initial holders'.
  var kept: [String: String]
  /// The invariant's zones (a state satisfies it when it satisfies every
  /// constraint of some zone), each a list of constraints as text; null for
  /// `no_condition`.
  var zones: [[String]]?
  /// The line of the layout's `[[invariants]]` entry whose `holds` this
  /// invariant is (checked like any other); null when RefBits found the
  /// argument itself, or the layout was not read from a file.
  var statedLine: Int?
  /// Whether the layout states the invariant (`[[invariants]]`).
  var stated: Bool

  init(_ c: Certificate, layout: Layout) {
    switch c.argument {
    case .noCondition: kind = "no_condition"
    case .invariant: kind = "invariant"
    }
    text = c.text(layout)
    operations = c.operations.map { layout.operationName($0) }
    excludes = c.excludes.map(\.description)
    kept = Dictionary(uniqueKeysWithValues: c.kept.map { (layout.kinds[$0.key].name, $0.value.description) })
    zones = c.invariant?.parts(layout)
    if case .stated(let line) = c.origin { (stated, statedLine) = (true, line) } else { (stated, statedLine) = (false, nil) }
  }

  enum CodingKeys: String, CodingKey { case kind, text, operations, excludes, kept, zones, stated, statedLine = "stated_line" }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kind, forKey: .kind)
    try c.encode(text, forKey: .text)
    try c.encode(operations, forKey: .operations)
    try c.encode(excludes, forKey: .excludes)
    try c.encode(kept, forKey: .kept)
    try c.encode(zones, forKey: .zones)
    try c.encode(stated, forKey: .stated)
    try c.encode(statedLine, forKey: .statedLine)
  }
}
