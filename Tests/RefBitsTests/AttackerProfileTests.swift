import Testing

@testable import RefBits

/// Attacker profiles: malformed input gets located errors, never a trap.
@Suite("Attacker profiles")
struct AttackerProfileTests {
  static func errors(_ text: String) -> [Diagnostic] {
    do {
      _ = try AttackerProfile.parse(toml: text, name: "p", file: "p.toml")
      return []
    } catch {
      return error.all
    }
  }

  @Test("text that would abort TOMLKit's parser is refused with its position")
  func unsafeTOML() {
    let e = Self.errors("title = \"x\"\n[%\n")
    #expect(e.count == 1)
    #expect(e.first?.line == 2 && e.first?.column == 2)
  }

  @Test("a cost must name a declared resource, budgets and costs cannot be negative")
  func validation() {
    let text = """
      title = "t"
      source = "s"
      [resources.memory]
      unit = "bytes"
      budget = -1
      source = "s"
      estimate = false
      [ops.ref]
      via = "v"
      cost = { pipes = 1, memory = -3 }
      rate = 0
      release = true
      source = "s"
      estimate = true
      """
    let messages = Self.errors(text).map(\.message)
    #expect(messages.contains { $0.contains("budget cannot be negative") })
    #expect(messages.contains { $0.contains("'pipes' is not a declared resource") })
    #expect(messages.contains { $0.contains("cost cannot be negative") })
    #expect(messages.contains { $0.contains("rate is a positive number") })
    #expect(Self.errors(text).allSatisfy { $0.line != nil })
  }

  @Test("every shipped profile loads with resources and routes")
  func shipped() throws {
    #expect(ShippedAttackers.names.count >= 3)
    for name in ShippedAttackers.names {
      let profile = try ShippedAttackers.resolve(name)
      #expect(!profile.resources.isEmpty && !profile.routes.isEmpty, "\(name)")
    }
  }
}
