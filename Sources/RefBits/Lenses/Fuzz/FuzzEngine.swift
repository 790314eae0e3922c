/// What runs the operations of a lifetime: the exact ``Machine`` or the
/// ``NativeEngine``. Both record every outcome of every step into an
/// ``OutcomeRecorder`` and must agree exactly.
///
/// An engine may own buffers (the native engine is noncopyable): drivers and
/// shrinkers hold it by value and move it, never copy it.
protocol FuzzEngine: ~Copyable {
  var machine: Machine { get }
  /// Single steps one burst may take (``Machine/fuzzBurstSingleStepBudget``).
  var burstBudget: Int { get }
  /// Back to the layout's initial state.
  mutating func reset()
  /// To `state` (one ``exactState()`` returned): stepping on from it is
  /// stepping on from where that state was taken.
  mutating func restore(_ state: State)
  /// One step; whether it applied (was neither refused nor trapped).
  mutating func step(_ op: Op, recorder: inout OutcomeRecorder) -> Bool
  /// `count` steps of one op, in bulk: how many references they took or
  /// dropped (0 for an operation), and how many ran (fewer than `count` only
  /// for a truncated burst).
  mutating func burst(_ op: Op, count: BigInt, recorder: inout OutcomeRecorder) -> (applied: BigInt, steps: BigInt)
  /// References of `kind` that `actor` holds.
  func held(_ kind: Int, by actor: Int) -> BigInt
  /// Whether `op` can be taken now: false only for an acquire that would
  /// bring back a dead object (``Machine/revives(_:_:)``), which no caller
  /// takes (the driver and the shrinker skip it, as they skip a release of
  /// a reference not held). Mutating only so that the driver's hot path
  /// reads the engine in place (a borrowed access copied the whole native
  /// engine per acquire); it changes nothing.
  mutating func admits(_ op: Op) -> Bool
  /// The state as the exact machine sees it.
  func exactState() -> State
  /// Starts a stretch of ``countedStep(_:recorder:)`` calls for `recorder`.
  mutating func beginCounting(_ recorder: inout OutcomeRecorder)
  /// One step, like ``step(_:recorder:)``, whose counts may reach the
  /// recorder only at ``endCounting(_:)`` (where each outcome was first seen
  /// is recorded at once). Bursts and plain steps may be interleaved.
  mutating func countedStep(_ op: Op, recorder: inout OutcomeRecorder) -> Bool
  /// Gives the recorder every count since ``beginCounting(_:)``.
  mutating func endCounting(_ recorder: inout OutcomeRecorder)
  /// Runs a lifetime of a workload whose actors all take single steps and
  /// hold nothing exactly as the ``WorkloadDriver``'s loop would, with its
  /// grant queues, in one loop; nil, having done nothing, when the engine
  /// has no such loop or cannot run it now (the driver's loop then runs the
  /// lifetime). False when `stop` said to stop.
  mutating func singleStepLifetime(_ w: SingleStepWorkload, operations: Int, rng: inout FuzzRandom, queues: inout GrantQueues, recorder: inout OutcomeRecorder, stop: () -> Bool) -> Bool?
}

// MARK: - Default implementations

extension FuzzEngine where Self: ~Copyable {
  mutating func beginCounting(_ recorder: inout OutcomeRecorder) {}
  mutating func countedStep(_ op: Op, recorder: inout OutcomeRecorder) -> Bool { step(op, recorder: &recorder) }
  mutating func endCounting(_ recorder: inout OutcomeRecorder) {}
  mutating func singleStepLifetime(_ w: SingleStepWorkload, operations: Int, rng: inout FuzzRandom, queues: inout GrantQueues, recorder: inout OutcomeRecorder, stop: () -> Bool) -> Bool? { nil }
}
