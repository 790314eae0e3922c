import Foundation

/// What a stream of the command line can show: its width, whether it takes
/// colour, and whether it takes cursor escapes (progress lines).
///
/// The conventions users of cargo, git and ripgrep expect:
/// - width: the terminal's (`TIOCGWINSZ`), else `COLUMNS` when it is a
///   positive number, else 80;
/// - colour (`--color auto|always|never`): `always` and `never` are obeyed;
///   `auto` colours a terminal only, and not when `NO_COLOR` is set to a
///   non-empty value (https://no-color.org: an empty `NO_COLOR=` does not
///   count) or `TERM` is `dumb`;
/// - escapes: a terminal whose `TERM` is not `dumb`.
public struct Terminal: Sendable, Hashable {
  /// `--color`.
  public enum ColourChoice: String, Sendable, CaseIterable {
    case auto, always, never
  }

  /// Columns to wrap text at.
  public var width: Int
  /// Whether colour escapes may be written.
  public var colour: Bool
  /// Whether cursor escapes (erase line) may be written.
  public var escapes: Bool

  /// The width when nothing says otherwise.
  static let defaultWidth = 80
  /// Narrower than this, wrapping helps no one: text is not wrapped below it.
  static let minimumWidth = 20

  /// Creates a terminal of `width` columns; `colour` and `escapes` say which
  /// escape sequences may be written.
  init(width: Int, colour: Bool, escapes: Bool) {
    self.width = width
    self.colour = colour
    self.escapes = escapes
  }

  /// The terminal of file descriptor `fd` (standard output: 1, standard
  /// error: 2) as the environment describes it.
  public static func of(_ fd: Int32, colour choice: ColourChoice = .auto, environment: [String: String] = ProcessInfo.processInfo.environment) -> Terminal {
    let tty = isatty(fd) == 1
    return Terminal(
      width: width(fd: tty ? fd : nil, environment: environment),
      colour: wantsColour(choice, isTerminal: tty, environment: environment),
      escapes: tty && environment["TERM"] != "dumb")
  }

  /// Whether to colour a stream, by `--color` and the environment.
  static func wantsColour(_ choice: ColourChoice, isTerminal: Bool, environment: [String: String]) -> Bool {
    switch choice {
    case .always: true
    case .never: false
    case .auto: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }
  }

  /// The width of the terminal on `fd`, else `COLUMNS`, else 80.
  static func width(fd: Int32?, environment: [String: String]) -> Int {
    if let fd {
      var size = winsize()
      if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    }
    if let c = environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
    return defaultWidth
  }

  /// `text` with every line longer than `width` columns broken at spaces.
  ///
  /// A continuation lines up under the second column of an aligned line
  /// (the text after its first run of two or more spaces, as in `list`'s
  /// `name  title`) when that column starts in the left half, else under the
  /// line's own indentation plus 4. Colour escapes take no columns; a word
  /// longer than the room left is cut. Lines that fit are left as they are.
  ///
  /// - Complexity: O(text length).
  public static func wrapped(_ text: String, width: Int) -> String {
    guard width >= minimumWidth else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { wrap(String($0), width: width) }.joined(separator: "\n")
  }

  /// The columns `s` takes on a terminal: its characters, less colour
  /// escapes (`ESC [ ... m`).
  static func columns(_ s: Substring) -> Int {
    var n = 0, inEscape = false
    for c in s {
      if inEscape { if c == "m" { inEscape = false }; continue }
      if c == "\u{1B}" { inEscape = true; continue }
      n += 1
    }
    return n
  }

  static func wrap(_ line: String, width: Int) -> String {
    guard columns(Substring(line)) > width else { return line }
    let chars = Array(line)
    let indent = chars.prefix { $0 == " " }.count
    // The second column: after the first run of 2+ spaces past the indent.
    var hang = indent + 4
    var i = indent
    while i + 1 < chars.count {
      if chars[i] == " " && chars[i + 1] == " " {
        var j = i
        while j < chars.count && chars[j] == " " { j += 1 }
        if j < width / 2 && j < chars.count { hang = j }
        break
      }
      i += 1
    }
    hang = min(hang, width / 2)
    // Words (runs of non-spaces), each with the spaces before it.
    var out: [String] = []
    var current = String(chars[..<indent]), used = indent
    var k = indent
    while k < chars.count {
      var gapEnd = k
      while gapEnd < chars.count && chars[gapEnd] == " " { gapEnd += 1 }
      var wordEnd = gapEnd
      while wordEnd < chars.count && chars[wordEnd] != " " { wordEnd += 1 }
      if wordEnd == gapEnd { break }
      let gap = String(chars[k..<gapEnd]), word = Substring(String(chars[gapEnd..<wordEnd]))
      let wordColumns = columns(word)
      let atStart = used <= (out.isEmpty ? indent : hang)
      if !atStart && used + gap.count + wordColumns > width {
        out.append(current)
        current = String(repeating: " ", count: hang)
        used = hang
      } else if !atStart {
        current += gap
        used += gap.count
      }
      // A word wider than the room: cut it.
      var rest = word
      while used + columns(rest) > width && columns(rest) > width - hang {
        let take = max(1, width - used)
        current += rest.prefix(take)
        out.append(current)
        rest = rest.dropFirst(take)
        current = String(repeating: " ", count: hang)
        used = hang
      }
      current += rest
      used += columns(rest)
      k = wordEnd
    }
    out.append(current)
    return out.joined(separator: "\n")
  }
}
