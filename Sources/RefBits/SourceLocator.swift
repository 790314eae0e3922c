/// Where each key and value of a TOML document stands, by key path.
///
/// TOMLKit reports positions for syntax errors only, so RefBits scans the text
/// once more to point diagnostics at `line:column`. Key paths are dotted, with
/// array-of-tables and array elements indexed: `kinds.pin.acquire.refuse`,
/// `kinds.ref.acquire.fixups[0].when`, `kinds.pin.acquire.effects[1]`.
///
/// The scan understands table headers, dotted keys, inline tables, arrays
/// (also over several lines), comments and the four string forms. It never
/// fails: what it cannot place is simply not found, and the diagnostic falls
/// back to the key path.
public struct SourceLocator: Sendable {
  /// A 1-based line and column.
  public struct Position: Sendable, Hashable {
    public var line: Int
    public var column: Int
  }

  /// Position of each key, and of the first character of its value.
  public private(set) var keys: [String: Position] = [:]
  public private(set) var values: [String: Position] = [:]

  public init(text: String) {
    var scanner = Scanner(chars: Array(text.unicodeScalars))
    scanner.run()
    keys = scanner.keys
    values = scanner.values
  }

  /// The best position for a key path: the value, else the key, else the
  /// nearest enclosing path that is known.
  public func position(of path: String, preferValue: Bool = true) -> Position? {
    var p = path
    while true {
      if preferValue, let v = values[p] { return v }
      if let k = keys[p] { return k }
      if !preferValue, let v = values[p] { return v }
      guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
      p = String(p[..<cut])
    }
  }

  /// The line at which a key path is defined (for ordering tables as written).
  public func line(of path: String) -> Int {
    keys[path]?.line ?? values[path]?.line ?? Int.max
  }

  private struct Scanner {
    let chars: [Unicode.Scalar]
    var i = 0
    var line = 1
    var column = 1
    var keys: [String: Position] = [:]
    var values: [String: Position] = [:]
    var arrayCounts: [String: Int] = [:]
    var table = ""

    init(chars: [Unicode.Scalar]) { self.chars = chars }

    var atEnd: Bool { i >= chars.count }
    var here: Position { Position(line: line, column: column) }
    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < chars.count ? chars[i + k] : nil }

    mutating func bump() {
      if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
      i += 1
    }

    mutating func skipBlanks(newlines: Bool) {
      while let c = peek() {
        if c == " " || c == "\t" || c == "\r" || (newlines && c == "\n") { bump() }
        else if c == "#" { while let d = peek(), d != "\n" { _ = d; bump() } }
        else { break }
      }
    }

    mutating func run() {
      while !atEnd {
        skipBlanks(newlines: true)
        guard let c = peek() else { break }
        if c == "[" {
          header()
        } else {
          keyValue(prefix: table)
        }
        // Skip to the end of the line.
        while let d = peek(), d != "\n" { _ = d; bump() }
      }
    }

    mutating func header() {
      let start = here
      bump()
      let isArray = peek() == "["
      if isArray { bump() }
      skipBlanks(newlines: false)
      let parts = keyParts()
      var path = join(parts, under: "")
      if isArray {
        let n = arrayCounts[path, default: 0]
        arrayCounts[path] = n + 1
        path += "[\(n)]"
      }
      keys[path] = start
      table = path
    }

    func join(_ parts: [String], under prefix: String) -> String {
      var path = prefix
      for part in parts {
        // A sub-table of the latest element of an array of tables.
        let candidate = path.isEmpty ? part : path + "." + part
        if let n = arrayCounts[candidate] { path = candidate + "[\(n - 1)]" } else { path = candidate }
      }
      return path
    }

    mutating func keyParts() -> [String] {
      var parts: [String] = []
      while let c = peek() {
        skipBlanks(newlines: false)
        guard let d = peek() else { break }
        if d == "\"" || d == "'" {
          parts.append(stringValue())
        } else if isBare(d) {
          var s = ""
          while let e = peek(), isBare(e) { s.unicodeScalars.append(e); bump() }
          parts.append(s)
        } else {
          _ = c
          break
        }
        skipBlanks(newlines: false)
        if peek() == "." { bump() } else { break }
      }
      while let e = peek(), e == "]" { bump() }
      return parts
    }

    func isBare(_ c: Unicode.Scalar) -> Bool {
      c == "_" || c == "-" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    mutating func keyValue(prefix: String) {
      let keyStart = here
      let parts = keyParts()
      guard !parts.isEmpty else { bump(); return }
      let path = prefix.isEmpty ? parts.joined(separator: ".") : prefix + "." + parts.joined(separator: ".")
      keys[path] = keyStart
      skipBlanks(newlines: false)
      guard peek() == "=" else { return }
      bump()
      skipBlanks(newlines: false)
      value(path: path)
    }

    mutating func value(path: String) {
      values[path] = here
      guard let c = peek() else { return }
      switch c {
      case "\"", "'":
        _ = stringValue()
      case "{":
        bump()
        while true {
          skipBlanks(newlines: false)
          guard let d = peek(), d != "}", d != "\n" else { break }
          keyValue(prefix: path)
          skipBlanks(newlines: false)
          if peek() == "," { bump() } else { break }
        }
        if peek() == "}" { bump() }
      case "[":
        bump()
        var index = 0
        while true {
          skipBlanks(newlines: true)
          guard let d = peek(), d != "]" else { break }
          value(path: "\(path)[\(index)]")
          index += 1
          skipBlanks(newlines: true)
          if peek() == "," { bump() } else { break }
        }
        skipBlanks(newlines: true)
        if peek() == "]" { bump() }
      default:
        while let d = peek(), d != "\n", d != ",", d != "]", d != "}", d != "#" { _ = d; bump() }
      }
    }

    /// Reads a string of any of the four forms and returns its raw content.
    mutating func stringValue() -> String {
      let quote = chars[i]
      let triple = peek(1) == quote && peek(2) == quote
      var s = ""
      if triple {
        bump(); bump(); bump()
        while !atEnd {
          if peek() == quote, peek(1) == quote, peek(2) == quote { bump(); bump(); bump(); break }
          if quote == "\"", peek() == "\\" { bump() }
          if !atEnd { s.unicodeScalars.append(chars[i]); bump() }
        }
      } else {
        bump()
        while let c = peek(), c != quote, c != "\n" {
          if quote == "\"", c == "\\" { bump() }
          if !atEnd { s.unicodeScalars.append(chars[i]); bump() }
        }
        if peek() == quote { bump() }
      }
      return s
    }
  }
}
