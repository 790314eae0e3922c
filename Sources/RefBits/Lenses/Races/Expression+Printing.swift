/// The names a printed expression uses.
struct ExpressionNames {
  /// Field names by index; indices past them are thread-locals.
  var fields: [String]
  /// Names of words read whole, by index.
  var wordNames: [Int: String] = [:]
  /// Thread-local names, by index (pseudo-field `fields.count + i`).
  var locals: [String] = []
  /// Kind names by index (for `means`).
  var kinds: [String] = []

  init(fields: [String], wordNames: [Int: String] = [:], locals: [String] = [], kinds: [String] = []) {
    self.fields = fields
    self.wordNames = wordNames
    self.locals = locals
    self.kinds = kinds
  }

  init(layout: Layout, locals: [String] = []) {
    self.init(
      fields: layout.fields.map(\.name),
      wordNames: Dictionary(uniqueKeysWithValues: layout.words.indices.map { ($0, layout.words[$0].name) }),
      locals: locals, kinds: layout.kinds.map(\.name))
  }
}

extension Expression {
  /// The expression as C-like text that parses back to it: constants by
  /// name, fields and words by name (`old(f)` where it reads the state
  /// before the step and `bare` says bare names read the new one), locals by
  /// name, with the parentheses precedence needs.
  func text(_ names: ExpressionNames, bareTime: Time = .new) -> String {
    text(names, bareTime: bareTime, parent: 0)
  }

  private func text(_ names: ExpressionNames, bareTime: Time, parent: Int) -> String {
    func read(_ name: String, _ time: Time, _ reading: Reading) -> String {
      var s = name
      if time != bareTime { s = "\(time.rawValue)(\(s))" }
      if reading != .declared { s = "\(reading.rawValue)(\(s))" }
      return s
    }
    switch self {
    case .literal(let v): return v.isNegative && parent > 0 ? "(\(v))" : v.description
    case .constant(let n, _): return n
    case .name(let n, _), .access(let n, _, _, _): return n
    case .field(let f, let t, let r):
      if f >= names.fields.count {
        let l = f - names.fields.count
        return l < names.locals.count ? names.locals[l] : "local\(l)"
      }
      return read(names.fields[f], t, r)
    case .word(let w, let t, let r): return read(names.wordNames[w] ?? "word\(w)", t, r)
    case .held(let k): return k < names.kinds.count ? names.kinds[k] : "kind\(k)"
    case .total: return "total"
    case .unary(let op, let a):
      return op.rawValue + a.text(names, bareTime: bareTime, parent: 11)
    case .binary(let op, let a, let b):
      let p = op.precedence
      // Left-associative: the right operand needs parentheses at equal precedence.
      let s = "\(a.text(names, bareTime: bareTime, parent: p)) \(op.rawValue) \(b.text(names, bareTime: bareTime, parent: p + 1))"
      return p < parent ? "(\(s))" : s
    case .call(let f, let args):
      return "\(f.rawValue)(\(args.map { $0.text(names, bareTime: bareTime, parent: 0) }.joined(separator: ", ")))"
    }
  }

  /// Replaces every field, word, held and total read (the leaves that read
  /// a state) for which `transform` gives an expression.
  func mappingReads(_ transform: (Expression) -> Expression?) -> Expression {
    switch self {
    case .field, .word, .held, .total, .name, .access: return transform(self) ?? self
    case .unary(let op, let a): return .unary(op, a.mappingReads(transform))
    case .binary(let op, let a, let b): return .binary(op, a.mappingReads(transform), b.mappingReads(transform))
    case .call(let f, let args): return .call(f, args.map { $0.mappingReads(transform) })
    case .literal, .constant: return self
    }
  }
}
