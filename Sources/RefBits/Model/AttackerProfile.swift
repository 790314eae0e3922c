/// Who attacks a reference count: which kinds it can acquire, by which
/// route, at what cost, and what it has to spend (docs/attacker-format.md).
public struct AttackerProfile: Sendable, Hashable {
  /// Short name, usually the file's base name (`unprivileged-linux`).
  public var name: String
  /// One-line title.
  public var title: String
  /// Where the costs and limits come from (documentation, measurement).
  public var source: String
  /// Longer free text.
  public var description: String
  /// What the attacker spends, each with its budget, in file order.
  var resources: [Resource]
  /// Routes by their name in the file (`ops.NAME`).
  var routes: [String: Route]
  /// The platforms whose layouts the profile's costs and limits model
  /// (`linux`, `macos`, ...); empty when the file does not say. Costed
  /// against a layout of another platform, the attack warns.
  var platforms: [String] = []
  /// The file the profile was read from, for located warnings.
  var file: String = ""

  /// Something the attacker spends, and how much it has.
  public struct Resource: Sendable, Hashable {
    /// What a resource is counted in.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
      case bytes, count, seconds
    }
    /// The name routes spend it under (`memory`, `time`, `file_descriptors`).
    public var name: String
    /// What the budget and the routes' costs are counted in.
    var unit: Unit
    /// nil: no limit.
    var budget: BigInt?
    /// Where the budget comes from (an rlimit, a sysctl, a measurement).
    public var source: String
    var estimate: Bool
  }

  /// How the attacker acquires one reference of a kind.
  struct Route: Sendable, Hashable {
    /// The route's name in the file (`ops.NAME`).
    var kind: String
    /// The layout kinds and operations this route acquires or performs,
    /// declared by the profile (`kinds = [...]`); nil when it does not say,
    /// and the route applies to the kind of its own name only, by name.
    var kinds: [String]? = nil
    /// The layouts whose kinds the route's costs were worked out for
    /// (`layouts = [...]`); empty: every layout of the profile's platforms.
    var layouts: [String] = []
    var via: String
    /// Cost of one acquire, per resource name.
    var cost: [String: BigInt]
    /// Acquires per second.
    var rate: BigInt
    var release: Bool
    var source: String
    var estimate: Bool
  }

  /// The time resource (unit seconds), if the profile has one.
  var time: Resource? { resources.first { $0.unit == .seconds } }
}

extension AttackerProfile {
  /// How one kind or operation of a layout met a route.
  struct Mapping: Sendable, Hashable {
    /// The layout's kind or operation.
    var name: String
    /// The route (`ops.ROUTE`) that acquires it.
    var route: String
    /// Whether the profile declares it (`kinds` names it, and `layouts`, if
    /// given, names the layout); false when only the names match.
    var declared: Bool
  }

  /// The route of each of `names` (a layout's kinds and operations) for
  /// `layout`, with the warnings of the match.
  ///
  /// A route declared for the name (its `kinds` lists it and its `layouts`,
  /// if any, lists the layout) is taken first; else the route named like it,
  /// which warns: its costs were worked out for something else that happens
  /// to have the same name (`map` for an order-1 folio's two PTEs, applied to
  /// a single page). A profile whose `platforms` do not include the
  /// layout's `platform` warns once.
  func routes(for layout: Layout, names: [String]) -> (routes: [String: Route], mapping: [Mapping], warnings: [Diagnostic]) {
    var out: [String: Route] = [:], mapping: [Mapping] = [], warnings: [Diagnostic] = []
    let file = self.file.isEmpty ? name : self.file
    if !platforms.isEmpty {
      if let p = layout.platform, !platforms.contains(p) {
        warnings.append(Diagnostic(.warning, file: file, keyPath: "platforms", message: "the profile models \(platforms.joined(separator: ", ")), but layout '\(layout.name)' is \(p): its costs and budgets may not apply", hint: "use a profile for \(p), or add it to `platforms` if the routes hold there"))
      } else if layout.platform == nil {
        warnings.append(Diagnostic(.warning, file: file, keyPath: "platforms", message: "layout '\(layout.name)' names no platform; the profile models \(platforms.joined(separator: ", "))", hint: "add `platform = \"...\"` to the layout"))
      }
    }
    let ordered = routes.keys.sorted()
    for n in names {
      if let key = ordered.first(where: { k in routes[k]!.kinds?.contains(n) == true && (routes[k]!.layouts.isEmpty || routes[k]!.layouts.contains(layout.name)) }) {
        out[n] = routes[key]
        mapping.append(Mapping(name: n, route: key, declared: true))
      } else if let r = routes[n] {
        out[n] = r
        mapping.append(Mapping(name: n, route: n, declared: false))
        let why = r.kinds == nil ? "the route declares no `kinds`" : (r.layouts.isEmpty ? "the route's `kinds` do not list it" : "the route's `layouts` do not list '\(layout.name)'")
        warnings.append(Diagnostic(.warning, file: file, keyPath: "ops.\(n)", message: "route 'ops.\(n)' is applied to \(layout.name)'s '\(n)' by name only (\(why))", hint: "declare it with `kinds = [\"\(n)\"]` (and `layouts`) if its costs hold for this layout"))
      }
    }
    return (out, mapping, warnings)
  }
}
