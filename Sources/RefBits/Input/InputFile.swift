import Foundation

/// The bytes of an input file, read with a bound on their number.
///
/// Every file RefBits reads as input goes through here, so that a huge file,
/// a directory or an endless device (`/dev/zero`) is a located error and not
/// an exhausted memory: at most `limit + 1` bytes are ever read.
enum InputFile {
  /// Reads at most `limit` bytes of `path`.
  ///
  /// - Parameters:
  ///   - shown: how diagnostics name the file.
  ///   - what: what the file is, for messages ("layout", "witness").
  ///   - hint: what to say when the file cannot be opened.
  /// - Throws: ``Diagnostics`` when the file cannot be opened or read, is a
  ///   directory, or holds more than `limit` bytes.
  /// - Complexity: O(min(size, limit)).
  static func read(_ path: String, shown: String, limit: Int, what: String, hint: String? = nil) throws(Diagnostics) -> [UInt8] {
    func fail(_ message: String, _ hint: String? = hint) -> Diagnostics {
      Diagnostics([Diagnostic(file: shown, message: message, hint: hint)])
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw fail("cannot read the file: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      throw fail("cannot read the file: it is a directory", "name a \(what) file")
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= limit {
      let want = min(chunk.count, limit + 1 - bytes.count)
      let n = chunk.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress, want) }
      if n < 0 {
        if errno == EINTR { continue }
        throw fail("cannot read the file: \(String(cString: strerror(errno)))")
      }
      if n == 0 { return bytes }
      bytes += chunk[0..<n]
    }
    throw fail("the file has more than \(limit) bytes, more than any \(what) needs", "a \(what) file is at most \(limit) bytes (see InputLimits)")
  }

  /// The text of a file that must be UTF-8.
  ///
  /// - Throws: ``Diagnostics`` located at the first byte that is not UTF-8.
  static func text(_ bytes: [UInt8], shown: String) throws(Diagnostics) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    let at = utf8Error(in: bytes)
    throw Diagnostics([Diagnostic(
      file: shown, line: at.line, column: at.column,
      message: "the file is not UTF-8 text: byte 0x\(String(bytes[at.offset], radix: 16, uppercase: true)) at offset \(at.offset) starts no UTF-8 character",
      hint: "save the file as UTF-8")])
  }

  /// Where the first invalid UTF-8 sequence starts: its byte offset, and its
  /// line and column (1-based, columns counting characters before it).
  static func utf8Error(in bytes: [UInt8]) -> (offset: Int, line: Int, column: Int) {
    var line = 1, column = 1
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      let length: Int
      switch b {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: return (i, line, column)
      }
      guard i + length <= bytes.count, String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil else {
        return (i, line, column)
      }
      if b == 0x0A { line += 1; column = 1 } else { column += 1 }
      i += length
    }
    return (max(0, bytes.count - 1), line, column)
  }
}
