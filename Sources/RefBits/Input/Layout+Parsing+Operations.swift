import TOMLKit

extension TOMLReader {
  /// `[operations.NAME]`: steps that are neither an acquire nor a release.
  ///
  /// Each has the keys of a kind's acquire (`op`, `refuse`, `effects`,
  /// `trap`, `fixups`) and a `description`. Its name joins the layout's one
  /// namespace (an attacker profile's `[ops.NAME]` names a kind or an
  /// operation); then every name a script can use, the kinds' and the
  /// operations', must be unique (``checkOperationNames(_:_:)``).
  mutating func readOperations(_ root: TOMLTable, names: inout LayoutNames, scope: Expression.Scope, fields: [Layout.Field], kinds: [Layout.Kind]) -> [Layout.Operation] {
    var operations: [Layout.Operation] = []
    if let ot = subtable(root, "operations", at: "") {
      for name in orderedKeys(ot, at: "operations") {
        let path = "operations.\(name)"
        guard claim(name, path, in: &names), let t = subtable(ot, name, at: "operations") else { continue }
        guard let action = readAction(t, at: path, scope: scope, fields: fields, otherKeys: ["description"]) else { continue }
        operations.append(Layout.Operation(name: name, description: string(t, "description", at: path) ?? "", action: action))
      }
    }
    checkOperationNames(kinds, operations)
    return operations
  }
}
