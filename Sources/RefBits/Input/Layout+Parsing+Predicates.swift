import TOMLKit

extension TOMLReader {
  /// `[predicates.NAME]`: `when` over the word, `means` over the truth.
  mutating func readPredicates(_ root: TOMLTable, names: inout LayoutNames, scope: Expression.Scope) -> [Layout.Predicate] {
    // Predicates.
    var predicates: [Layout.Predicate] = []
    if let pt = subtable(root, "predicates", at: "") {
      for p in orderedKeys(pt, at: "predicates") {
        let path = "predicates.\(p)"
        guard claim(p, path, in: &names), let t = subtable(pt, p, at: "predicates") else { broken.insert(p); continue }
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

    return predicates
  }

  /// `[[claims]]`: an outcome class each, whose argument must name a
  /// predicate, field, word or kind of the layout.
  mutating func readClaims(_ root: TOMLTable, words: [Layout.Word], fields: [Layout.Field], kindNames validKindNames: [String], predicates: [Layout.Predicate]) -> [Layout.Claim] {
    // Claims.
    var claims: [Layout.Claim] = []
    if let v = root["claims"] {
      if let arr = v.array {
        for (i, item) in arr.enumerated() {
          let path = "claims[\(i)]"
          guard let t = item.table else { error(path, "each claim must be a table with `never = \"...\"`, not \(Self.a(item.type))", hint: "write each claim as [[claims]] followed by never = \"...\""); continue }
          checkKeys(t, at: path, allowed: ["never", "description", "judged"])
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
          // When the race lens judges it (Layout+Parsing+Steps.swift).
          guard let judged = readJudgement(t, at: path, never: pattern) else { continue }
          claims.append(Layout.Claim(never: pattern, text: text, description: string(t, "description", at: path) ?? "", judged: judged))
        }
      } else {
        error("claims", "'claims' must be an array of tables, not \(Self.a(v.type))", hint: "write each claim as [[claims]] followed by never = \"...\"")
      }
    }

    return claims
  }
}
