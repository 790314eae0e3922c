import Foundation

/// Writes a report's files into a directory atomically, and compares a
/// directory with what a report would write.
public enum ReportDirectory {
  /// Writes `files` (relative path -> content) as the whole content of
  /// `path`.
  ///
  /// The files go into a fresh directory next to `path` (same parent, so the
  /// same file system, named `.BASE.new-PID`), which then takes the place of
  /// `path` in one atomic exchange (`renameat2(RENAME_EXCHANGE)`): at every
  /// moment `path` holds either the old report or the new one, whenever the
  /// process is killed. The old one, now in the fresh directory's place, is
  /// removed. Where the file system cannot exchange, the old directory is
  /// renamed aside (`.BASE.old-PID`) and the new one into place.
  ///
  /// Directories left by an earlier run that was killed are cleaned first:
  /// a `.BASE.new-PID` or `.BASE.old-PID` whose process is gone is removed,
  /// and an old report left aside is put back if `path` is missing.
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
      Diagnostics([Diagnostic(file: file, message: "cannot write the report: \(OutputFile.reason(error))", hint: "the previous content of \(path) is left as it was")])
    }
    cleanLeftovers(of: target)
    try? fm.removeItem(at: staging)
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
      try fm.createDirectory(at: staging, withIntermediateDirectories: false)
    } catch {
      throw fail(staging.path, error)
    }
    for (name, text) in files.sorted(by: { $0.key < $1.key }) {
      let url = staging.appendingPathComponent(name)
      do {
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
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
      if exchange(staging.path, target.path) {
        // `staging` now holds the previous report.
        try? fm.removeItem(at: staging)
        return
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

  /// Exchanges two directories atomically (Linux `renameat2` with
  /// `RENAME_EXCHANGE`, looked up at run time); false where the system or
  /// the file system cannot.
  static func exchange(_ a: String, _ b: String) -> Bool {
    #if os(Linux)
      typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
      guard let symbol = dlsym(nil, "renameat2") else { return false }
      let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
      let renameExchange: UInt32 = 1 << 1
      return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    #else
      return false
    #endif
  }

  /// Removes what a killed run left next to `target`: its `.BASE.new-PID`
  /// and `.BASE.old-PID` directories whose process is gone, putting an old
  /// report back first if `target` is missing.
  static func cleanLeftovers(of target: URL) {
    let fm = FileManager.default
    let parent = target.deletingLastPathComponent()
    let base = target.lastPathComponent
    guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
    for name in names.sorted() {
      let kind: String
      if name.hasPrefix(".\(base).new-") { kind = "new" } else if name.hasPrefix(".\(base).old-") { kind = "old" } else { continue }
      guard let pid = Int32(name.dropFirst(".\(base).\(kind)-".count)), pid > 0, pid != ProcessInfo.processInfo.processIdentifier,
        kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      let url = parent.appendingPathComponent(name)
      if kind == "old", !fm.fileExists(atPath: target.path), rename(url.path, target.path) == 0 { continue }
      try? fm.removeItem(at: url)
    }
  }

  /// The files of `path` that differ from `files`: changed, missing, or not
  /// part of the report, sorted, each with why.
  public static func stale(_ files: [String: String], in path: String) -> [(file: String, reason: String)] {
    var out: [(String, String)] = []
    let root = URL(fileURLWithPath: path)
    for (name, text) in files.sorted(by: { $0.key < $1.key }) {
      guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(name).path) else {
        out.append((name, "missing"))
        continue
      }
      if data != Data(text.utf8) { out.append((name, "differs")) }
    }
    for name in existingFiles(in: path) where files[name] == nil {
      out.append((name, "not produced by the report"))
    }
    return out.sorted { $0.0 < $1.0 }
  }

  /// Regular files under `path`, relative, sorted.
  static func existingFiles(in path: String) -> [String] {
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
