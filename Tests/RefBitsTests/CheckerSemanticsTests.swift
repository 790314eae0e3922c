import Foundation
import Testing

@testable import RefBits

/// The certificate checker states the step semantics on its own (as Z3
/// terms); on concrete states it must give exactly what `Machine.step` gives:
/// the words, the held counts and the outcomes. A difference is a bug in one
/// of the two, and would let a certificate prove something about another
/// machine than the one the searches run.
@Suite("Checker semantics equal Machine.step")
struct CheckerSemanticsTests {
  static func compare(_ machine: Machine, states: Int, gen: inout RandomLayoutGenerator, context: String) throws {
    let layout = machine.layout
    let checker = CertificateChecker(layout: layout)
    let z = Z3Context(resourceLimit: checker.resourceLimit)
    for i in 0..<states {
      let state = gen.state(for: machine)
      // Every action of the layout: acquires, releases and operations.
      let op = Op(layout.actions[gen.int(0...(layout.actions.count - 1))])
      let mine = try checker.concreteStep(words: state.words.map { BigInt($0) }, held: state.truth.held, action: op.action, in: z)
      let where_ = "\(context) state \(i): \(state.words) held \(state.truth.held), \(layout.operationName(op))"
      guard let r = try? machine.step(state, op) else {
        #expect(mine == nil, "\(where_): Machine refuses the release, the checker runs it")
        continue
      }
      guard let mine else { Issue.record("\(where_): the checker does not enable it"); continue }
      #expect(mine.words == r.state.words.map { BigInt($0) }, "\(where_)")
      #expect(mine.held == r.state.truth.held, "\(where_)")
      #expect(mine.outcomes == Set(r.outcomes), "\(where_): checker \(mine.outcomes.sorted()), machine \(r.outcomes)")
    }
  }

  @Test("random layouts of at most 10 bits, random states", arguments: [UInt64(0x5E3A), 0x5E3B, 0x5E3C])
  func random(seed: UInt64) throws {
    var gen = RandomLayoutGenerator(seed: seed)
    gen.maxBits = 10
    var done = 0
    while done < 12 {
      let (text, _, _) = gen.layout()
      guard let layout = try? Layout.parse(toml: text, name: "random", file: "random.toml") else { continue }
      try Self.compare(Machine(layout), states: 40, gen: &gen, context: "seed \(seed) layout \(done)")
      done += 1
    }
  }

  @Test("every shipped layout, random states")
  func shipped() throws {
    var gen = RandomLayoutGenerator(seed: 0x5E3D)
    for name in ShippedLayouts.names {
      try Self.compare(Machine(try ShippedLayouts.load(name)), states: 40, gen: &gen, context: "seed 0x5E3D \(name)")
    }
  }
}

/// The checker shares no code with what it checks: its sources name nothing
/// of the machine, the expression evaluators, the searches or the synthesis.
@Suite("Checker independence")
struct CheckerIndependenceTests {
  @Test("Sources/RefBits/Checker reads the layout as data only")
  func independent() throws {
    let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/RefBits/Checker").standardized
    let files = try FileManager.default.contentsOfDirectory(atPath: checker.path).filter { $0.hasSuffix(".swift") }
    #expect(files.count >= 4)
    let forbidden = ["Machine", "StepEnvironment", "StepResult", "Standing", "CompiledExpression", "FieldReader", ".evaluate(", ".interval(", ".symbolic(",
      "maximumShift", "PhaseSearch", "BreadthFirstSearch", "InvariantSynthesis", "ZoneTransfer", "AbstractZone", "CellGeometry", "Certifier", "Native"]
    for f in files {
      let text = try String(contentsOf: checker.appendingPathComponent(f), encoding: .utf8)
      // Comments may name what the checker is independent of.
      let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
      for word in forbidden { #expect(!code.contains(word), "\(f) uses \(word)") }
    }
  }
}
