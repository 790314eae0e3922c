/// Where each key and value of a TOML document stands, by key path.
///
/// TOMLKit reports positions for syntax errors only, so RefBits scans the text
/// once more to point diagnostics at `line:column`. Key paths are dotted, with
/// array-of-tables and array elements indexed: `kinds.pin.acquire.refuse`,
/// `kinds.ref.acquire.fixups[0].when`, `kinds.pin.acquire.effects[1]`.
///
/// The scan understands table headers, dotted keys, inline tables, arrays
/// (also over several lines), comments and the four string forms, with their
/// escapes, so that an offset into a string's decoded value maps back to the
/// character of the file that produced it. A table that is only implied (by
/// `[kinds.ref.acquire]` or `acquire.effects = ...`) is placed where it is
/// first implied. Columns count Unicode scalars, 1-based.
///
/// The scan never fails: what it cannot place is simply not found, and the
/// diagnostic falls back to the nearest enclosing key path.
struct SourceLocator: Sendable {
  /// A 1-based line and column.
  struct Position: Sendable, Hashable, Comparable, CustomStringConvertible {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
      self.line = line
      self.column = column
    }

    static func < (a: Position, b: Position) -> Bool { (a.line, a.column) < (b.line, b.column) }

    var description: String { "\(line):\(column)" }
  }

  /// Position of each key (for a table header: its opening bracket), and of
  /// the first character of each value.
  private(set) var keys: [String: Position] = [:]
  private(set) var values: [String: Position] = [:]
  /// For each string value: the position of the file character that produced
  /// each scalar of the decoded string, then the position of the closing
  /// delimiter (or of the end of the line, when it is missing).
  private(set) var strings: [String: [Position]] = [:]

  init(text: String) {
    var scanner = Scanner(chars: Array(text.unicodeScalars))
    scanner.run()
    keys = scanner.keys
    values = scanner.values
    strings = scanner.strings
  }

  /// The best position for a key path: the value, else the key, else the
  /// nearest enclosing path that is known.
  func position(of path: String, preferValue: Bool = true) -> Position? {
    var p = path
    while true {
      if preferValue, let v = values[p] { return v }
      if let k = keys[p] { return k }
      if !preferValue, let v = values[p] { return v }
      guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
      p = String(p[..<cut])
    }
  }

  /// The position of the character at `offset` (0-based, in Unicode scalars)
  /// of the decoded string value at `path`: escapes, line-ending backslashes
  /// and multi-line strings are accounted for. An offset past the end gives
  /// the closing delimiter. `nil` when `path` holds no string.
  func position(of path: String, offset: Int) -> Position? {
    guard let map = strings[path], let last = map.last else { return nil }
    return offset >= 0 && offset < map.count ? map[offset] : last
  }

  /// The line at which a key path is defined (for ordering tables as written).
  func line(of path: String) -> Int {
    keys[path]?.line ?? values[path]?.line ?? Int.max
  }

  /// Where a key path is defined, for ordering keys as written; unknown paths
  /// sort last.
  func order(of path: String) -> Position {
    keys[path] ?? values[path] ?? Position(line: Int.max, column: Int.max)
  }

  private struct Scanner {
    let chars: [Unicode.Scalar]
    var i = 0
    var line = 1
    var column = 1
    var keys: [String: Position] = [:]
    var values: [String: Position] = [:]
    var strings: [String: [Position]] = [:]
    /// Elements so far of each array of tables, by its path without index.
    var arrayCounts: [String: Int] = [:]
    var table = ""

    init(chars: [Unicode.Scalar]) { self.chars = chars }

    var atEnd: Bool { i >= chars.count }
    var here: Position { Position(line: line, column: column) }
    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < chars.count ? chars[i + k] : nil }

    mutating func bump() {
      guard i < chars.count else { return }
      if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
      i += 1
    }

    mutating func skipBlanks(newlines: Bool) {
      while let c = peek() {
        if c == " " || c == "\t" || c == "\r" || (newlines && c == "\n") { bump() }
        else if c == "#" { skipComment() }
        else { break }
      }
    }

    mutating func skipComment() {
      while let d = peek(), d != "\n" { _ = d; bump() }
    }

    mutating func run() {
      while !atEnd {
        skipBlanks(newlines: true)
        guard let c = peek() else { break }
        let before = i
        if c == "[" {
          header()
        } else {
          keyValue(prefix: table)
        }
        // Skip to the end of the line (a comment, or whatever was not understood).
        while let d = peek(), d != "\n" { _ = d; bump() }
        if i == before { bump() }
      }
    }

    mutating func header() {
      let start = here
      bump()
      let isArray = peek() == "["
      if isArray { bump() }
      skipBlanks(newlines: false)
      let parts = keyParts()
      skipBlanks(newlines: false)
      while let e = peek(), e == "]" { bump() }
      guard let last = parts.last else { return }
      // Parents: a table element of an array of tables is its latest element.
      let parent = resolve(parts.dropLast(), under: "", implied: start)
      var path = parent.isEmpty ? last : parent + "." + last
      if isArray {
        let n = arrayCounts[path, default: 0]
        arrayCounts[path] = n + 1
        if keys[path] == nil { keys[path] = start }
        path += "[\(n)]"
      }
      // An explicit header after an implied one keeps the first place (file order).
      if keys[path] == nil { keys[path] = start }
      table = path
    }

    /// The key path of `parts` under `prefix`, entering the latest element of
    /// any array of tables on the way, and placing each table it implies at
    /// `implied` when it was not placed before.
    mutating func resolve(_ parts: ArraySlice<String>, under prefix: String, implied: Position) -> String {
      var path = prefix
      for part in parts {
        path = path.isEmpty ? part : path + "." + part
        if let n = arrayCounts[path] {
          path += "[\(n - 1)]"
        } else if keys[path] == nil {
          keys[path] = implied
        }
      }
      return path
    }

    /// A dotted key: bare or quoted parts separated by dots (blanks allowed).
    mutating func keyParts() -> [String] {
      var parts: [String] = []
      while true {
        skipBlanks(newlines: false)
        guard let d = peek() else { break }
        if d == "\"" || d == "'" {
          parts.append(stringValue().text)
        } else if isBare(d) {
          var s = ""
          while let e = peek(), isBare(e) { s.unicodeScalars.append(e); bump() }
          parts.append(s)
        } else {
          break
        }
        skipBlanks(newlines: false)
        if peek() == "." { bump() } else { break }
      }
      return parts
    }

    func isBare(_ c: Unicode.Scalar) -> Bool {
      c == "_" || c == "-" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    mutating func keyValue(prefix: String) {
      let keyStart = here
      let parts = keyParts()
      guard let last = parts.last else { return }
      let parent = resolve(parts.dropLast(), under: prefix, implied: keyStart)
      let path = parent.isEmpty ? last : parent + "." + last
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
        strings[path] = stringValue().positions
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

    /// Reads a string of any of the four forms: its decoded value, and the
    /// position of each decoded scalar followed by the closing delimiter's.
    mutating func stringValue() -> (text: String, positions: [Position]) {
      guard let quote = peek() else { return ("", [here]) }
      let basic = quote == "\""
      let triple = peek(1) == quote && peek(2) == quote
      var text = ""
      var positions: [Position] = []
      func add(_ c: Unicode.Scalar, _ p: Position) {
        text.unicodeScalars.append(c)
        positions.append(p)
      }
      if triple {
        bump(); bump(); bump()
        // A line break right after the opening delimiter is not part of the value.
        if peek() == "\n" { bump() } else if peek() == "\r", peek(1) == "\n" { bump(); bump() }
        while let c = peek() {
          if c == quote, peek(1) == quote, peek(2) == quote {
            // Up to two quotes just before the closing delimiter are content.
            if peek(3) == quote { add(c, here); bump(); continue }
            positions.append(here)
            bump(); bump(); bump()
            return (text, positions)
          }
          if basic, c == "\\" {
            escape(add: add, multiLine: true)
          } else if c == "\r", peek(1) == "\n" {
            add("\n", here); bump(); bump()
          } else {
            add(c, here); bump()
          }
        }
        positions.append(here)
        return (text, positions)
      }
      bump()
      while let c = peek(), c != quote, c != "\n" {
        if basic, c == "\\" { escape(add: add, multiLine: false) } else { add(c, here); bump() }
      }
      positions.append(here)
      if peek() == quote { bump() }
      return (text, positions)
    }

    /// One escape of a basic string, at its backslash.
    mutating func escape(add: (Unicode.Scalar, Position) -> Void, multiLine: Bool) {
      let start = here
      bump()
      guard let e = peek() else { return }
      if multiLine, e == " " || e == "\t" || e == "\r" || e == "\n" {
        // A line-ending backslash: drop the line break and the blanks after it.
        while let w = peek(), w == " " || w == "\t" || w == "\r" || w == "\n" { _ = w; bump() }
        return
      }
      bump()
      let decoded: Unicode.Scalar
      switch e {
      case "b": decoded = "\u{08}"
      case "t": decoded = "\t"
      case "n": decoded = "\n"
      case "f": decoded = "\u{0C}"
      case "r": decoded = "\r"
      case "e": decoded = "\u{1B}"
      case "u", "U", "x":
        let digits = e == "u" ? 4 : e == "U" ? 8 : 2
        var hex = ""
        while hex.unicodeScalars.count < digits, let h = peek(), h.properties.isASCIIHexDigit {
          hex.unicodeScalars.append(h)
          bump()
        }
        decoded = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
      default: decoded = e
      }
      add(decoded, start)
    }
  }
}
