import Foundation

/// The directory the fuzz lens writes witnesses to (`refbits fuzz --out`,
/// `refbits merge --out`): each result's witnesses as
/// `LAYOUT/OUTCOME.json` under it (``FuzzResult/witnessFile(layout:outcome:)``).
public struct WitnessDirectory: Sendable, Hashable {
  public var path: String

  public init(_ path: String) {
    self.path = path
  }

  /// The path of a witness file named relative to the directory.
  public func path(of file: String) -> String {
    (path as NSString).appendingPathComponent(file)
  }

  /// The command that replays a witness file named relative to the directory.
  public func replayCommand(_ file: String) -> String {
    "refbits replay \(path(of: file))"
  }

  /// Writes every witness of `result` to the file its outcome summary names,
  /// creating directories as needed.
  ///
  /// - Throws: ``Diagnostics`` naming the file that cannot be written.
  public func write(_ result: FuzzResult) throws(Diagnostics) {
    for o in result.outcomes {
      guard let file = o.witnessFile, let w = result.witness(o.outcome) else { continue }
      let target = path(of: file)
      do {
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try w.json.write(toFile: target, atomically: true, encoding: .utf8)
      } catch {
        throw Diagnostics([Diagnostic(file: target, message: "cannot write the witness: \(error.localizedDescription)", hint: "choose another directory with --out")])
      }
    }
  }
}
