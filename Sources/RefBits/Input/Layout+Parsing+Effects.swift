import TOMLKit

extension TOMLReader {
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
      let hint = scope.words[name] != nil
        ? "'\(name)' is a word with fields: an effect changes one of its fields (\(known)); only conditions read the whole word"
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
}
