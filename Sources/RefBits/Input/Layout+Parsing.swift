import Foundation
import TOMLKit

extension Layout {
  /// Reads and validates a layout file.
  ///
  /// - Parameters:
  ///   - path: the file to read.
  ///   - displayName: how diagnostics name the file (default: `path`).
  /// - Throws: ``Diagnostics`` with every problem found, each located.
  ///   - parameters: values for the layout's parameters (`--set`); the
  ///     others are read at their defaults.
  public static func load(contentsOf path: String, displayName: String? = nil, parameters: [String: BigInt] = [:]) throws(Diagnostics) -> Layout {
    let input = try TOMLInput.read(contentsOf: path, displayName: displayName, listHint: "shipped layouts are listed by `refbits list`")
    return try parse(toml: input.text, name: input.name, file: input.file, parameters: parameters)
  }

  /// Parses and validates layout TOML text.
  ///
  /// - Parameter parameters: values for the layout's parameters; the others
  ///   are read at their defaults.
  /// - Throws: ``Diagnostics`` with every error found (warnings alone do not
  ///   throw; see ``Layout/lint()``); read at given parameter values, each
  ///   error names the point.
  public static func parse(toml text: String, name: String, file: String, parameters: [String: BigInt] = [:]) throws(Diagnostics) -> Layout {
    // The table first: it refuses what is too deep or too large to scan.
    let table = try TOMLInput.table(text, file: file)
    return try parse(table, name: name, file: file, parameters: parameters, locator: SourceLocator(text: text))
  }

  /// ``parse(toml:name:file:parameters:)`` of text already read into `table`
  /// and scanned by `locator` (a sweep reads one file at many points).
  static func parse(_ table: TOMLTable, name: String, file: String, parameters: [String: BigInt], locator: SourceLocator) throws(Diagnostics) -> Layout {
    var reader = TOMLReader(file: file, locator: locator)
    var layout = reader.readLayout(table, name: name, parameters: parameters)
    if let l = layout, reader.errors.isEmpty {
      reader.checkInitialState(l)
      // Stages that need the whole layout (Layout+Parsing+Steps.swift).
      reader.checkJudgements(l)
      layout?.scenarios = reader.readScenarios(table, layout: l)
    }
    guard let layout, reader.errors.isEmpty else {
      // Read at given values (`--set`, a sweep point): each error names them.
      let point = parameters.isEmpty ? "" : layout?.parameterPoint ?? ""
      throw Diagnostics(reader.diagnostics.sortedByPosition().map { $0.at(point: point) })
    }
    return layout
  }
}

/// The names a layout defines so far: constants, words, fields, kinds,
/// operations and predicates share one namespace.
struct LayoutNames {
  /// Name -> key path of its definition.
  var defined: [String: String] = [:]

  /// Words of expressions that cannot name anything.
  static let reserved: Set<String> = ["old", "new", "signed", "unsigned", "min", "max", "total"]
}

extension TOMLReader {
  // MARK: The layout, stage by stage

  /// Reads a layout in the order its parts depend on each other: parameters
  /// (at the `given` values or their defaults), constants, words and fields,
  /// kinds, operations, predicates, the initial state, claims, stated
  /// invariants (scenarios are
  /// read after, against the whole layout). Each stage reports what is wrong
  /// with its part and goes on, so that one run reports every error.
  mutating func readLayout(_ root: TOMLTable, name: String, parameters given: [String: BigInt] = [:]) -> Layout? {
    checkKeys(root, at: "", allowed: ["title", "source", "description", "platform", "parameters", "constants", "words", "kinds", "operations", "predicates", "initial", "claims", "invariants", "scenarios"])
    let title = string(root, "title", at: "", required: true) ?? ""
    let source = string(root, "source", at: "", required: true) ?? ""
    let description = string(root, "description", at: "") ?? ""
    let platform = string(root, "platform", at: "")
    if let platform, !Layout.isPlatformName(platform) {
      error("platform", "'\(platform)' is not a platform name", hint: "a lowercase word such as linux, macos, freebsd, cpython, rust")
    }
    guard layoutWithinLimits(root) else { return nil }

    var names = LayoutNames()
    let parameters = readParameters(root, names: &names, given: given)
    let constants = readConstants(root, names: &names, parameters: parameters)
    var scope = Expression.Scope(constants: Dictionary(parameters.map { ($0.name, $0.value) } + constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
    let (words, fields) = readWords(root, names: &names, scope: &scope)
    let (kinds, kindNames) = readKinds(root, names: &names, scope: &scope, fields: fields)
    let operations = readOperations(root, names: &names, scope: scope, fields: fields, kinds: kinds)
    let predicates = readPredicates(root, names: &names, scope: scope)
    let initial = readInitial(root, scope: scope, fields: fields, kindNames: kindNames)
    let claims = readClaims(root, words: words, fields: fields, kindNames: kindNames + operations.map(\.name), predicates: predicates)
    let invariants = readInvariants(root, scope: scope)
    return Layout(name: name, title: title, source: source, description: description, platform: platform, parameters: parameters, constants: constants, words: words, fields: fields, kinds: kinds, operations: operations, predicates: predicates, initial: initial, claims: claims, invariants: invariants)
  }

  /// Records a definition of `n` at `path`, or reports why it cannot be one
  /// (not an identifier, reserved, already defined) and marks it broken.
  mutating func claim(_ n: String, _ path: String, in names: inout LayoutNames) -> Bool {
    guard n.unicodeScalars.count <= InputLimits.nameLength else {
      error(path, "a name has at most \(InputLimits.nameLength) characters, not \(n.unicodeScalars.count)", hint: "use a shorter name", atKey: true)
      broken.insert(n)
      return false
    }
    guard isIdentifier(n) else {
      error(path, "'\(n)' is not a valid name", hint: "use letters, digits and '_', not starting with a digit", atKey: true)
      broken.insert(n)
      return false
    }
    if LayoutNames.reserved.contains(n) {
      error(path, "'\(n)' is a reserved word in expressions", hint: "rename it; reserved: \(LayoutNames.reserved.sorted().joined(separator: ", "))", atKey: true)
      broken.insert(n)
      return false
    }
    if let other = names.defined[n] {
      let line = locator.position(of: other, preferValue: false)?.line
      error(path, "duplicate name '\(n)'", hint: "already defined at \(other)\(line.map { " (line \($0))" } ?? ""); names of constants, words, fields, kinds, operations and predicates share one namespace: rename one", atKey: true)
      broken.insert(n)
      return false
    }
    names.defined[n] = path
    return true
  }
}
