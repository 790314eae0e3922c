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
    for k in kinds {
      for d in Direction.allCases {
        let op = k.operation(d)
        check(op.refuse, "kinds.\(k.name).\(d.rawValue).refuse")
        check(op.trap, "kinds.\(k.name).\(d.rawValue).trap")
        for (i, f) in op.fixups.enumerated() { check(f.when, "kinds.\(k.name).\(d.rawValue).fixups[\(i)].when") }
      }
    }
    for p in predicates {
      check(p.when, "predicates.\(p.name).when")
      check(p.means, "predicates.\(p.name).means")
    }
    return notes
  }
}
