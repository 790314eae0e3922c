/// A sequence of operations as phases of bulk operations: `pin*1, ref*4294966271`.
public struct OpSequence: Sendable, Hashable, CustomStringConvertible {
  var phases: [Phase]
  /// Names the operations for printing.
  public var names: [String]

  /// Creates the sequence of `phases`, naming each operation as `layout` does.
  init(phases: [Phase], layout: Layout) {
    self.phases = phases
    self.names = phases.map { layout.operationName($0.op) }
  }

  /// Total number of operations.
  public var operations: BigInt { phases.reduce(BigInt(0)) { $0 + $1.count } }

  /// The sequence as a script reads it: `pin, ref*4294966271`.
  public var description: String {
    zip(phases, names).map { $1 + ($0.count == 1 ? "" : "*\($0.count)") }.joined(separator: ", ")
  }
}
