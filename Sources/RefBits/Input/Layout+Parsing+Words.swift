import TOMLKit

extension TOMLReader {
  /// `[words.NAME]`, each one field or a `fields` table of bit ranges;
  /// adds the words with fields and every field to `scope`.
  mutating func readWords(_ root: TOMLTable, names: inout LayoutNames, scope: inout Expression.Scope) -> (words: [Layout.Word], fields: [Layout.Field]) {
    // Words and fields.
    var words: [Layout.Word] = []
    var fields: [Layout.Field] = []
    if let wordsTable = subtable(root, "words", at: "", required: true) {
      for wname in orderedKeys(wordsTable, at: "words") {
        let wpath = "words.\(wname)"
        guard let wt = subtable(wordsTable, wname, at: "words") else { broken.insert(wname); continue }
        checkKeys(wt, at: wpath, allowed: ["bits", "signed", "description", "fields"])
        guard claim(wname, wpath, in: &names) else { continue }
        var bits = 0
        if let v = wt["bits"] {
          if v.int != nil || v.string != nil {
            // An integer, or a constant expression such as "32 - GUARD_BITS".
            if let n = number(v, at: join(wpath, "bits"), scope: scope) {
              if let b = n.int, (1...128).contains(b) { bits = b } else {
                error(join(wpath, "bits"), "a word has 1 to 128 bits, not \(n)", hint: "atomic_t is 32 bits, a machine word 64; wider counts need several words")
              }
            }
          } else {
            error(join(wpath, "bits"), "a word has 1 to 128 bits: 'bits' must be an integer, not \(Self.a(v.type))", hint: "write bits = 32 (atomic_t) or bits = 64 (a machine word)")
          }
        } else {
          error(wpath, "missing required key 'bits'", hint: "add `bits = 32` (1 to 128)", atKey: true)
        }
        if bits == 0 {
          // Neither the word nor its fields exist: uses of them are not errors of their own.
          broken.insert(wname)
          if let ft = wt["fields"]?.table { broken.formUnion(ft.keys) }
        }
        let signed = bool(wt, "signed", at: wpath) ?? false
        let word = Layout.Word(name: wname, bits: max(bits, 1), signed: signed, description: string(wt, "description", at: wpath) ?? "")
        let wi = words.count
        words.append(word)
        guard bits > 0 else { continue }
        if let ft = subtable(wt, "fields", at: wpath) {
          scope.words[wname] = wi
          names.defined[wname] = wpath
          var mine: [Layout.Field] = []
          for fname in orderedKeys(ft, at: "\(wpath).fields") {
            let fpath = "\(wpath).fields.\(fname)"
            guard let f = readField(ft, fname, at: fpath, word: wi, wordBits: bits, wordSigned: signed, scope: scope) else { broken.insert(fname); continue }
            guard claim(fname, fpath, in: &names) else { continue }
            if let clash = mine.first(where: { max($0.lsb, f.lsb) <= min($0.msb, f.msb) }) {
              error(join(fpath, "bits"), "field '\(fname)' (bits \(f.msb)..\(f.lsb)) overlaps field '\(clash.name)' (bits \(clash.msb)..\(clash.lsb))", hint: "fields of one word must not share bits: bits \(min(f.msb, clash.msb))..\(max(f.lsb, clash.lsb)) are in both")
              broken.insert(fname)
              continue
            }
            mine.append(f)
          }
          if mine.isEmpty { error(join(wpath, "fields"), "word '\(wname)' has a fields table with no valid field", hint: "name at least one field, or drop the table to make the whole word one field") }
          fields += mine
        } else {
          fields.append(Layout.Field(name: wname, word: wi, lsb: 0, msb: bits - 1, signed: signed, description: word.description))
        }
      }
      if words.isEmpty { error("words", "a layout needs at least one word", hint: "add [words.count] with bits = 32") }
    }
    scope.fields = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    return (words, fields)
  }

  /// One field's `bits`: `"MSB..LSB"` or `"N"`, each end an integer, a
  /// constant or parameter name, or a parenthesized constant expression
  /// (`"31..(32 - READ_BITS)"`).
  mutating func readField(_ ft: TOMLTable, _ fname: String, at fpath: String, word: Int, wordBits: Int, wordSigned: Bool, scope: Expression.Scope) -> Layout.Field? {
    guard let t = subtable(ft, fname, at: fpath.components(separatedBy: ".").dropLast().joined(separator: ".")) else { return nil }
    checkKeys(t, at: fpath, allowed: ["bits", "signed", "description"])
    guard let v = t["bits"] else {
      error(fpath, "missing required key 'bits'", hint: "give the bit range as `bits = \"31..28\"` (msb..lsb) or `bits = \"7\"`", atKey: true)
      return nil
    }
    let text: String
    if let s = v.string { text = s } else if let i = v.int { text = String(i) } else {
      error(join(fpath, "bits"), "'bits' of a field is a range string such as \"31..28\", not \(Self.a(v.type))", hint: "write \"MSB..LSB\", e.g. \"31..28\", or one bit as \"7\"")
      return nil
    }
    let parts = text.components(separatedBy: "..")
    let shapely = (1...2).contains(parts.count) && parts.allSatisfy { p in
      let t = p.trimmingCharacters(in: .whitespaces)
      return Int(t) != nil || isIdentifier(t) || (t.hasPrefix("(") && t.hasSuffix(")"))
    }
    guard shapely else {
      let separator = text.contains("-") || text.contains(":") ? "a range is written with two dots, \"MSB..LSB\", e.g. \"31..28\"; an end computed from parameters goes in parentheses, \"31..(32 - READ_BITS)\"" : "write \"MSB..LSB\", e.g. \"31..28\", or one bit as \"7\""
      error(join(fpath, "bits"), "'\(text)' is not a bit range", hint: separator)
      return nil
    }
    var ends: [Int] = []
    var base = 0
    for part in parts {
      defer { base += part.unicodeScalars.count + 2 }
      if let i = Int(part.trimmingCharacters(in: .whitespaces)) { ends.append(i); continue }
      let e: Expression
      do {
        e = try Expression.parse(part).resolved(in: Expression.Scope(constants: scope.constants), context: .constant)
      } catch {
        expressionError(join(fpath, "bits"), error, text: part, base: base, resolving: true)
        return nil
      }
      guard let i = e.constantValue.int, (-1...128).contains(i) else {
        error(join(fpath, "bits"), "bit \(e.constantValue) lies outside the \(wordBits)-bit word", hint: "bit numbers run from 0 to \(wordBits - 1)")
        return nil
      }
      ends.append(i)
    }
    let a = ends[0], b = ends[ends.count - 1]
    let msb = max(a, b), lsb = min(a, b)
    guard lsb >= 0, msb < wordBits else {
      error(join(fpath, "bits"), "bits \(msb)..\(lsb) lie outside the \(wordBits)-bit word", hint: "bit numbers run from 0 to \(wordBits - 1)")
      return nil
    }
    let holdsTop = msb == wordBits - 1
    let signed = bool(t, "signed", at: fpath) ?? (wordSigned && holdsTop)
    return Layout.Field(name: fname, word: word, lsb: lsb, msb: msb, signed: signed, description: string(t, "description", at: fpath) ?? "")
  }

  func fits(_ v: BigInt, _ f: Layout.Field) -> Bool {
    if f.signed { return v >= -BigInt.power(of2: f.bits - 1) && v < BigInt.power(of2: f.bits - 1) }
    return !v.isNegative && v < BigInt.power(of2: f.bits)
  }

  /// The values a field can hold, and what to write when a value does not fit.
  func fitHint(_ v: BigInt, _ f: Layout.Field) -> String {
    if f.signed {
      let range = "a signed \(f.bits)-bit field holds \(-BigInt.power(of2: f.bits - 1))...\(BigInt.power(of2: f.bits - 1) - 1)"
      if !v.isNegative, v < BigInt.power(of2: f.bits) {
        return "\(range); the bit pattern \(v.hexDescription) reads as \(v - BigInt.power(of2: f.bits)) in this field: write that, or make the field `signed = false`"
      }
      return range
    }
    return "an unsigned \(f.bits)-bit field holds 0...\(BigInt.power(of2: f.bits) - 1)"
  }

  /// "value 256 does not fit field 'pins' (8 bits, unsigned)".
  func doesNotFit(_ v: BigInt, _ f: Layout.Field) -> String {
    "value \(v) does not fit field '\(f.name)' (\(Self.bits(f.bits)), \(f.signed ? "signed" : "unsigned"))"
  }
}
