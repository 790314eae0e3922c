extension Layout {
  /// A named integer of a layout that `--set` and `refbits sweep` may change
  /// (`GUP_PIN_COUNTING_BIAS`, a field's width): its default, the range it may
  /// take, and the value this layout was read at.
  ///
  /// A parameter is a constant whose value comes from outside: constants,
  /// field bit ranges, word widths and every expression may use it. A layout
  /// read without overrides is read at the defaults, and is then an ordinary
  /// layout.
  public struct Parameter: Sendable, Hashable {
    /// The name `--set NAME=VALUE` and expressions use (`GUP_PIN_COUNTING_BIAS`).
    public var name: String
    var defaultValue: BigInt
    /// The values the layout declares meaningful; a value outside is refused.
    var range: ClosedRange<BigInt>
    /// What the parameter stands for; empty when the file does not say.
    public var description: String
    /// The value this layout was read at.
    public var value: BigInt

    /// Creates a parameter read at `value`, or at `defaultValue` when `value` is nil.
    init(name: String, defaultValue: BigInt, range: ClosedRange<BigInt>, description: String = "", value: BigInt? = nil) {
      self.name = name
      self.defaultValue = defaultValue
      self.range = range
      self.description = description
      self.value = value ?? defaultValue
    }

    /// Whether the layout was read at the default.
    var isDefault: Bool { value == defaultValue }
  }

  /// The parameters read at a value other than their default, in file order.
  var overriddenParameters: [Parameter] { parameters.filter { !$0.isDefault } }

  /// The value of every parameter, by name.
  var parameterValues: [String: BigInt] {
    Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
  }

  /// Every parameter's value as a decimal string, by name (JSON documents).
  var parameterStrings: [String: String] {
    Dictionary(parameters.map { ($0.name, $0.value.description) }, uniquingKeysWith: { a, _ in a })
  }

  /// `GUP_PIN_COUNTING_BIAS = 8388608, READ_BITS = 4`: the point this layout
  /// was read at (every parameter), or "" for a layout without parameters.
  public var parameterPoint: String {
    parameters.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
  }

  /// The name, followed by the parameters set away from their defaults:
  /// `linux-gup-bias [GUP_PIN_COUNTING_BIAS = 8388608]`. What headers print,
  /// so that a result read at a non-default point says so.
  var label: String {
    let set = overriddenParameters
    return set.isEmpty ? name : "\(name) [\(set.map { "\($0.name) = \($0.value)" }.joined(separator: ", "))]"
  }
}
