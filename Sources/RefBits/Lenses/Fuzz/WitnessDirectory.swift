import Foundation

/// The directory the fuzz lens writes witnesses to (`refbits fuzz --out`,
/// `refbits merge --out`): each result's witnesses as
/// `LAYOUT/OUTCOME.json` under it (``FuzzResult/witnessFile(layout:outcome:)``).
public struct WitnessDirectory: Sendable, Hashable {
  var path: String

  /// The directory at `path` (relative to the working directory, or
  /// absolute); nothing is created until a witness is written.
  public init(_ path: String) {
    self.path = path
  }

  /// The path of a witness file named relative to the directory.
  public func path(of file: String) -> String {
    (path as NSString).appendingPathComponent(file)
  }

  /// The command that replays a witness file named relative to the directory.
  func replayCommand(_ file: String) -> String {
    "refbits replay \(path(of: file))"
  }

  /// Writes every witness of `result` to the file its outcome summary names,
  /// atomically, creating directories as needed, never outside ``path``.
  ///
  /// - Throws: ``Diagnostics`` naming the file that cannot be written, or
  ///   the layout name that is not a file name (a tampered result).
  public func write(_ result: FuzzResult) throws(Diagnostics) {
    let root = URL(fileURLWithPath: path).standardizedFileURL.path
    for o in result.outcomes {
      guard let file = o.witnessFile, let w = result.witness(o.outcome) else { continue }
      let target = URL(fileURLWithPath: path).appendingPathComponent(file).standardizedFileURL.path
      guard FuzzResult.isFileName(result.layoutName), target.hasPrefix(root == "/" ? "/" : root + "/") else {
        throw Diagnostics([Diagnostic(file: target, message: "refusing to write a witness outside \(path): the layout name '\(result.layoutName)' is not a file name")])
      }
      try OutputFile.write(w.json, to: self.path(of: file), what: "witness", hint: "choose another directory with --out")
    }
  }
}
