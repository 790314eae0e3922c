import Testing

@testable import RefBits

/// Invariants a layout states under `[[invariants]]`: read into zones of
/// linear constraints, refused with a located error when the checker could
/// not decide them, offered to the checker for what the lens's own synthesis
/// leaves open, and reported as proofs only when the checker accepts them.
@Suite("Stated invariants")
struct StatedInvariantTests {
  /// John Hubbard's 2018 `dma_pinned_count` + `PageDmaPinned` proposal
  /// (layouts/hubbard-dma-pinned-count.toml) with the count scaled down to 4
  /// signed bits: a pin sets the count to 1 and the flag when the flag is
  /// clear, else increments; an unpin decrements and clears the flag at 0.
  static func hubbard4(invariant: String?) -> String {
    var text = """
      title = "Hubbard's dma_pinned_count with a 4-bit count"
      source = "test: layouts/hubbard-dma-pinned-count.toml scaled down"
      [words.count]
      bits = 4
      signed = true
      [words.flag]
      bits = 1
      [kinds.pin.acquire]
      op = "pin"
      effects = ["count += 1"]
      [[kinds.pin.acquire.fixups]]
      when = "old(flag) == 0"
      effects = ["count = 1", "flag = 1"]
      outcome = "ok"
      [kinds.pin.release]
      op = "unpin"
      effects = ["count -= 1"]
      [[kinds.pin.release.fixups]]
      when = "count == 0"
      effects = ["flag = 0"]
      outcome = "ok"
      [predicates.maybe_pinned]
      when = "flag == 1"
      means = "pin > 0"
      [initial]
      held = {}

      """
    if let invariant {
      text += """
        [[invariants]]
        holds = \"\"\"
        \(invariant)
        \"\"\"
        description = "the count is pin minus the pins outstanding when the flag was set, modulo 2^4, and never passed 0"

        """
    }
    return text
  }

  /// The argument of the shipped layout's invariant at 4 bits: a positive
  /// count is at most `pin`, a negative one stands for count + 16 or more,
  /// 0 for 16 or more.
  static let proof = """
       flag == 0
    || flag == 1 && count >= 1 && pin >= count
    || flag == 1 && count <= -1 && pin >= count + 16
    || flag == 1 && count == 0 && pin >= 16
    """

  /// The line of the invariant's `holds` key in ``hubbard4(invariant:)``
  /// (its text starts on the next).
  static let holdsLine = 28

  static func analysis(_ text: String) throws -> Analysis {
    try Analysis(layout: try Layout.parse(toml: text, name: "hubbard4", file: "hubbard4.toml"))
  }

  static func onset(_ a: Analysis, _ outcome: String) throws -> Verdict {
    try #require(a.onsets.first { $0.outcome.description == outcome }, "no onset \(outcome)").verdict
  }

  @Test("the stated invariant proves the flag never reads pinned with no pin; the tests' own breadth-first search agrees to depth 40")
  func statedProof() throws {
    let a = try Self.analysis(Self.hubbard4(invariant: Self.proof))
    let v = try Self.onset(a, "false_positive(maybe_pinned)")
    let c = try #require(v.certificate, "\(v)")
    #expect(c.origin == .stated(line: Self.holdsLine))
    #expect(c.invariant == a.layout.invariants[0].invariant)
    // Asked again, on its own, the checker accepts it.
    #expect(CertificateChecker(layout: a.layout).check(c, covering: PhaseSearch.allOps(a.layout)) == .accepted)

    // Exhaustively to depth 40 (past two wraps of the 4-bit count): no false
    // positive; the false negative at 16 + 1 pins (the count wraps to 1) and
    // one unpin (the count reaches 0 and clears the flag with 16 pins held).
    let m = Machine(a.layout)
    let bfs = BreadthFirst.shortest(m, from: try m.initialState(), ops: PhaseSearch.allOps(a.layout), targets: [.init(parsing: "false_positive(maybe_pinned)")!, .init(parsing: "false_negative(maybe_pinned)")!], depth: 40, maxStates: 1 << 16)
    #expect(bfs.complete >= 40)
    #expect(bfs.found[.init(parsing: "false_positive(maybe_pinned)")!] == nil)
    #expect(bfs.found[.init(parsing: "false_negative(maybe_pinned)")!] == 16 + 1 + 1)
    let fn = try Self.onset(a, "false_negative(maybe_pinned)")
    #expect(fn.sequence?.operations == BigInt(16 + 1 + 1))
  }

  @Test("an invariant that is not inductive is no proof: the verdict stays unknown and says why")
  func rejectedStatement() throws {
    // Without the zone for a count of 0, 15 more pins from count -1 leave it.
    let broken = Self.proof.replacingOccurrences(of: "\n|| flag == 1 && count == 0 && pin >= 16", with: "")
    #expect(broken != Self.proof)
    let a = try Self.analysis(Self.hubbard4(invariant: broken))
    let v = try Self.onset(a, "false_positive(maybe_pinned)")
    guard case .unknown(let u) = v else {
      Issue.record("expected unknown, got \(v)")
      return
    }
    #expect(u.reason.contains("the invariant stated at line \(Self.holdsLine) is not a proof either: not preserved"), "\(u.reason)")
    // Every other verdict is what it is without the statement.
    let plain = try Self.analysis(Self.hubbard4(invariant: nil))
    #expect(a.reachable.map(\.verdict.sequence) == plain.reachable.map(\.verdict.sequence))
  }

  @Test("conditions become zones: || joins them, && distributes, ! and != split comparisons, % M == 0 is a congruence")
  func zones() throws {
    func parts(_ holds: String) throws -> [[String]] {
      let l = try Layout.parse(toml: Self.hubbard4(invariant: holds), name: "h", file: "h.toml")
      return l.invariants[0].invariant.parts(l)
    }
    #expect(try parts("count >= 1 && pin >= count || flag == 0") == [["count >= 1", "pin - count >= 0"], ["flag == 0"]])
    #expect(try parts("!(flag == 1 && pin < 2)") == [["flag <= 0"], ["flag >= 2"], ["pin >= 2"]])
    #expect(try parts("(flag == 0 || flag == 1) && (count - 1) % 4 == 0") == [["flag == 0", "count == 1 (mod 2^2)"], ["flag == 1", "count == 1 (mod 2^2)"]])
    #expect(try parts("2 * (count + pin) - (pin << 1) <= 3 + total") == [["2*count - total <= 3"]])
    #expect(try parts("1") == [[]])
  }

  @Test("what the checker could not decide is refused where it is written", arguments: [
    ("count * pin >= 0", "29:1: error: '*' makes this comparison non-linear"),
    ("old(count) == 1", "29:5: error: old(count) is not available in an invariant"),
    ("count % 4 == 1", "29:1: error: a remainder in an invariant must read `(x) % M == 0`"),
    ("count + 1", "29:1: error: an invariant is comparisons of linear sums"),
    ("flag == 1 && nope > 0", "29:14: error: unknown name 'nope'"),
  ])
  func refused(holds: String, message: String) throws {
    let e = #expect(throws: Diagnostics.self) { try Layout.parse(toml: Self.hubbard4(invariant: holds), name: "h", file: "h.toml") }
    #expect(e?.description.contains("h.toml:\(message)") == true, "\(e?.description ?? "")")
  }

  @Test("a stated invariant needs its argument")
  func description() throws {
    let text = Self.hubbard4(invariant: "flag == 0 || pin >= 1").replacingOccurrences(of: "description = \"the count is pin minus the pins outstanding when the flag was set, modulo 2^4, and never passed 0\"\n", with: "")
    let e = #expect(throws: Diagnostics.self) { try Layout.parse(toml: text, name: "h", file: "h.toml") }
    #expect(e?.description.contains("missing required key 'description'") == true, "\(e?.description ?? "")")
  }

  /// The shipped layouts whose proofs RefBits's synthesis does not find and
  /// their files state: each such row is `impossible` by the stated
  /// invariant, and no row of theirs is unknown.
  @Test("shipped layouts that state invariants: proved by them, nothing unknown", arguments: [
    ("hubbard-dma-pinned-count", ["false_positive(maybe_pinned)"]),
    ("rust-arc", ["premature_free", "leak", "false_positive(unique)", "false_negative(unique)"]),
    ("objc-isa-x86_64", ["leak"]),
    ("objc-isa-arm64", ["leak"]),
    ("swift-native-64", ["premature_free", "false_negative(unique)"]),
  ])
  func shipped(name: String, proved: [String]) throws {
    let a = try Analysis(layout: try ShippedLayouts.load(name))
    for o in proved {
      let v = try Self.onset(a, o)
      guard case .stated(let line) = v.certificate?.origin else {
        Issue.record("\(name) \(o): \(v)")
        continue
      }
      #expect(line == a.layout.invariants[0].line)
    }
    let unknown = VerdictTests.verdicts(a).filter { if case .unknown = $0.1 { true } else { false } }.map(\.0)
    #expect(unknown.isEmpty, "\(name): \(unknown)")
  }
}
