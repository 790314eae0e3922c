import Foundation
import TOMLKit

/// Walks the TOML tables of an input file (a layout, a workload, an attacker
/// profile), collecting located diagnostics.
///
/// Every value is checked for its TOML type before use, so no input can trap
/// (TOMLKit's `Codable` path traps on some inputs; it is not used).
struct TOMLReader {
  let file: String
  let locator: SourceLocator
  var diagnostics: [Diagnostic] = []
  /// Names whose definition was reported as wrong: later uses of them are not
  /// reported again (the first error is the one to fix).
  var broken: Set<String> = []

  var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  // MARK: Diagnostics

  mutating func error(_ path: String, _ message: String, hint: String? = nil, atKey: Bool = false, columnOffset: Int? = nil) {
    report(.error, path, message, hint: hint, atKey: atKey, columnOffset: columnOffset)
  }

  mutating func warning(_ path: String, _ message: String, hint: String? = nil) {
    report(.warning, path, message, hint: hint, atKey: false, columnOffset: nil)
  }

  mutating func report(_ severity: Diagnostic.Severity, _ path: String, _ message: String, hint: String?, atKey: Bool, columnOffset: Int?) {
    // An offset into a string value is mapped through its escapes and lines.
    // What has no place of its own in the file (a key missing from the top
    // level) is reported at its start, where such a key belongs.
    let pos = columnOffset.flatMap { locator.position(of: path, offset: $0) } ?? locator.position(of: path, preferValue: !atKey)
      ?? SourceLocator.Position(line: 1, column: 1)
    diagnostics.append(Diagnostic(severity, file: file, line: pos.line, column: pos.column, keyPath: path, message: message, hint: hint))
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
    guard let best = closestName(to: name, among: candidates, within: max(2, name.count / 3)) else { return nil }
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

  /// An optional array of names (`platforms = ["linux"]`), each checked by
  /// `valid`, at most ``InputLimits/actorKinds`` of them; [] when absent.
  mutating func names(_ table: TOMLTable, _ key: String, at path: String, what: String, valid: (String) -> Bool) -> [String] {
    guard let v = table[key] else { return [] }
    let p = join(path, key)
    guard let a = v.array else {
      error(p, "'\(key)' must be an array of strings, not \(Self.a(v.type))", hint: "write \(key) = [\"...\"]")
      return []
    }
    guard within(a.count, InputLimits.actorKinds, at: p, what: "names", of: "'\(key)'") else { return [] }
    var out: [String] = []
    for (i, e) in a.enumerated() {
      guard let s = e.string else { error("\(p)[\(i)]", "not a string"); continue }
      guard valid(s) else { error("\(p)[\(i)]", "'\(s)' is not a valid \(what)"); continue }
      if !out.contains(s) { out.append(s) }
    }
    return out
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
}
