/// A short list of operations, as `refbits trace` takes it:
/// `ref*1023, pin, unpin, -ref*(1 << 31), pin@2`.
///
/// Each item is `[+|-]NAME[*COUNT][@ACTOR]`: NAME is a kind (acquire; `-kind`
/// releases it), an acquire's or release's `op` alias (`pin`, `unpin`), or a
/// layout operation's name or alias (`page_mkclean`); COUNT is a constant
/// expression (any size; layout constants allowed), default 1; ACTOR is a
/// small non-negative integer, default 0.
public struct Script: Sendable, Hashable {
  public var phases: [Phase]
  /// Each phase as written.
  public var texts: [String]

  public init(phases: [Phase], texts: [String]) {
    self.phases = phases
    self.texts = texts
  }

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
    var phases: [Phase] = []
    var texts: [String] = []
    let scope = Expression.Scope(constants: Dictionary(layout.constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
    for (offset, raw) in items {
      let lead = raw.prefix { $0 == " " || $0 == "\t" }.count
      let item = raw.trimmingCharacters(in: .whitespaces)
      let base = offset + lead
      guard !item.isEmpty else { throw ExpressionError(offset: base, message: "empty operation (two commas in a row, or a trailing comma)") }
      phases.append(try parseItem(item, at: base, layout: layout, scope: scope))
      texts.append(item)
    }
    return Script(phases: phases, texts: texts)
  }

  static func parseItem(_ item: String, at base: Int, layout: Layout, scope: Expression.Scope) throws(ExpressionError) -> Phase {
    var s = Array(item.unicodeScalars)
    var actor = 0
    // @ACTOR at the end.
    if let at = s.lastIndex(of: "@") {
      let digits = String(String.UnicodeScalarView(s[(at + 1)...])).trimmingCharacters(in: .whitespaces)
      guard let a = Int(digits), a >= 0, a < 1 << 20 else {
        throw ExpressionError(offset: base + at + 1, message: "'@' takes an actor number (0, 1, 2, ...), not '\(digits)'")
      }
      actor = a
      s = Array(s[..<at])
    }
    var count: BigInt = 1
    if let star = s.firstIndex(of: "*") {
      let countText = String(String.UnicodeScalarView(s[(star + 1)...]))
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
      let known = layout.kinds.map(\.name) + operationNames(layout)
      let best = known.min { editDistance($0, name) < editDistance($1, name) }
      let hint = best.flatMap { editDistance($0, name) <= 2 ? "; did you mean '\($0)'?" : nil } ?? " (operations: \(operationNames(layout).joined(separator: ", ")))"
      throw ExpressionError(offset: base, message: "unknown operation '\(name)'\(hint)")
    }
    return Phase(op: Op(kind: k, direction: direction, actor: actor), count: count)
  }

  /// An `op` alias, or a layout operation's name (when it has no alias).
  static func lookUp(_ name: String, _ layout: Layout) -> Op.Action? {
    layout.actions.first { a in layout.action(a).alias == name || (a.kind == nil && layout.name(of: a) == name) }
  }

  /// Every name a script can use for this layout.
  public static func operationNames(_ layout: Layout) -> [String] {
    layout.actions.map { layout.name(of: $0) }
  }
}
