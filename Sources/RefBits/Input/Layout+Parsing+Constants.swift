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
    // Resolve in dependency order (Kahn): a constant whose constants all have
    // values is resolved next; one that fails, and every constant that
    // depends on it or on a cycle, never is.
    let index = Dictionary(parsed.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { a, _ in a })
    let deps = parsed.map { Self.names(in: $0.1) }
    var waiting = [Int](repeating: 0, count: parsed.count)
    var dependents = [[Int]](repeating: [], count: parsed.count)
    for (i, names) in deps.enumerated() {
      for d in Set(names.compactMap { index[$0] }) {
        waiting[i] += 1
        dependents[d].append(i)
      }
    }
    var ready = parsed.indices.filter { waiting[$0] == 0 }
    var head = 0
    var resolved = [Layout.Constant?](repeating: nil, count: parsed.count)
    var values = Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    while head < ready.count {
      let i = ready[head]
      head += 1
      let (name, e, text) = parsed[i]
      do {
        let r = try e.resolved(in: Expression.Scope(constants: values), context: .constant)
        let v = r.constantValue
        if v.bitWidth > Self.maximumConstantBits {
          // Squaring constant after constant would otherwise exhaust memory.
          error("constants.\(name)", "constant '\(name)' has \(v.bitWidth) bits, more than any layout can use", hint: "constants are counts and field values: at most \(Self.maximumConstantBits) bits")
          broken.insert(name)
          continue
        }
        values[name] = v
        resolved[i] = Layout.Constant(name: name, expression: r, value: v, description: text)
      } catch {
        expressionError("constants.\(name)", error, text: text, resolving: true)
        broken.insert(name)
        continue
      }
      for j in dependents[i] {
        waiting[j] -= 1
        if waiting[j] == 0 { ready.append(j) }
      }
    }
    let stuck = parsed.indices.filter { waiting[$0] > 0 }
    if !stuck.isEmpty { reportCycles(stuck.map { (parsed[$0].0, deps[$0]) }) }
    return resolved.compactMap { $0 }
  }

  /// Widest constant accepted (words have at most 128 bits).
  static let maximumConstantBits = InputLimits.numberBits

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
