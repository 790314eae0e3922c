extension TOMLInput {
  /// The first place where TOMLKit's parser would abort the process, if any:
  /// a table header whose name starts with a character no key can start with
  /// (`[%`, `[[[`, a `[` alone on its line), or a `}` where an array expects
  /// a value (`x = [}`, `x = [1, }`).
  ///
  /// TOMLKit's parser (toml++ 3) asserts the opposite at these two places: in
  /// a debug build the process aborts, and in a release build it is undefined
  /// behaviour. Such text is rejected here, before it reaches TOMLKit. So is
  /// nesting deeper than ``InputLimits/tomlNesting`` (a header dotted
  /// thousands of levels deep, `x = [[[[...`), which would make TOMLKit and
  /// the key paths of every later stage grow without bound. The scan follows
  /// strings, comments and brackets as far as needed to tell headers from
  /// arrays and keys from values; on valid TOML within the limits it never
  /// reports anything.
  ///
  /// - Complexity: O(n) in the length of the text.
  static func unsafeTOML(in text: String) -> (line: Int, column: Int, message: String, hint: String)? {
    let s = Array(text.unicodeScalars)
    var i = 0, line = 1, column = 1
    var open: [Unicode.Scalar] = []  // brackets and braces of values
    var lineStart = true
    var arrayExpectsValue = false  // just after an array's '[' or ','
    // Nesting: the parts of the last table header; per open level (the
    // top level first, then each bracket or brace), the dots of the key
    // being read or last read there; whether a key is being read.
    var headerDepth = 0
    var keyDots: [Int] = [0]
    var inKey = false
    var keyStartsHere = false  // just after an inline table's '{' or ','
    let limit = InputLimits.tomlNesting
    func depth() -> Int {
      // Each level of keys adds its parts; each array adds one level.
      headerDepth + open.count(where: { $0 == "[" }) + keyDots.indices.reduce(0) { sum, i in
        i == 0 || open[i - 1] == "{" ? sum + keyDots[i] + 1 : sum
      }
    }
    let syntaxHint = "the file is not valid TOML (https://toml.io): a table header is [name] or [[name]], an array [a, b, ...]"
    func tooDeep() -> (line: Int, column: Int, message: String, hint: String) {
      (line, column, "TOML nesting deeper than \(limit) levels (dotted keys, tables, inline tables and arrays together)",
       "RefBits reads at most \(limit) levels; the deepest key of any input format has 6 (kinds.NAME.acquire.fixups[N].when.if)")
    }
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
      // A key starts at the start of a line, or after '{' or ',' in an
      // inline table.
      if !inKey, c != " ", c != "\t", c != "\r", c != "\n", c != "#", c != "[", c != "]", c != "}", c != ",",
        (lineStart && open.isEmpty) || (open.last == "{" && keyStartsHere)
      {
        inKey = true
        keyDots[keyDots.count - 1] = 0
      }
      switch c {
      case "." where inKey:
        keyDots[keyDots.count - 1] += 1
        if depth() > limit { return tooDeep() }
        bump()
      case "=" where inKey:
        inKey = false
        keyStartsHere = false
        if depth() > limit { return tooDeep() }
        bump()
        lineStart = false
      case "\n":
        bump()
        lineStart = true
        if open.isEmpty { inKey = false }
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
          return (line, column, "TOML syntax: expected a table name after '[', found \(shown(d))", syntaxHint)
        }
        // The rest of the header: keys, dots, quoted keys, up to its ']'.
        headerDepth = 1
        while let d = peek(), d != "\n", d != "]" {
          if d == "\"" || d == "'" { skipString() } else {
            if d == "." {
              headerDepth += 1
              if headerDepth > limit { return tooDeep() }
            }
            bump()
          }
        }
        while peek() == "]" { bump() }
        lineStart = false
        arrayExpectsValue = false
      case "[", "{":
        open.append(c)
        keyDots.append(0)
        if depth() > limit { return tooDeep() }
        bump()
        lineStart = false
        arrayExpectsValue = c == "["
        keyStartsHere = c == "{"
      case "]", "}":
        if c == "}", arrayExpectsValue, open.last == "[" {
          return (line, column, "TOML syntax: expected a value or ']' in the array, found '}'", syntaxHint)
        }
        if !open.isEmpty {
          open.removeLast()
          keyDots.removeLast()
        }
        bump()
        lineStart = false
        arrayExpectsValue = false
      case ",":
        bump()
        lineStart = false
        arrayExpectsValue = open.last == "["
        keyStartsHere = open.last == "{"
      default:
        bump()
        lineStart = false
        arrayExpectsValue = false
      }
    }
    return nil
  }
}
