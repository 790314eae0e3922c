/// A race ready to explore: the threads' actions, the starting state, and
/// the order constraints, resolved against one layout.
public struct RaceSetup: Sendable {
  /// The layout whose actions race.
  public var layout: Layout
  /// The scenario's name, or `command line` for `--thread` threads.
  public var name: String
  /// The scenario's own description; empty for `--thread` threads.
  public var description: String
  /// Each thread's actions, in order, one run each.
  var threads: [[Op.Action]]
  /// Each thread's script as written.
  var threadScripts: [String]
  /// The script that built the starting state (empty: the initial state).
  var from: String
  /// The state the threads start from.
  var start: State
  /// The order constraints, resolved to steps; empty: every interleaving.
  var order: [OrderConstraint]
  /// The order constraints as written.
  var orderTexts: [String]
  /// For a racers scenario: how many racers run the one action.
  public var racers: BigInt?

  /// Most actions a race thread may run (each runs step by step).
  static let maximumThreadActions = 64
  /// Most threads a race may have.
  static let maximumThreads = 16

  /// "Step `before` of thread `beforeThread` runs before any run of step
  /// `after` of thread `afterThread`": the later step is disabled until the
  /// earlier has run once.
  public struct OrderConstraint: Sendable, Hashable {
    var beforeThread: Int
    /// The earlier step, as written (`G4`, `1:G4`).
    var before: String
    var afterThread: Int
    /// The later step, as written (`C1`, `2:C1`).
    var after: String
  }

  /// Why a race cannot be set up; `index` names the order constraint or
  /// thread at fault.
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, one sentence.
    public var message: String
    /// How to fix it, when there is something useful to say.
    public var hint: String?
    /// The index of the order constraint or thread at fault; nil when none is.
    public var index: Int?

    /// Creates a problem; the command line turns it into a located diagnostic.
    public init(message: String, hint: String? = nil, index: Int? = nil) {
      self.message = message
      self.hint = hint
      self.index = index
    }

    /// The message alone.
    public var description: String { message }
  }

  /// Resolves threads (scripts), a starting script and order constraints.
  ///
  /// - Throws: ``Problem`` for a script that does not parse, a thread too
  ///   long, an order naming no step, or a starting script that cannot run.
  public init(layout: Layout, name: String, description: String = "", threads: [String], from: String, order: [String]) throws(Problem) {
    guard !threads.isEmpty else { throw Problem(message: "a race needs at least one thread", hint: "give --thread SCRIPT, once per thread, or a layout with [[scenarios]]") }
    guard threads.count <= Self.maximumThreads else { throw Problem(message: "a race has at most \(Self.maximumThreads) threads, not \(threads.count)", hint: "for many threads running one action, use --racers N") }
    self.layout = layout
    self.name = name
    self.description = description
    self.threadScripts = threads
    self.from = from
    self.orderTexts = order
    var resolved: [[Op.Action]] = []
    for (i, t) in threads.enumerated() {
      do { resolved.append(try Self.threadActions(t, layout: layout)) } catch {
        throw Problem(message: "thread \(i + 1) ('\(t)'): \(error.message)", hint: error.hint, index: i)
      }
    }
    self.threads = resolved
    self.order = try Self.orderConstraints(order, threads: resolved, layout: layout)
    let machine = Machine(layout)
    var state: State
    do { state = try machine.initialState() } catch {
      throw Problem(message: error.message, hint: error.hint)
    }
    if !from.trimmingCharacters(in: .whitespaces).isEmpty {
      let script: Script
      do { script = try Script.parse(from, layout: layout) } catch {
        throw Problem(message: "--from '\(from)': \(error.message) (column \(error.offset + 1))")
      }
      let trace = Trace.run(script, on: machine, from: state)
      if let e = trace.entries.last?.error {
        throw Problem(message: "--from '\(from)': \(e)", hint: "a release needs a reference held; acquire it first")
      }
      state = trace.entries.last?.state ?? state
    }
    // Race states keep the truth as native counts.
    let limit = BigInt(CompiledExpression.nativeTruthLimit)
    if state.truth.total >= limit {
      throw Problem(message: "the starting state holds \(state.truth.total) references; races keep counts below 2^62", hint: "start from fewer references")
    }
    self.start = state
  }

  /// A race of given actions from a given state (for tests and for the
  /// racers lens): no scripts to parse.
  init(layout: Layout, name: String, threads: [[Op.Action]], start: State) {
    self.layout = layout
    self.name = name
    self.description = ""
    self.threads = threads
    self.threadScripts = threads.map { $0.map { layout.name(of: $0) }.joined(separator: ", ") }
    self.from = ""
    self.start = start
    self.order = []
    self.orderTexts = []
  }

  /// A thread's script as its actions, one run each.
  static func threadActions(_ text: String, layout: Layout) throws(Problem) -> [Op.Action] {
    let script: Script
    do { script = try Script.parse(text, layout: layout) } catch {
      throw Problem(message: "\(error.message) (column \(error.offset + 1))")
    }
    var out: [Op.Action] = []
    for phase in script.phases {
      guard let n = phase.count.int, out.count + n <= maximumThreadActions else {
        throw Problem(message: "a thread runs at most \(maximumThreadActions) actions", hint: "build large counts in the starting state (--from, or a scenario's from)")
      }
      out += Array(repeating: phase.op.action, count: n)
    }
    return out
  }

  /// Parses `"G4 < C1"` or `"1:G4 < 2:C1"` (threads numbered from 1)
  /// against the threads' steps' labels.
  static func orderConstraints(_ texts: [String], threads: [[Op.Action]], layout: Layout) throws(Problem) -> [OrderConstraint] {
    var out: [OrderConstraint] = []
    for (i, text) in texts.enumerated() {
      let parts = text.split(separator: "<", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw Problem(message: "'\(text)' is not an order: write \"LABEL < LABEL\" (\"G4 < C1\"), or with thread numbers \"1:G4 < 2:C1\"", index: i)
      }
      func resolve(_ s: String) throws(Problem) -> (Int, String) {
        var label = s
        var thread: Int?
        if let colon = s.firstIndex(of: ":") {
          guard let n = Int(s[..<colon].trimmingCharacters(in: .whitespaces)), n >= 1, n <= threads.count else {
            throw Problem(message: "'\(s)' in '\(text)': the thread number must be 1...\(threads.count)", index: i)
          }
          thread = n - 1
          label = String(s[s.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        let having = threads.indices.filter { t in threads[t].contains { layout.action($0).steps?.index(ofLabel: label) != nil } }
        if let thread {
          guard having.contains(thread) else { throw Problem(message: "thread \(thread + 1) has no step labelled '\(label)' (in '\(text)')", index: i) }
          return (thread, label)
        }
        guard !having.isEmpty else {
          let labels = Set(threads.flatMap { $0.flatMap { layout.action($0).steps?.steps.compactMap(\.label) ?? [] } }).sorted()
          throw Problem(message: "no thread has a step labelled '\(label)' (in '\(text)')", hint: labels.isEmpty ? "label steps with { label = \"G2\", do = \"...\" }" : "labels: \(labels.joined(separator: ", "))", index: i)
        }
        guard having.count == 1 else {
          throw Problem(message: "threads \(having.map { "\($0 + 1)" }.joined(separator: " and ")) all have a step labelled '\(label)' (in '\(text)')", hint: "say which with a thread number: \"\(having[0] + 1):\(label)\"", index: i)
        }
        return (having[0], label)
      }
      let (bt, b) = try resolve(parts[0])
      let (at, a) = try resolve(parts[1])
      out.append(OrderConstraint(beforeThread: bt, before: b, afterThread: at, after: a))
    }
    return out
  }

  /// Explores the race, or analyses its racers when it has a racer count.
  public func run(options: RaceExplorer.Options = RaceExplorer.Options()) throws(Problem) -> RaceReport {
    if let racers { return .racers(try Racers.analyze(self, racers: racers)) }
    return .interleavings(try RaceExplorer.explore(self, options: options))
  }

  /// The races a layout declares, resolved.
  public static func scenarios(of layout: Layout) throws(Problem) -> [RaceSetup] {
    var out: [RaceSetup] = []
    for s in layout.scenarios {
      do {
        var setup = try RaceSetup(layout: layout, name: s.name, description: s.description, threads: s.threads, from: s.from, order: s.order)
        setup.racers = s.racers
        out.append(setup)
      } catch {
        throw Problem(message: "scenario '\(s.name)': \(error.message)", hint: error.hint, index: error.index)
      }
    }
    return out
  }
}
