import Foundation

/// Certificates and invariants as the layout format writes expressions:
/// fields and kinds by name, `unsigned(f)` / `signed(f)` where the reading is
/// not the field's own, `total`; a word's bits outside every field as
/// `word[msb..lsb]`.
extension Invariant {
  /// `(count == total && 0 <= count <= 2147483647) || count == -1073741824`.
  public func text(_ layout: Layout) -> String {
    let zones = parts(layout)
    if zones.isEmpty { return "false" }
    let texts = zones.map { z in z.isEmpty ? "true" : z.joined(separator: " && ") }
    if texts.count == 1 { return texts[0] }
    return texts.map { zones.count > 1 && $0.contains("&&") ? "(\($0))" : $0 }.joined(separator: " || ")
  }

  /// Each zone's constraints, as text.
  func parts(_ layout: Layout) -> [[String]] {
    zones.map { $0.constraints.map { $0.text(layout) } }
  }
}

extension Invariant.Atom {
  /// The atom as layouts write it: a field name, `held(kind)`, a bit range.
  public func text(_ layout: Layout) -> String {
    switch self {
    case .field(let f, let r):
      let name = layout.fields[f].name
      return r == .declared ? name : "\(r.rawValue)(\(name))"
    case .bits(let w, let lsb, let count): return "\(layout.words[w].name)[\(lsb + count - 1)..\(lsb)]"
    case .held(let k): return layout.kinds[k].name
    case .total: return "total"
    }
  }

  /// Whether the atom reads the words (it is written on the left).
  var readsWords: Bool {
    switch self {
    case .field, .bits: true
    case .held, .total: false
    }
  }
}

extension Invariant.Constraint {
  /// `0 <= count <= 2147483647`, `count == ref + try_ref`,
  /// `refcount == get + 1024*pin + 1 (mod 2^32)`.
  public func text(_ layout: Layout) -> String {
    typealias Term = Invariant.LinearForm.Term
    func sum(_ terms: [Term], constant: BigInt) -> String {
      var out = ""
      for t in terms {
        let c = t.coefficient
        let body = c.magnitude == 1 ? t.atom.text(layout) : "\(c.magnitude)*\(t.atom.text(layout))"
        out += out.isEmpty ? (c.isNegative ? "-" + body : body) : (c.isNegative ? " - " : " + ") + body
      }
      if !constant.isZero || out.isEmpty {
        out += out.isEmpty ? constant.description : (constant.isNegative ? " - \(constant.magnitude)" : " + \(constant)")
      }
      return out
    }
    switch relation {
    case .within(let lower, let upper):
      let f = sum(form.terms, constant: 0)
      switch (lower, upper) {
      case (let l?, let u?): return "\(l) <= \(f) <= \(u)"
      case (let l?, nil): return "\(f) >= \(l)"
      case (nil, let u?): return "\(f) <= \(u)"
      case (nil, nil): return "true"
      }
    case .congruent(let residue, let modulus):
      // Words on the left, the truth and the constant on the right.
      var left = form.terms.filter { $0.atom.readsWords }
      var right = form.terms.filter { !$0.atom.readsWords }.map { Term(-$0.coefficient, $0.atom) }
      if left.isEmpty { (left, right) = (right.map { Term(-$0.coefficient, $0.atom) }, []) }
      let text = "\(sum(left, constant: 0)) == \(sum(right, constant: residue))"
      if modulus.isZero { return text }
      let bits = modulus.bitWidth - 1
      let m = modulus.signum > 0 && (modulus & (modulus - 1)).isZero ? "2^\(bits)" : modulus.description
      return "\(text) (mod \(m))"
    }
  }
}

extension Certificate {
  /// One line: what the proof rests on.
  public func text(_ layout: Layout) -> String {
    switch argument {
    case .noCondition(let why): return "no condition produces it: \(why)"
    case .invariant(let i): return "invariant \(i.text(layout))"
    }
  }

  /// `every acquire and release`, the operations by name, or `no operation
  /// at all` (an attacker with no route), and the references they never
  /// release.
  func coverage(_ layout: Layout, all: [Op]) -> String {
    let mine = Set(operations.map(CertificateChecker.unattributed))
    var text = mine.isEmpty ? "no operation at all" : mine.count == layout.actions.count ? (layout.operations.isEmpty ? "every acquire and release" : "every acquire, release and operation") : operations.map { layout.operationName($0) }.joined(separator: ", ")
    if !kept.isEmpty {
      text += "; the initial " + kept.sorted { $0.key < $1.key }.map { "\($0.value) \(layout.kinds[$0.key].name)" }.joined(separator: ", ") + " never released"
    }
    return text
  }
}
