import Foundation

/// Renders a `refbits bench` measurement (``FuzzBenchmark/Document``): an
/// aligned table per layout and the baseline's ratio, as text (markdown
/// wraps the same table in a code block) or JSON.
public struct BenchmarkRenderer: ResultRenderer, Sendable {
  /// The measurement.
  var document: FuzzBenchmark.Document

  /// Creates a renderer of `document`.
  public init(_ document: FuzzBenchmark.Document) {
    self.document = document
  }

  /// An aligned table per layout: engine, steps per second, ratio to the baseline.
  public func text() -> String {
    let r = document
    let runs = r.layouts.flatMap { $0.throughput.map(\.runs) }.max() ?? 1
    var out = ["refbits bench (\(r.cores) cores), single-step fuzzing under \(r.workload)\(runs > 1 ? ", best of \(runs) runs" : ""):", ""]
    let jobCounts = Array(Set(r.layouts.flatMap { $0.throughput.map(\.jobs) })).sorted()
    var header = ["layout", "engine"] + jobCounts.map { "\($0) job\($0 == 1 ? "" : "s") ops/s" }
    if jobCounts.count > 1 { header.append("scaling") }
    header += ["bulk 2^31", "bulk 2^63"]
    var rows: [[String]] = []
    for l in r.layouts {
      var row = [l.layout, l.engine]
      for j in jobCounts { row.append(l.throughput.first { $0.jobs == j }.map { String(format: "%.3gM", $0.operationsPerSecond / 1e6) } ?? "-") }
      if jobCounts.count > 1, let a = l.throughput.first(where: { $0.jobs == jobCounts[0] }), let b = l.throughput.last {
        row.append(String(format: "%.2fx", b.operationsPerSecond / a.operationsPerSecond))
      }
      for b in l.bulk { row.append(String(format: "%.3g ms", b.seconds * 1e3) + (b.stoppedBy.isEmpty ? "" : " (stops at \(b.completed + 1))")) }
      rows.append(row)
    }
    out += FuzzRenderer.table(header: header, rows)
    if let b = r.baseline {
      let spread = b.runs > 1 ? " (slowest run \(String(format: "%.3gM", Double(b.operations) / b.slowestSeconds / 1e6)))" : ""
      out += ["", "C baseline (\(b.layout), same mix, truth and predicate checks): \(String(format: "%.3gM", b.operationsPerSecond / 1e6)) ops/s\(spread); counts \(b.countsAgree ? "agree" : "DIFFER")", "RefBits / C (1 job, best runs): \(String(format: "%.2f", b.ratio))"]
    }
    return out.joined(separator: "\n")
  }

  /// The text table in a code block.
  public func markdown() -> String {
    "```text\n" + text() + "\n```\n"
  }

  /// The measurement as JSON: the fields of ``FuzzBenchmark/Document``.
  public func json() -> String {
    JSONOutput.encode(document)
  }
}
