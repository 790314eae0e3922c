/// Who attacks a reference count: which kinds it can acquire, by which
/// route, at what cost, and what it has to spend (docs/attacker-format.md).
public struct AttackerProfile: Sendable, Hashable {
  public var name: String
  public var title: String
  public var source: String
  public var description: String
  public var resources: [Resource]
  /// Routes by layout kind name.
  public var routes: [String: Route]

  /// Something the attacker spends, and how much it has.
  public struct Resource: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
      case bytes, count, seconds
    }
    public var name: String
    public var unit: Unit
    /// nil: no limit.
    public var budget: BigInt?
    public var source: String
    public var estimate: Bool
  }

  /// How the attacker acquires one reference of a kind.
  public struct Route: Sendable, Hashable {
    public var kind: String
    public var via: String
    /// Cost of one acquire, per resource name.
    public var cost: [String: BigInt]
    /// Acquires per second.
    public var rate: BigInt
    public var release: Bool
    public var source: String
    public var estimate: Bool
  }

  /// The time resource (unit seconds), if the profile has one.
  public var time: Resource? { resources.first { $0.unit == .seconds } }
}
