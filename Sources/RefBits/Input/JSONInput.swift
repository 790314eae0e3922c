import Foundation

/// Reading a JSON input file (a witness, a fuzz result or shard) into a
/// `Decodable` value, with errors a person can act on.
///
/// `JSONDecoder`'s errors name Swift types and coding keys; these name the
/// file, the place in it (`line:col` for a syntax error, the JSON path such
/// as `operations[2].count` for a value of the wrong kind) and what was
/// expected there, in words.
enum JSONInput {
  /// Reads and decodes `path`, of at most ``InputLimits/jsonFileBytes``.
  ///
  /// - Parameter what: what the file is ("witness", "fuzz result").
  static func decode<T: Decodable>(_ type: T.Type, contentsOf path: String, what: String, hint: String? = nil) throws(Diagnostics) -> T {
    let bytes = try InputFile.read(path, shown: path, limit: InputLimits.jsonFileBytes, what: what, hint: hint)
    return try decode(type, from: bytes, file: path, what: what, hint: hint)
  }

  /// Decodes JSON bytes.
  static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String, what: String, hint: String? = nil) throws(Diagnostics) -> T {
    do {
      return try JSONDecoder().decode(type, from: Data(bytes))
    } catch let error as DecodingError {
      throw Diagnostics([diagnostic(error, bytes: bytes, file: file, what: what, hint: hint)])
    } catch {
      throw Diagnostics([Diagnostic(file: file, message: "not a \(what): \(error.localizedDescription)", hint: hint)])
    }
  }

  /// A decoding error in words, located.
  static func diagnostic(_ error: DecodingError, bytes: [UInt8], file: String, what: String, hint: String?) -> Diagnostic {
    func at(_ context: DecodingError.Context) -> String { path(context.codingPath) }
    switch error {
    case .typeMismatch(let type, let context):
      return Diagnostic(file: file, keyPath: at(context), message: "expected \(describe(type))\(foundText(context))", hint: hint)
    case .valueNotFound(let type, let context):
      return Diagnostic(file: file, keyPath: at(context), message: "expected \(describe(type)), found null", hint: hint)
    case .keyNotFound(let key, let context):
      let place = context.codingPath.isEmpty ? "the top-level object" : "this object"
      return Diagnostic(file: file, keyPath: at(context), message: "\(place) has no key '\(key.stringValue)', which a \(what) needs", hint: hint)
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        if let syntax = syntaxError(in: bytes) {
          return Diagnostic(file: file, line: syntax.line, column: syntax.column, message: "not valid JSON: \(syntax.message)", hint: hint)
        }
        // Well formed, yet refused: Foundation says "not valid JSON", with
        // no path, for a number that is not the integer it wanted.
        do {
          let root = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
          if let (at, number) = firstNonInteger(root, path: "") {
            return Diagnostic(file: file, keyPath: at, message: "expected an integer of at most 64 bits, found \(number) (wider integers are written as decimal strings)", hint: hint)
          }
        } catch {
          if let d = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String {
            return Diagnostic(file: file, message: "not readable as a \(what): \(d)", hint: hint)
          }
        }
        return Diagnostic(file: file, message: "not readable as a \(what): a value does not fit what the format expects there", hint: hint)
      }
      return Diagnostic(file: file, keyPath: at(context), message: context.debugDescription, hint: hint)
    @unknown default:
      return Diagnostic(file: file, message: "not a \(what)", hint: hint)
    }
  }

  /// Keys whose values are numbers with a fraction in RefBits' JSON.
  static let fractionalKeys: Set<String> = ["rate_per_million", "lower", "upper", "seconds", "operations_per_second", "ratio"]

  /// The path and text of the first number (in key order) that is not an
  /// integer of 64 bits, outside ``fractionalKeys``.
  static func firstNonInteger(_ value: Any, path: String) -> (String, String)? {
    if let d = value as? [String: Any] {
      for k in d.keys.sorted() where !fractionalKeys.contains(k) {
        if let found = firstNonInteger(d[k] as Any, path: path.isEmpty ? k : "\(path).\(k)") { return found }
      }
      return nil
    }
    if let a = value as? [Any] {
      for (i, x) in a.enumerated() {
        if let found = firstNonInteger(x, path: "\(path)[\(i)]") { return found }
      }
      return nil
    }
    if let n = value as? NSNumber, !(value is Bool), n as? Int64 == nil, n as? UInt64 == nil {
      return (path, n.description)
    }
    return nil
  }

  /// `operations[2].count`.
  static func path(_ keys: [any CodingKey]) -> String {
    var out = ""
    for k in keys {
      if let i = k.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + k.stringValue }
    }
    return out
  }

  /// ", found a string" from Foundation's "Expected to decode Int but found
  /// a string instead.", when it says.
  static func foundText(_ context: DecodingError.Context) -> String {
    guard let r = context.debugDescription.range(of: "but found ") else { return "" }
    let rest = context.debugDescription[r.upperBound...]
    let found = rest.hasSuffix(" instead.") ? rest.dropLast(" instead.".count) : rest
    return found.isEmpty ? "" : ", found \(found)"
  }

  /// A Swift type as a JSON reader would call it.
  static func describe(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type, is UInt32.Type: "an integer"
    case is Double.Type, is Float.Type: "a number"
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    case is BigInt.Type: "an integer as a decimal string"
    default:
      String(describing: type).hasPrefix("Array") ? "an array" : String(describing: type).hasPrefix("Dictionary") ? "an object" : "a value of the right kind"
    }
  }

  /// The first syntax error of JSON text (RFC 8259), with its 1-based line
  /// and column, or nil when the text is well formed.
  ///
  /// - Complexity: O(n), iterative (no recursion, whatever the nesting).
  static func syntaxError(in bytes: [UInt8]) -> (line: Int, column: Int, message: String)? {
    var i = 0
    var stack: [UInt8] = []  // '{' or '['
    func position(_ offset: Int) -> (Int, Int) {
      var line = 1, lineStart = 0
      for j in 0..<min(offset, bytes.count) where bytes[j] == 0x0A {
        line += 1
        lineStart = j + 1
      }
      // Columns count characters: bytes that do not continue a UTF-8 sequence.
      let column = bytes[lineStart..<min(offset, bytes.count)].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
      return (line, column)
    }
    func fail(_ message: String) -> (line: Int, column: Int, message: String) {
      let (l, c) = position(i)
      return (l, c, message)
    }
    func found() -> String {
      guard i < bytes.count else { return "the end of the file" }
      let b = bytes[i]
      return b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16, uppercase: true))"
    }
    func skipBlanks() {
      while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }
    func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
    // One scalar value (string, number, literal) at i; nil when it is one.
    func scalar() -> (line: Int, column: Int, message: String)? {
      guard i < bytes.count else { return fail("expected a value, found the end of the file") }
      switch bytes[i] {
      case UInt8(ascii: "\""):
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
          if bytes[i] < 0x20 { return fail("a control character (byte 0x\(String(bytes[i], radix: 16, uppercase: true))) inside a string: write it as an escape") }
          if bytes[i] == UInt8(ascii: "\\") {
            i += 1
            guard i < bytes.count else { break }
            if bytes[i] == UInt8(ascii: "u") {
              for k in 1...4 where !(i + k < bytes.count && Character(Unicode.Scalar(bytes[i + k])).isHexDigit) {
                i += k
                return fail("'\\u' takes four hexadecimal digits")
              }
              i += 4
            } else if !"\"\\/bfnrt".utf8.contains(bytes[i]) {
              return fail("unknown escape '\\\(Character(Unicode.Scalar(bytes[i])))' in a string")
            }
          }
          i += 1
        }
        guard i < bytes.count else { return fail("a string is not closed: expected '\"'") }
        i += 1
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { return fail("expected a digit, found \(found())") }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while isDigit(i) { i += 1 } }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
          i += 1
          guard isDigit(i) else { return fail("expected a digit after '.', found \(found())") }
          while isDigit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
          i += 1
          if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
          guard isDigit(i) else { return fail("expected a digit in the exponent, found \(found())") }
          while isDigit(i) { i += 1 }
        }
      default:
        for word in ["true", "false", "null"] where bytes[i...].starts(with: word.utf8) {
          i += word.utf8.count
          return nil
        }
        return fail("expected a value (an object, array, string, number, true, false or null), found \(found())")
      }
      return nil
    }
    skipBlanks()
    // A value is expected at i; then what the enclosing container allows.
    var expectValue = true
    while true {
      skipBlanks()
      if expectValue {
        guard i < bytes.count else { return fail("expected a value, found the end of the file") }
        let b = bytes[i]
        if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
          stack.append(b)
          guard stack.count <= 512 else { return fail("arrays and objects nested more than 512 deep") }
          i += 1
          skipBlanks()
          let close = b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
          if i < bytes.count, bytes[i] == close {
            stack.removeLast()
            i += 1
            expectValue = false
            continue
          }
          if b == UInt8(ascii: "{") {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return fail("expected a key (a string) or '}', found \(found())") }
            if let e = scalar() { return e }
            skipBlanks()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return fail("expected ':' after the key, found \(found())") }
            i += 1
          }
          continue
        }
        if let e = scalar() { return e }
        expectValue = false
        continue
      }
      // After a value.
      guard let open = stack.last else {
        return i < bytes.count ? fail("unexpected \(found()) after the end of the value") : nil
      }
      guard i < bytes.count else { return fail("expected ',' or '\(open == UInt8(ascii: "{") ? "}" : "]")', found the end of the file") }
      let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
      if bytes[i] == close {
        stack.removeLast()
        i += 1
        continue
      }
      guard bytes[i] == UInt8(ascii: ",") else { return fail("expected ',' or '\(Character(Unicode.Scalar(close)))', found \(found())") }
      i += 1
      if open == UInt8(ascii: "{") {
        skipBlanks()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return fail("expected a key (a string), found \(found())") }
        if let e = scalar() { return e }
        skipBlanks()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return fail("expected ':' after the key, found \(found())") }
        i += 1
      }
      expectValue = true
    }
  }
}
