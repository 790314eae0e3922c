import Foundation
import TOMLKit
import Testing

@testable import RefBits

// SourceLocator maps key paths to line:column (TOMLKit gives no positions).
// Positions are checked by hand on small documents, and cross-checked against
// TOMLKit on whole files: every key path TOMLKit sees is placed, and every
// string value decodes to as many characters as TOMLKit reads.

private typealias Pos = SourceLocator.Position

private func pos(_ line: Int, _ column: Int) -> Pos { Pos(line: line, column: column) }

@Suite struct SourceLocatorTests {
  @Test func tableHeadersAndImpliedTables() {
    let text = """
      title = "t"

      [words.count]
      bits = 32
        [ kinds . "ref" . acquire ]
      effects = []
      [kinds.ref]
      description = "x"
      """
    let l = SourceLocator(text: text)
    #expect(l.keys["title"] == pos(1, 1))
    #expect(l.values["title"] == pos(1, 9))
    #expect(l.keys["words.count"] == pos(3, 1))
    #expect(l.keys["words"] == pos(3, 1))  // implied by [words.count]
    #expect(l.keys["words.count.bits"] == pos(4, 1))
    #expect(l.values["words.count.bits"] == pos(4, 8))
    #expect(l.keys["kinds.ref.acquire"] == pos(5, 3))
    // [kinds.ref] was implied at line 5 first: it keeps that place (file order).
    #expect(l.keys["kinds.ref"] == pos(5, 3))
    #expect(l.keys["kinds.ref.acquire.effects"] == pos(6, 1))
    #expect(l.keys["kinds.ref.description"] == pos(8, 1))
  }

  @Test func dottedKeys() {
    let text = """
      [kinds.pin]
      acquire.refuse = "refcount <= 0"
      acquire . effects = ["refcount += 1"]
      release.op = 'unpin'
      """
    let l = SourceLocator(text: text)
    #expect(l.keys["kinds.pin.acquire"] == pos(2, 1))
    #expect(l.keys["kinds.pin.acquire.refuse"] == pos(2, 1))
    #expect(l.values["kinds.pin.acquire.refuse"] == pos(2, 18))
    #expect(l.values["kinds.pin.acquire.effects"] == pos(3, 21))
    #expect(l.values["kinds.pin.acquire.effects[0]"] == pos(3, 22))
    #expect(l.keys["kinds.pin.release"] == pos(4, 1))
    #expect(l.values["kinds.pin.release.op"] == pos(4, 14))
    // The 'r' of "refcount <= 0": one past the opening quote.
    #expect(l.position(of: "kinds.pin.acquire.refuse", offset: 0) == pos(2, 19))
    #expect(l.position(of: "kinds.pin.acquire.refuse", offset: 9) == pos(2, 28))
  }

  @Test func inlineTables() {
    let text = """
      [kinds.pin.acquire]
      refuse = { if = "refcount <= 0", why = "try_grab_folio()" }
      release = { effects = [ "a", "b" ], trap = { if = "x > 1" } }
      """
    let l = SourceLocator(text: text)
    #expect(l.values["kinds.pin.acquire.refuse"] == pos(2, 10))
    #expect(l.keys["kinds.pin.acquire.refuse.if"] == pos(2, 12))
    #expect(l.values["kinds.pin.acquire.refuse.if"] == pos(2, 17))
    #expect(l.position(of: "kinds.pin.acquire.refuse.if", offset: 0) == pos(2, 18))
    #expect(l.keys["kinds.pin.acquire.refuse.why"] == pos(2, 34))
    #expect(l.values["kinds.pin.acquire.release.effects[1]"] == pos(3, 30))
    #expect(l.keys["kinds.pin.acquire.release.trap.if"] == pos(3, 46))
    #expect(l.position(of: "kinds.pin.acquire.release.trap.if", offset: 2) == pos(3, 54))
  }

  @Test func arraysOfTables() {
    let text = """
      [kinds.ref.acquire]
      effects = ["count += 1"]

      [[kinds.ref.acquire.fixups]]
      when = "old(count) == 0"
      outcome = "saturated"

      [[kinds.ref.acquire.fixups]]
      when = "new(count) < 0"
      effects = ["count = -1"]

      [[claims]]
      never = "leak"
      [[claims]]
      never = "premature_free"
      """
    let l = SourceLocator(text: text)
    #expect(l.keys["kinds.ref.acquire.fixups[0]"] == pos(4, 1))
    #expect(l.keys["kinds.ref.acquire.fixups[0].when"] == pos(5, 1))
    #expect(l.keys["kinds.ref.acquire.fixups[0].outcome"] == pos(6, 1))
    #expect(l.keys["kinds.ref.acquire.fixups[1]"] == pos(8, 1))
    #expect(l.keys["kinds.ref.acquire.fixups[1].when"] == pos(9, 1))
    #expect(l.values["kinds.ref.acquire.fixups[1].effects[0]"] == pos(10, 12))
    #expect(l.keys["kinds.ref.acquire.fixups"] == pos(4, 1))
    #expect(l.keys["kinds.ref.acquire.fixups[2]"] == nil)
    #expect(l.keys["claims[0].never"] == pos(13, 1))
    #expect(l.values["claims[1].never"] == pos(15, 9))
    #expect(l.keys["claims[0][0]"] == nil && l.keys["claims[1][1]"] == nil)
  }

  @Test func multiLineArrays() {
    let text = """
      effects = [
        "a += 1",   # a comment with "quotes", [brackets] and = signs
        'b -= 1',
          # "c += 1",
          "c = 2" ,
        ]
      after = 1
      """
    let l = SourceLocator(text: text)
    #expect(l.values["effects"] == pos(1, 11))
    #expect(l.values["effects[0]"] == pos(2, 3))
    #expect(l.values["effects[1]"] == pos(3, 3))
    #expect(l.values["effects[2]"] == pos(5, 5))
    #expect(l.values["effects[3]"] == nil)
    #expect(l.position(of: "effects[2]", offset: 4) == pos(5, 10))
    #expect(l.keys["after"] == pos(7, 1))
  }

  @Test func stringsHoldingCommentAndTableCharacters() {
    let text = """
      a = "x # [y] = z" # real comment [z]
      b = "it's" 
      "c.d" = "[not.a.table]"
      [t]
      e = "\\"#\\"" # an escaped quote does not end the string
      f = 2
      """
    let l = SourceLocator(text: text)
    #expect(l.values["a"] == pos(1, 5))
    #expect(l.keys["b"] == pos(2, 1))
    #expect(l.keys["c.d"] == pos(3, 1))  // a quoted key is one key, dots and all
    #expect(l.values["c.d"] == pos(3, 9))
    #expect(l.keys["not"] == nil && l.keys["not.a.table"] == nil)
    #expect(l.keys["t"] == pos(4, 1))
    #expect(l.position(of: "t.e", offset: 1) == pos(5, 8))
    #expect(l.keys["t.f"] == pos(6, 1))
  }

  @Test func escapesMapToTheCharactersThatWroteThem() {
    // refuse = "\t  r\u0041\\x"
    let text = #"refuse = "\t  r\u0041\\x""#
    let l = SourceLocator(text: text)
    let at = { (o: Int) in l.position(of: "refuse", offset: o) }
    #expect(at(0) == pos(1, 11))  // \t
    #expect(at(1) == pos(1, 13))  // blank
    #expect(at(3) == pos(1, 15))  // r
    #expect(at(4) == pos(1, 16))  // \u0041 is one character, 'A'
    #expect(at(5) == pos(1, 22))  // \\ is one character
    #expect(at(6) == pos(1, 24))  // x
    #expect(at(7) == pos(1, 25))  // past the end: the closing quote
    #expect(at(99) == pos(1, 25))
    #expect(l.position(of: "nothing", offset: 0) == nil)
  }

  @Test func multiLineStrings() {
    let text = "when = \"\"\"\n  count > 0 \\\n     && x\n  y\"\"\"\nlit = '''\nab\\c'''"
    let l = SourceLocator(text: text)
    // The first line break is not part of the value; a line-ending backslash
    // drops the break and the blanks after it.
    #expect(l.position(of: "when", offset: 0) == pos(2, 1))
    #expect(l.position(of: "when", offset: 2) == pos(2, 3))  // c
    #expect(l.position(of: "when", offset: 12) == pos(3, 6))  // first & after the backslash
    #expect(l.position(of: "when", offset: 15) == pos(3, 9))  // x
    #expect(l.position(of: "when", offset: 16) == pos(3, 10))  // a line break inside is kept
    #expect(l.position(of: "when", offset: 19) == pos(4, 3))  // y
    #expect(l.position(of: "when", offset: 20) == pos(4, 4))  // the closing delimiter
    #expect(l.strings["when"]?.count == 21)
    // Literal strings have no escapes.
    #expect(l.position(of: "lit", offset: 2) == pos(6, 3))
    #expect(l.position(of: "lit", offset: 3) == pos(6, 4))
    #expect(l.keys["lit"] == pos(5, 1))
  }

  @Test func fallsBackToTheNearestKnownPath() {
    let text = """
      [kinds.pin.acquire]
      effects = ["x"]
      """
    let l = SourceLocator(text: text)
    #expect(l.position(of: "kinds.pin.acquire.refuse") == pos(1, 1))
    #expect(l.position(of: "kinds.pin.acquire.effects[3]") == pos(2, 11))
    #expect(l.position(of: "kinds.pin.acquire.effects", preferValue: false) == pos(2, 1))
    #expect(l.position(of: "words.count") == nil)
    #expect(l.line(of: "kinds.pin.acquire.effects") == 2)
    #expect(l.line(of: "nowhere") == Int.max)
  }

  @Test func orderFollowsTheFile() {
    let l = SourceLocator(text: "held = { zeta = 1, alpha = 2 }\n[b]\n[a]\n")
    #expect(l.order(of: "held.zeta") < l.order(of: "held.alpha"))
    #expect(l.order(of: "b") < l.order(of: "a"))
    #expect(l.order(of: "a") < l.order(of: "missing"))
  }

  /// Every key path TOMLKit sees in a document is placed, and every string
  /// value decodes to as many characters as TOMLKit reads.
  static func crossCheck(_ text: String, name: String) {
    // TOMLKit aborts on some malformed headers: RefBits screens them first.
    guard TOMLInput.unsafeTOML(in: text) == nil, let table = try? TOMLTable(string: text) else { return }
    let l = SourceLocator(text: text)
    func walk(_ v: TOMLValueConvertible, _ path: String) {
      #expect(l.keys[path] != nil || l.values[path] != nil, "\(name): '\(path)' is not placed")
      if let s = v.string {
        #expect(l.strings[path]?.count == s.unicodeScalars.count + 1, "\(name): '\(path)' decodes to \(String(describing: l.strings[path]?.count)) positions for \(s.unicodeScalars.count) characters")
      } else if let t = v.table {
        for k in t.keys { if let c = t[k] { walk(c, path.isEmpty ? k : "\(path).\(k)") } }
      } else if let a = v.array {
        for (i, e) in a.enumerated() { walk(e, "\(path)[\(i)]") }
      }
    }
    for k in table.keys { if let c = table[k] { walk(c, k) } }
  }

  @Test func agreesWithTOMLKitOnTrickyText() {
    let text = """
      title = "a \\"quoted\\" title # not a comment"
      source = 'C:\\path'
      description = \"\"\"
      Line one \\
         continues here.
      Two ""quotes"" and \\u00e9\"\"\"
      "quoted key" = 1
      'lit.key' = { a = [1, [2, 3]], "b c" = { d = '''x''' } }
      [words.count]
      bits = 32
      fields.low = { bits = "7..0" }
      [[kinds.ref.acquire.fixups]]
      when = "x"
      effects = [
        "a", # c
        'b',
      ]
      [[kinds.ref.acquire.fixups]]
      when = "y"
      [kinds.ref.acquire.fixups.extra]
      note = "under the latest fixup"
      [[claims]]
      never = "leak"
      [[claims]]
      never = "premature_free"
      """
    Self.crossCheck(text, name: "tricky")
    let l = SourceLocator(text: text)
    #expect(l.keys["kinds.ref.acquire.fixups[1].extra.note"] != nil)
  }

  /// The shipped layouts: the files they are compiled from
  /// (Sources/RefBits/Resources/layouts, which `layouts/` points to).
  static var layoutFiles: [String] {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/RefBits/Resources/layouts").standardized
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
      .map { dir.appendingPathComponent($0).path }
  }

  @Test func agreesWithTOMLKitOnLayoutFiles() throws {
    for path in Self.layoutFiles {
      let text = try #require(FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) })
      Self.crossCheck(text, name: path)
    }
  }

  @Test func agreesWithTOMLKitOnTheMalformedCorpus() {
    for name in MalformedCorpus.names {
      if let text = MalformedCorpus.text(name) { Self.crossCheck(text, name: name) }
    }
  }

  /// Random text never makes the scan fail.
  @Test func neverTrapsOnRandomText() {
    var rng = LocatorRNG(seed: 0x5EED_10CA)
    let alphabet = Array("ab.=[]{}\"'#,\\\n \t\r1u_".unicodeScalars) + ["\u{e9}", "\u{1F600}"]
    for _ in 0..<300 {
      var s = String.UnicodeScalarView()
      for _ in 0..<Int(rng.next() % 80) { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
      let l = SourceLocator(text: String(s))
      for (path, map) in l.strings {
        #expect(!map.isEmpty)
        _ = l.position(of: path, offset: Int(rng.next() % 100))
      }
    }
  }
}

private typealias LocatorRNG = SplitMix64
