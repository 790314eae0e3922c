import Foundation
import TOMLKit

/// Reading an input file (layout, attacker profile, workload) as TOML: the
/// one place that turns a path or text into tables, with located errors.
///
/// Text that would abort TOMLKit's C++ parser (``TOMLInput/unsafeTOML(in:)``) is
/// refused before it gets there, so no input file can crash the process.
enum TOMLInput {
  /// The text and base name of a file.
  ///
  /// - Parameter listHint: where the shipped files of this kind are listed.
  static func read(contentsOf path: String, displayName: String?, listHint: String) throws(Diagnostics) -> (text: String, name: String, file: String) {
    let shown = displayName ?? path
    let bytes = try InputFile.read(path, shown: shown, limit: InputLimits.tomlFileBytes, what: "TOML input", hint: "check the path; \(listHint)")
    let text = try InputFile.text(bytes, shown: shown)
    return (text, URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, shown)
  }

  /// The root table of TOML text.
  ///
  /// - Throws: ``Diagnostics`` located at the syntax error.
  static func table(_ text: String, file: String) throws(Diagnostics) -> TOMLTable {
    guard text.utf8.count <= InputLimits.tomlFileBytes else {
      throw Diagnostics([Diagnostic(file: file, message: "the text has more than \(InputLimits.tomlFileBytes) bytes, more than any input file needs", hint: "a TOML input file is at most \(InputLimits.tomlFileBytes) bytes (see InputLimits)")])
    }
    if let bad = unsafeTOML(in: text) {
      throw Diagnostics([Diagnostic(file: file, line: bad.line, column: bad.column, message: bad.message, hint: bad.hint)])
    }
    do {
      return try TOMLTable(string: text)
    } catch let e as TOMLParseError {
      throw Diagnostics([Diagnostic(file: file, line: e.source.begin.line, column: e.source.begin.column, message: "TOML syntax: \(e.description)", hint: "the file is not valid TOML (https://toml.io): check the quotes, brackets, commas and '=' here")])
    } catch {
      throw Diagnostics([Diagnostic(file: file, message: "TOML syntax: \(error)")])
    }
  }
}
