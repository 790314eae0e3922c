import Foundation

/// Writes a report's files into a directory atomically, and compares a
/// directory with what a report would write.
public enum ReportDirectory {
  /// Writes `files` (relative path -> content) as the whole content of
  /// `path`.
  ///
  /// The files go into a fresh directory next to `path` (same parent, so the
  /// same file system), which then replaces `path` by rename: the old
  /// directory is renamed aside, the new one into place, the old one removed.
  /// If anything fails before the swap, `path` is untouched and the new
  /// directory removed; if the second rename fails, the old one is put back.
  ///
  /// - Throws: ``Diagnostics`` naming the file that could not be written.
  public static func write(_ files: [String: String], to path: String) throws(Diagnostics) {
    let fm = FileManager.default
    let target = URL(fileURLWithPath: path).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    let base = target.lastPathComponent
    let pid = ProcessInfo.processInfo.processIdentifier
    let staging = parent.appendingPathComponent(".\(base).new-\(pid)")
    let aside = parent.appendingPathComponent(".\(base).old-\(pid)")
    func fail(_ file: String, _ error: Error) -> Diagnostics {
      Diagnostics([Diagnostic(file: file, message: "cannot write the report: \(error.localizedDescription)", hint: "the previous content of \(path) is left as it was")])
    }
    try? fm.removeItem(at: staging)
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
      try fm.createDirectory(at: staging, withIntermediateDirectories: false)
    } catch {
      throw fail(staging.path, error)
    }
    for name in files.keys.sorted() {
      let url = staging.appendingPathComponent(name)
      do {
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(files[name]!.utf8).write(to: url)
      } catch {
        try? fm.removeItem(at: staging)
        throw fail(url.path, error)
      }
    }
    var isDirectory: ObjCBool = false
    let existed = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
    if existed {
      guard isDirectory.boolValue else {
        try? fm.removeItem(at: staging)
        throw Diagnostics([Diagnostic(file: path, message: "not a directory", hint: "choose another --out")])
      }
      try? fm.removeItem(at: aside)
      guard rename(target.path, aside.path) == 0 else {
        let e = String(cString: strerror(errno))
        try? fm.removeItem(at: staging)
        throw Diagnostics([Diagnostic(file: path, message: "cannot move the previous report aside: \(e)")])
      }
    }
    guard rename(staging.path, target.path) == 0 else {
      let e = String(cString: strerror(errno))
      if existed { _ = rename(aside.path, target.path) }
      try? fm.removeItem(at: staging)
      throw Diagnostics([Diagnostic(file: path, message: "cannot move the new report into place: \(e)")])
    }
    if existed { try? fm.removeItem(at: aside) }
  }

  /// The files of `path` that differ from `files`: changed, missing, or not
  /// part of the report, sorted, each with why.
  public static func stale(_ files: [String: String], in path: String) -> [(file: String, reason: String)] {
    var out: [(String, String)] = []
    let root = URL(fileURLWithPath: path)
    for name in files.keys.sorted() {
      guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(name).path) else {
        out.append((name, "missing"))
        continue
      }
      if data != Data(files[name]!.utf8) { out.append((name, "differs")) }
    }
    for name in existingFiles(in: path) where files[name] == nil {
      out.append((name, "not produced by the report"))
    }
    return out.sorted { $0.0 < $1.0 }
  }

  /// Regular files under `path`, relative, sorted.
  public static func existingFiles(in path: String) -> [String] {
    guard let e = FileManager.default.enumerator(atPath: path) else { return [] }
    var out: [String] = []
    while let name = e.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isDirectory), !isDirectory.boolValue {
        out.append(name)
      }
    }
    return out.sorted()
  }
}
