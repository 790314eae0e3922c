/// A layout's actions (each kind's acquire and release, each operation) as
/// ``Op/Action`` values: what they do, and how scripts and outcomes name them.
extension Layout {
  /// The action an op runs: a kind's acquire or release, or an operation's.
  public func action(_ action: Op.Action) -> Action {
    switch action {
    case .acquire(let k): kinds[k].acquire
    case .release(let k): kinds[k].release
    case .perform(let o): operations[o].action
    }
  }

  /// The name a script uses for an op's action: its `op` alias, else the
  /// kind (acquire), `-kind` (release) or the operation's name.
  func operationName(_ op: Op) -> String {
    name(of: op.action)
  }

  /// The name a script uses for an action (see ``operationName(_:)``).
  public func name(of action: Op.Action) -> String {
    switch action {
    case .acquire(let k): kinds[k].acquire.alias ?? kinds[k].name
    case .release(let k): kinds[k].release.alias ?? "-\(kinds[k].name)"
    case .perform(let o): operations[o].action.alias ?? operations[o].name
    }
  }

  /// The name of the kind an acquire or release belongs to, or the
  /// operation's name: what `refused(NAME)` and an attacker's route name.
  func kindOrOperationName(_ action: Op.Action) -> String {
    switch action {
    case .acquire(let k), .release(let k): kinds[k].name
    case .perform(let o): operations[o].name
    }
  }

  /// Where an action is defined in the layout file: `kinds.pin.acquire`,
  /// `operations.page_mkclean`.
  func keyPath(of action: Op.Action) -> String {
    switch action {
    case .acquire(let k): "kinds.\(kinds[k].name).acquire"
    case .release(let k): "kinds.\(kinds[k].name).release"
    case .perform(let o): "operations.\(operations[o].name)"
    }
  }

  /// Every action of the layout, in ``Op/Action`` order: each kind's acquire
  /// and release, then the operations.
  var actions: [Op.Action] {
    kinds.indices.flatMap { [Op.Action.acquire(kind: $0), .release(kind: $0)] } + operations.indices.map { .perform(operation: $0) }
  }
}
