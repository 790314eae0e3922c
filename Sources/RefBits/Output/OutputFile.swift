import Foundation


/// Writing an output file (a witness, a JUnit document), creating its
/// directory, with errors that say what went wrong in words.
enum OutputFile {
  /// Writes `text` to `path` atomically (a temporary file next to it,
  /// renamed into place), creating the directories above it.
  ///
  /// - Parameter what: what the file is, for messages ("witness").
  /// - Throws: ``Diagnostics`` naming the file and the system's reason
  ///   (`Permission denied`, `Not a directory`).
  static func write(_ text: String, to path: String, what: String, hint: String? = nil) throws(Diagnostics) {
    func fail(_ file: String) -> Diagnostics {
      Diagnostics([Diagnostic(file: file, message: "cannot write the \(what): \(String(cString: strerror(errno)))", hint: hint)])
    }
    let directory = parent(of: path)
    if !directory.isEmpty, let failed = makeDirectories(directory) { throw fail(failed) }
    let temporary = "\(path).tmp-\(ProcessInfo.processInfo.processIdentifier)"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw fail(path) }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let n = bytes[written...].withUnsafeBytes { POSIX.write(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        let e = fail(path)
        close(fd)
        unlink(temporary)
        throw e
      }
      written += n
    }
    guard close(fd) == 0, rename(temporary, path) == 0 else {
      let e = fail(path)
      unlink(temporary)
      throw e
    }
  }

  /// `mkdir -p`: nil when `path` is a directory afterwards, else the path
  /// that could not be made one (with `errno` set).
  static func makeDirectories(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      if isDirectory.boolValue { return nil }
      errno = ENOTDIR
      return path
    }
    let above = parent(of: path)
    if !above.isEmpty, above != path, let failed = makeDirectories(above) { return failed }
    if mkdir(path, 0o755) != 0 && errno != EEXIST { return path }
    return nil
  }

  /// The directory part of a path: up to its last `/` ("" for none, "/" for
  /// the root). Not `NSString.deletingLastPathComponent`, which traps on a
  /// path of one component in swift-corelibs-foundation (Swift 6.3).
  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// The system's reason for a failed file operation (`Permission denied`),
  /// else Foundation's description.
  static func reason(_ error: any Error) -> String {
    let e = error as NSError
    if let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if e.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(e.code))) }
    return e.localizedDescription
  }
}
