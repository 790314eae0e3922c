extension Layout {
  /// Things worth knowing that are not errors: conditions that make bulk
  /// stepping go one step at a time.
  public func lint() -> [String] {
    var notes: [String] = []
    func check(_ c: Condition?, _ where_: String) {
      if let c, !c.expression.isLinear {
        notes.append("\(where_) '\(c.text)' is not linear in the field values: bulk stepping over it goes one step at a time (O(count)); a comparison of sums would be solved exactly")
      }
    }
    for a in actions {
      let op = action(a), path = keyPath(of: a)
      check(op.refuse, "\(path).refuse")
      check(op.trap, "\(path).trap")
      for (i, f) in op.fixups.enumerated() { check(f.when, "\(path).fixups[\(i)].when") }
    }
    for p in predicates {
      check(p.when, "predicates.\(p.name).when")
      check(p.means, "predicates.\(p.name).means")
    }
    return notes
  }
}
