import Foundation

extension Layout {
  /// A race the layout declares for `refbits races`: named threads, each a
  /// script run once, from a starting state, and optional order constraints
  /// (Jérôme Glisse's timelines T1 to T3 are scenarios of his layout).
  public struct Scenario: Sendable, Hashable {
    /// The name `refbits races --scenario` and reports use.
    public var name: String
    /// What the race is, and where it was described; empty when the file does not say.
    public var description: String
    /// One script per thread (`gup`, `page_mkclean`, `gup, put_user_page`).
    var threads: [String]
    /// The script that builds the starting state from the initial one, as
    /// actor 0, one atomic step per operation (`pin*2`); empty: the initial
    /// state.
    var from: String
    /// Order constraints, `"G4 < C1"` or `"1:G4 < 2:C1"`: the second step
    /// may not run before the first has run (restricts the interleavings
    /// explored to one of the author's cases).
    var order: [String]
    /// `racers = N`: N threads each running the one action of the one
    /// thread (`refbits races --racers N`), answered with exact arithmetic.
    public var racers: BigInt?

    /// Creates a scenario of `threads`, each a script; the defaults start from
    /// the initial state and explore every interleaving.
    init(name: String, description: String = "", threads: [String], from: String = "", order: [String] = [], racers: BigInt? = nil) {
      self.name = name
      self.description = description
      self.threads = threads
      self.from = from
      self.order = order
      self.racers = racers
    }
  }

  /// When the race lens judges a claim about a predicate. The exact and fuzz
  /// lenses step whole actions, so every state they see is between actions
  /// and they judge every claim at every step.
  public enum Judgement: Sendable, Hashable, CustomStringConvertible {
    /// At every state between two steps of any thread.
    case always
    /// Only where no thread is inside an action (between steps of none).
    case quiescent
    /// Right after any thread completes the named action (its script name:
    /// `after page_mkclean`).
    case after(String)

    /// The judgement as the layout file writes it (`quiescent`, `after page_mkclean`).
    public var description: String {
      switch self {
      case .always: "always"
      case .quiescent: "quiescent"
      case .after(let name): "after \(name)"
      }
    }

    /// Parses `always`, `quiescent` or `after NAME`; nil if malformed.
    init?(parsing text: String) {
      let t = text.trimmingCharacters(in: .whitespaces)
      switch t {
      case "always": self = .always
      case "quiescent": self = .quiescent
      default:
        guard t.hasPrefix("after ") else { return nil }
        let name = t.dropFirst("after ".count).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(" ") else { return nil }
        self = .after(name)
      }
    }
  }
}
