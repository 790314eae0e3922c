/// Text placed into generated markdown (report pages, `--format markdown`),
/// escaped so that it reads as written: a search class `op*n ... op1*n1`
/// must not turn into italics, a predicate `a | b` must not split a table
/// cell, and a name from a layout file must not open an HTML tag.
///
/// One mechanism for every page: prose from outside the code (titles,
/// descriptions, search classes, sources) goes through ``text(_:)``, names
/// and scripts through ``code(_:)``, and every table row through ``row(_:)``,
/// which protects the cells' pipes.
enum Markdown {
  /// The characters that markdown (CommonMark and GitHub's tables) could read
  /// as markup in running text.
  static let special: Set<Character> = ["\\", "*", "_", "`", "|", "[", "]", "#"]

  /// Characters written as entities: not every renderer honours a
  /// backslash before them (Python-Markdown shows `\<`), all honour these.
  static let entities: [Character: String] = ["<": "&lt;", ">": "&gt;", "~": "&#126;"]

  /// `s` as literal running text: every markup character backslash-escaped
  /// (`<`, `>` and `~` as entities) and line breaks folded into spaces (a table cell or list item is one
  /// line). An `_` between two letters or digits (`premature_free`) is left
  /// as it is: CommonMark never reads it as emphasis.
  static func text(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    let chars = Array(s)
    for (i, c) in chars.enumerated() {
      if c == "\n" || c == "\r" {
        out.append(" ")
        continue
      }
      let intraword = c == "_" && i > 0 && i + 1 < chars.count && (chars[i - 1].isLetter || chars[i - 1].isNumber) && (chars[i + 1].isLetter || chars[i + 1].isNumber)
      if let e = entities[c] {
        out += e
        continue
      }
      if special.contains(c) && !intraword { out.append("\\") }
      out.append(c)
    }
    return out
  }

  /// `s` as a code span, whatever backticks it holds: the fence is one
  /// backtick longer than its longest run inside, padded with spaces when
  /// `s` starts or ends with a backtick (CommonMark's rule).
  static func code(_ s: String) -> String {
    let flat = s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    var longest = 0, run = 0
    for c in flat {
      run = c == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
    return fence + pad + flat + pad + fence
  }

  /// A table row: each cell's unescaped `|` becomes `\|` (GitHub reads that as
  /// a pipe even inside a code span), so no cell can split the row.
  static func row(_ cells: [String]) -> String {
    "| " + cells.map(cell).joined(separator: " | ") + " |"
  }

  /// The separator row under a header of `count` columns.
  static func rule(_ count: Int) -> String {
    "|" + String(repeating: "---|", count: count)
  }

  /// A cell's content with every pipe not yet escaped escaped.
  static func cell(_ s: String) -> String {
    var out = "", escaped = false
    for c in s {
      if c == "|" && !escaped { out.append("\\") }
      escaped = c == "\\" && !escaped
      if c == "\n" { out.append(" "); continue }
      out.append(c)
    }
    return out
  }
}
