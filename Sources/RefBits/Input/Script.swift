/// A short list of operations, as `refbits trace` takes it:
/// `ref*1023, pin, unpin, -ref*(1 << 31), pin@2`.
///
/// Each item is `[+|-]NAME[*COUNT][@ACTOR]`: NAME is a kind (acquire; `-kind`
/// releases it), an acquire's or release's `op` alias (`pin`, `unpin`), or a
/// layout operation's name or alias (`page_mkclean`); COUNT is a constant
/// expression (any size; layout constants allowed), default 1; ACTOR is a
/// small non-negative integer, default 0.
public struct Script: Sendable, Hashable {
  var phases: [Phase]
  /// Each phase as written.
  var texts: [String]
  /// Where each phase starts in the script's text (0-based, in Unicode
  /// scalars), when it was parsed from one.
  var offsets: [Int]

  /// Creates a script from parsed phases and their texts; `offsets` may be
  /// empty when it was not parsed from one text.
  init(phases: [Phase], texts: [String], offsets: [Int] = []) {
    self.phases = phases
    self.texts = texts
    self.offsets = offsets
  }

  /// Where phase `i` starts in the script's text, or 0 when unknown.
  public func offset(ofPhase i: Int) -> Int { i >= 0 && i < offsets.count ? offsets[i] : 0 }

  /// Parses a script against a layout.
  ///
  /// - Throws: ``ExpressionError`` located at a column of `text`.
  public static func parse(_ text: String, layout: Layout) throws(ExpressionError) -> Script {
    let scalars = Array(text.unicodeScalars)
    var items: [(Int, String)] = []
    var depth = 0, start = 0
    for (i, c) in scalars.enumerated() {
      if c == "(" { depth += 1 }
      if c == ")" { depth -= 1 }
      if c == ",", depth == 0 {
        items.append((start, String(String.UnicodeScalarView(scalars[start..<i]))))
        start = i + 1
      }
    }
    items.append((start, String(String.UnicodeScalarView(scalars[start...]))))
    guard items.count <= InputLimits.scriptPhases else {
      throw ExpressionError(offset: items[InputLimits.scriptPhases].0, message: "a script has at most \(InputLimits.scriptPhases) operations, not \(items.count)")
    }
    var phases: [Phase] = []
    var texts: [String] = []
    var offsets: [Int] = []
    let scope = Expression.Scope(constants: Dictionary(layout.constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
    for (offset, raw) in items {
      let lead = raw.prefix { $0 == " " || $0 == "\t" }.count
      let item = raw.trimmingCharacters(in: .whitespaces)
      let base = offset + lead
      guard !item.isEmpty else { throw ExpressionError(offset: base, message: "empty operation (two commas in a row, or a trailing comma)") }
      phases.append(try parseItem(item, at: base, layout: layout, scope: scope))
      texts.append(item)
      offsets.append(base)
    }
    return Script(phases: phases, texts: texts, offsets: offsets)
  }

  /// Why a count may not hold `^`: in an expression it is XOR, so
  /// `get_page*2^31` would run 29 steps; a power of two is `1 << N`.
  static func caretMessage(_ count: String) -> String {
    let parts = count.split(separator: "^", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    let power = parts.count == 2 && parts[0] == "2" && !parts[1].isEmpty && parts[1].allSatisfy(\.isNumber) ? "(1 << \(parts[1]))" : "(1 << N)"
    return "'^' in a count is XOR, not a power: write \(power) for a power of two"
  }

  static func parseItem(_ item: String, at base: Int, layout: Layout, scope: Expression.Scope) throws(ExpressionError) -> Phase {
    var s = Array(item.unicodeScalars)
    var actor = 0
    // @ACTOR at the end.
    if let at = s.lastIndex(of: "@") {
      let digits = String(String.UnicodeScalarView(s[(at + 1)...])).trimmingCharacters(in: .whitespaces)
      guard let a = Int(digits), (0...InputLimits.actor).contains(a) else {
        throw ExpressionError(offset: base + at + 1, message: "'@' takes an actor number from 0 to \(InputLimits.actor), not '\(digits)'")
      }
      actor = a
      s = Array(s[..<at])
    }
    var count: BigInt = 1
    if let star = s.firstIndex(of: "*") {
      let countText = String(String.UnicodeScalarView(s[(star + 1)...]))
      if let caret = countText.unicodeScalars.firstIndex(of: "^") {
        throw ExpressionError(offset: base + star + 1 + countText.unicodeScalars.distance(from: countText.unicodeScalars.startIndex, to: caret), message: Self.caretMessage(countText))
      }
      do {
        let e = try Expression.parse(countText).resolved(in: scope, context: .constant)
        count = e.constantValue
      } catch {
        throw ExpressionError(offset: base + star + 1 + error.offset, message: error.message)
      }
      guard count.signum > 0 else { throw ExpressionError(offset: base + star + 1, message: "a burst count must be at least 1, not \(count)") }
      s = Array(s[..<star])
    }
    var name = String(String.UnicodeScalarView(s)).trimmingCharacters(in: .whitespaces)
    var direction = Layout.Direction.acquire
    // An alias may itself start with '-' (`op = "-ref"`); try it first.
    if let action = lookUp(name, layout) {
      return Phase(op: Op(action, actor: actor), count: count)
    }
    let sign = name.first.flatMap { "+-".contains($0) ? $0 : nil }
    if sign == "-" { direction = .release }
    if sign != nil { name.removeFirst() }
    name = name.trimmingCharacters(in: .whitespaces)
    guard let k = layout.kindIndex(named: name) else {
      if let o = layout.operationIndex(named: name) {
        let scriptName = layout.name(of: .perform(operation: o))
        throw ExpressionError(offset: base, message: sign == nil
          ? "operation '\(name)' is named '\(scriptName)' in scripts (its op alias)"
          : "'\(name)' is an operation, not a kind: a script performs it as '\(scriptName)', without '\(sign.map { String($0) } ?? "")'")
      }
      let known = layout.kinds.flatMap { k in [k.name, k.acquire.alias, k.release.alias].compactMap { $0 } } + operationNames(layout)
      let best = closestName(to: name, among: known, within: 2, firstOnTies: true)
      let hint = best.map { "; did you mean '\($0)'?" } ?? " (operations: \(operationNames(layout).joined(separator: ", ")))"
      throw ExpressionError(offset: base, message: "unknown operation '\(name)'\(hint)")
    }
    return Phase(op: Op(kind: k, direction: direction, actor: actor), count: count)
  }

  /// An `op` alias, or a layout operation's name (when it has no alias).
  static func lookUp(_ name: String, _ layout: Layout) -> Op.Action? {
    layout.actions.first { a in layout.action(a).alias == name || (a.kind == nil && layout.name(of: a) == name) }
  }

  /// Every name a script can use for this layout.
  static func operationNames(_ layout: Layout) -> [String] {
    layout.actions.map { layout.name(of: $0) }
  }
}
