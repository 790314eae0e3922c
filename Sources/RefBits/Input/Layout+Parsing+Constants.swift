import TOMLKit

extension TOMLReader {
  /// `[constants]`, over literals, each other and the `parameters` (at the
  /// values read).
  mutating func readConstants(_ root: TOMLTable, names: inout LayoutNames, parameters: [Layout.Parameter] = []) -> [Layout.Constant] {
    guard let ct = subtable(root, "constants", at: "") else { return [] }
    // Parse all, then resolve in dependency order (any order in the file).
    var parsed: [(String, Expression, String)] = []
    for name in orderedKeys(ct, at: "constants") {
      let path = "constants.\(name)"
      guard claim(name, path, in: &names), let v = ct[name] else { continue }
      if let i = v.int { parsed.append((name, .literal(BigInt(i)), "\(i)")); continue }
      guard let s = v.string else {
        error(path, "a constant is an integer or a constant expression string, not \(Self.a(v.type))", hint: "write \(name) = 1024, or a string such as \"1 << 10\"")
        broken.insert(name)
        continue
      }
      do { parsed.append((name, try Expression.parse(s), s)) } catch {
        expressionError(path, error, text: s, resolving: false)
        broken.insert(name)
      }
    }
    var values = Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
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
            let v = r.constantValue
            if v.bitWidth > Self.maximumConstantBits {
              // Squaring constant after constant would otherwise exhaust memory.
              error("constants.\(name)", "constant '\(name)' has \(v.bitWidth) bits, more than any layout can use", hint: "constants are counts and field values: at most \(Self.maximumConstantBits) bits")
              broken.insert(name)
            } else {
              values[name] = v
              out.append(Layout.Constant(name: name, expression: r, value: v, description: text))
            }
          } catch {
            expressionError("constants.\(name)", error, text: text, resolving: true)
            broken.insert(name)
          }
          progressed = true
        } else {
          next.append((name, e, text))
        }
      }
      if !progressed {
        reportCycles(next.map { ($0.0, Self.names(in: $0.1)) })
        break
      }
      pending = next
    }
    let order = parsed.map(\.0)
    return out.sorted { order.firstIndex(of: $0.name)! < order.firstIndex(of: $1.name)! }
  }

  /// Widest constant accepted (words have at most 128 bits).
  static let maximumConstantBits = 1 << 16

  /// Reports each constant that lies on a dependency cycle, with the cycle;
  /// constants that merely depend on one are not reported again.
  mutating func reportCycles(_ stuck: [(name: String, deps: [String])]) {
    let deps = Dictionary(stuck.map { ($0.name, $0.deps) }, uniquingKeysWith: { a, _ in a })
    for (name, _) in stuck {
      broken.insert(name)
      // Breadth-first search from the constant back to itself, for the shortest cycle.
      var previous: [String: String] = [:]
      var queue = deps[name] ?? []
      for d in queue where previous[d] == nil { previous[d] = name }
      var found = false
      var head = 0
      while head < queue.count, !found {
        let n = queue[head]
        head += 1
        if n == name { found = true; break }
        for d in deps[n] ?? [] where previous[d] == nil {
          previous[d] = n
          queue.append(d)
        }
      }
      guard found else { continue }
      var cycle = [name]
      var at = previous[name] ?? name
      while at != name, cycle.count <= stuck.count {
        cycle.append(at)
        at = previous[at] ?? name
      }
      cycle.append(name)
      let shown = cycle.reversed().joined(separator: " -> ")
      error("constants.\(name)", "constant '\(name)' depends on itself: \(shown)", hint: "a constant may use other constants in any order, but not itself: break the cycle")
    }
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
}
