import Foundation

/// A horizontal bar chart as a mermaid `xychart-beta horizontal` block, which
/// GitHub renders.
///
/// Horizontal, so that each category's label is written on its own line at
/// the left and stays readable at any number of layouts (vertical bars set
/// their labels side by side, which overlap from about five layouts on); the
/// chart grows by one row per category. xychart-beta has no legend and one
/// value per category, so each chart is one series in one colour: its title
/// and value-axis label say what is plotted (and when it is a log2 scale).
struct MermaidChart: Sendable, Hashable {
  var title: String
  var valueLabel: String
  var categories: [String]
  var values: [Double]
  /// The bars' colour (`#rrggbb`), or nil for mermaid's default.
  var colour: String?
  /// The end of the value axis, or nil for a round bound above the largest
  /// value (charts meant to be read side by side share one).
  var upperBound: Double?

  init(title: String, valueLabel: String, categories: [String], values: [Double], colour: String? = nil, upperBound: Double? = nil) {
    self.title = title
    self.valueLabel = valueLabel
    self.categories = categories
    self.values = values
    self.colour = colour
    self.upperBound = upperBound
  }

  /// Colours with a meaning, used the same way on every page.
  static let safe = "#2ca02c", unsafe = "#d62728", neutral = "#1f77b4"

  /// Whether the chart shows anything: some value is not zero. A chart of
  /// zeros is a row of empty bars; say it in words instead.
  var isInformative: Bool { values.contains { $0 != 0 } }

  /// A number as mermaid reads it: up to 4 decimals, no exponent.
  static func number(_ x: Double) -> String {
    var s = String(format: "%.4f", x)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s == "-0" ? "0" : s
  }

  static func quoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\"", with: "'") + "\""
  }

  /// A round upper bound a little above `top`.
  static func roundBound(_ top: Double) -> Double {
    top <= 0 ? 1 : (top <= 10 ? ceil(top * 1.1) : ceil(top * 1.1 / 10) * 10)
  }

  /// The chart's height in pixels: a row of 30 per category, and room for
  /// the title and the value axis with its labels (below about 150, mermaid
  /// drops the axis labels).
  var height: Int { 150 + 30 * max(categories.count, 1) }

  /// The fenced block.
  var markdown: String {
    let upper = upperBound ?? Self.roundBound(values.max() ?? 1)
    var config = #""xyChart": {"width": 900, "height": \#(height), "xAxis": {"labelFontSize": 13}}"#
    if let colour { config += #", "themeVariables": {"xyChart": {"plotColorPalette": "\#(colour)"}}"# }
    return """
      ```mermaid
      %%{init: {\(config)}}%%
      xychart-beta horizontal
        title \(Self.quoted(title))
        x-axis [\(categories.map(Self.quoted).joined(separator: ", "))]
        y-axis \(Self.quoted(valueLabel)) 0 --> \(Self.number(upper))
        bar [\(values.map(Self.number).joined(separator: ", "))]
      ```
      """
  }
}
