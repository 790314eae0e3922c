import Foundation
import Testing

@testable import RefBits

/// Operations that are not references (`[operations.NAME]`): parsed, stepped
/// by every engine alike, searched by the exact lens, performed by workloads
/// and attackers. The fixture is Glisse's PagePin flag with page_mkclean()
/// (Fixtures/page-mkclean.toml).
@Suite("Operations")
struct OperationTests {
  static let path = Bundle.module.path(forResource: "page-mkclean", ofType: "toml", inDirectory: "Fixtures")!

  static func layout(_ edit: (String) -> String = { $0 }, name: String = "page-mkclean") throws -> Layout {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try Layout.parse(toml: edit(text), name: name, file: "\(name).toml")
  }

  /// The fixture with an off-by-one in page_mkclean's re-set: one pin
  /// beyond the mappings is taken for none.
  static func offByOne() throws -> Layout {
    try layout({ $0.replacingOccurrences(of: "\"mapcount > mappings\"", with: "\"mapcount > mappings + 1\"") }, name: "off-by-one")
  }

  static let mkclean = Op(operation: 0)

  @Test("an operation is parsed with its description, effects and fixups, and named in scripts")
  func parsed() throws {
    let layout = try Self.layout()
    #expect(layout.operations.map(\.name) == ["page_mkclean"])
    let action = layout.operations[0].action
    #expect(action.effects.map(\.text) == ["pagepin = 0"] && action.fixups.count == 1 && action.alias == nil)
    #expect(layout.operationName(Self.mkclean) == "page_mkclean")
    #expect(Script.operationNames(layout) == ["map", "-map", "pin", "unpin", "page_mkclean"])
    let script = try Script.parse("pin*2, page_mkclean@3, unpin", layout: layout)
    #expect(script.phases.map(\.op) == [Op(kind: 1, direction: .acquire), Op(operation: 0, actor: 3), Op(kind: 1, direction: .release)])
    // Not a kind: it is never acquired or released.
    let e = try #require(Self.scriptError("pin, -page_mkclean", layout))
    #expect(e.offset == 5 && e.message.contains("'page_mkclean' is an operation, not a kind"))
    #expect(Self.scriptError("page_mkclaen", layout)?.message.contains("did you mean 'page_mkclean'?") == true)
    // `show` draws it apart from the kinds.
    let shown = LayoutDescription(layout: layout).text()
    #expect(shown.contains("operations (no reference held):\n  page_mkclean - writeback"))
    #expect(shown.contains("    fixup if mapcount > mappings: pagepin = 1 => ok"))
  }

  static func scriptError(_ text: String, _ layout: Layout) -> ExpressionError? {
    do {
      _ = try Script.parse(text, layout: layout)
      return nil
    } catch {
      return error
    }
  }

  @Test("an op alias renames an operation in scripts; refused(NAME) names the operation")
  func aliasAndRefusal() throws {
    let layout = try Self.layout {
      $0.replacingOccurrences(of: "effects = [\"pagepin = 0\"]", with: "op = \"mkclean\"\nrefuse = \"pagepin == 0\"\neffects = [\"pagepin = 0\"]")
    }
    #expect(layout.operationName(Self.mkclean) == "mkclean")
    #expect(try Script.parse("mkclean", layout: layout).phases[0].op == Self.mkclean)
    #expect(Self.scriptError("page_mkclean", layout)?.message.contains("named 'mkclean' in scripts") == true)
    let machine = Machine(layout)
    let r = try machine.step(try machine.initialState(), Self.mkclean)
    #expect(r.outcomes == [.refused(kind: "page_mkclean")] && !r.applied)
    #expect(layout.producibleEvents.contains(.refused))
  }

  @Test("an operation moves the word and never the truth; bulk steps equal single steps")
  func stepping() throws {
    let machine = Machine(try Self.layout())
    let trace = Trace.run(try Script.parse("map*3, pin*2@1, -map*3, page_mkclean, unpin*2@1, page_mkclean", layout: machine.layout), on: machine, from: try machine.initialState())
    let held = trace.entries.map { $0.state.truth.held }
    #expect(held[3] == held[2] && held[5] == held[4])
    let flag = { (s: State) in machine.reading(2, in: s.words) }
    // page_mkclean keeps the flag while pins remain (mapcount 2 > 0 mappings) and clears it after.
    #expect(flag(trace.entries[3].state) == 1 && trace.entries[3].tally == [.ok: 1])
    #expect(trace.entries[4].tally[.falsePositive(predicate: "maybe_pinned")] == 1)
    #expect(flag(trace.entries[5].state) == 0)

    // Bulk over a run of operations equals stepping it, with and without a pin held.
    for start in [trace.entries[1].state, trace.entries[4].state] {
      let single = machine.repeatedSteps(start, Self.mkclean, count: 2000, stopOn: StopRule { _ in false })
      let bulk = machine.bulk(start, Self.mkclean, count: 2000, stopOn: StopRule { _ in false })
      #expect(bulk.state == single.state && bulk.tally == single.tally && bulk.completed == 2000)
      #expect(bulk.singleSteps <= 4)
      #expect(bulk.state.truth.held == start.truth.held && bulk.state.truth.byActor == start.truth.byActor)
    }
  }

  @Test("the exact lens reaches the false negative only through page_mkclean; capacities stay per kind")
  func analysis() throws {
    // Correct re-set: only an 8-bit _mapcount wrapped by 256 pins makes page_mkclean clear the flag.
    let correct = try Analysis(layout: try Self.layout())
    let negative = { (a: Analysis) in a.onsets.first { $0.outcome == .falseNegative(predicate: "maybe_pinned") }?.after?.description }
    #expect(negative(correct) == "pin*256, page_mkclean")
    #expect(correct.capacities.map(\.kind) == ["map", "pin"])
    #expect(correct.searchClass.contains("every acquire, release and operation"))
    // The off-by-one forgets a lone pin at once.
    #expect(negative(try Analysis(layout: try Self.offByOne())) == "pin, page_mkclean")
    // Without the operation nothing clears the flag: no false negative at all.
    let noOperation = try Self.layout { text in
      let head = text.components(separatedBy: "[operations.page_mkclean]")[0]
      let tail = text.components(separatedBy: "[predicates.maybe_pinned]")[1]
      return head + "[predicates.maybe_pinned]" + tail
    }
    #expect(noOperation.operations.isEmpty)
    let a = try Analysis(layout: noOperation)
    // Not unknown either: a checked certificate.
    #expect(negative(a) == nil && a.onsets.first { $0.outcome == .falseNegative(predicate: "maybe_pinned") }?.verdict.isImpossible == true)
    #expect(a.searchClass.contains("every acquire and release by one actor"))
  }

  /// Pinners, mappers and writeback: page_mkclean is listed explicitly.
  static let writeback = try! Workload.parse(toml: """
    title = "test: pins and writeback"
    source = "OperationTests"
    lifetime = 400
    [actors.mapper]
    weight = 4
    kinds = ["map"]
    hold = { geometric = 30 }
    [actors.pinner]
    weight = 2
    kinds = ["pin"]
    burst = { uniform = [1, 3] }
    hold = { geometric = 20 }
    [actors.writeback]
    operations = { page_mkclean = 1 }
    """, name: "writeback", file: "writeback.toml")

  static func campaign(_ layout: Layout, workload: Workload = writeback, seed: UInt64, ops: Int, exactOnly: Bool = false) -> FuzzCampaign {
    FuzzCampaign(layout: layout, layoutArgument: layout.name, layoutDigest: "test", workload: workload, workloadDigest: "test", seed: seed, operations: ops, exactOnly: exactOnly)
  }

  @Test("a workload performs operations: the native engine equals the exact machine, and the off-by-one breaks the claim with a witness through page_mkclean (seed 5)")
  func workload() throws {
    let actor = try #require(Self.writeback.actors.first { $0.name == "writeback" })
    #expect(actor.kinds.isEmpty && actor.operations.map(\.name) == ["page_mkclean"])
    let buggy = try Self.offByOne()
    let bound = BoundWorkload(Self.writeback, layout: buggy)
    #expect(bound.skipped.isEmpty && bound.actors.first { $0.name == "writeback" }?.operations == [0])
    #expect(NativeMachine(Machine(buggy)) != nil)
    let native = try Self.campaign(buggy, seed: 5, ops: 6_000).run().result()
    let exact = try Self.campaign(buggy, seed: 5, ops: 6_000, exactOnly: true).run().result()
    #expect(FuzzRenderer([native]).json() == FuzzRenderer([exact]).json())
    let claim = try #require(native.claims.first)
    #expect(claim.broken)
    let witness = try #require(claim.witness.flatMap { native.witness($0) })
    #expect(witness.script.contains("page_mkclean"))
    let replay = try WitnessReplay(witness, layout: buggy, digest: "test", file: "w.json")
    #expect(replay.reproducedAt == witness.steps)
    // The correct layout keeps its claim under the same campaign.
    let held = try Self.campaign(try Self.layout(), seed: 5, ops: 6_000).run().result()
    #expect(held.brokenClaims.isEmpty)
    #expect(held.tally.steps > BigInt(6_000))
  }

  @Test("a workload naming an operation the layout lacks is a located error")
  func unknownOperation() throws {
    let gup = try ShippedLayouts.load("linux-gup-bias")
    let e = try #require(Self.checkErrors(Self.writeback, gup).first)
    #expect(e.file == "writeback.toml" && e.line == 14 && e.column == 16 && e.keyPath == "actors.writeback.operations.page_mkclean", "\(e)")
    #expect(e.message == "actor 'writeback' performs operation 'page_mkclean', which layout 'linux-gup-bias' does not have")
    #expect(e.hint?.contains("has no operations") == true)
    let misspelt = try Workload.parse(toml: """
      title = "t"
      source = "s"
      [actors.w]
      operations = ["page_mkclaen", "pin"]
      """, name: "w", file: "w.toml")
    let errors = Self.checkErrors(misspelt, try Self.layout())
    #expect(errors.map(\.keyPath) == ["actors.w.operations[0]", "actors.w.operations[1]"])
    #expect(errors.allSatisfy { $0.line == 4 } && errors.map(\.column) == [15, 31], "\(errors)")
    #expect(errors[0].hint == "operations of layout 'page-mkclean': page_mkclean")
    #expect(errors[1].hint?.contains("'pin' is a kind") == true)
    #expect(throws: Diagnostics.self) { try LayoutEvaluation.evaluate([ResolvedInput(value: gup, argument: "linux-gup-bias", path: "", digest: "")], settings: EvaluationSettings(attackers: [], workloads: [ResolvedInput(value: Self.writeback, argument: "w", path: "", digest: "")], operations: 10, seed: 1)) }
    // Parse errors of the key itself.
    let problems = WorkloadTests.problems("title = \"t\"\nsource = \"s\"\n[actors.w]\noperations = { page_mkclean = 0, \"a|b\" = 1 }\n")
    #expect(problems.map(\.keyPath).sorted() == ["actors.w.operations.a|b", "actors.w.operations.page_mkclean"])
  }

  static func checkErrors(_ w: Workload, _ layout: Layout) -> [Diagnostic] {
    do {
      try w.check(against: layout)
      return []
    } catch {
      return error.all
    }
  }

  static let profile = """
    title = "test: a user who can pin and trigger writeback"
    source = "OperationTests"
    [resources.memory]
    unit = "bytes"
    budget = 1000
    source = "s"
    estimate = false
    [resources.time]
    unit = "seconds"
    budget = 10
    source = "s"
    estimate = false
    [ops.pin]
    via = "O_DIRECT"
    cost = { memory = 35 }
    rate = 1000
    release = true
    source = "s"
    estimate = false
    [ops.page_mkclean]
    via = "msync(MS_SYNC) of the dirty file page: writeback calls page_mkclean()"
    cost = { memory = 1 }
    rate = 10
    source = "s"
    estimate = false
    """

  @Test("an attacker route names an operation; without it the operation is out of reach")
  func attack() throws {
    let profile = try AttackerProfile.parse(toml: Self.profile, name: "writer", file: "writer.toml")
    let buggy = try Self.offByOne()
    let attack = try Attack(layout: buggy, profile: profile)
    #expect(attack.outOfReach == ["map"])
    let negative = try #require(attack.results.first { $0.goal == .outcome(OutcomePattern(category: .falseNegative)) })
    #expect(negative.sequence?.description == "pin, page_mkclean")
    // 35 + 1 bytes; 1/1000 + 1/10 seconds.
    #expect(negative.costs.first { $0.resource == "memory" }?.total == BigInt(36))
    #expect(abs(negative.seconds - 0.101) < 1e-12 && negative.fits)
    #expect(attack.searchClass.contains("the operations its routes name"))
    // The route is applied by name (the profile declares no `kinds`), and says so.
    #expect(AttackRenderer([attack]).text().contains("  page_mkclean <- ops.page_mkclean (by name only): msync(MS_SYNC)"))

    let pinsOnly = try AttackerProfile.parse(toml: Self.profile.components(separatedBy: "[ops.page_mkclean]")[0], name: "pinner", file: "pinner.toml")
    let blocked = try Attack(layout: buggy, profile: pinsOnly)
    #expect(blocked.outOfReach == ["map", "page_mkclean"])
    #expect(blocked.results.first { $0.goal == .outcome(OutcomePattern(category: .falseNegative)) }?.sequence == nil)
  }

  @Test("witness files name operations as scripts do, and files written before operations still read")
  func witnesses() throws {
    let layout = try Self.layout()
    let phases = try Script.parse("pin@1, page_mkclean@2", layout: layout).phases
    let w = Witness(layout: "page-mkclean", layoutName: "page-mkclean", layoutDigest: "d", outcome: .ok, operations: Witness.operations(phases, layout: layout))
    #expect(w.script == "pin@1, page_mkclean@2")
    let decoded = try JSONDecoder().decode(Witness.self, from: Data(w.json.utf8))
    #expect(try decoded.script(on: layout).phases == phases)
    // A version 1 file of a layout without operations, as RefBits wrote them before.
    let old = """
      {"format":"refbits-trace","format_version":1,"version":"0.1.0","layout":"linux-gup-bias","layout_name":"linux-gup-bias",
       "layout_digest":"fnv1a64:0","outcome":"false_positive(maybe_pinned)","operations":[{"op":"ref","actor":1,"count":"1023"}]}
      """
    let read = try JSONDecoder().decode(Witness.self, from: Data(old.utf8))
    #expect(try read.script(on: try ShippedLayouts.load("linux-gup-bias")).phases == [Phase(op: Op(kind: 0, direction: .acquire, actor: 1), count: 1023)])
  }
}
