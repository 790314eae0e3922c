import Foundation
import TOMLKit

extension TOMLReader {
  /// `[[invariants]]`: conditions the author states hold in every reachable
  /// state, each with the argument why (``Layout/StatedInvariant``).
  ///
  /// `holds` reads one state: fields by name (`signed()`/`unsigned()` for
  /// another reading), kinds as the references held, `total`; it must be
  /// comparisons of linear sums joined by `&&`, `||` and `!`, which is what
  /// the checker can decide (``Expression/invariant(source:)``).
  mutating func readInvariants(_ root: TOMLTable, scope: Expression.Scope) -> [Layout.StatedInvariant] {
    guard let v = root["invariants"] else { return [] }
    guard let arr = v.array else {
      error("invariants", "'invariants' must be an array of tables, not \(Self.a(v.type))", hint: "write each invariant as [[invariants]] followed by holds = \"...\"")
      return []
    }
    var out: [Layout.StatedInvariant] = []
    for (i, item) in arr.enumerated() {
      let path = "invariants[\(i)]"
      guard let t = item.table else {
        error(path, "each invariant must be a table with `holds = \"...\"`, not \(Self.a(item.type))", hint: "write each invariant as [[invariants]] followed by holds = \"...\"")
        continue
      }
      checkKeys(t, at: path, allowed: ["holds", "description"])
      let description = string(t, "description", at: path, required: true)
      guard let text = string(t, "holds", at: path, required: true) else { continue }
      let hpath = join(path, "holds")
      let parsed: Expression
      do {
        parsed = try Expression.parse(text)
      } catch {
        expressionError(hpath, error, text: text, resolving: false)
        continue
      }
      do {
        let resolved = try parsed.resolved(in: scope, context: .invariant)
        let invariant = try resolved.invariant(source: parsed)
        guard let description else { continue }
        out.append(Layout.StatedInvariant(text: text.trimmingCharacters(in: .whitespacesAndNewlines), invariant: invariant, description: description, line: locator.position(of: hpath)?.line))
      } catch {
        expressionError(hpath, error, text: text, resolving: true)
      }
    }
    return out
  }
}
