import TOMLKit

extension TOMLReader {
  /// `[parameters.NAME]`: `default`, `range = "LO..HI"` and `description`,
  /// each read at the value `given` names (`--set`, a sweep point) or at
  /// its default. The first stage of a layout: every later one sees the
  /// parameters as constants.
  ///
  /// A given value outside the declared range, and a given name the layout
  /// does not declare, are errors that name the value.
  mutating func readParameters(_ root: TOMLTable, names: inout LayoutNames, given: [String: BigInt]) -> [Layout.Parameter] {
    var out: [Layout.Parameter] = []
    let table = subtable(root, "parameters", at: "")
    let declared = table.map { orderedKeys($0, at: "parameters") } ?? []
    for name in given.keys.sorted() where !declared.contains(name) {
      let hint = declared.isEmpty
        ? "this layout declares no [parameters]; see docs/layout-format.md"
        : Self.didYouMean(name, among: declared).map { "\($0) (declared: \(declared.joined(separator: ", ")))" } ?? "declared: \(declared.joined(separator: ", "))"
      error("parameters", "a value is given for '\(name)', but the layout declares no parameter of that name", hint: hint, atKey: true)
    }
    guard let table else { return [] }
    let literals = Expression.Scope()
    for name in declared {
      let path = "parameters.\(name)"
      guard let t = subtable(table, name, at: "parameters") else { broken.insert(name); continue }
      checkKeys(t, at: path, allowed: ["default", "range", "description"])
      guard claim(name, path, in: &names) else { continue }
      let description = string(t, "description", at: path) ?? ""
      var defaultValue: BigInt?
      if let v = t["default"] {
        defaultValue = number(v, at: join(path, "default"), scope: literals)
      } else {
        error(path, "missing required key 'default'", hint: "add `default = 1024` (or a string such as \"1 << 10\")", atKey: true)
      }
      let range = readRange(t, at: path, scope: literals)
      guard let defaultValue, let range else { broken.insert(name); continue }
      guard range.contains(defaultValue) else {
        error(join(path, "default"), "the default \(defaultValue) of '\(name)' lies outside its range \(range.lowerBound)..\(range.upperBound)", hint: "widen the range or change the default")
        broken.insert(name)
        continue
      }
      let value = given[name] ?? defaultValue
      if !range.contains(value) {
        error(join(path, "range"), "\(name) = \(value) lies outside the range \(range.lowerBound)..\(range.upperBound) that the layout declares", hint: "choose a value in \(range.lowerBound)..\(range.upperBound) (the default is \(defaultValue))")
        broken.insert(name)
        continue
      }
      out.append(Layout.Parameter(name: name, defaultValue: defaultValue, range: range, description: description, value: value))
    }
    return out
  }

  /// `range = "LO..HI"`, each end an integer or a constant expression of
  /// literals.
  mutating func readRange(_ t: TOMLTable, at path: String, scope: Expression.Scope) -> ClosedRange<BigInt>? {
    let rpath = join(path, "range")
    guard let v = t["range"] else {
      error(path, "missing required key 'range'", hint: "add `range = \"1..(1 << 30)\"`: the values the parameter may take", atKey: true)
      return nil
    }
    guard let text = v.string else {
      error(rpath, "'range' is a string \"LO..HI\", not \(Self.a(v.type))", hint: "write range = \"1..(1 << 30)\"")
      return nil
    }
    guard let (low, high) = rangeEnds(text, at: rpath, scope: scope) else { return nil }
    guard low <= high else {
      error(rpath, "the range \(low)..\(high) is empty", hint: "write the lower end first: \"\(high)..\(low)\"")
      return nil
    }
    return low...high
  }

  /// The two ends of `"A..B"`, each a constant expression in `scope`, with
  /// errors located inside the string. Nil (with an error) if malformed.
  mutating func rangeEnds(_ text: String, at path: String, scope: Expression.Scope) -> (BigInt, BigInt)? {
    let parts = text.components(separatedBy: "..")
    guard parts.count == 2 else {
      error(path, "'\(text)' is not a range", hint: "write two ends separated by two dots, \"LO..HI\", e.g. \"1..(1 << 30)\"")
      return nil
    }
    var ends: [BigInt] = []
    var base = 0
    for part in parts {
      defer { base += part.unicodeScalars.count + 2 }
      let parsed: Expression
      do {
        parsed = try Expression.parse(part)
      } catch {
        expressionError(path, error, text: part, base: base, resolving: false)
        return nil
      }
      do {
        ends.append(try parsed.resolved(in: scope, context: .constant).constantValue)
      } catch {
        expressionError(path, error, text: part, base: base, resolving: true)
        return nil
      }
    }
    return (ends[0], ends[1])
  }
}

extension Diagnostic {
  /// The diagnostic with the parameter point appended to its message
  /// (`... (at READ_BITS = 5, RW_BITS = 4, GUARD_BITS = 2)`), so that an
  /// invalid point of a sweep or of `--set` says which values made it
  /// invalid. Errors in `[parameters]` itself already name their value.
  func at(point: String) -> Diagnostic {
    guard !point.isEmpty, !keyPath.hasPrefix("parameters") else { return self }
    var d = self
    d.message += " (at \(point))"
    return d
  }
}
