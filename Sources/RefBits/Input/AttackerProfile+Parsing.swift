import Foundation
import TOMLKit

extension AttackerProfile {
  /// Reads and validates a profile file.
  ///
  /// - Throws: ``Diagnostics`` with every problem, located.
  public static func load(contentsOf path: String, displayName: String? = nil) throws(Diagnostics) -> AttackerProfile {
    let input = try TOMLInput.read(contentsOf: path, displayName: displayName, listHint: "shipped profiles: \(ShippedAttackers.names.joined(separator: ", "))")
    return try parse(toml: input.text, name: input.name, file: input.file)
  }

  /// Parses and validates profile TOML text.
  public static func parse(toml text: String, name: String, file: String) throws(Diagnostics) -> AttackerProfile {
    let root = try TOMLInput.table(text, file: file)
    var r = TOMLReader(file: file, locator: SourceLocator(text: text))
    r.checkKeys(root, at: "", allowed: ["title", "source", "description", "platforms", "resources", "ops"])
    let title = r.string(root, "title", at: "", required: true) ?? ""
    let source = r.string(root, "source", at: "", required: true) ?? ""
    let description = r.string(root, "description", at: "") ?? ""
    let platforms = r.names(root, "platforms", at: "", what: "platform", valid: Layout.isPlatformName)
    let noNames = Expression.Scope()

    var resources: [Resource] = []
    if let rt = r.subtable(root, "resources", at: "", required: true),
      r.within(rt.keys.count, InputLimits.resources, at: "resources", what: "resources", of: "a profile")
    {
      for n in r.orderedKeys(rt, at: "resources") {
        let path = "resources.\(n)"
        guard let t = r.subtable(rt, n, at: "resources") else { continue }
        r.checkKeys(t, at: path, allowed: ["unit", "budget", "source", "estimate"])
        var unit = Resource.Unit.count
        if let u = r.string(t, "unit", at: path, required: true) {
          if let parsed = Resource.Unit(rawValue: u) { unit = parsed } else {
            r.error("\(path).unit", "unknown unit '\(u)'", hint: "one of: bytes, count, seconds")
          }
        }
        var budget: BigInt?
        if let v = t["budget"], let b = r.number(v, at: "\(path).budget", scope: noNames) {
          if b.isNegative { r.error("\(path).budget", "a budget cannot be negative (\(b))") } else { budget = b }
        }
        resources.append(Resource(name: n, unit: unit, budget: budget, source: r.string(t, "source", at: path, required: true) ?? "", estimate: r.bool(t, "estimate", at: path) ?? false))
      }
    }
    if resources.filter({ $0.unit == .seconds }).count > 1 {
      r.error("resources", "more than one resource has unit \"seconds\"", hint: "keep one time budget")
    }
    let names = Set(resources.map(\.name))

    var routes: [String: Route] = [:]
    if let ot = r.subtable(root, "ops", at: "", required: true),
      r.within(ot.keys.count, InputLimits.routes, at: "ops", what: "routes", of: "a profile")
    {
      for k in r.orderedKeys(ot, at: "ops") {
        let path = "ops.\(k)"
        guard let t = r.subtable(ot, k, at: "ops") else { continue }
        r.checkKeys(t, at: path, allowed: ["via", "kinds", "layouts", "cost", "rate", "release", "source", "estimate"])
        let kinds = t["kinds"] == nil ? nil : r.names(t, "kinds", at: path, what: "kind or operation name", valid: { !$0.isEmpty && $0.count <= 64 })
        let layouts = r.names(t, "layouts", at: path, what: "layout name", valid: { !$0.isEmpty && $0.count <= 128 })
        var cost: [String: BigInt] = [:]
        if let ct = r.subtable(t, "cost", at: path, required: true) {
          for c in ct.keys {
            let cpath = "\(path).cost.\(c)"
            guard names.contains(c) else { r.error(cpath, "'\(c)' is not a declared resource", hint: "resources: \(names.sorted().joined(separator: ", "))", atKey: true); continue }
            if resources.first(where: { $0.name == c })?.unit == .seconds { r.error(cpath, "time is charged through `rate`, not in `cost`"); continue }
            guard let v = ct[c], let n = r.number(v, at: cpath, scope: noNames) else { continue }
            if n.isNegative { r.error(cpath, "a cost cannot be negative (\(n))"); continue }
            cost[c] = n
          }
        }
        var rate: BigInt = 1
        if let v = t["rate"], let n = r.number(v, at: "\(path).rate", scope: noNames) {
          if n.signum <= 0 { r.error("\(path).rate", "a rate is a positive number of acquires per second, not \(n)") } else { rate = n }
        } else if t["rate"] == nil {
          r.error(path, "missing required key 'rate'", hint: "acquires per second by this route, e.g. rate = 1000000", atKey: true)
        }
        routes[k] = Route(
          kind: k, kinds: kinds, layouts: layouts, via: r.string(t, "via", at: path, required: true) ?? "", cost: cost, rate: rate,
          release: r.bool(t, "release", at: path) ?? false, source: r.string(t, "source", at: path, required: true) ?? "",
          estimate: r.bool(t, "estimate", at: path) ?? false)
      }
    }
    guard r.errors.isEmpty else { throw Diagnostics(r.diagnostics) }
    var profile = AttackerProfile(name: name, title: title, source: source, description: description, resources: resources, routes: routes)
    profile.platforms = platforms
    profile.file = file
    return profile
  }
}
