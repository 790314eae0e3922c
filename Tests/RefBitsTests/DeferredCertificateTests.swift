import Testing

@testable import RefBits

/// Certificates for outcomes a capacity run already reaches are left out
/// where that changes nothing else the checker says
/// (`Certifier.prove(_:deferring:)`): every answer given must be the one the
/// whole question gets, a target left out must be one the checker rejects,
/// and a verdict must not change when the search does not find such a
/// target after all.
@Suite("Deferred certificates")
struct DeferredCertificateTests {
  /// What `analyze` asks the certifier between the searches, and the
  /// outcomes its capacity runs reach.
  static func question(_ name: String) throws -> (Certifier, [OutcomePattern], Set<OutcomePattern>) {
    let layout = try ShippedLayouts.load(name)
    let machine = Machine(layout)
    let start = try machine.initialState()
    let bits = layout.words.reduce(0) { $0 + $1.bits }
    let capacities = Analysis.capacities(machine, start: start, limit: BigInt.power(of2: bits + 2), budget: .unbounded())
    let targets = Analysis.reportedOutcomes.map { OutcomePattern(category: $0) }
    let witnessed = Set(targets.filter { t in capacities.contains { $0.stoppedBy.contains(where: t.matches) } })
    return (Certifier(machine: machine, start: start, operations: PhaseSearch.allOps(layout), budget: .unbounded()), targets, witnessed)
  }

  /// linux-gup-bias: every capacity run stops on `field_overflow`, the last
  /// outcome its synthesized invariant is asked to exclude; refcount-t's
  /// saturation point: the runs stop on `saturated`, likewise last.
  @Test(arguments: ["linux-gup-bias", "refcount-t-saturation-point"])
  func sameAnswers(name: String) throws {
    let (certifier, targets, witnessed) = try Self.question(name)
    let whole = certifier.prove(targets.map { [$0] })
    let partial = certifier.prove(targets.map { [$0] }, deferring: witnessed)
    var left = 0
    for (i, t) in targets.enumerated() {
      if let p = partial[i] {
        #expect(p == whole[i], "\(name) \(t)")
      } else {
        left += 1
        #expect(witnessed.contains(t), "\(name) \(t) left out, but no capacity run reaches it")
        if case .proved = whole[i] { Issue.record("\(name) \(t): left out, but the checker accepts a certificate for it") }
      }
    }
    #expect(left == 1, "\(name): \(left) certificates left out")
  }

  /// With no class search (a sweep budget of 0), a deferred target is not
  /// found after the breadth-first search: the verdicts, reasons included,
  /// must be those of the builder that defers nothing.
  @Test func unfoundTargetGetsTheWholeAnswer() throws {
    let (certifier, targets, witnessed) = try Self.question("linux-gup-bias")
    var search = PhaseSearch(machine: certifier.machine, start: certifier.start, ops: certifier.operations)
    search.sweepBudget = 0
    let layout = certifier.machine.layout
    let plain = VerdictBuilder(layout: layout, searching: search, for: targets, certifier: certifier)
    let deferring = VerdictBuilder(layout: layout, searching: search, for: targets, certifier: certifier, witnessed: witnessed)
    #expect(!deferring.deferred.isEmpty)
    let candidates = targets.map { t in plain.search.shortest(t).map { OpSequence(phases: $0.sequence, layout: layout) } }
    #expect(candidates.contains { $0 == nil }, "every target was found: nothing is left to ask again")
    #expect(deferring.verdicts(targets, candidates: candidates) == plain.verdicts(targets, candidates: candidates))
  }
}
