import Testing

@testable import RefBits

/// The verdicts of small random layouts against breadth-first search over
/// every sequence (the words and the truth, held counts growing to well
/// above the fields' ranges): `impossible` is never reached there, a
/// `reachable` called shortest is exactly as long as the search's shortest,
/// and one only found is no shorter than it and no shorter than its bound.
@Suite("Verdicts against exhaustive search")
struct VerdictSearchTests {
  /// Layouts of at most 10 bits in all (two words of 5), started from one reference.
  static func layout(_ gen: inout RandomLayoutGenerator) -> Layout {
    gen.maxBits = 5
    while true {
      let (text, _, _) = gen.layout()
      let start = text.replacingOccurrences(of: "held = {}\nfields = {}", with: "held = { k0 = 1 }")
      if let layout = try? Layout.parse(toml: start, name: "small", file: "small.toml"), layout.words.reduce(0, { $0 + $1.bits }) <= 10 { return layout }
    }
  }

  @Test("random layouts of at most 10 bits", arguments: [UInt64(0x7E5D1), 0x7E5D2, 0x7E5D3, 0x7E5D4])
  func agree(seed: UInt64) throws {
    var gen = RandomLayoutGenerator(seed: seed)
    var impossible = 0, checked = 0
    for round in 0..<6 {
      let layout = Self.layout(&gen)
      let m = Machine(layout)
      let a = try Analysis(layout: layout)
      let rows: [(OutcomePattern, Verdict)] = a.onsets.map { (OutcomePattern(category: $0.outcome.category, argument: $0.outcome.argument), $0.verdict) } + a.reachable.map { ($0.outcome, $0.verdict) }
      // Deep enough for the held counts to pass every field's range several times.
      let bits = layout.words.map(\.bits).max()!
      let (bfs, complete) = BreadthFirst.shortest(m, from: try m.initialState(), ops: PhaseSearch.allOps(layout), targets: rows.map(\.0), depth: 4 << bits, maxStates: 6_000)
      let context = "seed \(seed) round \(round)"
      for (t, v) in rows {
        checked += 1
        switch v {
        case .impossible:
          impossible += 1
          #expect(bfs[t] == nil, "\(context) \(t): impossible, but \(bfs[t]!) operations reach it\n\(layout)")
        case .reachable(let r):
          let n = r.sequence.operations
          if let b = bfs[t] {
            #expect(n >= BigInt(b), "\(context) \(t): \(r.sequence) is shorter than the shortest (\(b))")
            if r.isShortest { #expect(n == BigInt(b), "\(context) \(t): called shortest, \(n) vs \(b)") }
            if let low = r.lowerBound { #expect(low <= BigInt(b), "\(context) \(t): bound \(low) above the shortest \(b)") }
          } else if r.isShortest, n <= BigInt(complete) {
            Issue.record("\(context) \(t): shortest \(n) within the searched depth \(complete), which never reached it")
          }
        case .unknown(let u):
          if let b = bfs[t], let low = u.atLeast { #expect(low <= BigInt(b), "\(context) \(t): bound \(low) above the shortest \(b)") }
        }
      }
    }
    // The seeds give proofs to check, not only sequences.
    #expect(impossible > 0 && checked > 0, "seed \(seed): \(impossible) impossible of \(checked)")
  }
}
