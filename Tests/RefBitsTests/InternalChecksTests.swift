import Foundation
import Testing

@testable import RefBits

/// The cross-checks that `REFBITS_INTERNAL_CHECKS` runs on every step
/// (``InternalChecks``): each accepts what the fast path computed and
/// rejects a corrupted answer, so that a check that never fires means
/// something.
@Suite("Internal checks")
struct InternalChecksTests {
  /// Whether this test process was asked for the checked build.
  static var requested: Bool {
    ProcessInfo.processInfo.environment["REFBITS_INTERNAL_CHECKS"].map { $0 != "" && $0 != "0" } ?? false
  }

  @Test("the checked build has its checks on", .enabled(if: requested))
  func enabledWhenRequested() {
    #expect(InternalChecks.isEnabled)
  }

  /// A uniform run of `ref` acquires on linux-gup-bias from its initial
  /// state, with at most `limit` steps.
  /// Also how the run's prefixes are computed: the same proof with a
  /// smaller limit.
  static func run(limit: BigInt) throws -> (Machine, State, Op, Machine.UniformRun, (BigInt) -> Machine.UniformRun?) {
    let machine = Machine(try ShippedLayouts.load("linux-gup-bias"))
    let op = Op(kind: 0, direction: .acquire)
    let r1 = try machine.step(try machine.initialState(), op)
    let r2 = try machine.step(r1.state, op)
    let run = try #require(machine.uniformRun(from: r1.state, through: r2, op: op, limit: limit, rule: .events))
    return (machine, r2.state, op, run, { machine.uniformRun(from: r1.state, through: r2, op: op, limit: $0, rule: .events) })
  }

  @Test("a uniform run agrees with single steps; a corrupted one does not", arguments: [BigInt(9), BigInt(1) << 40])
  func uniformRun(limit: BigInt) throws {
    let (machine, start, op, run, prefix) = try Self.run(limit: limit)
    #expect(run.length >= 9)
    #expect(machine.uniformRunDiscrepancy(run, from: start, op: op, rule: .events, prefix: prefix) == nil)
    var wrongState = run
    wrongState.state.words[0] &+= 1
    #expect(machine.uniformRunDiscrepancy(wrongState, from: start, op: op, rule: .events, prefix: prefix) != nil)
    var wrongTally = run
    wrongTally.tally[.ok, default: 0] += 1
    #expect(machine.uniformRunDiscrepancy(wrongTally, from: start, op: op, rule: .events, prefix: prefix) != nil)
  }

  @Test("a native step agrees with Machine.step; a wrong answer does not")
  func nativeStep() throws {
    let machine = Machine(try ShippedLayouts.load("linux-gup-bias"))
    let native = try #require(NativeMachine(machine))
    var engine = NativeEngine(native: native, initial: try machine.initialState(), actors: 1)
    let op = Op(kind: 2, direction: .acquire)
    let before = engine.exactState()
    let applied = engine.nativeStep(op)
    #expect(engine.stepDiscrepancy(op, from: before, applied: applied) == nil)
    #expect(engine.stepDiscrepancy(op, from: before, applied: !applied) != nil)
    #expect(engine.stepDiscrepancy(Op(kind: 0, direction: .acquire), from: before, applied: applied) != nil)
  }
}
