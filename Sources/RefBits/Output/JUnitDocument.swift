import Foundation

/// JUnit XML for CI: one test case per layout and claim (a layout without
/// claims gets one skipped case, so that it shows; a claim checked in 0
/// steps is an error, never a pass). Valid against the common junit-10.xsd
/// (docs/schema/junit.xsd states its rules; .ci/run validates with xmllint).
public struct JUnitDocument: Sendable {
  /// The fuzz results, one test suite each.
  var results: [FuzzResult]
  /// Where the witnesses are, for the command that replays each.
  var witnesses: WitnessDirectory

  /// Creates the document of `results`, naming witnesses under `witnesses`.
  public init(_ results: [FuzzResult], witnesses: WitnessDirectory) {
    self.results = results
    self.witnesses = witnesses
  }

  /// Writes the XML to `path`.
  ///
  /// - Throws: ``Diagnostics`` naming the file when it cannot be written.
  public func write(to path: String) throws(Diagnostics) {
    try OutputFile.write(xml(), to: path, what: "JUnit file")
  }

  static func escape(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default:
        if c.value < 0x20 && c != "\n" && c != "\t" && c != "\r" { out += "&#\(c.value);" } else { out.unicodeScalars.append(c) }
      }
    }
    return out
  }

  /// The XML text, valid against junit-10.xsd.
  func xml() -> String {
    var cases: [String] = []
    var failures = 0, skipped = 0, errors = 0
    for r in results {
      let suite = Self.escape("\(r.layoutName) [\(r.workload), seed \(r.seed)]")
      if r.claims.isEmpty {
        skipped += 1
        cases.append("    <testcase classname=\"\(suite)\" name=\"(no claims)\"><skipped message=\"the layout makes no claim\"/></testcase>")
      }
      for c in r.claims {
        var body = ""
        if r.tally.steps == 0 {
          errors += 1
          body = "<error message=\"checked in 0 steps\" type=\"unchecked\">\(Self.escape("no step ran under \(r.workload)\(r.stoppedBy.map { " (stopped by \($0.rawValue))" } ?? ""): the claim was not tested"))</error>"
        } else if c.broken {
          failures += 1
          var detail = "\(c.claim) broken: \(c.count) of \(r.tally.steps) steps"
          if let o = c.witness, let w = r.witness(o) {
            detail += "\nwitness (\(o)): \(w.script)"
            if let f = c.witnessFile { detail += "\nreplay: \(witnesses.replayCommand(f))" }
          }
          body = "<failure message=\"\(Self.escape(c.claim)) broken\">\(Self.escape(detail))</failure>"
        }
        cases.append("    <testcase classname=\"\(suite)\" name=\"\(Self.escape(c.claim))\">\(body)</testcase>")
      }
    }
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="refbits fuzz" tests="\(cases.count)" failures="\(failures)" errors="\(errors)">
        <testsuite name="refbits fuzz claims" tests="\(cases.count)" failures="\(failures)" errors="\(errors)" skipped="\(skipped)">
      \(cases.joined(separator: "\n"))
        </testsuite>
      </testsuites>

      """
  }
}
