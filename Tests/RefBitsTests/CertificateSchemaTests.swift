import Foundation
import Testing

@testable import RefBits

/// ``CertificateSchemas``: the points of a sweep block checking their
/// certificates together change no measure, are used where they apply, and
/// take each point's values from the layout reader.
@Suite struct CertificateSchemaTests {
  /// A saturating counter whose sticky value is a parameter: premature_free
  /// is impossible when STICKY is above the valid range (201..255), and
  /// reachable when it is inside it (a saturated count released down to 0
  /// with references left): one block holds both truths, so the schema's
  /// questions are decided row by row.
  static let sticky = """
    title = "Test: a sticky value inside or outside the valid range"
    source = "Tests/RefBitsTests/CertificateSchemaTests.swift"

    [parameters.STICKY]
    default = 220
    range = "0..255"

    [constants]
    LIMIT = 200
    SPARE = "STICKY - LIMIT"

    [words.w]
    bits = 8

    [words.w.fields.count]
    bits = "7..0"

    [kinds.ref.acquire]
    effects = ["count += 1"]
    [[kinds.ref.acquire.fixups]]
    when = "new(count) > LIMIT || old(count) > LIMIT"
    effects = ["count = STICKY"]
    outcome = "saturated"
    [kinds.ref.release]
    effects = ["count -= 1"]
    [[kinds.ref.release.fixups]]
    when = "old(count) > LIMIT"
    effects = ["count = STICKY"]
    outcome = "saturated"

    [predicates.freed]
    role = "freed"
    when = "count == 0"
    means = "total == 0"

    [initial]
    held = { ref = 1 }
    fields = { count = 1 }
    """

  /// Every point of `sweep` evaluated with and without schemas: equal
  /// points, and how many invariant groups the schemas judged.
  static func compare(_ sweep: Sweep) -> (equal: Bool, usage: CertificateSchemas.Usage) {
    let schemas = sweep.certificateSchemas()
    var equal = true
    for i in 0..<sweep.spec.pointCount {
      let shared = sweep.point(i, schemas: schemas.scope(ofPoint: i))
      let alone = sweep.point(i)
      if shared != alone {
        Issue.record("point \(i) (\(sweep.spec.values(at: i))): \(shared) with schemas, \(alone) without")
        equal = false
      }
    }
    return (equal, schemas.usage)
  }

  /// `usage` is `expected`; in a checked build (`REFBITS_INTERNAL_CHECKS`),
  /// which asks the certifier some questions twice to compare the answers,
  /// the same schemas judge at least as much.
  static func expect(_ usage: CertificateSchemas.Usage, _ expected: CertificateSchemas.Usage, sourceLocation: SourceLocation = #_sourceLocation) {
    if InternalChecks.isEnabled {
      #expect(usage.schemas == expected.schemas && usage.judged >= expected.judged, "\(usage)", sourceLocation: sourceLocation)
    } else {
      #expect(usage == expected, sourceLocation: sourceLocation)
    }
  }

  @Test func theSaturationSweepIsJudgedByItsSchemaAndUnchanged() throws {
    let sweep = try SweepTests.sweep("refcount-t-saturation-point", ["SATURATION_BITS=24..31:7", "SENTINEL_PERMILLE=5..995:110"])
    let (equal, usage) = Self.compare(sweep)
    #expect(equal)
    // 20 points, one invariant each: `count == SENTINEL` beside the valid
    // range, where the sentinel is SATURATED_UNSIGNED while it is below
    // 2^31 and REFCOUNT_SATURATED (negative) above. By the layout's formula,
    // 2^S + (2^32 - 2^S) * P / 1000 >= 2^31 from P = 499 at S = 24 (five of
    // the ten values: 555 .. 995) and at every P at S = 31: three schemas,
    // whose first points ask alone. The other 17 are judged by them, each
    // asking its leak question at its own value (leak is reachable at
    // every point, so no range of values refutes it): the first point of
    // each schema asks Z3, and the counterexample it gets (one reference,
    // the count at the sentinel) moved to the next value is one there too.
    Self.expect(usage, CertificateSchemas.Usage(schemas: 3, judged: 17, pointQuestions: 3, moved: 14))
    // Shards and jobs change which point of a schema asks first, not what
    // any point is told.
    let whole = SweepRenderer(sweep.run(jobs: 1, sharingCertificates: false)).json()
    #expect(SweepRenderer(sweep.run(jobs: 2)).json() == whole)
    let shards = try (0..<3).map { k in
      try SweepResult(document: JSONDecoder().decode(SweepDocument.self, from: Data(SweepRenderer(sweep.run(shard: (k, 3), jobs: 2)).json().utf8)), file: "shard")
    }
    #expect(SweepRenderer(try SweepResult.merged(shards)).json() == whole)
  }

  /// With an attacker, the attack's certificates (keeping the references
  /// the attacker never releases) are shared too.
  @Test func attackCertificatesAreSharedAndUnchanged() throws {
    let sweep = try SweepTests.sweep("refcount-t-saturation-point", ["SATURATION_BITS=30", "SENTINEL_PERMILLE=105..905:100"], attacker: "unprivileged-linux")
    let (equal, usage) = Self.compare(sweep)
    #expect(equal)
    // Nine points, an analysis and an attack each. At S = 30 the sentinel
    // 2^30 + 3 * 2^30 * P / 1000 reaches 2^31 from P = 334: three points
    // with the unsigned sentinel in their invariant, six with the negative
    // one, for the analysis and for the attack: four schemas, whose first
    // points ask alone; of the other 14 groups, each schema's first asks its
    // leak question, the rest take the counterexample moved.
    Self.expect(usage, CertificateSchemas.Usage(schemas: 4, judged: 14, pointQuestions: 4, moved: 10))
  }

  @Test func bothTruthsInOneBlockAreDecidedRowByRow() throws {
    let dir = try CompareFixtures.temporaryDirectory("schemas-sticky")
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("sticky.toml")
    try Self.sticky.write(to: url, atomically: true, encoding: .utf8)
    let sweep = try SweepTests.sweep(url.path, ["STICKY=150..255:5"])
    let (equal, usage) = Self.compare(sweep)
    #expect(equal)
    // Two questions, one for the points where it is impossible and one where
    // it is reachable; all but their first points judged by schemas, some
    // questions at single values (where ranges had counterexamples), some by
    // counterexamples moved from another value.
    #expect(usage.schemas == 2 && usage.judged == 20 && usage.pointQuestions > 0 && usage.moved > 0, "\(usage)")
    // By hand: impossible exactly when the sticky value is above LIMIT.
    let result = sweep.run(jobs: 2)
    for p in result.points {
      let sticky = p.values[0]
      let measure = p.measures?[.onset(OutcomePattern(category: .prematureFree))]
      if sticky > 200 {
        #expect(measure == .never, "STICKY = \(sticky): \(String(describing: measure))")
      } else {
        #expect(measure != .never && measure != .unknown && measure != nil, "STICKY = \(sticky): \(String(describing: measure))")
      }
    }
  }

  @Test func theBiasAndSplitSweepsAreUnchanged() throws {
    // Their parameters reach the layout's effects and fields, not only
    // expressions: every point is its own question, and none is shared.
    let bias = try SweepTests.sweep("linux-gup-bias", ["GUP_PIN_COUNTING_BIAS=2..2^8*2"])
    let b = Self.compare(bias)
    #expect(b.equal && b.usage.judged == 0)
    let split = try SweepTests.sweep("split-pin-fields", ["READ_BITS=1..2", "RW_BITS=2..3", "GUARD_BITS=1..2"])
    let s = Self.compare(split)
    #expect(s.equal && s.usage.judged == 0)
  }

  /// The table's rows are the layout reader's values: for points of two
  /// parametric layouts (seed: the points' indices, in order).
  @Test func rowsAreTheLayoutReadersValues() throws {
    for (name, axes) in [("refcount-t-saturation-point", ["SATURATION_BITS=2..31:7", "SENTINEL_PERMILLE=1..999:199"]), ("linux-gup-bias", ["GUP_PIN_COUNTING_BIAS=2..2^30*2"]), ("split-pin-fields", ["READ_BITS=1..4", "GUARD_BITS=0..2"])] {
      let sweep = try SweepTests.sweep(name, axes)
      for i in 0..<sweep.spec.pointCount {
        let layout = try sweep.layout.layout(at: sweep.spec.assignment(at: i))
        let read = Dictionary(layout.parameters.map { ($0.name, $0.value) } + layout.constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(CertificateSchemas.values(of: sweep.layout.base, at: sweep.spec.assignment(at: i)) == read, "\(name) point \(i)")
      }
    }
  }

  /// The unknown is the varied parameter its constants are linear in: the
  /// saturation point's bits are a shift count, the sentinel's thousandths
  /// a factor.
  @Test func theUnknownIsAParameterTheConstantsAreLinearIn() throws {
    let base = try ParametricLayout(resolving: "refcount-t-saturation-point").base
    let chosen = CertificateSchemas.unknown(of: base, varied: [("SATURATION_BITS", 10), ("SENTINEL_PERMILLE", 100)])
    #expect(chosen?.parameter == "SENTINEL_PERMILLE")
    #expect(chosen?.constants == ["SATURATED_UNSIGNED", "REFCOUNT_SATURATED", "RACY_HEADROOM"])
    // Fewer values do not matter when the other cannot be an unknown.
    #expect(CertificateSchemas.unknown(of: base, varied: [("SATURATION_BITS", 1000), ("SENTINEL_PERMILLE", 8)])?.parameter == "SENTINEL_PERMILLE")
    #expect(CertificateSchemas.unknown(of: base, varied: [("SATURATION_BITS", 10)]) == nil)
    // Too few values to be worth a schema (the shipped sweep's five sentinels).
    #expect(CertificateSchemas.unknown(of: base, varied: [("SATURATION_BITS", 24), ("SENTINEL_PERMILLE", 5)]) == nil)
    func linearity(_ text: String) throws -> RefBits.Expression.Linearity {
      try RefBits.Expression.parse(text).resolved(in: RefBits.Expression.Scope(constants: ["P": 3, "Q": 5]), context: .constant).linearity(in: ["P"])
    }
    for (text, expected) in [
      ("Q * 7 + 1", RefBits.Expression.Linearity.constant), ("P * Q - 4", .linear), ("P / 3 + P % 5", .linear), ("P << 3", .linear), ("min(P, Q) & 255", .linear),
      ("P * P", .nonLinear), ("1 << P", .nonLinear), ("Q / P", .nonLinear), ("Q % (P + 1)", .nonLinear), ("P & (P + 1)", .nonLinear),
    ] {
      #expect(try linearity(text) == expected, "\(text)")
    }
  }
}
