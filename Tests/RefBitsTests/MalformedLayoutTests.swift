import Foundation
import Testing

@testable import RefBits

// The malformed-layout corpus: Fixtures/malformed/*.toml, one problem per file
// (plus files with several). Each file states what it expects in comments:
//
//   # expect: LINE:COL: fragment     some error is at LINE:COL and its message
//                                    or hint contains the fragment; '-' for
//                                    LINE or COL means the error has none
//   # expect-path: key.path          (after an expect) that error's key path
//   # expect-count: N                exactly N errors are reported
//
// Every file must be rejected with `Diagnostics` (never accepted, never a
// trap), and every expectation must match some diagnostic.

/// One `# expect:` line of a corpus file.
struct CorpusExpectation: CustomStringConvertible {
  /// nil: the diagnostic must have no line (or column).
  var line: Int?
  var column: Int?
  var fragment: String
  var keyPath: String?
  /// Line of the expectation in the corpus file, for failure messages.
  var sourceLine: Int

  var description: String {
    "\(line.map(String.init) ?? "-"):\(column.map(String.init) ?? "-"): \(fragment)\(keyPath.map { " [\($0)]" } ?? "")"
  }

  func matches(_ d: Diagnostic) -> Bool {
    d.line == line && d.column == column
      && (d.message.contains(fragment) || (d.hint ?? "").contains(fragment))
      && (keyPath == nil || d.keyPath == keyPath)
  }
}

/// The expectations of one corpus file.
struct CorpusFile {
  var expectations: [CorpusExpectation] = []
  var count: Int?
  var problems: [String] = []

  init(text: String) {
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if let rest = line.dropPrefix("# expect:") {
        // "L:C: fragment"
        let parts = rest.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { problems.append("line \(i + 1): malformed expectation '\(line)'"); continue }
        let l = parts[0].trimmingCharacters(in: .whitespaces), c = parts[1].trimmingCharacters(in: .whitespaces)
        guard l == "-" || Int(l) != nil, c == "-" || Int(c) != nil else {
          problems.append("line \(i + 1): position must be LINE:COL or -:-, not '\(l):\(c)'")
          continue
        }
        expectations.append(CorpusExpectation(line: Int(l), column: Int(c), fragment: parts[2].trimmingCharacters(in: .whitespaces), keyPath: nil, sourceLine: i + 1))
      } else if let rest = line.dropPrefix("# expect-path:") {
        guard !expectations.isEmpty else { problems.append("line \(i + 1): expect-path before any expect"); continue }
        expectations[expectations.count - 1].keyPath = rest.trimmingCharacters(in: .whitespaces)
      } else if let rest = line.dropPrefix("# expect-count:") {
        guard let n = Int(rest.trimmingCharacters(in: .whitespaces)) else { problems.append("line \(i + 1): malformed count"); continue }
        count = n
      }
    }
  }
}

extension String {
  fileprivate func dropPrefix(_ p: String) -> String? { hasPrefix(p) ? String(dropFirst(p.count)) : nil }
}

enum MalformedCorpus {
  static var directory: URL? {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent("malformed")
  }

  /// The corpus file names, sorted.
  static var names: [String] {
    guard let dir = directory, let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
    return files.filter { $0.hasSuffix(".toml") }.sorted()
  }

  static func text(_ name: String) -> String? {
    guard let url = directory?.appendingPathComponent(name), let data = FileManager.default.contents(atPath: url.path) else { return nil }
    return String(data: data, encoding: .utf8)
  }
}

@Suite struct MalformedLayoutTests {
  @Test func corpusIsLargeEnough() {
    #expect(MalformedCorpus.directory != nil, "Fixtures/malformed is not bundled")
    #expect(MalformedCorpus.names.count >= 34, "only \(MalformedCorpus.names.count) malformed layouts")
  }

  @Test(arguments: MalformedCorpus.names)
  func malformedLayoutIsRejected(_ name: String) throws {
    let text = try #require(MalformedCorpus.text(name), "cannot read \(name)")
    let corpus = CorpusFile(text: text)
    #expect(corpus.problems.isEmpty, "\(name): \(corpus.problems.joined(separator: "; "))")
    #expect(!corpus.expectations.isEmpty, "\(name) states no '# expect:' line")

    let diagnostics: [Diagnostic]
    do {
      let layout = try Layout.parse(toml: text, name: String(name.dropLast(5)), file: name)
      Issue.record("\(name) was accepted as layout '\(layout.name)'")
      return
    } catch {
      diagnostics = error.all
    }
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(!errors.isEmpty, "\(name): thrown without an error")
    let shown = diagnostics.map(\.description).joined(separator: "\n")
    for d in diagnostics {
      #expect(d.file == name)
      #expect(!d.message.isEmpty)
      // A column is only ever given with its line.
      #expect(d.column == nil || d.line != nil, "\(d)")
    }
    for e in corpus.expectations {
      #expect(diagnostics.contains(where: e.matches), "\(name):\(e.sourceLine): no diagnostic matches '\(e)'; got:\n\(shown)")
    }
    if let n = corpus.count {
      #expect(errors.count == n, "\(name): expected \(n) errors, got \(errors.count):\n\(shown)")
    }
  }

  /// The several-problems file proves all errors are reported, in file order.
  @Test func everyProblemIsReportedInOrder() throws {
    let name = "several-problems.toml"
    let text = try #require(MalformedCorpus.text(name))
    do {
      _ = try Layout.parse(toml: text, name: "several-problems", file: name)
      Issue.record("accepted")
    } catch {
      #expect(error.errors.count >= 6)
      let lines = error.all.compactMap(\.line)
      #expect(lines == lines.sorted(), "diagnostics are not in file order: \(lines)")
    }
  }

  /// Every prefix of every corpus file (cut at each line) is either accepted or
  /// rejected with located diagnostics: the reader never traps on a half
  /// written file.
  @Test func truncatedFilesNeverTrap() throws {
    for name in MalformedCorpus.names {
      let text = try #require(MalformedCorpus.text(name))
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      for cut in stride(from: 1, through: lines.count, by: 6) {
        let prefix = lines.prefix(cut).joined(separator: "\n")
        do {
          _ = try Layout.parse(toml: prefix, name: "t", file: "t.toml")
        } catch {
          #expect(!error.all.isEmpty)
        }
      }
    }
  }

  /// Seeded random edits of the corpus (inserted TOML punctuation, deleted
  /// runs, duplicated lines) are accepted or rejected, never a trap or a hang.
  @Test func mutatedFilesNeverTrap() throws {
    let seed: UInt64 = 0xBAD_F11E
    var state = seed
    func next() -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
    }
    let tokens = ["[%", "\n[.", "\n[[[", "[", "]", "{", "}", "=", ",", "\n", "#", ".", "\"", "'", "\"\"\"", "\\", "\\u00e9",
      "0", "-1", "1 << 200", "/ 0", "old(", "new(", "total", "ref", "true", "1.5", "[[", "]]", "..", "\t", "\u{e9}"]
    let texts = MalformedCorpus.names.compactMap(MalformedCorpus.text)
    try #require(!texts.isEmpty)
    for _ in 0..<120 {
      var t = Array(texts[next() % texts.count].unicodeScalars)
      for _ in 0..<(1 + next() % 3) {
        let i = next() % (t.count + 1)
        switch next() % 3 {
        case 0: t.insert(contentsOf: tokens[next() % tokens.count].unicodeScalars, at: i)
        case 1: t.removeSubrange(i..<min(t.count, i + 1 + next() % 8))
        default:
          let lines = String(String.UnicodeScalarView(t)).split(separator: "\n", omittingEmptySubsequences: false)
          var copy = lines
          copy.insert(lines[next() % lines.count], at: next() % (lines.count + 1))
          t = Array(copy.joined(separator: "\n").unicodeScalars)
        }
      }
      do {
        _ = try Layout.parse(toml: String(String.UnicodeScalarView(t)), name: "m", file: "m.toml")
      } catch {
        #expect(!error.all.isEmpty, "seed \(seed)")
      }
    }
  }

  /// Expressions at the size limits parse, resolve, compile and evaluate on a
  /// test thread without running out of stack; one past them is an error.
  @Test func expressionSizeLimits() throws {
    let chain = Array(repeating: "1", count: Expression.maximumOperators - 1).joined(separator: "+")  // with "<" and "-" below: 512 operators
    let parens = String(repeating: "(", count: Expression.maximumParenthesisDepth) + "count" + String(repeating: ")", count: Expression.maximumParenthesisDepth)
    let unary = String(repeating: "-", count: Expression.maximumOperators - 1) + "count"
    let layout = { (trap: String) in
      "title = \"t\"\nsource = \"t\"\n[words.count]\nbits = 32\n[kinds.ref.acquire]\neffects = [\"count += 1\"]\ntrap = \"\(trap)\"\n[kinds.ref.release]\neffects = [\"count -= 1\"]\n[initial]\nheld = { ref = 1 }\n"
    }
    for trap in ["count < 0 - (\(chain))", "\(parens) < 0", "\(unary) > 0"] {
      let l = try Layout.parse(toml: layout(trap), name: "t", file: "t.toml")
      let m = Machine(l)
      let s = try m.initialState()
      #expect(try m.step(s, Op(kind: 0, direction: .acquire)).outcomes == [.ok])
    }
    for trap in ["count < \(chain)+1", "(\(parens)) < 0", "-\(unary) < 0 < 1"] {
      #expect(throws: Diagnostics.self) { try Layout.parse(toml: layout(trap), name: "t", file: "t.toml") }
    }
  }

  @Test func diagnosticDescriptionFormat() {
    let d = Diagnostic(file: "x.toml", line: 12, column: 15, keyPath: "kinds.pin.acquire.refuse", message: "unknown name 'refcnt'", hint: "did you mean 'refcount'?")
    #expect(d.description == "x.toml:12:15: error: unknown name 'refcnt' [kinds.pin.acquire.refuse]\n  hint: did you mean 'refcount'?")
    let bare = Diagnostic(file: "x.toml", message: "missing required key 'title'")
    #expect(bare.description == "x.toml: error: missing required key 'title'")
  }

  @Test func diagnosticsSortByPositionStably() {
    let a = Diagnostic(file: "f", line: 3, column: 1, message: "a")
    let b = Diagnostic(file: "f", message: "b")
    let c = Diagnostic(file: "f", line: 1, column: 9, message: "c")
    let d = Diagnostic(file: "f", line: 3, column: 1, message: "d")
    #expect([a, b, c, d].sortedByPosition().map(\.message) == ["b", "c", "a", "d"])
  }
}
