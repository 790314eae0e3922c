import TOMLKit

extension TOMLReader {
  /// Reports a table or array at `path` with more than `limit` entries, before
  /// any of them is read (see ``InputLimits``). Returns whether it is within.
  mutating func within(_ count: Int, _ limit: Int, at path: String, what: String, of owner: String) -> Bool {
    guard count > limit else { return true }
    error(path, "\(owner) has at most \(limit) \(what), not \(count)", hint: "RefBits refuses larger inputs before any work starts (the limits are in the format's documentation)", atKey: true)
    return false
  }

  /// The number of entries of the table or array at `key` of `table`, if it
  /// is one.
  static func entries(_ table: TOMLTable, _ key: String) -> Int {
    if let t = table[key]?.table { return t.keys.count }
    if let a = table[key]?.array { return a.count }
    return 0
  }
}

extension TOMLReader {
  /// Checks the sizes of a layout's parts against ``InputLimits`` before any
  /// of them is read: constants, words, fields, kinds, operations,
  /// predicates, claims, scenarios, and each acquire's, release's and
  /// operation's fixups, effects and steps.
  mutating func layoutWithinLimits(_ root: TOMLTable) -> Bool {
    var ok = true
    let owner = "a layout"
    ok = within(Self.entries(root, "constants"), InputLimits.constants, at: "constants", what: "constants", of: owner) && ok
    ok = within(Self.entries(root, "words"), InputLimits.words, at: "words", what: "words", of: owner) && ok
    ok = within(Self.entries(root, "kinds"), InputLimits.kinds, at: "kinds", what: "kinds", of: owner) && ok
    ok = within(Self.entries(root, "predicates"), InputLimits.predicates, at: "predicates", what: "predicates", of: owner) && ok
    ok = within(Self.entries(root, "claims"), InputLimits.claims, at: "claims", what: "claims", of: owner) && ok
    ok = within(Self.entries(root, "operations"), InputLimits.layoutOperations, at: "operations", what: "operations", of: owner) && ok
    ok = within(Self.entries(root, "scenarios"), InputLimits.scenarios, at: "scenarios", what: "scenarios", of: owner) && ok
    if let words = root["words"]?.table, ok {
      let fields = words.keys.reduce(0) { n, w in n + (words[w]?.table.map { Self.entries($0, "fields") } ?? 0) }
      ok = within(fields, InputLimits.fields, at: "words", what: "fields in all its words", of: owner) && ok
    }
    if let kinds = root["kinds"]?.table, ok {
      for k in kinds.keys.sorted() {
        guard let kind = kinds[k]?.table else { continue }
        for d in Layout.Direction.allCases {
          guard let op = kind[d.rawValue]?.table else { continue }
          let path = "kinds.\(k).\(d.rawValue)"
          ok = within(Self.entries(op, "steps"), InputLimits.steps, at: join(path, "steps"), what: "steps", of: "an operation") && ok
          ok = within(Self.entries(op, "effects"), InputLimits.effects, at: join(path, "effects"), what: "effects", of: "an operation") && ok
          ok = within(Self.entries(op, "fixups"), InputLimits.fixups, at: join(path, "fixups"), what: "fixups", of: "an operation") && ok
          guard let fixups = op["fixups"]?.array, fixups.count <= InputLimits.fixups else { continue }
          for (i, f) in fixups.enumerated() {
            guard let ft = f.table else { continue }
            ok = within(Self.entries(ft, "effects"), InputLimits.effects, at: "\(path).fixups[\(i)].effects", what: "effects", of: "a fixup") && ok
          }
        }
      }
    }
    if let operations = root["operations"]?.table, ok {
      for o in operations.keys.sorted() {
        guard let op = operations[o]?.table else { continue }
        ok = within(Self.entries(op, "steps"), InputLimits.steps, at: "operations.\(o).steps", what: "steps", of: "an operation") && ok
      }
    }
    return ok
  }
}
