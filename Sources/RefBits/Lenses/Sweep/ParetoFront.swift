/// The Pareto front of points under several objectives: the points no other
/// point dominates (at least as good on every objective and better on one).
///
/// Points with equal objective vectors do not dominate each other: all of
/// them are on the front or none. Only points whose every objective is
/// known take part (see ``SweepMeasure``): an unknown could be anything, so
/// such a point can neither be placed on the front nor be used to push
/// another off it.
public enum ParetoFront {
  /// Whether `a` dominates `b` (both fully known).
  static func dominates(_ a: [SweepMeasure], _ b: [SweepMeasure], _ objectives: [SweepObjective]) -> Bool {
    var better = false
    for (i, o) in objectives.enumerated() {
      guard let p = o.preference(a[i], over: b[i]) else { return false }
      if p < 0 { return false }
      if p > 0 { better = true }
    }
    return better
  }

  /// The positions in `vectors` (one measure per objective each) that are on
  /// the front, in increasing order.
  ///
  /// The vectors are sorted best first, objective by objective; a vector can
  /// only be dominated by one sorted before it, and if it is dominated at
  /// all then some point of the front dominates it, so each vector is
  /// compared with the front found so far only.
  ///
  /// - Precondition: every measure is known.
  /// - Complexity: O(n log n + n × f × k) for n vectors, f points on the
  ///   front and k objectives.
  static func indices(_ vectors: [[SweepMeasure]], objectives: [SweepObjective]) -> [Int] {
    guard !objectives.isEmpty else { return [] }
    let order = vectors.indices.sorted { x, y in
      for (i, o) in objectives.enumerated() {
        let p = o.preference(vectors[x][i], over: vectors[y][i]) ?? 0
        if p != 0 { return p > 0 }
      }
      return x < y
    }
    var front: [Int] = []
    for v in order where !front.contains(where: { dominates(vectors[$0], vectors[v], objectives) }) {
      front.append(v)
    }
    return front.sorted()
  }
}
