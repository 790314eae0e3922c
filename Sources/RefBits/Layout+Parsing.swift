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
    let shown = displayName ?? path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Diagnostics([Diagnostic(file: shown, message: "cannot read the file", hint: "check the path; shipped layouts are listed by `refbits list`")])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw Diagnostics([Diagnostic(file: shown, message: "the file is not UTF-8 text")])
    }
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    return try parse(toml: text, name: name, file: shown)
  }

  /// Parses and validates layout TOML text.
  ///
  /// - Throws: ``Diagnostics`` with every error found (warnings alone do not
  ///   throw; see ``Layout/warnings``).
  public static func parse(toml text: String, name: String, file: String) throws(Diagnostics) -> Layout {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let e as TOMLParseError {
      throw Diagnostics([Diagnostic(file: file, line: e.source.begin.line, column: e.source.begin.column, message: "TOML syntax: \(e.description)")])
    } catch {
      throw Diagnostics([Diagnostic(file: file, message: "TOML syntax: \(error)")])
    }
    var reader = LayoutReader(file: file, locator: SourceLocator(text: text))
    let layout = reader.read(table, name: name)
    if let layout, reader.errors.isEmpty {
      reader.checkInitialState(layout)
    }
    guard let layout, reader.errors.isEmpty else { throw Diagnostics(reader.diagnostics) }
    return layout
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
    let pos = locator.position(of: path, preferValue: !atKey)
    var column = pos?.column
    if let columnOffset, let c = column, locator.values[path] != nil {
      column = c + 1 + columnOffset  // past the opening quote
    }
    diagnostics.append(Diagnostic(severity, file: file, line: pos?.line, column: column, keyPath: path, message: message, hint: hint))
  }

  // MARK: Typed access

  func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  mutating func checkKeys(_ table: TOMLTable, at path: String, allowed: [String]) {
    for key in table.keys where !allowed.contains(key) {
      let close = allowed.min { editDistance($0, key) < editDistance($1, key) }
      let hint = close.flatMap { editDistance($0, key) <= 2 ? "did you mean '\($0)'?" : nil } ?? "allowed here: \(allowed.joined(separator: ", "))"
      error(join(path, key), "unknown key '\(key)'", hint: hint, atKey: true)
    }
  }

  mutating func string(_ table: TOMLTable, _ key: String, at path: String, required: Bool = false) -> String? {
    guard let v = table[key] else {
      if required { error(path, "missing required key '\(key)'", hint: "add `\(key) = \"...\"`", atKey: true) }
      return nil
    }
    guard let s = v.string else {
      error(join(path, key), "'\(key)' must be a string, not \(v.type)")
      return nil
    }
    return s
  }

  mutating func bool(_ table: TOMLTable, _ key: String, at path: String) -> Bool? {
    guard let v = table[key] else { return nil }
    guard let b = v.bool else {
      error(join(path, key), "'\(key)' must be true or false, not \(v.type)")
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
      error(join(path, key), "'\(key)' must be a table, not \(v.type)")
      return nil
    }
    return t
  }

  /// Keys of a table in the order they are written in the file.
  func orderedKeys(_ table: TOMLTable, at path: String) -> [String] {
    table.keys.sorted { (locator.line(of: join(path, $0)), $0) < (locator.line(of: join(path, $1)), $1) }
  }

  /// A number given as a TOML integer or as a constant expression string.
  mutating func number(_ value: TOMLValueConvertible, at path: String, scope: Expression.Scope) -> BigInt? {
    if let i = value.int { return BigInt(i) }
    if let s = value.string {
      guard let e = expression(s, at: path, scope: scope, context: .constant) else { return nil }
      return e.constantValue
    }
    error(path, "expected an integer or a constant expression string, not \(value.type)")
    return nil
  }

  /// Parses and resolves an expression, reporting errors at their column.
  mutating func expression(_ text: String, at path: String, scope: Expression.Scope, context: Expression.Context) -> Expression? {
    do {
      return try Expression.parse(text).resolved(in: scope, context: context)
    } catch {
      self.error(path, error.message, columnOffset: error.offset)
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
        return false
      }
      if Self.reserved.contains(n) {
        reader.error(path, "'\(n)' is a reserved word in expressions", hint: "rename it", atKey: true)
        return false
      }
      if let other = names[n] {
        let line = reader.locator.position(of: other, preferValue: false)?.line
        reader.error(path, "duplicate name '\(n)'", hint: "already defined at \(other)\(line.map { " (line \($0))" } ?? ""); names of constants, words, fields, kinds and predicates share one namespace", atKey: true)
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
        guard let wt = subtable(wordsTable, wname, at: "words") else { continue }
        checkKeys(wt, at: wpath, allowed: ["bits", "signed", "description", "fields"])
        guard claim(&self, wname, wpath) else { continue }
        var bits = 0
        if let v = wt["bits"] {
          if let b = v.int, (1...128).contains(b) { bits = b } else {
            error(join(wpath, "bits"), "a word has 1 to 128 bits, not \(v.int.map(String.init) ?? v.type.description)", hint: "atomic_t is 32 bits, a machine word 64")
          }
        } else {
          error(wpath, "missing required key 'bits'", hint: "add `bits = 32` (1 to 128)", atKey: true)
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
            guard let f = readField(ft, fname, at: fpath, word: wi, wordBits: bits, wordSigned: signed) else { continue }
            guard claim(&self, fname, fpath) else { continue }
            if let clash = mine.first(where: { max($0.lsb, f.lsb) <= min($0.msb, f.msb) }) {
              error(join(fpath, "bits"), "field '\(fname)' (bits \(f.msb)..\(f.lsb)) overlaps field '\(clash.name)' (bits \(clash.msb)..\(clash.lsb))", hint: "fields of one word must not share bits")
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
    }

    // Predicates.
    var predicates: [Layout.Predicate] = []
    if let pt = subtable(root, "predicates", at: "") {
      for p in orderedKeys(pt, at: "predicates") {
        let path = "predicates.\(p)"
        guard claim(&self, p, path), let t = subtable(pt, p, at: "predicates") else { continue }
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
            error(path, "'\(k)' is not a kind", hint: "kinds: \(validKindNames.joined(separator: ", "))", atKey: true)
            continue
          }
          guard let v = held[k], let n = number(v, at: path, scope: scope) else { continue }
          if n.isNegative { error(path, "a count of references held cannot be negative (\(n))"); continue }
          initial.held[ki] = n
        }
      }
      if let ft = subtable(it, "fields", at: "initial") {
        var values: [Int: BigInt] = [:]
        for f in orderedKeys(ft, at: "initial.fields") {
          let path = "initial.fields.\(f)"
          guard let fi = scope.fields[f] else {
            error(path, "'\(f)' is not a field", hint: "fields: \(fields.map(\.name).joined(separator: ", "))", atKey: true)
            continue
          }
          guard let v = ft[f], let n = number(v, at: path, scope: scope) else { continue }
          if !fits(n, fields[fi]) {
            error(path, "value \(n) does not fit field '\(f)' (\(fields[fi].bits) bits, \(fields[fi].signed ? "signed" : "unsigned"))")
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
          guard let t = item.table else { error(path, "each claim must be a table with `never = \"...\"`"); continue }
          checkKeys(t, at: path, allowed: ["never", "description"])
          guard let text = string(t, "never", at: path, required: true) else { continue }
          guard let pattern = OutcomePattern(parsing: text) else {
            error(join(path, "never"), "'\(text)' is not an outcome", hint: "outcomes: \(Outcome.Category.allCases.filter { $0 != .ok }.map(\.rawValue).joined(separator: ", ")), optionally with (name)")
            continue
          }
          if let arg = pattern.argument {
            let known: Bool
            switch pattern.category {
            case .falsePositive, .falseNegative: known = predicates.contains { $0.name == arg }
            case .fieldOverflow: known = fields.contains { $0.name == arg } || words.contains { $0.name == arg }
            case .refused: known = validKindNames.contains(arg)
            default: known = false
            }
            if !known { error(join(path, "never"), "'\(arg)' in '\(text)' names no \(pattern.category == .refused ? "kind" : pattern.category == .fieldOverflow ? "field" : "predicate") of this layout"); continue }
          }
          claims.append(Layout.Claim(never: pattern, text: text, description: string(t, "description", at: path) ?? ""))
        }
      } else {
        error("claims", "'claims' must be an array of tables: write each as [[claims]]")
      }
    }

    return Layout(name: name, title: title, source: source, description: description, constants: constants, words: words, fields: fields, kinds: kinds, predicates: predicates, initial: initial, claims: claims)
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
      guard let s = v.string else { error(path, "a constant is an integer or a constant expression string, not \(v.type)"); continue }
      do { parsed.append((name, try Expression.parse(s), s)) } catch { self.error(path, error.message, columnOffset: error.offset) }
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
            values[name] = r.constantValue
            out.append(Layout.Constant(name: name, expression: r, value: r.constantValue, description: text))
          } catch {
            self.error("constants.\(name)", error.message, columnOffset: error.offset)
          }
          progressed = true
        } else {
          next.append((name, e, text))
        }
      }
      if !progressed {
        for (name, _, _) in next { error("constants.\(name)", "constant '\(name)' depends on itself through \(next.map(\.0).joined(separator: ", "))", hint: "break the cycle") }
        break
      }
      pending = next
    }
    let order = parsed.map(\.0)
    return out.sorted { order.firstIndex(of: $0.name)! < order.firstIndex(of: $1.name)! }
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
      error(join(fpath, "bits"), "'bits' of a field is a range string such as \"31..28\", not \(v.type)")
      return nil
    }
    let parts = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
    guard (1...2).contains(parts.count), let a = Int(parts[0]), let b = Int(parts.last!) else {
      error(join(fpath, "bits"), "'\(text)' is not a bit range", hint: "write \"MSB..LSB\", e.g. \"31..28\", or one bit as \"7\"")
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
    var text: String
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
      error(cpath, "'\(key)' must be a condition string or a table { if = \"...\", why = \"...\" }, not \(v.type)")
      return nil
    }
    text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let e = expression(text, at: exprPath, scope: scope, context: context) else { return nil }
    return Layout.Condition(expression: e, text: text, description: why)
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
          guard let ft = item.table else { error(fpath, "each fixup must be a table: write [[\(path).fixups]]"); ok = false; continue }
          checkKeys(ft, at: fpath, allowed: ["when", "effects", "outcome", "description"])
          let when = condition(ft, "when", at: fpath, scope: scope, context: .afterEffects, required: true)
          let fx = readEffects(ft, at: fpath, scope: scope, fields: fields, constantSets: false, required: false)
          var outcome = Layout.FixupOutcome.ok
          if let o = string(ft, "outcome", at: fpath, required: true) {
            if let parsed = Layout.FixupOutcome(rawValue: o) { outcome = parsed } else {
              error(join(fpath, "outcome"), "unknown fixup outcome '\(o)'", hint: "one of: \(Layout.FixupOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
              ok = false
            }
          } else { ok = false }
          guard let when, let fx else { ok = false; continue }
          fixups.append(Layout.Fixup(when: when, effects: fx, outcome: outcome, description: string(ft, "description", at: fpath) ?? ""))
        }
      } else {
        error(join(path, "fixups"), "'fixups' must be an array of tables: write [[\(path).fixups]]")
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
      error(join(path, "effects"), "'effects' must be an array of strings such as [\"count += 1\"]")
      return nil
    }
    var out: [Layout.Effect] = []
    var ok = true
    for (i, item) in arr.enumerated() {
      let epath = "\(path).effects[\(i)]"
      guard let text = item.string else { error(epath, "an effect is a string such as \"count += 1\", not \(item.type)"); ok = false; continue }
      guard let e = effect(text, at: epath, scope: scope, fields: fields, constantSets: constantSets) else { ok = false; continue }
      out.append(e)
    }
    return ok ? out : nil
  }

  mutating func effect(_ text: String, at path: String, scope: Expression.Scope, fields: [Layout.Field], constantSets: Bool) -> Layout.Effect? {
    let scalars = Array(text.unicodeScalars)
    var i = 0
    while i < scalars.count, scalars[i] == " " { i += 1 }
    let nameStart = i
    while i < scalars.count, scalars[i] == "_" || scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) { i += 1 }
    let name = String(String.UnicodeScalarView(scalars[nameStart..<i]))
    while i < scalars.count, scalars[i] == " " { i += 1 }
    var op = ""
    if i + 1 < scalars.count, (scalars[i] == "+" || scalars[i] == "-"), scalars[i + 1] == "=" {
      op = String(scalars[i]) + "="
      i += 2
    } else if i < scalars.count, scalars[i] == "=", !(i + 1 < scalars.count && scalars[i + 1] == "=") {
      op = "="
      i += 1
    }
    guard !name.isEmpty, !op.isEmpty else {
      error(path, "'\(text)' is not an effect", hint: "write FIELD += CONST, FIELD -= CONST or FIELD = VALUE", columnOffset: nameStart)
      return nil
    }
    guard let f = scope.fields[name] else {
      let hint = scope.words.contains(name) ? "'\(name)' is a word with fields: name one of its fields" : "fields: \(fields.map(\.name).joined(separator: ", "))"
      error(path, "unknown field '\(name)' in effect", hint: hint, columnOffset: nameStart)
      return nil
    }
    let valueText = String(String.UnicodeScalarView(scalars[i...]))
    let parsed: Expression
    do {
      parsed = try Expression.parse(valueText)
    } catch {
      self.error(path, error.message, columnOffset: i + error.offset)
      return nil
    }
    let context: Expression.Context = op == "=" && !constantSets ? .afterEffects : .constant
    let resolved: Expression
    do {
      resolved = try parsed.resolved(in: scope, context: context)
    } catch {
      let message = context == .constant && op == "=" ? "\(error.message) (a kind's own effects set constants; compute values in a fixup)" : error.message
      self.error(path, message, columnOffset: i + error.offset)
      return nil
    }
    let field = fields[f]
    if op == "=" {
      if resolved.isConstant, !fits(resolved.constantValue, field) {
        error(path, "value \(resolved.constantValue) does not fit field '\(name)' (\(field.bits) bits, \(field.signed ? "signed" : "unsigned"))", hint: field.signed ? "a signed field holds \(-BigInt.power(of2: field.bits - 1))...\(BigInt.power(of2: field.bits - 1) - 1)" : "an unsigned field holds 0...\(BigInt.power(of2: field.bits) - 1)", columnOffset: i)
        return nil
      }
      return Layout.Effect(field: f, action: .set(resolved), text: text)
    }
    var c = resolved.constantValue
    if op == "-=" { c = -c }
    if c.magnitude >= BigInt.power(of2: field.bits) {
      error(path, "constant \(c.magnitude) is wider than field '\(name)' (\(field.bits) bits)", hint: "every such add overflows the field; widen the field or shrink the constant", columnOffset: i)
      return nil
    }
    return Layout.Effect(field: f, action: .add(c), text: text)
  }

  /// Builds the initial state, reporting a refusal or any other outcome.
  mutating func checkInitialState(_ layout: Layout) {
    do {
      _ = try Machine(layout).initialState()
    } catch {
      self.error("initial", error.message, hint: error.hint, atKey: true)
    }
  }
}
