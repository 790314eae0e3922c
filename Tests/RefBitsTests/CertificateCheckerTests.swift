import Testing

@testable import RefBits

/// The certificate checker on invariants written by hand: it accepts a true
/// one, and rejects it broken in each way a proof can be wrong.
@Suite("Certificate checker")
struct CertificateCheckerTests {
  typealias Form = Invariant.LinearForm
  typealias Constraint = Invariant.Constraint

  /// linux-refcount-t: `count == ref + try_ref` with `0 <= count <= INT_MAX`,
  /// or the saturation sentinel `count == REFCOUNT_SATURATED` (include/linux/refcount.h:
  /// REFCOUNT_SATURATED = INT_MIN / 2).
  static func refcountInvariant(upper: BigInt = BigInt.power(of2: 31) - 1) -> Invariant {
    let count = Invariant.Atom.field(0, .declared)
    let live = Invariant.Zone(constraints: [
      Constraint(Form([.init(1, count), .init(-1, .held(0)), .init(-1, .held(1))]), .congruent(residue: 0, modulus: 0)),
      Constraint(Form(count), .within(lower: 0, upper: upper)),
    ])
    let saturated = Invariant.Zone(constraints: [Constraint(Form(count), .congruent(residue: -BigInt.power(of2: 30), modulus: 0))])
    return Invariant(zones: [live, saturated])
  }

  static func certificate(_ invariant: Invariant, _ layout: Layout, excludes: String, dropping: Op? = nil) -> Certificate {
    Certificate(argument: .invariant(invariant), operations: PhaseSearch.allOps(layout).filter { $0 != dropping }, excludes: [OutcomePattern(parsing: excludes)!])
  }

  @Test("linux-refcount-t: the saturation invariant excludes premature_free and field_overflow, not leak")
  func refcountT() throws {
    let layout = try ShippedLayouts.load("linux-refcount-t")
    let checker = CertificateChecker(layout: layout)
    let ops = PhaseSearch.allOps(layout)
    let inv = Self.refcountInvariant()
    let results = checker.check(["premature_free", "field_overflow", "leak", "trapped"].map { Self.certificate(inv, layout, excludes: $0) }, covering: ops)
    #expect(results[0] == .accepted)
    #expect(results[1] == .accepted)
    // A leak is reachable (saturate, then drop every reference): the checker
    // must find the step that produces it.
    guard case .rejected(let why) = results[2] else { Issue.record("leak accepted"); return }
    #expect(why.contains("does not exclude leak"))
    #expect(results[3] == .accepted)
  }

  @Test("a bound off by one is not preserved")
  func offByOne() throws {
    let layout = try ShippedLayouts.load("linux-refcount-t")
    let inv = Self.refcountInvariant(upper: BigInt.power(of2: 31) - 2)
    let r = CertificateChecker(layout: layout).check(Self.certificate(inv, layout, excludes: "premature_free"), covering: PhaseSearch.allOps(layout))
    guard case .rejected(let why) = r else { Issue.record("accepted with INT_MAX - 1"); return }
    #expect(why.contains("not preserved"), "\(why)")
    #expect(why.contains("count=2147483646"), "\(why)")
  }

  @Test("a certificate that leaves out an operation of the question is rejected")
  func missingOperation() throws {
    let layout = try ShippedLayouts.load("linux-refcount-t")
    let dropped = Op(kind: 0, direction: .release)
    let c = Self.certificate(Self.refcountInvariant(), layout, excludes: "premature_free", dropping: dropped)
    let r = CertificateChecker(layout: layout).check(c, covering: PhaseSearch.allOps(layout))
    #expect(r == .rejected("does not cover refcount_dec_and_test, an operation of the question"))
    // Without the saturation zone, the release that saturates leaves the invariant.
    var partial = Self.refcountInvariant()
    partial.zones.removeLast()
    let r2 = CertificateChecker(layout: layout).check(Self.certificate(partial, layout, excludes: "premature_free"), covering: PhaseSearch.allOps(layout))
    guard case .rejected(let why) = r2 else { Issue.record("accepted without the saturation zone"); return }
    #expect(why.contains("not preserved"), "\(why)")
  }

  @Test("the wrong initial state is rejected")
  func wrongInitial() throws {
    var layout = try ShippedLayouts.load("linux-refcount-t")
    // Two references stored as one: count == ref + try_ref fails at the start.
    layout.initial.held = [0: 2]
    let r = CertificateChecker(layout: layout).check(Self.certificate(Self.refcountInvariant(), layout, excludes: "premature_free"), covering: PhaseSearch.allOps(layout))
    #expect(r == .rejected("the initial state is outside the invariant"))
  }

  @Test("no-condition certificates: accepted only where no condition produces the outcome")
  func noCondition() throws {
    let layout = try ShippedLayouts.load("linux-refcount-t")
    let ops = PhaseSearch.allOps(layout)
    let checker = CertificateChecker(layout: layout)
    func cert(_ o: String) -> Certificate { Certificate(argument: .noCondition("test"), operations: ops, excludes: [OutcomePattern(parsing: o)!]) }
    #expect(checker.check(cert("trapped"), covering: ops) == .accepted)
    #expect(checker.check(cert("spilled"), covering: ops) == .accepted)
    #expect(checker.check(cert("saturated"), covering: ops) == .rejected("refcount_inc has a condition or fixup that produces saturated"))
    #expect(checker.check(cert("refused(try_ref)"), covering: ops) == .rejected("refcount_inc_not_zero has a condition or fixup that produces refused(try_ref)"))
    #expect(checker.check(cert("refused(ref)"), covering: ops) == .accepted)
    guard case .rejected = checker.check(cert("premature_free"), covering: ops) else { Issue.record("a lie has no condition of its own"); return }
  }
}
