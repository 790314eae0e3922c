import Foundation
import TOMLKit

extension Workload {
  /// Reads and validates a workload file.
  ///
  /// - Parameters:
  ///   - path: the file to read.
  ///   - displayName: how diagnostics name the file (default: `path`).
  /// - Throws: ``Diagnostics`` with every problem found, each located.
  public static func load(contentsOf path: String, displayName: String? = nil) throws(Diagnostics) -> Workload {
    let input = try TOMLInput.read(contentsOf: path, displayName: displayName, listHint: "shipped workloads are listed by `refbits fuzz --list-workloads`")
    return try parse(toml: input.text, name: input.name, file: input.file)
  }

  /// Parses and validates workload TOML text.
  ///
  /// The TOML tables are walked by hand (never through `Codable`), every value
  /// checked for its type before use, so no input can trap.
  ///
  /// - Throws: ``Diagnostics`` with every error found, located at
  ///   `file:line:column` with its key path.
  public static func parse(toml text: String, name: String, file: String) throws(Diagnostics) -> Workload {
    let table = try TOMLInput.table(text, file: file)
    var reader = WorkloadReader(toml: TOMLReader(file: file, locator: SourceLocator(text: text)))
    let workload = reader.read(table, name: name)
    guard let workload, reader.toml.errors.isEmpty else { throw Diagnostics(reader.toml.diagnostics.sortedByPosition()) }
    return workload
  }
}

/// Walks the TOML tables of a workload file. The typed access and the located
/// diagnostics are ``TOMLReader``'s.
struct WorkloadReader {
  var toml: TOMLReader

  static let actorKeys = ["description", "weight", "kinds", "operations", "acquire", "burst", "hold"]
  static let distributionKeys = ["fixed", "uniform", "geometric", "log_uniform"]
  /// Largest lifetime: a lifetime is one unit of work of a job, and a
  /// witness is a prefix of one.
  static let maxLifetime = InputLimits.lifetime

  mutating func read(_ root: TOMLTable, name: String) -> Workload? {
    toml.checkKeys(root, at: "", allowed: ["title", "source", "description", "lifetime", "actors"])
    let title = toml.string(root, "title", at: "", required: true) ?? ""
    let source = toml.string(root, "source", at: "", required: true) ?? ""
    let description = toml.string(root, "description", at: "") ?? ""
    var lifetime = 10_000
    if let v = root["lifetime"] {
      if let n = v.int, n >= 1, n <= Self.maxLifetime { lifetime = n } else {
        toml.error("lifetime", "'lifetime' is the number of operations in one object lifetime: an integer from 1 to \(Self.maxLifetime)", hint: "write lifetime = 10000")
      }
    }
    var actors: [Workload.Actor] = []
    if let at = toml.subtable(root, "actors", at: "", required: true),
      toml.within(at.keys.count, InputLimits.actors, at: "actors", what: "actors", of: "a workload")
    {
      for a in at.keys.sorted() {
        let path = "actors.\(a)"
        guard toml.isIdentifier(a), a.unicodeScalars.count <= InputLimits.nameLength else {
          toml.error(path, "'\(a)' is not a valid actor name", hint: "use letters, digits and '_', not starting with a digit, at most \(InputLimits.nameLength) characters", atKey: true)
          continue
        }
        guard let t = toml.subtable(at, a, at: "actors") else { continue }
        if let actor = readActor(t, name: a, at: path) { actors.append(actor) }
      }
      if at.keys.isEmpty { toml.error("actors", "a workload needs at least one actor", hint: "add [actors.NAME] with weight, kinds, acquire, burst and hold") }
    }
    return Workload(name: name, title: title, source: source, description: description, lifetime: lifetime, actors: actors)
  }

  mutating func readActor(_ t: TOMLTable, name: String, at path: String) -> Workload.Actor? {
    toml.checkKeys(t, at: path, allowed: Self.actorKeys)
    var ok = true
    let weight = probability(t, "weight", at: path, default: 1, upTo: nil) ?? { ok = false; return 1 }()
    let acquire = probability(t, "acquire", at: path, default: 0.5, upTo: 1) ?? { ok = false; return 0.5 }()
    var kinds: [Workload.KindChoice] = []
    if let named = weightedNames(t, "kinds", at: path, noun: "kind", examples: ("\"ref\" or \"pin|pin_dma\"", "kinds = [\"ref\", \"pin\"]", "kinds = { ref = 3, pin = 1 }"), ok: &ok) {
      for (name, weight, ipath) in named {
        guard let c = kindChoice(name, at: ipath, weight: weight) else { ok = false; continue }
        kinds.append(c)
      }
      if kinds.isEmpty && ok {
        toml.error(toml.join(path, "kinds"), "an actor needs at least one kind", hint: "write kinds = [\"ref\"]")
        ok = false
      }
    }
    let operations = readOperationChoices(t, at: path, ok: &ok)
    if t["kinds"] == nil && t["operations"] == nil {
      toml.error(path, "missing required key 'kinds'", hint: "list the kinds the actor acquires: kinds = [\"ref\"], or alternatives kinds = [\"try_ref|ref\"]; an actor that only performs layout operations lists them: operations = { page_mkclean = 1 }", atKey: true)
      ok = false
    }
    var burst = Distribution.fixed(1)
    if let v = t["burst"] {
      if let d = distribution(v, at: toml.join(path, "burst"), minimum: 1) {
        if let top = d.upperBound, top > BigInt.power(of2: InputLimits.burstBits) {
          toml.error(toml.join(path, "burst"), "a burst takes at most 2^\(InputLimits.burstBits) references", hint: "far past any word: a burst of 2^\(InputLimits.burstBits) already overflows every field")
          ok = false
        }
        burst = d
      } else { ok = false }
    }
    var hold: Distribution? = .fixed(0)
    if let v = t["hold"] {
      if v.string == "forever" {
        hold = nil
      } else if let d = distribution(v, at: toml.join(path, "hold"), minimum: 0, forever: true) {
        if let top = d.upperBound, top > BigInt(Int64.max / 4) {
          toml.error(toml.join(path, "hold"), "a hold time is at most \(Int64.max / 4) operations", hint: "write hold = \"forever\" for references never released")
          ok = false
        }
        hold = d
      } else { ok = false }
    }
    guard ok else { return nil }
    return Workload.Actor(name: name, description: toml.string(t, "description", at: path) ?? "", weight: weight, kinds: kinds, operations: operations, acquire: acquire, burst: burst, hold: hold)
  }

  /// `operations = ["page_mkclean"]` or `operations = { page_mkclean = 1 }`:
  /// layout operations by name, each remembered with where it is written.
  mutating func readOperationChoices(_ t: TOMLTable, at path: String, ok: inout Bool) -> [Workload.OperationChoice] {
    let examples = ("\"page_mkclean\"", "operations = [\"page_mkclean\"]", "operations = { page_mkclean = 1 }")
    guard let named = weightedNames(t, "operations", at: path, noun: "operation", examples: examples, ok: &ok) else { return [] }
    var out: [Workload.OperationChoice] = []
    for (name, weight, ipath) in named {
      guard toml.isIdentifier(name) else {
        toml.error(ipath, "'\(name)' is not an operation name", hint: "an operation is named as in the layout's [operations.NAME], one name per entry (no '|' alternatives)")
        ok = false
        continue
      }
      let position = toml.locator.position(of: ipath, preferValue: t["operations"]?.array != nil)
      out.append(Workload.OperationChoice(name: name, weight: weight, file: toml.file, line: position?.line, column: position?.column, keyPath: ipath))
    }
    if out.isEmpty && ok {
      toml.error(toml.join(path, "operations"), "'operations' lists no operation", hint: "write \(examples.2), or leave the key out")
      ok = false
    }
    return out
  }

  /// Names with weights under `key`: `[A, B]` (weight 1 each) or
  /// `{ A = 3, B = 1 }`; each with its weight and key path, or nil when the
  /// key is absent or is neither. What is not a string or not a positive
  /// weight is reported and clears `ok`. `noun` names one entry (`kind`);
  /// `examples`: a string, an array and a table as they would be written.
  mutating func weightedNames(_ t: TOMLTable, _ key: String, at path: String, noun: String, examples: (String, String, String), ok: inout Bool) -> [(name: String, weight: Double, path: String)]? {
    guard let v = t[key] else { return nil }
    let kpath = toml.join(path, key)
    let one = (noun.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + noun
    var named: [(name: String, weight: Double, path: String)] = []
    guard toml.within(TOMLReader.entries(t, key), InputLimits.actorKinds, at: kpath, what: "\(noun) choices", of: "an actor") else {
      ok = false
      return nil
    }
    if let arr = v.array {
      for (i, item) in arr.enumerated() {
        guard let s = item.string else {
          toml.error("\(kpath)[\(i)]", "\(one) is a string such as \(examples.0), not \(TOMLReader.a(item.type))")
          ok = false
          continue
        }
        named.append((s, 1, "\(kpath)[\(i)]"))
      }
    } else if let table = v.table {
      for name in table.keys.sorted() {
        let ipath = "\(kpath).\(name)"
        guard let w = table[name].flatMap(Self.double), w > 0, w <= InputLimits.weight else {
          toml.error(ipath, "the weight of \(one) is a positive number of at most \(InputLimits.weight)", hint: "write \(examples.2)")
          ok = false
          continue
        }
        named.append((name, w, ipath))
      }
    } else {
      toml.error(kpath, "'\(key)' is an array of \(noun) names or a table of weights, not \(TOMLReader.a(v.type))", hint: "write \(examples.1) or \(examples.2)")
      ok = false
      return nil
    }
    return named
  }

  static func double(_ v: TOMLValueConvertible) -> Double? {
    if let d = v.double { return d }
    if let i = v.int { return Double(i) }
    return nil
  }

  /// A number in `0...upTo` (a weight when `upTo` is nil: any positive number).
  mutating func probability(_ t: TOMLTable, _ key: String, at path: String, default value: Double, upTo: Double?) -> Double? {
    guard let v = t[key] else { return value }
    let p = toml.join(path, key)
    guard let d = Self.double(v), d.isFinite else {
      toml.error(p, "'\(key)' must be a number, not \(TOMLReader.a(v.type))", hint: v.string.map { "write \(key) = \($0) without quotes" })
      return nil
    }
    if let upTo {
      guard d >= 0, d <= upTo else {
        toml.error(p, "'\(key)' is a chance between 0 and \(upTo), not \(d)", hint: "0.5 means half of the actor's operations acquire and half release")
        return nil
      }
    } else {
      guard d > 0, d <= InputLimits.weight else {
        toml.error(p, "'\(key)' is a relative weight: a positive number of at most \(InputLimits.weight), not \(d)", hint: "weights only matter relative to each other: scale them down")
        return nil
      }
    }
    return d
  }

  mutating func kindChoice(_ text: String, at path: String, weight: Double) -> Workload.KindChoice? {
    let alternatives = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    for a in alternatives where !toml.isIdentifier(a) {
      toml.error(path, "'\(a)' in '\(text)' is not a kind name", hint: "a kind is named as in layouts (ref, pin, strong); alternatives are separated by '|': \"pin|pin_dma\"")
      return nil
    }
    return Workload.KindChoice(alternatives: alternatives, weight: weight)
  }

  /// An integer, a constant expression string, or a one-key table.
  mutating func distribution(_ v: TOMLValueConvertible, at path: String, minimum: Int, forever: Bool = false) -> Distribution? {
    let scope = Expression.Scope(constants: [:])
    let hint = "write N, \"1 << 20\", { fixed = N }, { uniform = [LOW, HIGH] }, { geometric = MEAN }, { log_uniform = BITS } or { log_uniform = [LOW_BITS, HIGH_BITS] }" + (forever ? ", or \"forever\"" : "")
    func atLeast(_ n: BigInt, _ p: String) -> Bool {
      if n < BigInt(minimum) {
        toml.error(p, "the value must be at least \(minimum), not \(n)", hint: minimum == 1 ? "a burst takes at least one reference" : "a hold time is 0 or more operations")
        return false
      }
      return true
    }
    if v.int != nil || v.string != nil {
      if let s = v.string, s.trimmingCharacters(in: .whitespaces) == "forever" {
        toml.error(path, "'forever' is allowed for a hold time only", hint: hint)
        return nil
      }
      guard let n = toml.number(v, at: path, scope: scope), atLeast(n, path) else { return nil }
      return .fixed(n)
    }
    guard let t = v.table else {
      toml.error(path, "a distribution must be a number or a table, not \(TOMLReader.a(v.type))", hint: hint)
      return nil
    }
    toml.checkKeys(t, at: path, allowed: Self.distributionKeys)
    let present = Self.distributionKeys.filter { t[$0] != nil }
    guard present.count == 1, let key = present.first, let value = t[key] else {
      toml.error(path, present.isEmpty ? "a distribution table needs one of: \(Self.distributionKeys.joined(separator: ", "))" : "a distribution table has exactly one key, not \(present.joined(separator: " and "))", hint: hint)
      return nil
    }
    let p = toml.join(path, key)
    switch key {
    case "fixed":
      guard let n = toml.number(value, at: p, scope: scope), atLeast(n, p) else { return nil }
      return .fixed(n)
    case "uniform":
      guard let arr = value.array, arr.count == 2 else {
        toml.error(p, "'uniform' takes [LOW, HIGH]", hint: "write { uniform = [1, 64] }")
        return nil
      }
      guard let a = toml.number(arr[0], at: "\(p)[0]", scope: scope), let b = toml.number(arr[1], at: "\(p)[1]", scope: scope) else { return nil }
      guard atLeast(a, "\(p)[0]") else { return nil }
      guard a <= b else {
        toml.error(p, "uniform [\(a), \(b)]: LOW must not exceed HIGH", hint: "write { uniform = [\(b), \(a)] }")
        return nil
      }
      return .uniform(a, b)
    case "geometric":
      guard let m = Self.double(value), m.isFinite, m >= 1, m <= 1e15 else {
        toml.error(p, "'geometric' takes the mean, a number from 1 to 1e15", hint: "write { geometric = 100 } for values 1, 2, 3, ... with mean 100")
        return nil
      }
      if minimum > 1 { return nil }
      return .geometric(mean: m)
    default:  // log_uniform
      var lo = 0, hi = 0
      if let n = value.int {
        hi = n
      } else if let arr = value.array, arr.count == 2, let a = arr[0].int, let b = arr[1].int {
        (lo, hi) = (a, b)
      } else {
        toml.error(p, "'log_uniform' takes the number of bits N (values up to 2^N) or [LOW_BITS, HIGH_BITS]", hint: "write { log_uniform = 32 }")
        return nil
      }
      guard lo >= 0, lo < hi, hi <= 128 else {
        toml.error(p, "log_uniform bits must satisfy 0 <= LOW < HIGH <= 128, not [\(lo), \(hi)]", hint: "write { log_uniform = 32 } for values from 1 up to 2^32")
        return nil
      }
      return .logUniform(minBits: lo, maxBits: hi)
    }
  }
}

extension Workload {
  /// Checks that `layout` has every operation the actors name: an operation
  /// is named explicitly, so a layout without it is an error, not a skip.
  ///
  /// - Throws: ``Diagnostics`` locating each name the layout lacks.
  public func check(against layout: Layout) throws(Diagnostics) {
    var problems: [Diagnostic] = []
    for a in actors {
      for c in a.operations where layout.operationIndex(named: c.name) == nil {
        let names = layout.operations.map(\.name)
        var hint = names.isEmpty
          ? "layout '\(layout.name)' has no operations; run this workload on a layout that declares [operations.\(c.name)]"
          : "operations of layout '\(layout.name)': \(names.joined(separator: ", "))"
        if layout.kindIndex(named: c.name) != nil { hint = "'\(c.name)' is a kind of layout '\(layout.name)': list it under kinds" }
        problems.append(Diagnostic(file: c.file, line: c.line, column: c.column, keyPath: c.keyPath, message: "actor '\(a.name)' performs operation '\(c.name)', which layout '\(layout.name)' does not have", hint: hint))
      }
    }
    guard problems.isEmpty else { throw Diagnostics(problems) }
  }
}
