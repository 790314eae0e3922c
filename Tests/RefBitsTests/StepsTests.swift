import Foundation
import Testing

@testable import RefBits

/// Atomic sub-steps (`steps`): parsing with located errors, and the atomic
/// meaning derived from them, which the exact and fuzz lenses step.
@Suite("Steps")
struct StepsTests {
  /// Every shipped layout that has an action with steps.
  static let stepped = [
    "glisse-pagepin-mapcount", "glisse-pagepin-lock-page", "hubbard-dma-pinned-count", "linux-try-get-page-races",
    "linux-refcount-t-races", "linux-rcuref-races", "hildenbrand-split-racy-limit", "hildenbrand-split-cmpxchg",
  ]

  static func load(_ name: String) throws -> Layout { try ShippedLayouts.load(name) }

  /// A minimal layout around some steps, for error tests.
  static func layout(steps: String, extra: String = "") -> String {
    """
    title = "t"
    source = "s"
    [constants]
    LIMIT = 15
    [words.w]
    bits = 8
    [words.v]
    bits = 8
    [words.flag]
    bits = 1
    [kinds.k.acquire]
    steps = \(steps)
    [kinds.k.release]
    effects = ["w -= 1"]
    [initial]
    held = {}
    \(extra)
    """
  }

  static func errors(_ text: String) -> [Diagnostic] {
    do {
      _ = try Layout.parse(toml: text, name: "t", file: "t.toml")
      return []
    } catch {
      return error.errors
    }
  }

  @Test("every shipped layout with steps lists them and derives an atomic meaning")
  func shipped() throws {
    for name in Self.stepped {
      let l = try Self.load(name)
      #expect(l.actions.contains { l.action($0).steps != nil }, "\(name) has no steps")
      let shown = LayoutDescription(layout: l).text()
      #expect(shown.contains("atomic meaning (the steps run alone"), "\(name): show draws no derived meaning")
    }
    // Glisse's GUP: [G2], [G3], [G4] in order, the fence kept for the drawing.
    let g = try Self.load("glisse-pagepin-mapcount")
    let gup = try #require(g.kinds.first { $0.name == "pin" }?.acquire)
    #expect(gup.steps?.steps.map(\.label) == ["G2", "G3", "G4"])
    #expect(gup.steps?.steps[1].instruction == .fence("smp_wmb"))
    #expect(gup.effects.map(\.text) == ["mapcount += 1", "pagepin = 1"] && gup.fixups.isEmpty && gup.refuse == nil)
  }

  @Test("the derived meaning of page_mkclean is Glisse's: clear, then set again when _mapcount counts more than the mappings")
  func derivedMkclean() throws {
    let l = try Self.load("glisse-pagepin-mapcount")
    let a = l.operations[0].action
    #expect(a.effects.map(\.text) == ["pagelock = 1", "pagepin = 0"])
    #expect(a.fixups.map(\.when.text) == ["mapcount <= mappings", "mapcount > mappings"])
    #expect(a.fixups.map { $0.effects.map(\.text) } == [["pagelock = 0"], ["pagepin = 1", "pagelock = 0"]])
  }

  @Test("check-then-add and cmpxchg limits have one atomic meaning; only races tell them apart")
  func sameMeaning() throws {
    let racy = try Self.load("hildenbrand-split-racy-limit"), cas = try Self.load("hildenbrand-split-cmpxchg")
    for k in racy.kinds.indices {
      let a = racy.kinds[k].acquire, b = cas.kinds[k].acquire
      #expect(a.refuse?.expression == b.refuse?.expression && a.effects == b.effects && a.fixups == b.fixups, "\(racy.kinds[k].name)")
    }
    #expect(racy.kinds[2].acquire.refuse?.text == "gup_rw >= GUP_PIN_MAX")
  }

  /// Boundary values of a field: its ends, 0, ±1, and each constant and its
  /// neighbours that fit.
  static func boundary(_ layout: Layout, field f: Int) -> [BigInt] {
    let field = layout.fields[f]
    let lo = field.signed ? -BigInt.power(of2: field.bits - 1) : BigInt(0)
    let hi = field.signed ? BigInt.power(of2: field.bits - 1) - 1 : BigInt.power(of2: field.bits) - 1
    var vs: [BigInt] = [lo, lo + 1, -1, 0, 1, 2, 14, 15, 16, hi - 1, hi]
    for c in layout.constants { vs += [c.value - 1, c.value, c.value + 1] }
    return Array(Set(vs.filter { $0 >= lo && $0 <= hi })).sorted()
  }

  /// States mixing boundary values of every field (seeded random picks when
  /// the product is large), with each kind held as given.
  static func states(_ layout: Layout, held: [BigInt], count: Int, seed: UInt64) -> [State] {
    let machine = Machine(layout)
    var rng = SplitMix64(seed: seed)
    let values = layout.fields.indices.map { boundary(layout, field: $0) }
    return (0..<count).map { _ in
      var words = Array(repeating: UInt128(0), count: layout.words.count)
      for f in layout.fields.indices { machine.store(values[f][Int.random(in: 0..<values[f].count, using: &rng)], field: f, in: &words) }
      let ideal = layout.fields.indices.map { machine.reading($0, in: words) }
      return State(words: words, truth: Truth(held: held, byActor: held.allSatisfy(\.isZero) ? [:] : [0: held], ideal: ideal))
    }
  }

  /// Runs `action`'s steps alone (one race thread) from `state`: the words,
  /// the truth's held counts and the events.
  static func runAlone(_ layout: Layout, _ action: Op.Action, from state: State) throws -> (words: [UInt128], held: [BigInt], events: Set<Outcome>) {
    let program = try RaceProgram(RaceSetup(layout: layout, name: "alone", threads: [[action]], start: state))
    var s = program.startSlots()
    var events: Set<Outcome> = []
    var guardSteps = 0
    s.withUnsafeMutableBufferPointer { p in
      while program.blocked(0, UnsafePointer(p.baseAddress!)) == nil, guardSteps < 10_000 {
        let ev = program.run(0, p.baseAddress!)
        for id in program.outcomes.indices where ev.outcomes >> UInt128(id) & 1 != 0 { events.insert(program.outcomes[id]) }
        guardSteps += 1
      }
    }
    let words = layout.words.indices.map { UInt128(s[program.geometry.wordSlot[$0]]) }
    let held = layout.kinds.indices.map { BigInt(Int64(bitPattern: s[program.geometry.heldSlot + $0])) }
    return (words, held, events)
  }

  @Test("each stepped action run alone (the race lens' semantics) equals its derived atomic meaning (Machine.step), on boundary states", arguments: stepped)
  func aloneEqualsAtomic(name: String) throws {
    let layout = try Self.load(name)
    let machine = Machine(layout)
    var compared = 0
    for a in layout.actions where layout.action(a).steps != nil {
      // Enough references for a release; locks free between actions.
      let held = layout.kinds.indices.map { k in a.kind == k ? BigInt(3) : BigInt(0) }
      for (i, state) in Self.states(layout, held: held, count: 400, seed: 0x5EED_0001 &+ UInt64(compared)).enumerated() {
        var s = state
        for (f, field) in layout.fields.enumerated() where field.name.hasSuffix("lock") { machine.store(0, field: f, in: &s.words) }
        let expected = try machine.step(s, Op(a))
        let got = try Self.runAlone(layout, a, from: s)
        let events = Set(expected.outcomes.filter { !$0.isLie && $0 != .ok })
        #expect(got.words == expected.state.words, "\(name) \(layout.name(of: a)) state \(i): words")
        #expect(got.held == expected.state.truth.held, "\(name) \(layout.name(of: a)) state \(i): truth")
        // The same events, except that the race lens judges a field_overflow at each step: a
        // wrap that a later step of the action repairs (refcount_t's add then store of
        // REFCOUNT_SATURATED) is visible to other CPUs in between, while the atomic meaning
        // judges the action's final value only.
        let isOverflow = { (o: Outcome) in o.category == .fieldOverflow }
        #expect(got.events.filter { !isOverflow($0) } == events.filter { !isOverflow($0) }, "\(name) \(layout.name(of: a)) state \(i): \(got.events) vs \(events)")
        #expect(events.filter(isOverflow).isSubset(of: got.events), "\(name) \(layout.name(of: a)) state \(i): \(got.events) vs \(events)")
        compared += 1
      }
    }
    #expect(compared >= 400)
  }

  /// Pairs of a stepped layout and the hand-written atomic layout whose
  /// kinds it re-expresses step by step.
  static let atomicPairs: [(stepped: String, atomic: String, kinds: [String])] = [
    ("linux-refcount-t-races", "linux-refcount-t", ["ref", "try_ref"]),
    ("linux-rcuref-races", "linux-rcuref", ["ref"]),
    ("linux-try-get-page-races", "linux-gup-bias", ["try_ref", "pin"]),
  ]

  @Test("the derived meaning equals the hand-written atomic layout's, state by state", arguments: atomicPairs.indices)
  func equalsHandWritten(pair: Int) throws {
    let (steppedName, atomicName, kinds) = Self.atomicPairs[pair]
    let stepped = try Self.load(steppedName), atomic = try Self.load(atomicName)
    let ms = Machine(stepped), ma = Machine(atomic)
    var compared = 0
    for kind in kinds {
      let ks = try #require(stepped.kindIndex(named: kind)), ka = try #require(atomic.kindIndex(named: kind))
      for d in Layout.Direction.allCases {
        let held = stepped.kinds.indices.map { $0 == ks ? BigInt(2) : 0 }
        let heldA = atomic.kinds.indices.map { $0 == ka ? BigInt(2) : 0 }
        for s in Self.states(stepped, held: held, count: 300, seed: 0x5EED_0100 &+ UInt64(compared)) {
          let sa = State(words: s.words, truth: Truth(held: heldA, byActor: [0: heldA], ideal: s.truth.ideal))
          let x = try ms.step(s, Op(kind: ks, direction: d)), y = try ma.step(sa, Op(kind: ka, direction: d))
          // The layouts' predicates differ (linux-gup-bias also asks `exclusive`): compare the events.
          #expect(x.state.words == y.state.words && x.events == y.events && x.applied == y.applied, "\(steppedName) \(kind) \(d) from \(s.words): \(x.outcomes) vs \(y.outcomes)")
          compared += 1
        }
      }
    }
    #expect(compared >= 600)
  }

  @Test("errors in steps are located at their line and column, with one message each")
  func located() throws {
    func first(_ steps: String, extra: String = "") -> Diagnostic? { Self.errors(Self.layout(steps: steps, extra: extra)).first }
    // A branch reads only locals: the field must be loaded first.
    let e1 = try #require(first(#"["if w > 3 return refused"]"#))
    #expect(e1.message.contains("'w' is shared") && e1.line == 12 && e1.column == 14)
    // One word per load.
    #expect(first(#"["c = w + v"]"#)?.message.contains("reads one word at one instant") == true)
    // Unknown field, with a suggestion.
    let e3 = try #require(first(#"["ww += 1"]"#))
    #expect(e3.message == "unknown field 'ww'" && e3.hint?.contains("did you mean 'w'") == true && e3.line == 12 && e3.column == 11)
    // A local read before it is assigned.
    #expect(first(#"["if c > 1 return refused", "c = w"]"#)?.message.contains("may be read before any step assigns it") == true)
    // Jumps to labels that exist.
    #expect(first(#"[{ label = "A", do = "c = w" }, "goto B"]"#)?.message == "no step is labelled 'B'")
    #expect(first(#"[{ label = "A", do = "c = w" }, { label = "A", do = "w += 1" }]"#)?.message == "duplicate step label 'A'")
    // test_and_set needs a bit.
    #expect(first(#"["c = test_and_set(w)"]"#)?.message.contains("1-bit field") == true)
    // old()/new() belong to atomic conditions.
    #expect(first(#"["c = old(w)"]"#)?.message.contains("one instant") == true)
    // Steps and a hand-written atomic meaning do not mix.
    let mixed = Self.errors(Self.layout(steps: #"["w += 1"]"#).replacingOccurrences(of: "steps = [\"w += 1\"]", with: "steps = [\"w += 1\"]\neffects = [\"w += 1\"]"))
    #expect(mixed.first?.message.contains("takes its atomic meaning from them") == true)
    // A commit step that a refused path follows.
    #expect(first(#"[{ do = "w += 1", commit = true }, "c = w", "if c > 3 return refused"]"#)?.message.contains("can return refused") == true)
    // Not a step at all.
    #expect(first(#"["w == 1"]"#)?.message.contains("is not a step") == true)
    // An add by a value that is not constant.
    #expect(first(#"["c = w", "v += c"]"#)?.hint?.contains("an atomic add adds a constant") == true)
  }

  @Test("scenarios and judged claims are checked against the layout, located")
  func scenarioErrors() throws {
    let base = Self.layout(steps: #"[{ label = "A", do = "c = w" }, { label = "B", do = "w += 1" }]"#)
    func first(_ extra: String) -> Diagnostic? { Self.errors(base + "\n" + extra).first }
    #expect(first("[[scenarios]]\nname = \"x\"\nthreads = [\"k\", \"kk\"]")?.message.contains("unknown operation 'kk'") == true)
    #expect(first("[[scenarios]]\nname = \"x\"\nthreads = [\"k\", \"k\"]\norder = [\"1:A < C\"]")?.message.contains("no thread has a step labelled 'C'") == true)
    let ambiguous = try #require(first("[[scenarios]]\nname = \"x\"\nthreads = [\"k\", \"k\"]\norder = [\"A < B\"]"))
    #expect(ambiguous.message.contains("all have a step labelled 'A'") && ambiguous.hint?.contains("\"1:A\"") == true)
    #expect(first("[[scenarios]]\nname = \"x\"\nthreads = [\"k\", \"k\"]\nracers = 4")?.message.contains("racers run one action each") == true)
    // A release of a reference no one holds is found when exploring, with its interleaving.
    let l = try Layout.parse(toml: base + "\n[[scenarios]]\nname = \"x\"\nthreads = [\"-k\"]", name: "t", file: "t.toml")
    #expect(throws: RaceSetup.Problem.self) { try RaceExplorer.explore(try RaceSetup.scenarios(of: l)[0]) }
    do {
      _ = try RaceExplorer.explore(try RaceSetup.scenarios(of: l)[0])
    } catch {
      #expect(error.message.contains("releases a 'k' reference no one holds"))
    }
    #expect(first("[[claims]]\nnever = \"field_overflow\"\njudged = \"quiescent\"")?.message.contains("is an event, judged when it happens") == true)
    #expect(first("[[claims]]\nnever = \"false_negative\"\njudged = \"after kk\"")?.message.contains("no action is named 'kk'") == true)
    #expect(first("[[claims]]\nnever = \"false_negative\"\njudged = \"sometimes\"")?.message.contains("is not a time to judge a claim") == true)
  }

  @Test("Hubbard's 2018 counter wraps: 2^32 + 1 pins, then one put_user_page() clears the flag with 2^32 pins outstanding")
  func dmaPinnedCountWrap() throws {
    let l = try Self.load("hubbard-dma-pinned-count")
    let machine = Machine(l)
    let trace = Trace.run(try Script.parse("pin_page_for_dma*((1 << 32) + 1), put_user_page", layout: l), on: machine, from: try machine.initialState())
    let last = try #require(trace.entries.last)
    #expect(last.tally[.falseNegative(predicate: "maybe_pinned")] == 1)
    #expect(last.state.truth.held == [BigInt.power(of2: 32)])
    #expect(machine.reading(0, in: last.state.words) == 0 && machine.reading(1, in: last.state.words) == 0)
    // One pin fewer: the count is 0 after 2^32 pins, the put wraps it to -1 and leaves the flag.
    let before = Trace.run(try Script.parse("pin_page_for_dma*(1 << 32), put_user_page", layout: l), on: machine, from: try machine.initialState())
    #expect(before.entries.last?.tally[.falseNegative(predicate: "maybe_pinned")] == nil)
    // The exact lens finds a wrap too (in its searched class).
    let analysis = try Analysis(layout: l)
    #expect(analysis.reachable.first { $0.outcome.category == .falseNegative }?.sequence != nil)
  }
}
