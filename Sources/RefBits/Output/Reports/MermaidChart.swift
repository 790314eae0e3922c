import Foundation

/// A bar chart as a mermaid `xychart-beta` block, which GitHub renders.
///
/// xychart-beta has no legend and one value per category, so each chart is
/// one series: its title and y-axis label say what is plotted (and when it
/// is a log2 scale).
public struct MermaidChart: Sendable, Hashable {
  public var title: String
  public var yLabel: String
  public var categories: [String]
  public var values: [Double]

  public init(title: String, yLabel: String, categories: [String], values: [Double]) {
    self.title = title
    self.yLabel = yLabel
    self.categories = categories
    self.values = values
  }

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

  /// The fenced block.
  public var markdown: String {
    let top = values.max() ?? 1
    // A round upper bound a little above the largest value.
    let upper = top <= 0 ? 1 : (top <= 10 ? ceil(top * 1.1) : ceil(top * 1.1 / 10) * 10)
    return """
      ```mermaid
      xychart-beta
        title \(Self.quoted(title))
        x-axis [\(categories.map(Self.quoted).joined(separator: ", "))]
        y-axis \(Self.quoted(yLabel)) 0 --> \(Self.number(upper))
        bar [\(values.map(Self.number).joined(separator: ", "))]
      ```
      """
  }
}
