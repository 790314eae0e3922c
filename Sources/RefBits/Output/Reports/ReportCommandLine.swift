/// The `refbits report` command line a report's README records, written and
/// read back: `report --check` re-runs the options recorded there, so that a
/// custom report (other layouts, workloads, `--ops`) is checked, and its
/// regeneration suggested, with the options that produced it.
///
/// Words are quoted for a POSIX shell when they hold anything but letters,
/// digits and `-_./:=+,@%^` (single quotes, `'\''` for a quote inside), and
/// read back by the same rule.
public enum ReportCommandLine {
  /// The program and subcommand that start a recorded line.
  public static let prefix = ["refbits", "report"]

  static func isPlain(_ c: Character) -> Bool {
    c.isASCII && (c.isLetter || c.isNumber || "-_./:=+,@%^".contains(c))
  }

  /// `word` as a POSIX shell reads it back unchanged.
  public static func quoted(_ word: String) -> String {
    if !word.isEmpty && word.allSatisfy(isPlain) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
  }

  /// `words` as one shell line.
  public static func line(_ words: [String]) -> String {
    words.map(quoted).joined(separator: " ")
  }

  /// The words of a line written by ``line(_:)``: plain words, single-quoted
  /// stretches and backslash escapes; nil when a quote is left open.
  public static func words(_ line: String) -> [String]? {
    var out: [String] = [], current = "", inWord = false, quoted = false, escaped = false
    for c in line {
      if escaped {
        current.append(c); escaped = false; inWord = true
      } else if quoted {
        if c == "'" { quoted = false } else { current.append(c) }
      } else if c == "'" {
        quoted = true; inWord = true
      } else if c == "\\" {
        escaped = true
      } else if c == " " || c == "\t" {
        if inWord { out.append(current); current = ""; inWord = false }
      } else {
        current.append(c); inWord = true
      }
    }
    if quoted || escaped { return nil }
    if inWord { out.append(current) }
    return out
  }

  /// The arguments after `refbits report` on the first line of README.md's
  /// `sh` block that starts with it; nil when there is none (a README not
  /// written by `refbits report`).
  public static func recorded(inReadme text: String) -> [String]? {
    var inShell = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") {
        inShell = line == "```sh" && !inShell
        continue
      }
      guard inShell, let words = words(String(line)), words.starts(with: prefix) else { continue }
      return Array(words.dropFirst(prefix.count))
    }
    return nil
  }
}
