import Foundation
import TOMLKit

extension Layout {
  /// Reads and validates a layout file.
  ///
  /// - Parameters:
  ///   - path: the file to read.
  ///   - displayName: how diagnostics name the file (default: `path`).
  /// - Throws: ``Diagnostics`` with every problem found, each located.
  public static func load(contentsOf path: String, displayName: String? = nil) throws(Diagnostics) -> Layout {
    let input = try TOMLInput.read(contentsOf: path, displayName: displayName, listHint: "shipped layouts are listed by `refbits list`")
    return try parse(toml: input.text, name: input.name, file: input.file)
  }

  /// Parses and validates layout TOML text.
  ///
  /// - Throws: ``Diagnostics`` with every error found (warnings alone do not
  ///   throw; see ``Layout/warnings``).
  public static func parse(toml text: String, name: String, file: String) throws(Diagnostics) -> Layout {
    let table = try TOMLInput.table(text, file: file)
    var reader = LayoutReader(file: file, locator: SourceLocator(text: text))
    let layout = reader.read(table, name: name)
    if let layout, reader.errors.isEmpty {
      reader.checkInitialState(layout)
    }
    guard let layout, reader.errors.isEmpty else { throw Diagnostics(reader.diagnostics.sortedByPosition()) }
    return layout
  }
}

extension Layout {
  /// The first place where TOMLKit's parser would abort the process, if any:
  /// a table header whose name starts with a character no key can start with
  /// (`[%`, `[[[`, a `[` alone on its line), or a `}` where an array expects
  /// a value (`x = [}`, `x = [1, }`).
  ///
  /// TOMLKit's parser (toml++ 3) asserts the opposite at these two places: in
  /// a debug build the process aborts, and in a release build it is undefined
  /// behaviour. Such text is rejected here, before it reaches TOMLKit. The
  /// scan follows strings, comments and brackets as far as needed to tell
  /// headers from arrays; on valid TOML it never reports anything.
  static func unsafeTOML(in text: String) -> (line: Int, column: Int, message: String)? {
    let s = Array(text.unicodeScalars)
    var i = 0, line = 1, column = 1
    var open: [Unicode.Scalar] = []  // brackets and braces of values
    var lineStart = true
    var arrayExpectsValue = false  // just after an array's '[' or ','
    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }
    func bump() {
      guard i < s.count else { return }
      if s[i] == "\n" { line += 1; column = 1 } else { column += 1 }
      i += 1
    }
    func isKeyStart(_ c: Unicode.Scalar) -> Bool {
      c == "_" || c == "-" || c == "\"" || c == "'" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
    func shown(_ c: Unicode.Scalar) -> String {
      c == "\n" || c == "\r" ? "the end of the line" : "'\(c.escaped(asASCII: false))'"
    }
    func skipString() {
      guard let q = peek() else { return }
      if peek(1) == q, peek(2) == q {
        bump(); bump(); bump()
        while let c = peek() {
          if c == q, peek(1) == q, peek(2) == q {
            bump(); bump(); bump()
            while peek() == q { bump() }
            return
          }
          if q == "\"", c == "\\" { bump() }
          bump()
        }
        return
      }
      bump()
      while let c = peek(), c != q, c != "\n" {
        if q == "\"", c == "\\" { bump() }
        bump()
      }
      if peek() == q { bump() }
    }
    while let c = peek() {
      switch c {
      case "\n":
        bump()
        lineStart = true
      case " ", "\t", "\r":
        bump()
      case "#":
        while let d = peek(), d != "\n" { _ = d; bump() }
      case "\"", "'":
        skipString()
        lineStart = false
        arrayExpectsValue = false
      case "[" where lineStart && open.isEmpty:
        bump()
        if peek() == "[" { bump() } else if peek() == " " || peek() == "\t" {
          while peek() == " " || peek() == "\t" { bump() }
          if peek() == "[" { bump() }  // "[ [" is an error toml++ reports itself
        }
        while peek() == " " || peek() == "\t" { bump() }
        if let d = peek(), d != "]", !isKeyStart(d) {
          return (line, column, "TOML syntax: expected a table name after '[', found \(shown(d))")
        }
        // The rest of the header: keys, dots, quoted keys, up to its ']'.
        while let d = peek(), d != "\n", d != "]" {
          if d == "\"" || d == "'" { skipString() } else { bump() }
        }
        while peek() == "]" { bump() }
        lineStart = false
        arrayExpectsValue = false
      case "[", "{":
        open.append(c)
        bump()
        lineStart = false
        arrayExpectsValue = c == "["
      case "]", "}":
        if c == "}", arrayExpectsValue, open.last == "[" {
          return (line, column, "TOML syntax: expected a value or ']' in the array, found '}'")
        }
        if !open.isEmpty { open.removeLast() }
        bump()
        lineStart = false
        arrayExpectsValue = false
      case ",":
        bump()
        lineStart = false
        arrayExpectsValue = open.last == "["
      default:
        bump()
        lineStart = false
        arrayExpectsValue = false
      }
    }
    return nil
  }
}

/// Walks the TOML tables of a layout file, collecting located diagnostics.
///
/// Every value is checked for its TOML type before use, so no input can trap
/// (TOMLKit's `Codable` path traps on some inputs; it is not used).
struct LayoutReader {
  let file: String
  let locator: SourceLocator
  var diagnostics: [Diagnostic] = []
  /// Names whose definition was reported as wrong: later uses of them are not
  /// reported again (the first error is the one to fix).
  var broken: Set<String> = []

  var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  static let reserved: Set<String> = ["old", "new", "signed", "unsigned", "min", "max", "total"]

  // MARK: Diagnostics

  mutating func error(_ path: String, _ message: String, hint: String? = nil, atKey: Bool = false, columnOffset: Int? = nil) {
    report(.error, path, message, hint: hint, atKey: atKey, columnOffset: columnOffset)
  }

  mutating func warning(_ path: String, _ message: String, hint: String? = nil) {
    report(.warning, path, message, hint: hint, atKey: false, columnOffset: nil)
  }

  mutating func report(_ severity: Diagnostic.Severity, _ path: String, _ message: String, hint: String?, atKey: Bool, columnOffset: Int?) {
    // An offset into a string value is mapped through its escapes and lines.
    let pos = columnOffset.flatMap { locator.position(of: path, offset: $0) } ?? locator.position(of: path, preferValue: !atKey)
    diagnostics.append(Diagnostic(severity, file: file, line: pos?.line, column: pos?.column, keyPath: path, message: message, hint: hint))
  }

  /// Reports an error of an expression at `path` whose text starts at offset
  /// `base` of the string value. A resolution error about a name whose
  /// definition was already reported as wrong is not reported again.
  mutating func expressionError(_ path: String, _ error: ExpressionError, text: String, base: Int = 0, resolving: Bool, hint: String? = nil) {
    if resolving, let n = Self.identifier(at: error.offset, in: text), broken.contains(n) { return }
    self.error(path, error.message, hint: hint, columnOffset: base + error.offset)
  }

  /// The identifier starting at `offset` of `text`, if one does.
  static func identifier(at offset: Int, in text: String) -> String? {
    let scalars = Array(text.unicodeScalars)
    guard offset >= 0, offset < scalars.count else { return nil }
    var end = offset
    while end < scalars.count, scalars[end] == "_" || ("a"..."z").contains(scalars[end]) || ("A"..."Z").contains(scalars[end]) || ("0"..."9").contains(scalars[end]) { end += 1 }
    return end > offset ? String(String.UnicodeScalarView(scalars[offset..<end])) : nil
  }

  /// "did you mean 'x'?" for the closest candidate, if close enough.
  static func didYouMean(_ name: String, among candidates: [String]) -> String? {
    guard let best = candidates.min(by: { (editDistance($0, name), $0) < (editDistance($1, name), $1) }),
      editDistance(best, name) <= max(2, name.count / 3)
    else { return nil }
    return "did you mean '\(best)'?"
  }

  /// A TOML type with its article, as in "not a string".
  static func a(_ type: TOMLType) -> String {
    switch type {
    case .int: "an integer"
    case .array: "an array"
    case .double: "a floating-point number"
    case .bool: "a boolean"
    case .dateTime: "a date-time"
    default: "a \(type)"
    }
  }

  /// "1 bit", "32 bits".
  static func bits(_ n: Int) -> String { n == 1 ? "1 bit" : "\(n) bits" }

  /// The values a field can hold, and what to write when a value does not fit.
  func fitHint(_ v: BigInt, _ f: Layout.Field) -> String {
    if f.signed {
      let range = "a signed \(f.bits)-bit field holds \(-BigInt.power(of2: f.bits - 1))...\(BigInt.power(of2: f.bits - 1) - 1)"
      if !v.isNegative, v < BigInt.power(of2: f.bits) {
        return "\(range); the bit pattern \(v.hexDescription) reads as \(v - BigInt.power(of2: f.bits)) in this field: write that, or make the field `signed = false`"
      }
      return range
    }
    return "an unsigned \(f.bits)-bit field holds 0...\(BigInt.power(of2: f.bits) - 1)"
  }

  /// "value 256 does not fit field 'pins' (8 bits, unsigned)".
  func doesNotFit(_ v: BigInt, _ f: Layout.Field) -> String {
    "value \(v) does not fit field '\(f.name)' (\(Self.bits(f.bits)), \(f.signed ? "signed" : "unsigned"))"
  }

  // MARK: Typed access

  func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  mutating func checkKeys(_ table: TOMLTable, at path: String, allowed: [String]) {
    for key in table.keys where !allowed.contains(key) {
      let hint = Self.didYouMean(key, among: allowed) ?? "allowed here: \(allowed.joined(separator: ", "))"
      error(join(path, key), "unknown key '\(key)'", hint: hint, atKey: true)
    }
  }

  mutating func string(_ table: TOMLTable, _ key: String, at path: String, required: Bool = false) -> String? {
    guard let v = table[key] else {
      if required { error(path, "missing required key '\(key)'", hint: "add `\(key) = \"...\"`", atKey: true) }
      return nil
    }
    guard let s = v.string else {
      error(join(path, key), "'\(key)' must be a string, not \(Self.a(v.type))")
      return nil
    }
    return s
  }

  mutating func bool(_ table: TOMLTable, _ key: String, at path: String) -> Bool? {
    guard let v = table[key] else { return nil }
    guard let b = v.bool else {
      error(join(path, key), "'\(key)' must be true or false, not \(Self.a(v.type))", hint: v.string.map { "write \(key) = \($0) without quotes" })
      return nil
    }
    return b
  }

  mutating func subtable(_ table: TOMLTable, _ key: String, at path: String, required: Bool = false) -> TOMLTable? {
    guard let v = table[key] else {
      if required { error(path, "missing required table '\(key)'", hint: "add a [\(join(path, key))] table", atKey: true) }
      return nil
    }
    guard let t = v.table else {
      error(join(path, key), "'\(key)' must be a table, not \(Self.a(v.type))", hint: "write [\(join(path, key))] with keys under it, or an inline table \(key) = { ... }")
      return nil
    }
    return t
  }

  /// Keys of a table in the order they are written in the file.
  func orderedKeys(_ table: TOMLTable, at path: String) -> [String] {
    table.keys.sorted { (locator.order(of: join(path, $0)), $0) < (locator.order(of: join(path, $1)), $1) }
  }

  /// A number given as a TOML integer or as a constant expression string.
  mutating func number(_ value: TOMLValueConvertible, at path: String, scope: Expression.Scope) -> BigInt? {
    if let i = value.int { return BigInt(i) }
    if let s = value.string {
      guard let e = expression(s, at: path, scope: scope, context: .constant) else { return nil }
      return e.constantValue
    }
    error(path, "expected an integer or a constant expression string, not \(Self.a(value.type))", hint: "write 1024, or a string such as \"1 << 10\"")
    return nil
  }

  /// Parses and resolves an expression, reporting errors at their column.
  mutating func expression(_ text: String, at path: String, scope: Expression.Scope, context: Expression.Context) -> Expression? {
    let parsed: Expression
    do {
      parsed = try Expression.parse(text)
    } catch {
      expressionError(path, error, text: text, resolving: false)
      return nil
    }
    do {
      return try parsed.resolved(in: scope, context: context)
    } catch {
      expressionError(path, error, text: text, resolving: true)
      return nil
    }
  }

  func isIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
    return s.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
  }

  // MARK: The layout

  mutating func read(_ root: TOMLTable, name: String) -> Layout? {
    checkKeys(root, at: "", allowed: ["title", "source", "description", "constants", "words", "kinds", "predicates", "initial", "claims"])
    let title = string(root, "title", at: "", required: true) ?? ""
    let source = string(root, "source", at: "", required: true) ?? ""
    let description = string(root, "description", at: "") ?? ""

    var names: [String: String] = [:]  // name -> key path of its definition
    func claim(_ reader: inout LayoutReader, _ n: String, _ path: String) -> Bool {
      guard reader.isIdentifier(n) else {
        reader.error(path, "'\(n)' is not a valid name", hint: "use letters, digits and '_', not starting with a digit", atKey: true)
        reader.broken.insert(n)
        return false
      }
      if Self.reserved.contains(n) {
        reader.error(path, "'\(n)' is a reserved word in expressions", hint: "rename it; reserved: \(Self.reserved.sorted().joined(separator: ", "))", atKey: true)
        reader.broken.insert(n)
        return false
      }
      if let other = names[n] {
        let line = reader.locator.position(of: other, preferValue: false)?.line
        reader.error(path, "duplicate name '\(n)'", hint: "already defined at \(other)\(line.map { " (line \($0))" } ?? ""); names of constants, words, fields, kinds and predicates share one namespace: rename one", atKey: true)
        reader.broken.insert(n)
        return false
      }
      names[n] = path
      return true
    }

    // Constants.
    let constants = readConstants(root, claim: claim)
    var scope = Expression.Scope(constants: Dictionary(constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))

    // Words and fields.
    var words: [Layout.Word] = []
    var fields: [Layout.Field] = []
    if let wordsTable = subtable(root, "words", at: "", required: true) {
      for wname in orderedKeys(wordsTable, at: "words") {
        let wpath = "words.\(wname)"
        guard let wt = subtable(wordsTable, wname, at: "words") else { broken.insert(wname); continue }
        checkKeys(wt, at: wpath, allowed: ["bits", "signed", "description", "fields"])
        guard claim(&self, wname, wpath) else { continue }
        var bits = 0
        if let v = wt["bits"] {
          if let b = v.int {
            if (1...128).contains(b) { bits = b } else {
              error(join(wpath, "bits"), "a word has 1 to 128 bits, not \(b)", hint: "atomic_t is 32 bits, a machine word 64; wider counts need several words")
            }
          } else {
            let hint = v.string.flatMap { Int($0) }.map { "write bits = \($0), without quotes" } ?? "write bits = 32 (atomic_t) or bits = 64 (a machine word)"
            error(join(wpath, "bits"), "a word has 1 to 128 bits: 'bits' must be an integer, not \(Self.a(v.type))", hint: hint)
          }
        } else {
          error(wpath, "missing required key 'bits'", hint: "add `bits = 32` (1 to 128)", atKey: true)
        }
        if bits == 0 {
          // Neither the word nor its fields exist: uses of them are not errors of their own.
          broken.insert(wname)
          if let ft = wt["fields"]?.table { broken.formUnion(ft.keys) }
        }
        let signed = bool(wt, "signed", at: wpath) ?? false
        let word = Layout.Word(name: wname, bits: max(bits, 1), signed: signed, description: string(wt, "description", at: wpath) ?? "")
        let wi = words.count
        words.append(word)
        guard bits > 0 else { continue }
        if let ft = subtable(wt, "fields", at: wpath) {
          scope.words.insert(wname)
          names[wname] = wpath
          var mine: [Layout.Field] = []
          for fname in orderedKeys(ft, at: "\(wpath).fields") {
            let fpath = "\(wpath).fields.\(fname)"
            guard let f = readField(ft, fname, at: fpath, word: wi, wordBits: bits, wordSigned: signed) else { broken.insert(fname); continue }
            guard claim(&self, fname, fpath) else { continue }
            if let clash = mine.first(where: { max($0.lsb, f.lsb) <= min($0.msb, f.msb) }) {
              error(join(fpath, "bits"), "field '\(fname)' (bits \(f.msb)..\(f.lsb)) overlaps field '\(clash.name)' (bits \(clash.msb)..\(clash.lsb))", hint: "fields of one word must not share bits: bits \(min(f.msb, clash.msb))..\(max(f.lsb, clash.lsb)) are in both")
              broken.insert(fname)
              continue
            }
            mine.append(f)
          }
          if mine.isEmpty { error(join(wpath, "fields"), "word '\(wname)' has a fields table with no valid field", hint: "name at least one field, or drop the table to make the whole word one field") }
          fields += mine
        } else {
          fields.append(Layout.Field(name: wname, word: wi, lsb: 0, msb: bits - 1, signed: signed, description: word.description))
        }
      }
      if words.isEmpty { error("words", "a layout needs at least one word", hint: "add [words.count] with bits = 32") }
    }
    scope.fields = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })

    // Kinds: names first, so that conditions can be checked in any order.
    var kinds: [Layout.Kind] = []
    let kindsTable = subtable(root, "kinds", at: "", required: true)
    let kindNames = kindsTable.map { orderedKeys($0, at: "kinds") } ?? []
    var validKindNames: [String] = []
    for k in kindNames where claim(&self, k, "kinds.\(k)") { validKindNames.append(k) }
    scope.kinds = Dictionary(validKindNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    if let kindsTable {
      for k in validKindNames {
        if let kind = readKind(kindsTable, k, scope: scope, fields: fields) { kinds.append(kind) }
      }
      if kindNames.isEmpty { error("kinds", "a layout needs at least one kind of reference", hint: "add [kinds.ref] with acquire and release") }
      checkOperationNames(kinds)
    }

    // Predicates.
    var predicates: [Layout.Predicate] = []
    if let pt = subtable(root, "predicates", at: "") {
      for p in orderedKeys(pt, at: "predicates") {
        let path = "predicates.\(p)"
        guard claim(&self, p, path), let t = subtable(pt, p, at: "predicates") else { broken.insert(p); continue }
        checkKeys(t, at: path, allowed: ["when", "means", "role", "description"])
        let when = condition(t, "when", at: path, scope: scope, context: .state, required: true)
        let means = condition(t, "means", at: path, scope: scope, context: .truth, required: true, hint: "say what the predicate is supposed to mean over the references held, e.g. `means = \"pin > 0\"`")
        var role = Layout.Predicate.Role.plain
        if let r = string(t, "role", at: path) {
          if let parsed = Layout.Predicate.Role(rawValue: r) { role = parsed } else {
            error(join(path, "role"), "unknown role '\(r)'", hint: "roles: plain, freed")
          }
        }
        if let when, let means {
          predicates.append(Layout.Predicate(name: p, when: when, means: means, role: role, description: string(t, "description", at: path) ?? ""))
        } else {
          broken.insert(p)
        }
      }
    }

    // Initial state.
    var initial = Layout.Initial(held: [:])
    if let it = subtable(root, "initial", at: "", required: true) {
      checkKeys(it, at: "initial", allowed: ["held", "fields"])
      if let held = subtable(it, "held", at: "initial", required: true) {
        for k in orderedKeys(held, at: "initial.held") {
          let path = "initial.held.\(k)"
          guard let ki = scope.kinds[k] else {
            if !broken.contains(k) {
              let known = "kinds: \(validKindNames.isEmpty ? "none" : validKindNames.joined(separator: ", "))"
              error(path, "'\(k)' is not a kind", hint: Self.didYouMean(k, among: validKindNames).map { "\($0) (\(known))" } ?? known, atKey: true)
            }
            continue
          }
          guard let v = held[k], let n = number(v, at: path, scope: scope) else { continue }
          if n.isNegative { error(path, "a count of references held cannot be negative (\(n))", hint: "give how many '\(k)' references a new object holds: 0 or more"); continue }
          initial.held[ki] = n
        }
      }
      if let ft = subtable(it, "fields", at: "initial") {
        var values: [Int: BigInt] = [:]
        for f in orderedKeys(ft, at: "initial.fields") {
          let path = "initial.fields.\(f)"
          guard let fi = scope.fields[f] else {
            if !broken.contains(f) {
              let known = "fields: \(fields.map(\.name).joined(separator: ", "))"
              let what = scope.words.contains(f) ? "'\(f)' is a word with fields, not a field" : "'\(f)' is not a field"
              error(path, what, hint: Self.didYouMean(f, among: fields.map(\.name)).map { "\($0) (\(known))" } ?? known, atKey: true)
            }
            continue
          }
          guard let v = ft[f], let n = number(v, at: path, scope: scope) else { continue }
          if !fits(n, fields[fi]) {
            error(path, doesNotFit(n, fields[fi]), hint: fitHint(n, fields[fi]))
            continue
          }
          values[fi] = n
        }
        initial.fields = values
      }
    }

    // Claims.
    var claims: [Layout.Claim] = []
    if let v = root["claims"] {
      if let arr = v.array {
        for (i, item) in arr.enumerated() {
          let path = "claims[\(i)]"
          guard let t = item.table else { error(path, "each claim must be a table with `never = \"...\"`, not \(Self.a(item.type))", hint: "write each claim as [[claims]] followed by never = \"...\""); continue }
          checkKeys(t, at: path, allowed: ["never", "description"])
          guard let text = string(t, "never", at: path, required: true) else { continue }
          let outcomes = Outcome.Category.allCases.filter { $0 != .ok }.map(\.rawValue)
          guard let pattern = OutcomePattern(parsing: text), pattern.category != .ok else {
            let head = text.prefix { $0 != "(" }.trimmingCharacters(in: .whitespaces)
            let hint: String
            if let c = Outcome.Category(rawValue: head), c != .ok, !c.takesArgument {
              hint = "'\(head)' takes no argument: write never = \"\(head)\""
            } else {
              let list = "outcomes: \(outcomes.joined(separator: ", ")); false_positive, false_negative, field_overflow and refused may name a predicate, field or kind in parentheses"
              hint = Self.didYouMean(head, among: outcomes).map { "\($0) (\(list))" } ?? list
            }
            error(join(path, "never"), "'\(text)' is not an outcome a claim can exclude", hint: hint)
            continue
          }
          if let arg = pattern.argument {
            let candidates: [String]
            let what: String
            switch pattern.category {
            case .falsePositive, .falseNegative: (candidates, what) = (predicates.map(\.name), "predicate")
            case .fieldOverflow: (candidates, what) = (fields.map(\.name) + words.map(\.name), "field or word")
            case .refused: (candidates, what) = (validKindNames, "kind")
            default: (candidates, what) = ([], "name")
            }
            if !candidates.contains(arg) {
              if !broken.contains(arg) {
                let known = "\(what)s: \(candidates.isEmpty ? "none" : candidates.joined(separator: ", "))"
                error(join(path, "never"), "'\(arg)' in '\(text)' names no \(what) of this layout", hint: Self.didYouMean(arg, among: candidates).map { "\($0) (\(known))" } ?? known)
              }
              continue
            }
          }
          claims.append(Layout.Claim(never: pattern, text: text, description: string(t, "description", at: path) ?? ""))
        }
      } else {
        error("claims", "'claims' must be an array of tables, not \(Self.a(v.type))", hint: "write each claim as [[claims]] followed by never = \"...\"")
      }
    }

    return Layout(name: name, title: title, source: source, description: description, constants: constants, words: words, fields: fields, kinds: kinds, predicates: predicates, initial: initial, claims: claims)
  }

  /// Scripts name an operation by its `op` alias, else `kind` (acquire) or
  /// `-kind` (release), and look aliases up first: every name must be
  /// unique, and an alias must not hide another kind's own names.
  mutating func checkOperationNames(_ kinds: [Layout.Kind]) {
    var used: [String: String] = [:]  // name -> where it is defined
    for kind in kinds {
      for d in Layout.Direction.allCases {
        let op = kind.operation(d)
        let name = op.alias ?? (d == .acquire ? kind.name : "-\(kind.name)")
        let path = "kinds.\(kind.name).\(d.rawValue)" + (op.alias == nil ? "" : ".op")
        let hint = "scripts name operations by op alias, else kind (acquire) or -kind (release): give each operation its own name"
        if let other = used[name] {
          error(path, "operation name '\(name)' is already used by \(other)", hint: hint)
          continue
        }
        if let alias = op.alias, let owner = kinds.first(where: { $0.name != kind.name && (alias == $0.name || alias == "-\($0.name)") }) {
          error(path, "op alias '\(alias)' hides kind '\(owner.name)': a script's '\(alias)' would mean \(kind.name)'s \(d.rawValue)", hint: hint)
          continue
        }
        used[name] = path
      }
    }
  }

  func fits(_ v: BigInt, _ f: Layout.Field) -> Bool {
    if f.signed { return v >= -BigInt.power(of2: f.bits - 1) && v < BigInt.power(of2: f.bits - 1) }
    return !v.isNegative && v < BigInt.power(of2: f.bits)
  }

  mutating func readConstants(_ root: TOMLTable, claim: (inout LayoutReader, String, String) -> Bool) -> [Layout.Constant] {
    guard let ct = subtable(root, "constants", at: "") else { return [] }
    // Parse all, then resolve in dependency order (any order in the file).
    var parsed: [(String, Expression, String)] = []
    for name in orderedKeys(ct, at: "constants") {
      let path = "constants.\(name)"
      guard claim(&self, name, path), let v = ct[name] else { continue }
      if let i = v.int { parsed.append((name, .literal(BigInt(i)), "\(i)")); continue }
      guard let s = v.string else {
        error(path, "a constant is an integer or a constant expression string, not \(Self.a(v.type))", hint: "write \(name) = 1024, or a string such as \"1 << 10\"")
        broken.insert(name)
        continue
      }
      do { parsed.append((name, try Expression.parse(s), s)) } catch {
        expressionError(path, error, text: s, resolving: false)
        broken.insert(name)
      }
    }
    var values: [String: BigInt] = [:]
    var out: [Layout.Constant] = []
    var pending = parsed
    while !pending.isEmpty {
      var progressed = false
      var next: [(String, Expression, String)] = []
      for (name, e, text) in pending {
        let deps = Self.names(in: e)
        if deps.allSatisfy({ dep in values[dep] != nil || !parsed.contains(where: { $0.0 == dep }) }) {
          do {
            let r = try e.resolved(in: Expression.Scope(constants: values), context: .constant)
            let v = r.constantValue
            if v.bitWidth > Self.maximumConstantBits {
              // Squaring constant after constant would otherwise exhaust memory.
              error("constants.\(name)", "constant '\(name)' has \(v.bitWidth) bits, more than any layout can use", hint: "constants are counts and field values: at most \(Self.maximumConstantBits) bits")
              broken.insert(name)
            } else {
              values[name] = v
              out.append(Layout.Constant(name: name, expression: r, value: v, description: text))
            }
          } catch {
            expressionError("constants.\(name)", error, text: text, resolving: true)
            broken.insert(name)
          }
          progressed = true
        } else {
          next.append((name, e, text))
        }
      }
      if !progressed {
        reportCycles(next.map { ($0.0, Self.names(in: $0.1)) })
        break
      }
      pending = next
    }
    let order = parsed.map(\.0)
    return out.sorted { order.firstIndex(of: $0.name)! < order.firstIndex(of: $1.name)! }
  }

  /// Widest constant accepted (words have at most 128 bits).
  static let maximumConstantBits = 1 << 16

  /// Reports each constant that lies on a dependency cycle, with the cycle;
  /// constants that merely depend on one are not reported again.
  mutating func reportCycles(_ stuck: [(name: String, deps: [String])]) {
    let deps = Dictionary(stuck.map { ($0.name, $0.deps) }, uniquingKeysWith: { a, _ in a })
    for (name, _) in stuck {
      broken.insert(name)
      // Breadth-first search from the constant back to itself, for the shortest cycle.
      var previous: [String: String] = [:]
      var queue = deps[name] ?? []
      for d in queue where previous[d] == nil { previous[d] = name }
      var found = false
      var head = 0
      while head < queue.count, !found {
        let n = queue[head]
        head += 1
        if n == name { found = true; break }
        for d in deps[n] ?? [] where previous[d] == nil {
          previous[d] = n
          queue.append(d)
        }
      }
      guard found else { continue }
      var cycle = [name]
      var at = previous[name] ?? name
      while at != name, cycle.count <= stuck.count {
        cycle.append(at)
        at = previous[at] ?? name
      }
      cycle.append(name)
      let shown = cycle.reversed().joined(separator: " -> ")
      error("constants.\(name)", "constant '\(name)' depends on itself: \(shown)", hint: "a constant may use other constants in any order, but not itself: break the cycle")
    }
  }

  static func names(in e: Expression) -> [String] {
    var out: [String] = []
    e.forEachNode {
      switch $0 {
      case .name(let n, _), .access(let n, _, _, _): out.append(n)
      default: break
      }
    }
    return out
  }

  mutating func readField(_ ft: TOMLTable, _ fname: String, at fpath: String, word: Int, wordBits: Int, wordSigned: Bool) -> Layout.Field? {
    guard let t = subtable(ft, fname, at: fpath.components(separatedBy: ".").dropLast().joined(separator: ".")) else { return nil }
    checkKeys(t, at: fpath, allowed: ["bits", "signed", "description"])
    guard let v = t["bits"] else {
      error(fpath, "missing required key 'bits'", hint: "give the bit range as `bits = \"31..28\"` (msb..lsb) or `bits = \"7\"`", atKey: true)
      return nil
    }
    let text: String
    if let s = v.string { text = s } else if let i = v.int { text = String(i) } else {
      error(join(fpath, "bits"), "'bits' of a field is a range string such as \"31..28\", not \(Self.a(v.type))", hint: "write \"MSB..LSB\", e.g. \"31..28\", or one bit as \"7\"")
      return nil
    }
    let parts = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
    guard (1...2).contains(parts.count), let a = parts.first.flatMap({ Int($0) }), let b = parts.last.flatMap({ Int($0) }) else {
      let separator = text.contains("-") || text.contains(":") ? "a range is written with two dots, \"MSB..LSB\", e.g. \"31..28\"" : "write \"MSB..LSB\", e.g. \"31..28\", or one bit as \"7\""
      error(join(fpath, "bits"), "'\(text)' is not a bit range", hint: separator)
      return nil
    }
    let msb = max(a, b), lsb = min(a, b)
    guard lsb >= 0, msb < wordBits else {
      error(join(fpath, "bits"), "bits \(msb)..\(lsb) lie outside the \(wordBits)-bit word", hint: "bit numbers run from 0 to \(wordBits - 1)")
      return nil
    }
    let holdsTop = msb == wordBits - 1
    let signed = bool(t, "signed", at: fpath) ?? (wordSigned && holdsTop)
    return Layout.Field(name: fname, word: word, lsb: lsb, msb: msb, signed: signed, description: string(t, "description", at: fpath) ?? "")
  }

  /// A condition given as a string, or as `{ if = "...", why = "..." }`.
  mutating func condition(_ t: TOMLTable, _ key: String, at path: String, scope: Expression.Scope, context: Expression.Context, required: Bool = false, hint: String? = nil) -> Layout.Condition? {
    let cpath = join(path, key)
    guard let v = t[key] else {
      if required { error(path, "missing required key '\(key)'", hint: hint ?? "add `\(key) = \"...\"`", atKey: true) }
      return nil
    }
    let text: String
    var why = ""
    var exprPath = cpath
    if let s = v.string {
      text = s
    } else if let ct = v.table {
      checkKeys(ct, at: cpath, allowed: ["if", "why"])
      guard let s = string(ct, "if", at: cpath, required: true) else { return nil }
      text = s
      why = string(ct, "why", at: cpath) ?? ""
      exprPath = join(cpath, "if")
    } else {
      error(cpath, "'\(key)' must be a condition string or a table { if = \"...\", why = \"...\" }, not \(Self.a(v.type))", hint: "write \(key) = \"count == 0\"")
      return nil
    }
    // Parsed as written, so that error offsets are offsets into the string value.
    guard let e = expression(text, at: exprPath, scope: scope, context: context) else { return nil }
    return Layout.Condition(expression: e, text: text.trimmingCharacters(in: .whitespacesAndNewlines), description: why)
  }

  mutating func readKind(_ kt: TOMLTable, _ name: String, scope: Expression.Scope, fields: [Layout.Field]) -> Layout.Kind? {
    let path = "kinds.\(name)"
    guard let t = subtable(kt, name, at: "kinds") else { return nil }
    checkKeys(t, at: path, allowed: ["description", "acquire", "release"])
    let acquire = readOperation(t, "acquire", kind: name, at: path, scope: scope, fields: fields)
    let release = readOperation(t, "release", kind: name, at: path, scope: scope, fields: fields)
    guard let acquire, let release else { return nil }
    return Layout.Kind(name: name, description: string(t, "description", at: path) ?? "", acquire: acquire, release: release)
  }

  mutating func readOperation(_ kt: TOMLTable, _ key: String, kind: String, at kpath: String, scope: Expression.Scope, fields: [Layout.Field]) -> Layout.Operation? {
    let path = join(kpath, key)
    guard let t = subtable(kt, key, at: kpath, required: true) else { return nil }
    checkKeys(t, at: path, allowed: ["op", "refuse", "effects", "trap", "fixups"])
    var ok = true
    let alias = string(t, "op", at: path)
    if let alias, !isIdentifier(alias) && !(alias.hasPrefix("-") && isIdentifier(String(alias.dropFirst()))) {
      error(join(path, "op"), "'\(alias)' is not a valid operation name", hint: "use a name such as \"unpin\"")
      ok = false
    }
    let refuse = condition(t, "refuse", at: path, scope: scope, context: .beforeEffects)
    let trap = condition(t, "trap", at: path, scope: scope, context: .afterEffects)
    if t["refuse"] != nil && refuse == nil { ok = false }
    if t["trap"] != nil && trap == nil { ok = false }
    let effects = readEffects(t, at: path, scope: scope, fields: fields, constantSets: true, required: true)
    if effects == nil { ok = false }
    var fixups: [Layout.Fixup] = []
    if let v = t["fixups"] {
      if let arr = v.array {
        for (i, item) in arr.enumerated() {
          let fpath = "\(path).fixups[\(i)]"
          guard let ft = item.table else { error(fpath, "each fixup must be a table, not \(Self.a(item.type))", hint: "write each fixup as [[\(path).fixups]] with when, effects and outcome under it"); ok = false; continue }
          checkKeys(ft, at: fpath, allowed: ["when", "effects", "outcome", "description"])
          let when = condition(ft, "when", at: fpath, scope: scope, context: .afterEffects, required: true)
          let fx = readEffects(ft, at: fpath, scope: scope, fields: fields, constantSets: false, required: false)
          var outcome = Layout.FixupOutcome.ok
          if let o = string(ft, "outcome", at: fpath, required: true) {
            if let parsed = Layout.FixupOutcome(rawValue: o) { outcome = parsed } else {
              let all = Layout.FixupOutcome.allCases.map(\.rawValue)
              let known = "one of: \(all.joined(separator: ", "))"
              error(join(fpath, "outcome"), "unknown fixup outcome '\(o)'", hint: Self.didYouMean(o, among: all).map { "\($0) (\(known))" } ?? known)
              ok = false
            }
          } else { ok = false }
          guard let when, let fx else { ok = false; continue }
          fixups.append(Layout.Fixup(when: when, effects: fx, outcome: outcome, description: string(ft, "description", at: fpath) ?? ""))
        }
      } else {
        error(join(path, "fixups"), "'fixups' must be an array of tables, not \(Self.a(v.type))", hint: "write each fixup as [[\(path).fixups]] (double brackets), with when, effects and outcome under it")
        ok = false
      }
    }
    guard ok, let effects else { return nil }
    return Layout.Operation(alias: alias, refuse: refuse, effects: effects, trap: trap, fixups: fixups)
  }

  /// `effects = ["f += C", "f -= C", "f = V"]`.
  mutating func readEffects(_ t: TOMLTable, at path: String, scope: Expression.Scope, fields: [Layout.Field], constantSets: Bool, required: Bool) -> [Layout.Effect]? {
    guard let v = t["effects"] else {
      if required { error(path, "missing required key 'effects'", hint: "list what the operation does, e.g. effects = [\"count += 1\"], or effects = [] for none", atKey: true) }
      return required ? nil : []
    }
    guard let arr = v.array else {
      error(join(path, "effects"), "'effects' must be an array of strings, not \(Self.a(v.type))", hint: "write effects = [\"count += 1\"], or effects = [] for none")
      return nil
    }
    var out: [Layout.Effect] = []
    var ok = true
    for (i, item) in arr.enumerated() {
      let epath = "\(path).effects[\(i)]"
      guard let text = item.string else { error(epath, "an effect is a string such as \"count += 1\", not \(Self.a(item.type))"); ok = false; continue }
      guard let e = effect(text, at: epath, scope: scope, fields: fields, constantSets: constantSets) else { ok = false; continue }
      out.append(e)
    }
    return ok ? out : nil
  }

  mutating func effect(_ text: String, at path: String, scope: Expression.Scope, fields: [Layout.Field], constantSets: Bool) -> Layout.Effect? {
    let scalars = Array(text.unicodeScalars)
    func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }
    var i = 0
    while i < scalars.count, isBlank(scalars[i]) { i += 1 }
    let nameStart = i
    while i < scalars.count, scalars[i] == "_" || scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) { i += 1 }
    let name = String(String.UnicodeScalarView(scalars[nameStart..<i]))
    while i < scalars.count, isBlank(scalars[i]) { i += 1 }
    let opStart = i
    var op = ""
    if i + 1 < scalars.count, (scalars[i] == "+" || scalars[i] == "-"), scalars[i + 1] == "=" {
      op = String(scalars[i]) + "="
      i += 2
    } else if i < scalars.count, scalars[i] == "=", !(i + 1 < scalars.count && scalars[i + 1] == "=") {
      op = "="
      i += 1
    }
    let form = "write FIELD += CONST, FIELD -= CONST or FIELD = VALUE, e.g. \"count += 1\""
    guard !name.isEmpty else {
      error(path, "'\(text)' is not an effect: it must start with a field name", hint: form, columnOffset: nameStart)
      return nil
    }
    guard !op.isEmpty else {
      let found = opStart < scalars.count ? "found '\(scalars[opStart])'" : "found the end"
      let hint = opStart + 1 < scalars.count && scalars[opStart] == "=" && scalars[opStart + 1] == "="
        ? "'==' compares: an effect changes a field (\(form)); conditions go in refuse, trap or a fixup's when"
        : form
      error(path, "'\(text)' is not an effect: expected '+=', '-=' or '=' after '\(name)', \(found)", hint: hint, columnOffset: opStart)
      return nil
    }
    guard let f = scope.fields[name] else {
      if broken.contains(name) { return nil }
      let known = "fields: \(fields.map(\.name).joined(separator: ", "))"
      let hint = scope.words.contains(name)
        ? "'\(name)' is a word with fields: name one of its fields (\(known))"
        : Self.didYouMean(name, among: fields.map(\.name)).map { "\($0) (\(known))" } ?? known
      error(path, "unknown field '\(name)' in effect", hint: hint, columnOffset: nameStart)
      return nil
    }
    while i < scalars.count, isBlank(scalars[i]) { i += 1 }
    let valueStart = i
    let valueText = String(String.UnicodeScalarView(scalars[valueStart...]))
    let parsed: Expression
    do {
      parsed = try Expression.parse(valueText)
    } catch {
      expressionError(path, error, text: valueText, base: valueStart, resolving: false)
      return nil
    }
    let context: Expression.Context = op == "=" && !constantSets ? .afterEffects : .constant
    let resolved: Expression
    do {
      resolved = try parsed.resolved(in: scope, context: context)
    } catch {
      var hint: String?
      if context == .constant, Self.identifier(at: error.offset, in: valueText).map({ scope.fields[$0] != nil }) == true {
        hint = op == "="
          ? "a kind's own effects set a field to a constant; a value computed from fields goes in a fixup's effects"
          : "an add is by a constant amount, like an atomic add; a value computed from fields goes in a fixup's effects as FIELD = VALUE"
      }
      expressionError(path, error, text: valueText, base: valueStart, resolving: true, hint: hint)
      return nil
    }
    let field = fields[f]
    if op == "=" {
      if resolved.isConstant, !fits(resolved.constantValue, field) {
        error(path, doesNotFit(resolved.constantValue, field), hint: fitHint(resolved.constantValue, field), columnOffset: valueStart)
        return nil
      }
      return Layout.Effect(field: f, action: .set(resolved), text: text)
    }
    var c = resolved.constantValue
    if op == "-=" { c = -c }
    if c.magnitude >= BigInt.power(of2: field.bits) {
      error(path, "constant \(c.magnitude) is wider than field '\(name)' (\(Self.bits(field.bits)))", hint: "every such add overflows the field: widen the field or shrink the constant (at most \(BigInt.power(of2: field.bits) - 1))", columnOffset: valueStart)
      return nil
    }
    return Layout.Effect(field: f, action: .add(c), text: text)
  }

  /// Most acquires the initial state may take one at a time: bulk stepping
  /// over a condition that is not linear goes step by step, and a huge
  /// `held` count would make loading the layout hang.
  static let initialSingleStepLimit = BigInt(1 << 14)

  /// Builds the initial state, reporting a refusal or any other outcome.
  mutating func checkInitialState(_ layout: Layout) {
    if layout.initial.fields == nil {
      for (k, n) in layout.initial.held.sorted(by: { $0.key < $1.key }) where k < layout.kinds.count && n > Self.initialSingleStepLimit {
        let kind = layout.kinds[k]
        var conditions: [(String, Layout.Condition?)] = [("kinds.\(kind.name).acquire.refuse", kind.acquire.refuse), ("kinds.\(kind.name).acquire.trap", kind.acquire.trap)]
        conditions += kind.acquire.fixups.enumerated().map { ("kinds.\(kind.name).acquire.fixups[\($0.offset)].when", $0.element.when) }
        conditions += layout.predicates.flatMap { [("predicates.\($0.name).when", $0.when), ("predicates.\($0.name).means", $0.means)] }
        if let (path, c) = conditions.first(where: { $0.1.map { !$0.expression.isLinear } ?? false }), let c {
          error(
            "initial.held.\(kind.name)",
            "building the initial state would acquire \(n) '\(kind.name)' references one at a time: \(path) '\(c.text)' is not linear in the field values",
            hint: "give the stored values with [initial] fields = { ... }, hold at most \(Self.initialSingleStepLimit) at the start, or write the condition as comparisons of sums")
          return
        }
      }
    }
    do {
      _ = try Machine(layout).initialState()
    } catch {
      self.error("initial", error.message, hint: error.hint, atKey: true)
    }
  }
}
