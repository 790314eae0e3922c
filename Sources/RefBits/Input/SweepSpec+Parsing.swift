import Foundation
import TOMLKit

extension SweepSpec {
  /// Reads a sweep file (docs/sweep.md): the layout, the parameters set and
  /// varied, the attacker, the conditions, the objectives, labelled points
  /// and the chart. The layout and attacker are named, not yet resolved
  /// (see ``Sweep/resolving(_:)``); a relative layout or attacker path is
  /// taken relative to the sweep file when the file exists there.
  ///
  /// - Throws: ``Diagnostics`` with every problem, located.
  public static func load(contentsOf path: String, displayName: String? = nil) throws(Diagnostics) -> SweepSpec {
    let input = try TOMLInput.read(contentsOf: path, displayName: displayName, listHint: "shipped sweeps: \(ShippedSweeps.names.joined(separator: ", "))")
    var spec = try parse(toml: input.text, name: input.name, file: input.file)
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    func relative(_ argument: String) -> String {
      guard argument.contains("/"), !argument.hasPrefix("/") else { return argument }
      let candidate = (directory as NSString).appendingPathComponent(argument)
      return FileManager.default.fileExists(atPath: candidate) ? candidate : argument
    }
    spec.layout = relative(spec.layout)
    spec.attacker = spec.attacker.map(relative)
    return spec
  }

  /// Parses sweep TOML text.
  public static func parse(toml text: String, name: String, file: String) throws(Diagnostics) -> SweepSpec {
    let root = try TOMLInput.table(text, file: file)
    var r = TOMLReader(file: file, locator: SourceLocator(text: text))
    r.checkKeys(root, at: "", allowed: ["title", "description", "layout", "attacker", "set", "vary", "where", "maximize", "minimize", "labels", "chart", "first_phase"])
    let title = r.string(root, "title", at: "", required: true) ?? ""
    let description = r.string(root, "description", at: "") ?? ""
    let layout = r.string(root, "layout", at: "", required: true) ?? ""
    let attacker = r.string(root, "attacker", at: "")
    let literals = Expression.Scope()

    var fixed: [String: BigInt] = [:]
    if let t = r.subtable(root, "set", at: "") {
      for k in r.orderedKeys(t, at: "set") {
        if let v = t[k], let n = r.sweepNumber(v, at: "set.\(k)") { fixed[k] = n }
      }
    }
    var axes: [SweepAxis] = []
    if let t = r.subtable(root, "vary", at: "", required: true) {
      for k in r.orderedKeys(t, at: "vary") {
        let path = "vary.\(k)"
        guard let s = t[k]?.string else {
          r.error(path, "the values of '\(k)' are a string: \"LO..HI\", \"LO..HI:STEP\", \"LO..HI*FACTOR\" or \"a,b,c\"", hint: "e.g. \(k) = \"2..2^30*2\"")
          continue
        }
        do { axes.append(try SweepAxis(parameter: k, spec: s)) } catch { r.error(path, error.message, columnOffset: error.offset) }
      }
      if axes.isEmpty && r.errors.isEmpty { r.error("vary", "a sweep varies at least one parameter", hint: "add NAME = \"LO..HI\" under [vary]", atKey: true) }
    }
    var conditions: [SweepCondition] = []
    for (path, s) in r.strings(root, "where") {
      do { conditions.append(try SweepCondition(parsing: s)) } catch { r.error(path, error.message, columnOffset: error.offset) }
    }
    var objectives: [SweepObjective] = []
    for direction in SweepObjective.Direction.allCases {
      for (path, s) in r.strings(root, direction.rawValue) {
        do { objectives.append(SweepObjective(metric: try SweepMetric(parsing: s), direction: direction)) } catch {
          r.error(path, error.message, columnOffset: error.offset)
        }
      }
    }
    var labels: [Label] = []
    if let v = root["labels"] {
      if let arr = v.array {
        for (i, item) in arr.enumerated() {
          let path = "labels[\(i)]"
          guard let t = item.table else { r.error(path, "a label is a table { at = { NAME = VALUE }, text = \"...\" }, not \(TOMLReader.a(item.type))"); continue }
          r.checkKeys(t, at: path, allowed: ["at", "text"])
          var at: [String: BigInt] = [:]
          if let a = r.subtable(t, "at", at: path, required: true) {
            for k in r.orderedKeys(a, at: "\(path).at") {
              if let x = a[k], let n = r.sweepNumber(x, at: "\(path).at.\(k)") { at[k] = n }
            }
          }
          if let text = r.string(t, "text", at: path, required: true) { labels.append(Label(at: at, text: text)) }
        }
      } else {
        r.error("labels", "'labels' is an array of tables ([[labels]]), not \(TOMLReader.a(v.type))")
      }
    }
    var chart: Chart?
    if let t = r.subtable(root, "chart", at: "") {
      r.checkKeys(t, at: "chart", allowed: ["x", "y"])
      var metrics: [SweepMetric] = []
      for axis in ["x", "y"] {
        guard let s = r.string(t, axis, at: "chart", required: true) else { continue }
        do { metrics.append(try SweepMetric(parsing: s)) } catch { r.error("chart.\(axis)", error.message, columnOffset: error.offset) }
      }
      if metrics.count == 2 { chart = Chart(x: metrics[0], y: metrics[1]) }
    }
    var firstPhase = 8
    if let v = root["first_phase"], let n = r.number(v, at: "first_phase", scope: literals) {
      if let i = n.int, (1...64).contains(i) { firstPhase = i } else { r.error("first_phase", "first_phase takes 1 to 64, not \(n)") }
    }
    guard r.errors.isEmpty else { throw Diagnostics(r.diagnostics.sortedByPosition()) }
    return SweepSpec(
      name: name, title: title, description: description, layout: layout, layoutName: "", layoutDigest: "",
      fixed: fixed, axes: axes, attacker: attacker, conditions: conditions, objectives: objectives, labels: labels, chart: chart,
      firstPhaseLimit: firstPhase)
  }
}

extension TOMLReader {
  /// A number in a sweep file: a TOML integer or a ``NumberText`` string
  /// (`"2^23"`, where `^` is a power).
  mutating func sweepNumber(_ v: TOMLValueConvertible, at path: String) -> BigInt? {
    if let i = v.int { return BigInt(i) }
    guard let s = v.string else {
      error(path, "expected an integer or a string such as \"2^23\", not \(Self.a(v.type))")
      return nil
    }
    do { return try NumberText.parse(s) } catch {
      self.error(path, error.message, columnOffset: error.offset)
      return nil
    }
  }

  /// `key = ["...", ...]` (or one string): each string with its key path.
  mutating func strings(_ table: TOMLTable, _ key: String) -> [(path: String, text: String)] {
    guard let v = table[key] else { return [] }
    if let s = v.string { return [(key, s)] }
    guard let arr = v.array else {
      error(key, "'\(key)' is an array of strings, not \(Self.a(v.type))", hint: "write \(key) = [\"...\"]")
      return []
    }
    var out: [(path: String, text: String)] = []
    for (i, item) in arr.enumerated() {
      if let s = item.string { out.append(("\(key)[\(i)]", s)) } else { error("\(key)[\(i)]", "expected a string, not \(Self.a(item.type))") }
    }
    return out
  }
}
