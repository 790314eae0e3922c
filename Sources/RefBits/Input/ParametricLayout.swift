import Foundation

/// A layout file read once and instantiated at any point of its parameters:
/// what `refbits sweep` evaluates, point after point.
///
/// Holds the file's text, so a point is read exactly as `--set` would read
/// it (``Layout/parse(toml:name:file:parameters:)``): an invalid point gets
/// the same located diagnostics, naming the parameter values.
public struct ParametricLayout: Sendable {
  /// The layout at its defaults.
  var base: Layout
  /// As named on the command line or in a sweep file.
  public var argument: String
  /// The file's digest (``ContentDigest``).
  public var digest: String
  /// The file read (``BundledFiles/resolve(_:)``).
  public var source: InputSource
  let text: String
  let file: String
  /// The text's positions, scanned once for every point.
  let locator: SourceLocator

  /// Reads a layout file (or a shipped layout's name) at its defaults.
  ///
  /// - Throws: ``Diagnostics`` when the file cannot be read or the layout
  ///   is invalid at its defaults.
  init(resolving argument: String) throws(Diagnostics) {
    let input = try BundledFiles.layouts.resolve(argument)
    self.source = input
    self.text = input.text
    self.file = input.file
    self.argument = argument
    self.digest = input.digest
    // The table first: it refuses what is too deep or too large to scan.
    let table = try TOMLInput.table(input.text, file: input.file)
    self.locator = SourceLocator(text: input.text)
    self.base = try Layout.parse(table, name: input.name, file: input.file, parameters: [:], locator: locator)
  }

  /// The layout read at `values` (the other parameters at their defaults).
  ///
  /// - Throws: ``Diagnostics`` located in the file, each naming the point.
  /// - Complexity: one parse of the file.
  public func layout(at values: [String: BigInt]) throws(Diagnostics) -> Layout {
    try Layout.parse(TOMLInput.table(text, file: file), name: base.name, file: file, parameters: values, locator: locator)
  }
}
