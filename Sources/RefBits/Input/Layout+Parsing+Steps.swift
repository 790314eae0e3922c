import Foundation
import TOMLKit

// `steps` of an acquire, release or operation, `[[scenarios]]`, and a claim's
// `judged`: what the race lens reads. See docs/layout-format.md ("Steps") and
// docs/races.md.

extension TOMLReader {
  /// The keys of a step written as a table.
  static let stepKeys = ["label", "do", "why", "commit"]

  /// Fetch-and-add forms: name -> (sign of the amount, value returned).
  static let fetchForms: [String: (sign: Int, returns: Layout.Returned)] = [
    "fetch_add": (1, .old), "fetch_sub": (-1, .old), "add_return": (1, .new), "sub_return": (-1, .new),
  ]

  /// The step forms, for hints.
  static let stepForms = "c = FIELD_OR_WORD, FIELD += K, FIELD -= K, FIELD = V, c = fetch_add(F, K) (fetch_sub, add_return, sub_return), c = test_and_set(F), c = test_and_clear(F), ok = cmpxchg(F, E, N), ok = try_cmpxchg(F, c, N), lock(F), unlock(F), await COND, fence [NAME], goto L, retry, return OUTCOME, if COND goto L | retry | return OUTCOME"

  /// `steps = [...]` of the action at `path`: each a string, or a table
  /// `{ label = "G2", do = "...", why = "..." }`. Returns nil (with errors
  /// reported) when any step is wrong.
  mutating func readSteps(_ t: TOMLTable, at path: String, scope: Expression.Scope, fields: [Layout.Field]) -> Layout.Steps? {
    let spath = join(path, "steps")
    guard let v = t["steps"] else { return nil }
    guard let arr = v.array else {
      error(spath, "'steps' must be an array of steps, not \(Self.a(v.type))", hint: "write steps = [\"c = count\", { label = \"G2\", do = \"count += 1\", why = \"atomic_inc(&count)\" }]")
      return nil
    }
    guard !arr.isEmpty else {
      error(spath, "'steps' is empty", hint: "list the atomic sub-steps, or remove 'steps' to make the action one atomic step")
      return nil
    }
    // Pass 1: text, label and justification of each step; labels; locals.
    struct Raw {
      var path: String
      var text: String
      var label: String?
      var why: String
      var commits = false
    }
    var raws: [Raw] = []
    var ok = true
    var labels: [String: Int] = [:]
    for (i, item) in arr.enumerated() {
      let ipath = "\(spath)[\(i)]"
      if let s = item.string {
        raws.append(Raw(path: ipath, text: s, label: nil, why: ""))
      } else if let st = item.table {
        checkKeys(st, at: ipath, allowed: Self.stepKeys)
        guard let text = string(st, "do", at: ipath, required: true) else { ok = false; continue }
        let label = string(st, "label", at: ipath)
        if let label {
          if !isIdentifier(label) {
            error(join(ipath, "label"), "'\(label)' is not a valid step label", hint: "use letters, digits and '_', not starting with a digit (G2, C1, again)")
            ok = false
          } else if let other = labels[label] {
            error(join(ipath, "label"), "duplicate step label '\(label)'", hint: "already the label of \(spath)[\(other)]; labels name one step each")
            ok = false
          } else if ["retry", "return", "goto", "if"].contains(label) {
            error(join(ipath, "label"), "'\(label)' is a step keyword, not a label", hint: "choose another label")
            ok = false
          } else {
            labels[label] = i
          }
        }
        raws.append(Raw(path: join(ipath, "do"), text: text, label: label, why: string(st, "why", at: ipath) ?? "", commits: bool(st, "commit", at: ipath) ?? false))
      } else {
        error(ipath, "a step is a string or a table { label, do, why }, not \(Self.a(item.type))", hint: "write \"count += 1\" or { label = \"G2\", do = \"count += 1\", why = \"atomic_inc(&count)\" }")
        ok = false
      }
    }
    guard ok else { return nil }

    var locals: [String] = []
    var localIndex: [String: Int] = [:]
    for raw in raws {
      guard let target = StepText(raw.text).assignedName, scope.fields[target] == nil, scope.words[target] == nil else { continue }
      if localIndex[target] == nil, isIdentifier(target), !LayoutNames.reserved.contains(target), scope.constants[target] == nil, scope.kinds[target] == nil {
        localIndex[target] = locals.count
        locals.append(target)
      }
    }

    // Pass 2: each step's instruction.
    var steps: [Layout.Step] = []
    var jumps: [(step: Int, label: String, path: String, offset: Int)] = []
    for (i, raw) in raws.enumerated() {
      var parser = StepParser(reader: self, path: raw.path, text: raw.text, scope: scope, fields: fields, locals: localIndex)
      let instruction = parser.parse()
      self = parser.reader
      guard let instruction else { ok = false; continue }
      if case .jump(_, .step(-1)) = instruction, let label = parser.jumpLabel {
        jumps.append((i, label, raw.path, parser.jumpLabelOffset))
      }
      steps.append(Layout.Step(label: raw.label, text: raw.text.trimmingCharacters(in: .whitespaces), description: raw.why, instruction: instruction, commits: raw.commits))
    }
    guard ok else { return nil }
    // Jump targets.
    for j in jumps {
      guard let target = labels[j.label] else {
        let known = labels.keys.sorted()
        error(j.path, "no step is labelled '\(j.label)'", hint: Self.didYouMean(j.label, among: known).map { "\($0) (labels: \(known.joined(separator: ", ")))" } ?? (known.isEmpty ? "give the target step a label: { label = \"\(j.label)\", do = \"...\" }" : "labels: \(known.joined(separator: ", "))"), columnOffset: j.offset)
        ok = false
        continue
      }
      if case .jump(let c, _) = steps[j.step].instruction { steps[j.step].instruction = .jump(condition: c, target: .step(target)) }
    }
    guard ok else { return nil }
    let result = Layout.Steps(steps: steps, locals: locals, fieldCount: fields.count)
    // A commit step is the action's one linearization point.
    if let (i, message) = result.commitProblem() {
      error(raws[i].path.hasSuffix(".do") ? String(raws[i].path.dropLast(3)) + ".commit" : raws[i].path, message, hint: "mark the one step at which the reference is taken or dropped, on a path that always succeeds from there")
      return nil
    }
    // Every local is assigned before it is read, on every path.
    if let (i, name) = result.firstUnassignedRead() {
      error(raws[i].path, "thread-local '\(name)' may be read before any step assigns it", hint: "assign it first (\(name) = FIELD, \(name) = fetch_add(F, 1), ...) on every path that reaches this step")
      return nil
    }
    return result
  }

  /// An action with `steps`: the steps, and the atomic meaning derived from
  /// them (``Layout/Steps/sequentialAction(fields:wordNames:alias:)``), which
  /// is what the exact and fuzz lenses step. The action may not also give
  /// its atomic meaning by hand.
  mutating func readSteppedAction(_ t: TOMLTable, at path: String, alias: String?, scope: Expression.Scope, fields: [Layout.Field]) -> Layout.Action? {
    var ok = true
    for key in ["refuse", "effects", "trap", "fixups"] where t[key] != nil {
      error(join(path, key), "an action with steps takes its atomic meaning from them: '\(key)' cannot be given too", hint: "remove '\(key)': `refbits show` prints the meaning derived from the steps", atKey: true)
      ok = false
    }
    guard let steps = readSteps(t, at: path, scope: scope, fields: fields), ok else { return nil }
    let wordNames = Dictionary(scope.words.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    do {
      return try steps.sequentialAction(fields: fields, wordNames: wordNames, alias: alias)
    } catch {
      self.error(error.step.map { "\(join(path, "steps"))[\($0)]" } ?? join(path, "steps"), error.message, hint: "write the steps so that, run alone, each path reads its fields before or after all of its word's common effects")
      return nil
    }
  }

  /// `judged = "always" | "quiescent" | "after NAME"` of the claim at `path`.
  mutating func readJudgement(_ t: TOMLTable, at path: String, never pattern: OutcomePattern) -> Layout.Judgement? {
    guard let text = string(t, "judged", at: path) else { return t["judged"] == nil ? .always : nil }
    guard let j = Layout.Judgement(parsing: text) else {
      error(join(path, "judged"), "'\(text)' is not a time to judge a claim", hint: "write judged = \"always\" (every state, the default), \"quiescent\" (no thread inside an action) or \"after NAME\" (right after any thread completes action NAME)")
      return nil
    }
    if j != .always, !pattern.category.isLieCategory {
      error(join(path, "judged"), "'\(pattern.category.rawValue)' is an event, judged when it happens; only claims about predicates (false_positive, false_negative, premature_free, leak) can be judged \(j)", hint: "remove judged, or make the claim about a predicate")
      return nil
    }
    return j
  }

  /// `[[scenarios]]`: checked against the whole layout (the scripts name its
  /// actions, the orders name its steps' labels).
  mutating func readScenarios(_ root: TOMLTable, layout: Layout) -> [Layout.Scenario] {
    guard let v = root["scenarios"] else { return [] }
    guard let arr = v.array else {
      error("scenarios", "'scenarios' must be an array of tables, not \(Self.a(v.type))", hint: "write each scenario as [[scenarios]] with name, threads and optionally from, order and description")
      return []
    }
    var out: [Layout.Scenario] = []
    var names: Set<String> = []
    for (i, item) in arr.enumerated() {
      let path = "scenarios[\(i)]"
      guard let t = item.table else {
        error(path, "each scenario must be a table, not \(Self.a(item.type))", hint: "write [[scenarios]] followed by name = \"...\" and threads = [\"...\", \"...\"]")
        continue
      }
      checkKeys(t, at: path, allowed: ["name", "description", "threads", "from", "order", "racers"])
      guard let name = string(t, "name", at: path, required: true) else { continue }
      if !isIdentifier(name.replacingOccurrences(of: "-", with: "_")) {
        error(join(path, "name"), "'\(name)' is not a valid scenario name", hint: "use letters, digits, '_' and '-' (T1, gup-vs-mkclean)")
        continue
      }
      if !names.insert(name).inserted {
        error(join(path, "name"), "duplicate scenario name '\(name)'", hint: "scenario names are unique within a layout")
        continue
      }
      var ok = true
      var threads: [String] = []
      if let tv = t["threads"] {
        if let ta = tv.array, !ta.isEmpty {
          for (k, item) in ta.enumerated() {
            let tpath = "\(join(path, "threads"))[\(k)]"
            guard let s = item.string else { error(tpath, "a thread is a script string such as \"gup, put_user_page\", not \(Self.a(item.type))"); ok = false; continue }
            if !checkScript(s, at: tpath, layout: layout, threadLimit: true) { ok = false }
            threads.append(s)
          }
        } else {
          error(join(path, "threads"), "'threads' must be a non-empty array of script strings", hint: "write threads = [\"gup\", \"page_mkclean\"]")
          ok = false
        }
      } else {
        error(path, "missing required key 'threads'", hint: "add threads = [\"gup\", \"page_mkclean\"]: one script per thread", atKey: true)
        ok = false
      }
      let from = string(t, "from", at: path) ?? ""
      if !from.trimmingCharacters(in: .whitespaces).isEmpty, !checkScript(from, at: join(path, "from"), layout: layout, threadLimit: false) { ok = false }
      var order: [String] = []
      if let ov = t["order"] {
        if let oa = ov.array {
          for (k, item) in oa.enumerated() {
            let opath = "\(join(path, "order"))[\(k)]"
            guard let s = item.string else { error(opath, "an order is a string such as \"G4 < C1\", not \(Self.a(item.type))"); ok = false; continue }
            order.append(s)
          }
        } else {
          error(join(path, "order"), "'order' must be an array of strings such as \"G4 < C1\"")
          ok = false
        }
      }
      var racers: BigInt?
      if let rv = t["racers"] {
        let scope = Expression.Scope(constants: Dictionary(layout.constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
        if let n = number(rv, at: join(path, "racers"), scope: scope) {
          if n < 1 {
            error(join(path, "racers"), "'racers' must be at least 1, not \(n)")
            ok = false
          } else if threads.count != 1 || !order.isEmpty || (try? RaceSetup.threadActions(threads[0], layout: layout))?.count != 1 {
            error(join(path, "racers"), "racers run one action each: give one thread with one action and no order", hint: "write threads = [\"try_get_page\"] with racers = \"1 << 32\"")
            ok = false
          } else {
            racers = n
          }
        } else {
          ok = false
        }
      }
      guard ok else { continue }
      let scenario = Layout.Scenario(name: name, description: string(t, "description", at: path) ?? "", threads: threads, from: from, order: order, racers: racers)
      // Orders name labels of the threads' steps.
      let actions = threads.compactMap { try? RaceSetup.threadActions($0, layout: layout) }
      do {
        _ = try RaceSetup.orderConstraints(order, threads: actions, layout: layout)
      } catch {
        self.error("\(join(path, "order"))[\(error.index ?? 0)]", error.message, hint: error.hint)
        continue
      }
      // The starting state can be built.
      do {
        _ = try RaceSetup(layout: layout, name: name, threads: threads, from: from, order: order)
      } catch {
        self.error(join(path, from.isEmpty ? "threads" : "from"), error.message, hint: error.hint)
        continue
      }
      out.append(scenario)
    }
    return out
  }

  /// Reports a script that does not parse against `layout`, at its column.
  mutating func checkScript(_ text: String, at path: String, layout: Layout, threadLimit: Bool) -> Bool {
    do {
      let script = try Script.parse(text, layout: layout)
      if threadLimit {
        let total = script.phases.reduce(BigInt(0)) { $0 + $1.count }
        if total > BigInt(RaceSetup.maximumThreadActions) {
          error(path, "a thread runs at most \(RaceSetup.maximumThreadActions) actions, not \(total)", hint: "a race thread runs every action step by step; build large counts with the scenario's 'from'")
          return false
        }
      }
      return true
    } catch {
      self.error(path, error.message, columnOffset: error.offset)
      return false
    }
  }

  /// Checks each claim's `judged = "after NAME"` against the layout's
  /// action names.
  mutating func checkJudgements(_ layout: Layout) {
    for (i, c) in layout.claims.enumerated() {
      guard case .after(let name) = c.judged else { continue }
      if Script.lookUp(name, layout) == nil, !layout.actions.contains(where: { layout.name(of: $0) == name }) {
        let known = Script.operationNames(layout)
        error("claims[\(i)].judged", "'after \(name)': no action is named '\(name)' in scripts", hint: Self.didYouMean(name, among: known).map { "\($0) (actions: \(known.joined(separator: ", ")))" } ?? "actions: \(known.joined(separator: ", "))")
      }
    }
  }
}

// MARK: - One step's text

/// The lexical shape of a step: its first identifier and what follows.
struct StepText {
  let scalars: [Unicode.Scalar]

  init(_ text: String) { scalars = Array(text.unicodeScalars) }

  static func isIdentifierScalar(_ c: Unicode.Scalar) -> Bool {
    c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
  }

  /// The name before a top-level `=` that is not `==`, `<=`, `>=`, `!=`,
  /// `+=` or `-=`: the target of an assignment.
  var assignedName: String? {
    var i = 0
    while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
    let start = i
    while i < scalars.count, Self.isIdentifierScalar(scalars[i]) { i += 1 }
    guard i > start else { return nil }
    let name = String(String.UnicodeScalarView(scalars[start..<i]))
    while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
    guard i < scalars.count, scalars[i] == "=", !(i + 1 < scalars.count && scalars[i + 1] == "=") else { return nil }
    return name
  }
}

/// Parses one step's text into an instruction, reporting errors at their
/// column through the reader it owns while parsing.
struct StepParser {
  var reader: TOMLReader
  let path: String
  let text: String
  let scalars: [Unicode.Scalar]
  let scope: Expression.Scope
  let fields: [Layout.Field]
  let locals: [String: Int]
  /// The label a jump names, resolved by the caller.
  var jumpLabel: String?
  var jumpLabelOffset = 0

  init(reader: TOMLReader, path: String, text: String, scope: Expression.Scope, fields: [Layout.Field], locals: [String: Int]) {
    self.reader = reader
    self.path = path
    self.text = text
    self.scalars = Array(text.unicodeScalars)
    self.scope = scope
    self.fields = fields
    self.locals = locals
  }

  mutating func fail(_ message: String, at offset: Int, hint: String? = nil) -> Layout.Instruction? {
    reader.error(path, message, hint: hint, columnOffset: offset)
    return nil
  }

  func slice(_ a: Int, _ b: Int) -> String { String(String.UnicodeScalarView(scalars[max(0, a)..<min(b, scalars.count)])) }

  func skipBlanks(_ i: Int) -> Int {
    var i = i
    while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
    return i
  }

  func identifier(at i: Int) -> (String, Int) {
    var j = i
    while j < scalars.count, StepText.isIdentifierScalar(scalars[j]) { j += 1 }
    return (slice(i, j), j)
  }

  /// The offset of the whole word `word` at parenthesis depth 0, at or after
  /// `from`, if any (the last one when `last`).
  func keyword(_ word: String, from: Int, last: Bool = false) -> Int? {
    let w = Array(word.unicodeScalars)
    var depth = 0
    var found: Int?
    var i = from
    while i < scalars.count {
      let c = scalars[i]
      if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
      if depth == 0, i + w.count <= scalars.count, Array(scalars[i..<(i + w.count)]) == w,
        i == 0 || !StepText.isIdentifierScalar(scalars[i - 1]),
        i + w.count == scalars.count || !StepText.isIdentifierScalar(scalars[i + w.count])
      {
        found = i
        if !last { return i }
      }
      i += 1
    }
    return found
  }

  mutating func parse() -> Layout.Instruction? {
    let start = skipBlanks(0)
    guard start < scalars.count else { return fail("empty step", at: 0, hint: "write one of: \(TOMLReader.stepForms)") }
    let (head, afterHead) = identifier(at: start)
    switch head {
    case "if": return parseIf(from: afterHead)
    case "goto", "retry", "return":
      return parseJump(condition: nil, at: start)
    case "fence":
      let rest = slice(afterHead, scalars.count).trimmingCharacters(in: .whitespaces)
      if !rest.isEmpty, !rest.unicodeScalars.allSatisfy({ StepText.isIdentifierScalar($0) || $0 == "(" || $0 == ")" }) {
        return fail("a fence is written 'fence' or 'fence NAME' (fence smp_wmb)", at: afterHead)
      }
      return .fence(rest)
    case "await":
      guard let e = expression(from: afterHead, to: scalars.count, fieldsAllowed: true) else { return nil }
      return .await(e)
    case "lock", "unlock":
      let i = skipBlanks(afterHead)
      if i < scalars.count, scalars[i] == "(" {
        guard let args = arguments(openAt: i), args.count == 1 else { return fail("\(head)() takes one 1-bit field: \(head)(F)", at: i) }
        guard let f = bitField(args[0]) else { return nil }
        return head == "lock" ? .lock(field: f) : .store(field: f, value: .literal(0))
      }
    default: break
    }
    // Assignments: NAME op= ..., NAME = ..., or a bare atomic call.
    let i = skipBlanks(afterHead)
    if !head.isEmpty, i + 1 < scalars.count, (scalars[i] == "+" || scalars[i] == "-"), scalars[i + 1] == "=" {
      guard let f = field(head, at: start) else { return nil }
      guard let k = constant(from: i + 2, to: scalars.count) else { return nil }
      return addInstruction(field: f, amount: scalars[i] == "-" ? -k : k, result: nil, returns: .old, at: i + 2)
    }
    if !head.isEmpty, i < scalars.count, scalars[i] == "=", !(i + 1 < scalars.count && scalars[i + 1] == "=") {
      let valueStart = skipBlanks(i + 1)
      if let f = scope.fields[head] {
        // A store of a value computed from locals and constants.
        if let call = atomicCall(at: valueStart), !call.isEmpty {
          return fail("'\(head)' is a field: an atomic operation's result goes into a thread-local", at: start, hint: "write c = \(call)(...)")
        }
        guard let v = expression(from: valueStart, to: scalars.count, fieldsAllowed: false) else { return nil }
        if v.isConstant, !reader.fits(v.constantValue, fields[f]) {
          return fail(reader.doesNotFit(v.constantValue, fields[f]), at: valueStart, hint: reader.fitHint(v.constantValue, fields[f]))
        }
        return .store(field: f, value: v)
      }
      if scope.words[head] != nil {
        return fail("'\(head)' is a word with fields: a store names one of its fields", at: start)
      }
      guard let local = locals[head] else {
        reader.broken.insert(head)
        let what = scope.constants[head] != nil ? "a constant" : scope.kinds[head] != nil ? "a kind" : LayoutNames.reserved.contains(head) ? "a reserved word" : "not a valid name"
        return fail("cannot assign to '\(head)': it is \(what)", at: start, hint: "assign to a field (a store) or to a thread-local with a name of its own")
      }
      if let call = atomicCall(at: valueStart), !call.isEmpty {
        return parseCall(call, at: valueStart, result: local)
      }
      guard let e = expression(from: valueStart, to: scalars.count, fieldsAllowed: true) else { return nil }
      return .load(local: local, value: e)
    }
    if let call = atomicCall(at: start), !call.isEmpty {
      return parseCall(call, at: start, result: nil)
    }
    return fail("'\(text.trimmingCharacters(in: .whitespaces))' is not a step", at: start, hint: "write one of: \(TOMLReader.stepForms)")
  }

  /// The name of an atomic operation called at `i` (`fetch_add(`), or nil.
  func atomicCall(at i: Int) -> String? {
    let (name, j) = identifier(at: i)
    let k = skipBlanks(j)
    guard k < scalars.count, scalars[k] == "(" else { return nil }
    return TOMLReader.fetchForms[name] != nil || ["test_and_set", "test_and_clear", "cmpxchg", "try_cmpxchg"].contains(name) ? name : nil
  }

  mutating func parseCall(_ name: String, at start: Int, result: Int?) -> Layout.Instruction? {
    let open = skipBlanks(start + name.unicodeScalars.count)
    guard let args = arguments(openAt: open) else { return nil }
    if let form = TOMLReader.fetchForms[name] {
      guard args.count == 2 else { return fail("\(name)() takes a field and a constant: \(name)(F, 1)", at: open) }
      let (fname, fstart) = trimmed(args[0])
      guard let f = field(fname, at: fstart) else { return nil }
      guard let k = constant(from: args[1].lowerBound, to: args[1].upperBound) else { return nil }
      return addInstruction(field: f, amount: form.sign < 0 ? -k : k, result: result, returns: form.returns, at: args[1].lowerBound)
    }
    if name == "test_and_set" || name == "test_and_clear" {
      guard args.count == 1 else { return fail("\(name)() takes one 1-bit field", at: open) }
      guard let f = bitField(args[0]) else { return nil }
      return .testAndSet(field: f, value: name == "test_and_set", result: result)
    }
    // cmpxchg / try_cmpxchg
    guard args.count == 3 else { return fail("\(name)() takes a field, the expected value and the new value: \(name)(F, c, c + 1)", at: open) }
    let (fname, fstart) = trimmed(args[0])
    guard let f = field(fname, at: fstart) else { return nil }
    guard let expected = expression(from: args[1].lowerBound, to: args[1].upperBound, fieldsAllowed: false) else { return nil }
    guard let new = expression(from: args[2].lowerBound, to: args[2].upperBound, fieldsAllowed: false) else { return nil }
    var updates: Int?
    if name == "try_cmpxchg" {
      let (ename, estart) = trimmed(args[1])
      guard let l = locals[ename] else { return fail("try_cmpxchg() takes a thread-local as its expected value (it loads the current value into it on failure), not '\(ename)'", at: estart) }
      updates = l
    }
    // `E + K` (or `E - K`): an add of K to the word.
    var addend: BigInt?
    if case .binary(let op, let a, let b) = new, op == .add || op == .subtract, a == expected, b.isConstant {
      addend = op == .add ? b.constantValue : -b.constantValue
    }
    return .compareExchange(field: f, expected: expected, new: new, addend: addend, result: result, updatesExpected: updates)
  }

  mutating func addInstruction(field f: Int, amount: BigInt, result: Int?, returns: Layout.Returned, at offset: Int) -> Layout.Instruction? {
    if amount.magnitude >= BigInt.power(of2: fields[f].bits) {
      return fail("constant \(amount.magnitude) is wider than field '\(fields[f].name)' (\(TOMLReader.bits(fields[f].bits)))", at: offset, hint: "every such add overflows the field")
    }
    return .add(field: f, amount: amount, result: result, returns: returns)
  }

  mutating func parseIf(from i: Int) -> Layout.Instruction? {
    let kw = ["goto", "retry", "return"].compactMap { keyword($0, from: i, last: true) }.max()
    guard let kw else { return fail("an 'if' step ends with 'goto LABEL', 'retry' or 'return OUTCOME'", at: i, hint: "write: if c <= 0 return refused") }
    guard let c = expression(from: i, to: kw, fieldsAllowed: false) else { return nil }
    return parseJump(condition: c, at: kw)
  }

  mutating func parseJump(condition: Expression?, at i: Int) -> Layout.Instruction? {
    let (word, after) = identifier(at: i)
    let j = skipBlanks(after)
    let (arg, end) = identifier(at: j)
    if skipBlanks(end) < scalars.count {
      return fail("unexpected '\(slice(skipBlanks(end), scalars.count))' after '\(word)\(arg.isEmpty ? "" : " " + arg)'", at: skipBlanks(end))
    }
    switch word {
    case "retry":
      guard arg.isEmpty else { return fail("'retry' takes nothing (it restarts the action from its first step)", at: j) }
      return .jump(condition: condition, target: .step(0))
    case "goto":
      guard !arg.isEmpty else { return fail("'goto' takes a step label", at: j) }
      jumpLabel = arg
      jumpLabelOffset = j
      return .jump(condition: condition, target: .step(-1))
    default:  // return
      let all = Layout.FixupOutcome.allCases.map(\.rawValue)
      guard let o = Layout.FixupOutcome(rawValue: arg) else {
        return fail("'return' takes an outcome (\(all.joined(separator: ", "))), not '\(arg)'", at: j, hint: TOMLReader.didYouMean(arg, among: all))
      }
      return .jump(condition: condition, target: .finish(o))
    }
  }

  /// The top-level comma-separated arguments inside the parentheses opening
  /// at `open`, as offset ranges; the parentheses must close the step.
  mutating func arguments(openAt open: Int) -> [Range<Int>]? {
    var depth = 0
    var parts: [Range<Int>] = []
    var start = open + 1
    var i = open
    while i < scalars.count {
      let c = scalars[i]
      if c == "(" { depth += 1 }
      if c == ")" {
        depth -= 1
        if depth == 0 {
          parts.append(start..<i)
          if skipBlanks(i + 1) < scalars.count {
            _ = fail("unexpected '\(slice(skipBlanks(i + 1), scalars.count))' after the call", at: skipBlanks(i + 1))
            return nil
          }
          // `f()` has no argument.
          if parts.count == 1, slice(parts[0].lowerBound, parts[0].upperBound).trimmingCharacters(in: .whitespaces).isEmpty { return [] }
          return parts
        }
      }
      if c == ",", depth == 1 {
        parts.append(start..<i)
        start = i + 1
      }
      i += 1
    }
    _ = fail("missing ')'", at: scalars.count)
    return nil
  }

  func trimmed(_ r: Range<Int>) -> (String, Int) {
    let s = skipBlanks(r.lowerBound)
    return (slice(s, r.upperBound).trimmingCharacters(in: .whitespaces), s)
  }

  mutating func field(_ name: String, at offset: Int) -> Int? {
    if let f = scope.fields[name] { return f }
    if reader.broken.contains(name) { return nil }
    let known = fields.map(\.name)
    let hint = scope.words[name] != nil
      ? "'\(name)' is a word with fields: name one of its fields (\(known.joined(separator: ", ")))"
      : TOMLReader.didYouMean(name, among: known).map { "\($0) (fields: \(known.joined(separator: ", ")))" } ?? "fields: \(known.joined(separator: ", "))"
    _ = fail(name.isEmpty ? "expected a field name" : "unknown field '\(name)'", at: offset, hint: hint)
    return nil
  }

  mutating func bitField(_ r: Range<Int>) -> Int? {
    let (name, start) = trimmed(r)
    guard let f = field(name, at: start) else { return nil }
    guard fields[f].bits == 1 else {
      _ = fail("'\(name)' has \(TOMLReader.bits(fields[f].bits)); test_and_set, test_and_clear, lock and unlock work on a 1-bit field (a page flag, a lock bit)", at: start)
      return nil
    }
    return f
  }

  mutating func constant(from a: Int, to b: Int) -> BigInt? {
    let t = slice(a, b)
    do {
      let e = try Expression.parse(t).resolved(in: Expression.Scope(constants: scope.constants), context: .constant)
      return e.constantValue
    } catch {
      let name = TOMLReader.identifier(at: error.offset, in: t)
      let hint = name.flatMap { locals[$0] != nil || scope.fields[$0] != nil ? "an atomic add adds a constant (atomic_add(K, &v)); compute other values into a local and store them, or use cmpxchg" : nil }
      reader.expressionError(path, error, text: t, base: a, resolving: true, hint: hint)
      return nil
    }
  }

  /// An expression over locals and constants, and (when `fieldsAllowed`)
  /// the fields of one word, read at one instant.
  mutating func expression(from a: Int, to b: Int, fieldsAllowed: Bool) -> Expression? {
    let t = slice(a, b)
    let parsed: Expression
    do {
      parsed = try Expression.parse(t)
    } catch {
      reader.expressionError(path, error, text: t, base: a, resolving: false)
      return nil
    }
    // Locals become pseudo-fields; fields are refused where only locals may be read.
    var problem: (String, Int, String?)?
    let substituted = parsed.substitutingNames { name, offset, isAccess in
      if let l = locals[name] {
        if isAccess { problem = problem ?? ("'\(name)' is a thread-local: old(), new(), signed() and unsigned() take a field", offset, nil) }
        return .field(fields.count + l, time: .new, reading: .declared)
      }
      if !fieldsAllowed, scope.fields[name] != nil || scope.words[name] != nil {
        problem = problem ?? ("'\(name)' is shared: this step reads only thread-locals and constants", offset, "load it into a thread-local in a step of its own (c = \(name)), then use c: the load is the instant the value is read")
      }
      return nil
    }
    if let (message, offset, hint) = problem {
      _ = fail(message, at: a + offset, hint: hint)
      return nil
    }
    if let (_, _, _, offset) = parsed.firstTimedAccess {
      _ = fail("a step reads the state at one instant: old() and new() belong to the conditions of an atomic action", at: a + offset, hint: "read the field into a thread-local before and after instead")
      return nil
    }
    let resolved: Expression
    do {
      resolved = try substituted.resolved(in: scope, context: fieldsAllowed ? .state : .constant)
    } catch {
      reader.expressionError(path, error, text: t, base: a, resolving: true)
      return nil
    }
    if fieldsAllowed {
      var wordsRead: [Int] = []
      resolved.forEachNode {
        switch $0 {
        case .field(let f, _, _) where f < fields.count: wordsRead.append(fields[f].word)
        case .word(let w, _, _): wordsRead.append(w)
        default: break
        }
      }
      if Set(wordsRead).count > 1 {
        _ = fail("a step reads one word at one instant; this one reads \(Set(wordsRead).count) words", at: a, hint: "load each word into a thread-local in a step of its own")
        return nil
      }
    }
    return resolved
  }
}

extension Expression {
  /// Replaces unresolved names (and the names inside `old()`, `signed()`,
  /// ...) for which `transform` gives an expression; others are kept.
  func substitutingNames(_ transform: (String, Int, Bool) -> Expression?) -> Expression {
    switch self {
    case .name(let n, let o): return transform(n, o, false) ?? self
    case .access(let n, _, _, let o): return transform(n, o, true) ?? self
    case .unary(let op, let a): return .unary(op, a.substitutingNames(transform))
    case .binary(let op, let a, let b): return .binary(op, a.substitutingNames(transform), b.substitutingNames(transform))
    case .call(let f, let args): return .call(f, args.map { $0.substitutingNames(transform) })
    default: return self
    }
  }

  /// The first `old(x)` or `new(x)` in an unresolved expression.
  var firstTimedAccess: (String, Time, Reading?, Int)? {
    var found: (String, Time, Reading?, Int)?
    forEachNode {
      if found == nil, case .access(let n, let t?, let r, let o) = $0 { found = (n, t, r, o) }
    }
    return found
  }
}

extension Layout.Steps {
  /// The first step that may read a local no step has assigned on some path
  /// to it, with the local's name (a must-be-assigned dataflow analysis).
  func firstUnassignedRead() -> (Int, String)? {
    let n = steps.count
    var assignedIn: [Set<Int>?] = Array(repeating: nil, count: n)
    assignedIn[0] = []
    var work = [0]
    while let i = work.popLast() {
      let before = assignedIn[i]!
      let after = before.union(steps[i].instruction.assignedLocals)
      for s in successors(of: i) where s < n {
        let merged = assignedIn[s].map { $0.intersection(after) } ?? after
        if merged != assignedIn[s] {
          assignedIn[s] = merged
          work.append(s)
        }
      }
    }
    for i in 0..<n {
      guard let assigned = assignedIn[i] else { continue }
      for l in steps[i].instruction.readLocals(fieldCount: fieldCount) where !assigned.contains(l) {
        return (i, locals[l])
      }
    }
    return nil
  }

  /// A commit step from which another commit step (or itself) can be
  /// reached, or from which a path returns `refused` or `trapped`.
  func commitProblem() -> (Int, String)? {
    for c in steps.indices where steps[c].commits {
      var seen: Set<Int> = []
      var work = successors(of: c)
      while let i = work.popLast() {
        guard i < steps.count, seen.insert(i).inserted else { continue }
        if steps[i].commits { return (c, i == c ? "commit step \(c + 1) can run twice (it is inside a loop)" : "steps \(c + 1) and \(i + 1) both commit on one path") }
        if case .jump(_, .finish(let o)) = steps[i].instruction, o == .refused || o == .trapped {
          return (c, "after commit step \(c + 1), step \(i + 1) can return \(o.rawValue): the reference would be taken (or dropped) and the action fail")
        }
        work += successors(of: i)
      }
    }
    return nil
  }

  /// The steps control may go to after step `i` (`steps.count`: the end).
  func successors(of i: Int) -> [Int] {
    switch steps[i].instruction {
    case .jump(let c, .step(let t)): return c == nil ? [t] : [t, i + 1]
    case .jump(let c, .finish): return c == nil ? [] : [i + 1]
    default: return [i + 1]
    }
  }
}

extension Layout.Instruction {
  /// The locals the step assigns.
  var assignedLocals: Set<Int> {
    switch self {
    case .load(let l, _): [l]
    case .add(_, _, let r?, _), .testAndSet(_, _, let r?): [r]
    case .compareExchange(_, _, _, _, let r, let u): Set([r, u].compactMap { $0 })
    default: []
    }
  }

  /// The locals the step reads.
  func readLocals(fieldCount: Int) -> Set<Int> {
    var out: Set<Int> = []
    for e in expressions {
      e.forEachNode { if case .field(let f, _, _) = $0, f >= fieldCount { out.insert(f - fieldCount) } }
    }
    return out
  }

  /// The expressions the step evaluates.
  var expressions: [Expression] {
    switch self {
    case .load(_, let v), .store(_, let v), .await(let v): [v]
    case .compareExchange(_, let e, let n, _, _, _): [e, n]
    case .jump(let c?, _): [c]
    default: []
    }
  }
}
