// What GUP_PIN_COUNTING_BIAS buys and costs: the shipped `linux-gup-bias`
// layout read at several values of its parameter, each analysed by the exact
// lens, and the pin capacity set against how soon `folio_maybe_dma_pinned()`
// says "pinned" for a page that only has ordinary references.
//
// The library calls, in order:
// - `ShippedLayouts.resolve(_:parameters:)`: a layout by shipped name or
//   path, read at parameter values (the command line's `--set`);
// - `Analysis.all(_:)`: the exact lens (capacities, predicate onsets,
//   reachable outcomes), exact integers as `BigInt`;
// - `AnalysisRenderer(_:).text()`: the text `refbits analyze` prints.
import Foundation
import RefBits

let biases = [8, 10, 12, 14]
print("GUP_PIN_COUNTING_BIAS  pin capacity  false_positive(maybe_pinned) after")
do {
  var layouts: [Layout] = []
  for shift in biases {
    layouts.append(try ShippedLayouts.resolve("linux-gup-bias", parameters: ["GUP_PIN_COUNTING_BIAS": BigInt(1) << shift]))
  }
  for (shift, analysis) in zip(biases, try Analysis.all(layouts)) {
    let pin = analysis.capacities.first { $0.kind == "pin" }?.capacity
    let onset = analysis.onsets.first { $0.outcome == .falsePositive(predicate: "maybe_pinned") }?.after
    let bias = "1 << \(shift)".padding(toLength: 22, withPad: " ", startingAt: 0)
    let capacity = (pin.map { "\($0)" } ?? "none").padding(toLength: 13, withPad: " ", startingAt: 0)
    print("\(bias) \(capacity) \(onset.map { "\($0.operations) get_page" } ?? "never")")
  }
  // The kernel's own value, as `refbits analyze linux-gup-bias` prints it.
  print("")
  print(AnalysisRenderer(try Analysis.all([try ShippedLayouts.resolve("linux-gup-bias")])).text(), terminator: "")
} catch let diagnostics as Diagnostics {
  FileHandle.standardError.write(Data((diagnostics.description + "\n").utf8))
  exit(2)
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(2)
}
