extension Expression {
  /// Where an expression stands, which decides what its names may mean.
  public enum Context: Sendable, Hashable {
    /// A constant: literals and named constants only.
    case constant
    /// A refuse condition: checked on the state before the effects; a bare
    /// field name reads the old value and `new()` is not available.
    case beforeEffects
    /// A trap or fixup condition, or a fixup's value: after the effects; a bare
    /// field name reads the new value and `old()` the value before the step.
    case afterEffects
    /// A predicate's `when`: one state; a bare field name reads it.
    case state
    /// A predicate's `means`: the truth; kind names are the references held of
    /// that kind and `total` is all references held.
    case truth
    /// A stated invariant (`[[invariants]]`): one state and its truth; a
    /// bare field name reads the field, kind names and `total` the
    /// references held.
    case invariant

    var allowsFields: Bool { self == .beforeEffects || self == .afterEffects || self == .state || self == .invariant }
    var allowsTruth: Bool { self == .truth || self == .invariant }
  }

  /// The names an expression can refer to.
  public struct Scope: Sendable {
    /// Constant and parameter values by name.
    public var constants: [String: BigInt]
    /// Field indices by name (``Layout/fields``).
    public var fields: [String: Int]
    /// Kind indices by name (``Layout/kinds``), for truth expressions (`held(pin)`).
    public var kinds: [String: Int]
    /// Words that have fields of their own, by name: a condition reads the
    /// whole word's raw bits; an effect names a field.
    public var words: [String: Int]

    /// Creates a scope; a name absent from every table is an error when resolved.
    public init(constants: [String: BigInt] = [:], fields: [String: Int] = [:], kinds: [String: Int] = [:], words: [String: Int] = [:]) {
      self.constants = constants
      self.fields = fields
      self.kinds = kinds
      self.words = words
    }
  }

  /// Resolves names into constants, field readings and truth values, and
  /// rejects what cannot be meant in this context (with the offset of the name).
  /// Constant sub-expressions are checked for zero divisors and shift counts
  /// past the widest word.
  public func resolved(in scope: Scope, context: Context) throws(ExpressionError) -> Expression {
    switch self {
    case .literal, .constant, .held, .total, .field, .word:
      return self
    case .name(let name, let offset):
      if let v = scope.constants[name] { return .constant(name, v) }
      // A field reads its bits; a word split into fields reads all of its bits.
      let field = scope.fields[name], word = scope.words[name]
      if field != nil || word != nil {
        let what = field != nil ? "field" : "word"
        guard context.allowsFields else {
          throw ExpressionError(offset: offset, message: context == .truth
            ? "'\(name)' is a \(what), but 'means' is over the truth: use kind names (\(scope.kinds.keys.sorted().joined(separator: ", "))) and 'total'"
            : "'\(name)' is a \(what); a constant expression cannot read \(what)s")
        }
        let time: Time = context == .beforeEffects ? .old : .new
        if let field { return .field(field, time: time, reading: .declared) }
        if let word { return .word(word, time: time, reading: .declared) }
      }
      if context.allowsTruth {
        if name == "total" { return .total }
        if let k = scope.kinds[name] { return .held(k) }
      }
      if scope.kinds[name] != nil {
        throw ExpressionError(offset: offset, message: "'\(name)' is a kind of reference; only a predicate's 'means' and a stated invariant can count references held")
      }
      if name == "total" {
        throw ExpressionError(offset: offset, message: "'total' counts the references held; only a predicate's 'means' and a stated invariant can read it")
      }
      throw ExpressionError(offset: offset, message: "unknown name '\(name)'\(Self.suggestion(for: name, scope: scope, context: context))")
    case .access(let name, let time, let reading, let offset):
      let word = scope.words[name]
      guard let f = scope.fields[name] ?? word else {
        if scope.constants[name] != nil || scope.kinds[name] != nil || name == "total" {
          throw ExpressionError(offset: offset, message: "'\(name)' is not a field; old(), new(), signed() and unsigned() take a field or a word")
        }
        throw ExpressionError(offset: offset, message: "unknown field '\(name)'\(Self.suggestion(for: name, scope: scope, context: context))")
      }
      guard context.allowsFields else {
        throw ExpressionError(offset: offset, message: context == .truth
          ? "'means' is over the truth and cannot read field '\(name)'"
          : "a constant expression cannot read field '\(name)'")
      }
      switch (context, time) {
      case (.beforeEffects, .new?):
        throw ExpressionError(offset: offset, message: "new(\(name)) is not available in a refuse condition: it is checked before the effects")
      case (.state, .old?):
        throw ExpressionError(offset: offset, message: "old(\(name)) is not available in a predicate: a predicate reads one state")
      case (.invariant, .old?):
        throw ExpressionError(offset: offset, message: "old(\(name)) is not available in an invariant: an invariant reads one state")
      default: break
      }
      let t = time ?? (context == .beforeEffects ? .old : .new)
      if word != nil { return .word(f, time: t, reading: reading ?? .declared) }
      return .field(f, time: t, reading: reading ?? .declared)
    case .unary(let op, let a):
      return .unary(op, try a.resolved(in: scope, context: context))
    case .binary(let op, let a, let b):
      let ra = try a.resolved(in: scope, context: context)
      let rb = try b.resolved(in: scope, context: context)
      if rb.isConstant {
        let v = rb.constantValue
        if (op == .divide || op == .remainder) && v.isZero {
          throw ExpressionError(offset: b.firstOffset ?? 0, message: "division by zero: the divisor is the constant 0")
        }
        if (op == .shiftLeft || op == .shiftRight) && (v.isNegative || v > BigInt(128)) {
          throw ExpressionError(offset: b.firstOffset ?? 0, message: "shift count \(v) is outside 0...128 (the widest word has 128 bits)")
        }
      }
      return .binary(op, ra, rb)
    case .call(let f, let args):
      var out: [Expression] = []
      for a in args { out.append(try a.resolved(in: scope, context: context)) }
      return .call(f, out)
    }
  }

  /// The value of a constant expression (``isConstant`` must hold).
  public var constantValue: BigInt {
    evaluate(ConstantEnvironment())
  }

  /// The smallest source offset named in this expression, if any.
  var firstOffset: Int? {
    var best: Int?
    forEachNode {
      switch $0 {
      case .name(_, let o), .access(_, _, _, let o): best = Swift.min(best ?? o, o)
      default: break
      }
    }
    return best
  }

  static func suggestion(for name: String, scope: Scope, context: Context) -> String {
    var candidates = Array(scope.constants.keys)
    if context.allowsFields { candidates += scope.fields.keys; candidates += scope.words.keys }
    if context.allowsTruth { candidates += scope.kinds.keys + ["total"] }
    guard let best = closestName(to: name, among: candidates, within: max(2, name.count / 3)) else {
      if context.allowsFields, !scope.fields.isEmpty {
        return " (fields: \(scope.fields.keys.sorted().joined(separator: ", ")))"
      }
      return ""
    }
    return "; did you mean '\(best)'?"
  }
}

/// The candidate nearest to `name` by ``editDistance(_:_:)``, if it is at
/// most `bound` away: ties go to the smallest candidate, or with
/// `firstOnTies` to the first in order. A candidate that differs from the
/// name by a negation (``flipsMeaning(_:_:)``: `privileged` for
/// `unprivileged`) is never suggested: a suggestion must not turn a threat
/// model, a claim or a kind into its opposite.
///
/// Candidates whose length differs from the name's by more than `bound`
/// are never compared (their distance is at least that difference), so a
/// huge name costs O(its length) per candidate, not a product of lengths.
func closestName(to name: String, among candidates: [String], within bound: Int, firstOnTies: Bool = false) -> String? {
  let length = name.count
  var best: (distance: Int, index: Int, name: String)?
  for (i, c) in candidates.enumerated() where abs(c.count - length) <= bound {
    let d = editDistance(c, name)
    guard d <= bound, !flipsMeaning(name, c, distance: d) else { continue }
    if let b = best, firstOnTies ? (b.distance, b.index) <= (d, i) : (b.distance, b.name) <= (d, c) { continue }
    best = (d, i, c)
  }
  return best?.name
}

/// The prefixes that negate a word, at its start or after `-` or `_`.
let negationPrefixes = ["un", "non", "non-", "non_", "no-", "no_", "not-", "not_", "dis", "anti-"]

/// Whether `candidate` reads as the negation of `name` (or the reverse):
/// adding or removing a negation prefix at the start of one of the name's
/// or the candidate's words brings the two closer than `distance`.
/// `privileged` flips `unprivileged`, `unprivileged-linux` flips
/// `privleged`, `unprivileged-linux-no-fuse` flips
/// `unprivileged-linux-fuse`; `unprivileged-linux` does not flip
/// `unprivileged-linx`.
///
/// - Complexity: O(words × prefixes) edit distances.
func flipsMeaning(_ name: String, _ candidate: String, distance: Int? = nil) -> Bool {
  let d = distance ?? editDistance(name, candidate)
  if d == 0 { return false }
  for (a, b) in [(name, candidate), (candidate, name)] {
    let chars = Array(a)
    let starts = [0] + chars.indices.filter { chars[$0] == "-" || chars[$0] == "_" }.map { $0 + 1 }
    for i in starts {
      let head = String(chars[..<i]), tail = String(chars[i...])
      for p in negationPrefixes {
        if editDistance(head + p + tail, b) < d { return true }
        if tail.hasPrefix(p), editDistance(head + tail.dropFirst(p.count), b) < d { return true }
      }
    }
  }
  return false
}

/// Levenshtein distance, for "did you mean" suggestions.
///
/// - Complexity: O(a.count × b.count); see ``closestName(to:among:within:firstOnTies:)``.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}
