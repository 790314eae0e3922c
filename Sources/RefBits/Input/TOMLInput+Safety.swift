extension TOMLInput {
  /// The first place where TOMLKit's parser would abort the process, if any:
  /// a table header whose name starts with a character no key can start with
  /// (`[%`, `[[[`, a `[` alone on its line), or a `}` where an array expects
  /// a value (`x = [}`, `x = [1, }`).
  ///
  /// TOMLKit's parser (toml++ 3) asserts the opposite at these two places: in
  /// a debug build the process aborts, and in a release build it is undefined
  /// behaviour. Such text is rejected here, before it reaches TOMLKit. The
  /// scan follows strings, comments and brackets as far as needed to tell
  /// headers from arrays; on valid TOML it never reports anything.
  static func unsafeTOML(in text: String) -> (line: Int, column: Int, message: String)? {
    let s = Array(text.unicodeScalars)
    var i = 0, line = 1, column = 1
    var open: [Unicode.Scalar] = []  // brackets and braces of values
    var lineStart = true
    var arrayExpectsValue = false  // just after an array's '[' or ','
    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }
    func bump() {
      guard i < s.count else { return }
      if s[i] == "\n" { line += 1; column = 1 } else { column += 1 }
      i += 1
    }
    func isKeyStart(_ c: Unicode.Scalar) -> Bool {
      c == "_" || c == "-" || c == "\"" || c == "'" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
    func shown(_ c: Unicode.Scalar) -> String {
      c == "\n" || c == "\r" ? "the end of the line" : "'\(c.escaped(asASCII: false))'"
    }
    func skipString() {
      guard let q = peek() else { return }
      if peek(1) == q, peek(2) == q {
        bump(); bump(); bump()
        while let c = peek() {
          if c == q, peek(1) == q, peek(2) == q {
            bump(); bump(); bump()
            while peek() == q { bump() }
            return
          }
          if q == "\"", c == "\\" { bump() }
          bump()
        }
        return
      }
      bump()
      while let c = peek(), c != q, c != "\n" {
        if q == "\"", c == "\\" { bump() }
        bump()
      }
      if peek() == q { bump() }
    }
    while let c = peek() {
      switch c {
      case "\n":
        bump()
        lineStart = true
      case " ", "\t", "\r":
        bump()
      case "#":
        while let d = peek(), d != "\n" { _ = d; bump() }
      case "\"", "'":
        skipString()
        lineStart = false
        arrayExpectsValue = false
      case "[" where lineStart && open.isEmpty:
        bump()
        if peek() == "[" { bump() } else if peek() == " " || peek() == "\t" {
          while peek() == " " || peek() == "\t" { bump() }
          if peek() == "[" { bump() }  // "[ [" is an error toml++ reports itself
        }
        while peek() == " " || peek() == "\t" { bump() }
        if let d = peek(), d != "]", !isKeyStart(d) {
          return (line, column, "TOML syntax: expected a table name after '[', found \(shown(d))")
        }
        // The rest of the header: keys, dots, quoted keys, up to its ']'.
        while let d = peek(), d != "\n", d != "]" {
          if d == "\"" || d == "'" { skipString() } else { bump() }
        }
        while peek() == "]" { bump() }
        lineStart = false
        arrayExpectsValue = false
      case "[", "{":
        open.append(c)
        bump()
        lineStart = false
        arrayExpectsValue = c == "["
      case "]", "}":
        if c == "}", arrayExpectsValue, open.last == "[" {
          return (line, column, "TOML syntax: expected a value or ']' in the array, found '}'")
        }
        if !open.isEmpty { open.removeLast() }
        bump()
        lineStart = false
        arrayExpectsValue = false
      case ",":
        bump()
        lineStart = false
        arrayExpectsValue = open.last == "["
      default:
        bump()
        lineStart = false
        arrayExpectsValue = false
      }
    }
    return nil
  }
}
