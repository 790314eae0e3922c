import BaselineLoops
import Foundation
import Testing

@testable import RefBits

/// `refbits bench`'s C baseline repeats the fuzz lens on linux-gup-bias by
/// hand: it must take the reference step's path at every step, and the
/// bench compares its counts with RefBits' by outcome name.
@Suite("C baseline")
struct BaselineLoopTests {
  static let seed: UInt64 = 1

  static func workload() throws -> Workload { try ShippedWorkloads.resolve("bench-single-steps") }

  @Test("every step of the C loop equals Machine.step, over four lifetimes (seed 1)")
  func everyStep() throws {
    let layout = try ShippedLayouts.load("linux-gup-bias")
    let loop = CGupBiasLoop()
    #expect(try FuzzBenchmark.stepDiscrepancy(loop, layout: layout, seed: Self.seed, operations: 20_000, lifetime: 5_000) == nil)
    // Not vacuous: the check sees a changed step.
    let tampered = TamperedLoop(loop: loop, at: 7_777)
    let found = try FuzzBenchmark.stepDiscrepancy(tampered, layout: layout, seed: Self.seed, operations: 20_000, lifetime: 5_000)
    #expect(found?.contains("lifetime 1, operation 2778") == true, "\(found ?? "nil")")
  }

  @Test("the C loop's counts agree with a campaign's, outcome by outcome by name (seed 1)")
  func countsAgree() throws {
    let layout = try ShippedLayouts.load("linux-gup-bias")
    let workload = try Self.workload()
    let (_, run) = try FuzzBenchmark.throughput(layout: layout, workload: workload, operations: 30_000, jobs: 1, seed: Self.seed)
    let counts = CGupBiasLoop().run(seed: Self.seed, operations: 30_000, lifetime: workload.lifetime)
    #expect(counts.steps == 30_000)
    #expect(FuzzBenchmark.countsAgree(counts, run))
    // The comparison is by name, over the layout's outcome table.
    var off = counts
    off.counts["refused(pin)", default: 0] += 1
    #expect(!FuzzBenchmark.countsAgree(off, run))
    var unknown = counts
    unknown.counts["trapped"] = 0
    unknown.counts["refused(no_such_kind)"] = 0
    #expect(FuzzBenchmark.countsAgree(unknown, run))
    unknown.counts["refused(no_such_kind)"] = 1
    #expect(!FuzzBenchmark.countsAgree(unknown, run))
    var fewer = counts
    fewer.operations -= 1
    #expect(!FuzzBenchmark.countsAgree(fewer, run))
  }

  @Test("bench measures the layout and the C loop, and renders every format")
  func measure() throws {
    let input = try ShippedLayouts.resolveWithDigest("linux-gup-bias")
    let document = try FuzzBenchmark.measure([input], workload: try Self.workload(), operations: 5_000, jobs: [1], baseline: CGupBiasLoop())
    #expect(document.layouts.map(\.layout) == ["linux-gup-bias"])
    let baseline = try #require(document.baseline)
    #expect(baseline.countsAgree && baseline.operations == 5_000)
    let renderer = BenchmarkRenderer(document)
    #expect(renderer.rendered(.text).contains("counts agree"))
    #expect(renderer.rendered(.markdown).hasPrefix("```text\n"))
    let decoded = try JSONDecoder().decode(FuzzBenchmark.Document.self, from: Data(renderer.rendered(.json).utf8))
    #expect(decoded == document)
  }

  @Test("with several runs, bench keeps the best time of each side and still compares counts")
  func bestOfRuns() throws {
    let input = try ShippedLayouts.resolveWithDigest("linux-gup-bias")
    let document = try FuzzBenchmark.measure([input], workload: try Self.workload(), operations: 5_000, jobs: [1, 2], runs: 3, baseline: CGupBiasLoop())
    let throughput = document.layouts[0].throughput
    #expect(throughput.map(\.runs) == [3, 3])
    for t in throughput {
      #expect(t.seconds > 0 && t.seconds <= t.slowestSeconds)
      #expect(t.operationsPerSecond == 5_000 / t.seconds)
    }
    let baseline = try #require(document.baseline)
    #expect(baseline.runs == 3 && baseline.countsAgree)
    #expect(baseline.seconds <= baseline.slowestSeconds)
    #expect(baseline.ratio == throughput[0].operationsPerSecond / baseline.operationsPerSecond)
    #expect(BenchmarkRenderer(document).rendered(.text).contains("best of 3 runs"))
  }
}

/// The C loop with the outcomes of one step replaced: what the step check
/// must catch.
struct TamperedLoop: BaselineLoop {
  let loop: CGupBiasLoop
  /// The global step to change (0-based).
  let at: Int
  var layout: String { loop.layout }

  func run(seed: UInt64, operations: Int, lifetime: Int) -> BaselineLoopCounts {
    loop.run(seed: seed, operations: operations, lifetime: lifetime)
  }

  func run(seed: UInt64, operations: Int, lifetime: Int, observe: (BaselineLoopStep) -> Void) -> BaselineLoopCounts {
    var n = 0
    return loop.run(seed: seed, operations: operations, lifetime: lifetime) { step in
      var s = step
      if n == at { s.outcomes = ["trapped"] }
      n += 1
      observe(s)
    }
  }
}
