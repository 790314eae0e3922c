extension Layout {
  /// The name a script uses for an operation.
  public func operationName(_ op: Op) -> String {
    let k = kinds[op.kind]
    switch op.direction {
    case .acquire: return k.acquire.alias ?? k.name
    case .release: return k.release.alias ?? "-\(k.name)"
    }
  }
}
