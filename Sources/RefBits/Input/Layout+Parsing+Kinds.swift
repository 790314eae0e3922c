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
    }

    return (kinds, validNames)
  }

  mutating func readKind(_ kt: TOMLTable, _ name: String, scope: Expression.Scope, fields: [Layout.Field]) -> Layout.Kind? {
    let path = "kinds.\(name)"
    guard let t = subtable(kt, name, at: "kinds") else { return nil }
    checkKeys(t, at: path, allowed: ["description", "acquire", "release"])
    let acquire = subtable(t, "acquire", at: path, required: true).flatMap { readAction($0, at: join(path, "acquire"), scope: scope, fields: fields) }
    let release = subtable(t, "release", at: path, required: true).flatMap { readAction($0, at: join(path, "release"), scope: scope, fields: fields) }
    guard let acquire, let release else { return nil }
    return Layout.Kind(name: name, description: string(t, "description", at: path) ?? "", acquire: acquire, release: release)
  }

  /// The keys of an action's table (a kind's acquire or release, an operation).
  static let actionKeys = ["op", "refuse", "effects", "trap", "fixups", "resurrect", "steps"]

  /// An acquire, a release or an operation at `path`: `op`, `refuse`,
  /// `effects`, `trap`, `fixups` and (an acquire only) `resurrect`, and any
  /// of `otherKeys` (read by the caller).
  mutating func readAction(_ t: TOMLTable, at path: String, scope: Expression.Scope, fields: [Layout.Field], otherKeys: [String] = []) -> Layout.Action? {
    checkKeys(t, at: path, allowed: Self.actionKeys + otherKeys)
    var ok = true
    let resurrects = bool(t, "resurrect", at: path) ?? false
    if resurrects && !(path.hasPrefix("kinds.") && path.hasSuffix(".acquire")) {
      error(join(path, "resurrect"), "only an acquire can bring a dead object back", hint: "move `resurrect = true` to the kind's [kinds.NAME.acquire], or remove it")
      ok = false
    }
    let alias = string(t, "op", at: path)
    if let alias, !isIdentifier(alias) && !(alias.hasPrefix("-") && isIdentifier(String(alias.dropFirst()))) {
      error(join(path, "op"), "'\(alias)' is not a valid operation name", hint: "use a name such as \"unpin\"")
      ok = false
    }
    if t["steps"] != nil {
      // Atomic sub-steps (Layout+Parsing+Steps.swift).
      guard ok, var action = readSteppedAction(t, at: path, alias: alias, scope: scope, fields: fields) else { return nil }
      action.resurrects = resurrects
      return action
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
    return Layout.Action(alias: alias, refuse: refuse, effects: effects, trap: trap, fixups: fixups, resurrects: resurrects)
  }

  /// Scripts name an action by its `op` alias, else `kind` (acquire),
  /// `-kind` (release) or the operation's name, and look aliases up first:
  /// every name must be unique, and an alias must not hide another kind's or
  /// operation's own names.
  mutating func checkOperationNames(_ kinds: [Layout.Kind], _ operations: [Layout.Operation]) {
    var entries: [(name: String, alias: String?, path: String, owner: String, what: String)] = []
    for kind in kinds {
      for d in Layout.Direction.allCases {
        let action = kind.action(d)
        entries.append((action.alias ?? (d == .acquire ? kind.name : "-\(kind.name)"), action.alias, "kinds.\(kind.name).\(d.rawValue)", kind.name, "\(kind.name)'s \(d.rawValue)"))
      }
    }
    for o in operations {
      entries.append((o.action.alias ?? o.name, o.action.alias, "operations.\(o.name)", o.name, "operation \(o.name)"))
    }
    // The names a script would find without aliases, by owner.
    let ownNames = kinds.map { ("kind '\($0.name)'", $0.name, [$0.name, "-\($0.name)"]) } + operations.map { ("operation '\($0.name)'", $0.name, [$0.name]) }
    var used: [String: String] = [:]  // name -> where it is defined
    let hint = "scripts name actions by op alias, else kind (acquire), -kind (release) or the operation's name: give each its own name"
    for e in entries {
      let path = e.path + (e.alias == nil ? "" : ".op")
      if let other = used[e.name] {
        error(path, "operation name '\(e.name)' is already used by \(other)", hint: hint)
        continue
      }
      if let alias = e.alias, let owner = ownNames.first(where: { $0.1 != e.owner && $0.2.contains(alias) }) {
        error(path, "op alias '\(alias)' hides \(owner.0): a script's '\(alias)' would mean \(e.what)", hint: hint)
        continue
      }
      used[e.name] = path
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
