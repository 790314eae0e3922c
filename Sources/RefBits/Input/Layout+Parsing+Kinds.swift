import Foundation
import TOMLKit

extension TOMLReader {
  /// `[kinds.NAME]`: every kind's name is defined first, so that conditions
  /// may name kinds in any order; adds them to `scope`.
  mutating func readKinds(_ root: TOMLTable, names: inout LayoutNames, scope: inout Expression.Scope, fields: [Layout.Field]) -> (kinds: [Layout.Kind], validNames: [String]) {
    // Kinds: names first, so that conditions can be checked in any order.
    var kinds: [Layout.Kind] = []
    let kindsTable = subtable(root, "kinds", at: "", required: true)
    let kindNames = kindsTable.map { orderedKeys($0, at: "kinds") } ?? []
    var validNames: [String] = []
    for k in kindNames where claim(k, "kinds.\(k)", in: &names) { validNames.append(k) }
    scope.kinds = Dictionary(validNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    if let kindsTable {
      for k in validNames {
        if let kind = readKind(kindsTable, k, scope: scope, fields: fields) { kinds.append(kind) }
      }
      if kindNames.isEmpty { error("kinds", "a layout needs at least one kind of reference", hint: "add [kinds.ref] with acquire and release") }
      checkOperationNames(kinds)
    }

    return (kinds, validNames)
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
    checkKeys(t, at: path, allowed: ["op", "refuse", "effects", "trap", "fixups", "resurrect"])
    var ok = true
    let resurrects = bool(t, "resurrect", at: path) ?? false
    if resurrects && key != "acquire" {
      error(join(path, "resurrect"), "only an acquire can bring a dead object back", hint: "move `resurrect = true` to [\(kpath).acquire], or remove it")
      ok = false
    }
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
    return Layout.Operation(alias: alias, refuse: refuse, effects: effects, trap: trap, fixups: fixups, resurrects: resurrects)
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
}
