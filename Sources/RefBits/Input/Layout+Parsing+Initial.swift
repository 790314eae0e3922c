import TOMLKit

extension TOMLReader {
  /// `[initial]`: the references held (the truth) and, optionally, the
  /// stored field values.
  mutating func readInitial(_ root: TOMLTable, scope: Expression.Scope, fields: [Layout.Field], kindNames validKindNames: [String]) -> Layout.Initial {
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
              let what = scope.words[f] != nil ? "'\(f)' is a word with fields, not a field" : "'\(f)' is not a field"
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

    return initial
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
