/// A workload whose actors all take single steps and hold nothing
/// (``BoundWorkload/BoundActor/singleBursts`` and `zeroHold`), as the fused
/// loop of ``NativeEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``
/// reads it: the driver's flat tables (``WorkloadDriver``).
struct SingleStepWorkload: Sendable {
  var actorThresholds: [UInt64]
  /// Per actor (in drawing order): its number, acquire threshold and range
  /// of ``choices``.
  var actors: [Actor]
  var choiceThresholds: [UInt64]
  var choices: [Op.Action]

  struct Actor: Sendable {
    var number: Int
    var acquireThreshold: UInt64
    var choices: Range<Int>
  }
}

extension NativeEngine {
  /// Runs the `operations` operations of one lifetime of a single-step
  /// workload, as ``WorkloadDriver/run(lifetime:operations:seed:recorder:stop:)``'s
  /// loop does with ``countedStep(_:recorder:)``, with the same random
  /// draws, steps, counts and first sightings, in one loop: no grant
  /// records, no due times, no per-operation calls into the recorder (its
  /// operation counters are moved once at the end, and set where an outcome
  /// is first seen). Between ``beginCounting(_:)`` and ``endCounting(_:)``.
  ///
  /// Every grant of such an actor is one reference, due when taken, so an
  /// actor releases its oldest (the driver's FIFO, ``GrantQueues``, which it
  /// uses too). Nil, having done nothing, when the state is not in the
  /// native buffers; false when `stop` said to stop.
  ///
  /// Its steps are ``nativeStep(_:)``'s (``fusedStep(_:record:actor:)``): checked
  /// against the reference step in builds with `REFBITS_INTERNAL_CHECKS`,
  /// like every native step.
  ///
  /// - Complexity: O(`operations` × (actors + choices per actor)) besides
  ///   the steps.
  mutating func singleStepLifetime(_ w: SingleStepWorkload, operations: Int, rng: inout FuzzRandom, queues: inout GrantQueues, recorder: inout OutcomeRecorder, stop: () -> Bool) -> Bool? {
    if let compiled = compiledSteps {
      return compiled.lifetime(&self, w, operations: operations, rng: &rng, queues: &queues, recorder: &recorder, stop: stop)
    }
    return singleStepLifetime(InterpretedFlatSteps.self, w, operations: operations, rng: &rng, queues: &queues, recorder: &recorder, stop: stop)
  }

  /// ``singleStepLifetime(_:operations:rng:queues:recorder:stop:)`` taking
  /// flat steps with `stepper`: specialised for each.
  @inline(__always)
  mutating func singleStepLifetime<S: FlatStepper>(_ stepper: S.Type, _ w: SingleStepWorkload, operations: Int, rng: inout FuzzRandom, queues: inout GrantQueues, recorder: inout OutcomeRecorder, stop: () -> Bool) -> Bool? {
    guard exact == nil else { return nil }
    if let top = w.actors.map(\.number).max(), top >= actorCapacity { growActors(top + 1) }
    let operation0 = recorder.operation, singleSteps0 = recorder.lifetimeSingleSteps
    // Operations that took a step (an acquire skipped on a dead object
    // takes none and, as in the driver, is not counted as an operation).
    var done = 0
    defer {
      recorder.operation = operation0 + done
      recorder.operations += done
      recorder.lifetimeSingleSteps = singleSteps0 &+ UInt64(done)
    }
    // Each choice's operation record (``NativeMachine/index(_:)``).
    let records = w.choices.map { native.index($0) }
    // The queues' pointers in registers (the loop stores through others).
    let rings = queues.rings
    return w.actorThresholds.withUnsafeBufferPointer { actorThresholds in
      w.actors.withUnsafeBufferPointer { actors in
        w.choiceThresholds.withUnsafeBufferPointer { choiceThresholds in
          w.choices.withUnsafeBufferPointer { choices in
            records.withUnsafeBufferPointer { records in
              let lastActor = actorThresholds.count &- 1
              for t in 0..<operations {
                if t & 1023 == 1023, stop() { return false }
                // The actor: with one, the draw is made (the stream moves
                // on) but its value is not needed.
                var i = 0
                if lastActor == 0 {
                  rng.skip()
                } else {
                  i = Self.drawn(rng.next() &>> 11, actorThresholds, 0..<lastActor)
                }
                let actor = actors[i]
                let a = actor.number
                // The operation (its record, kind and direction), and
                // whether it releases the actor's oldest grant or acquires
                // (and then queues what it took).
                let action: Op.Action, record: Int
                if (rng.next() &>> 11) >= actor.acquireThreshold, let k = rings.topKind(a) {
                  action = .release(kind: Int(k))
                  record = Int(k) &* 2 &+ 1
                } else {
                  let c = Self.drawn(rng.next() &>> 11, choiceThresholds, actor.choices.lowerBound..<actor.choices.upperBound &- 1)
                  action = choices[c]
                  record = records[c]
                  // No caller takes a reference on a dead object it would
                  // bring back.
                  if action.isAcquire && !admits(Op(action, actor: a)) { continue }
                }
                // One call site, so that the step inlines.
                if fusedStep(S.self, action, record: record, actor: a) {
                  switch action {
                  case .release: rings.popTop(actor: a)
                  case .acquire(let k): rings.push(kind: Int32(k), actor: a)
                  case .perform: break
                  }
                }
                var e = 0
                while e < emittedCount {
                  let id = Int(emitted[e])
                  pending[id] &+= 1
                  if !seen[id] {
                    recorder.operation = operation0 + done
                    recorder.lifetimeSingleSteps = singleSteps0 &+ UInt64(done)
                    firstSeen(id, recorder: &recorder)
                  }
                  e &+= 1
                }
                done &+= 1
              }
              return true
            }
          }
        }
      }
    }
  }

  /// The draw `r` among `thresholds[range]` and the one after them, as the
  /// driver reads it (the first `j` whose threshold is above `r`, or
  /// `range.upperBound`): the thresholds are cumulative, so that is
  /// `range.lowerBound` plus how many of them `r` reaches, counted without a
  /// branch on the random draw.
  @inline(__always)
  static func drawn(_ r: UInt64, _ thresholds: UnsafeBufferPointer<UInt64>, _ range: Range<Int>) -> Int {
    var n = range.lowerBound
    var j = range.lowerBound
    while j < range.upperBound {
      n &+= r >= thresholds[j] ? 1 : 0
      j &+= 1
    }
    return n
  }

  /// ``nativeStep(_:)`` for the fused loop: a flat step inline (by
  /// `stepper`), any other step through a call, so that the loop stays
  /// small. Checked against the reference step like every native step.
  @inline(__always)
  mutating func fusedStep<S: FlatStepper>(_ stepper: S.Type, _ action: Op.Action, record: Int, actor: Int) -> Bool {
    #if REFBITS_INTERNAL_CHECKS
    let op = Op(action, actor: actor)
    return checkedStep(op) { engine in
      engine.emittedCount = 0
      return S.step(&engine, record: record, kind: action.kind ?? 0, actor: actor) ?? engine.uncheckedStep(op)
    }
    #else
    emittedCount = 0
    if let applied = S.step(&self, record: record, kind: action.kind ?? 0, actor: actor) { return applied }
    return outOfLineStep(Op(action, actor: actor))
    #endif
  }

  @inline(never)
  mutating func outOfLineStep(_ op: Op) -> Bool { nativeStep(op) }
}

extension FlatStepper {
  /// ``NativeEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``
  /// with these flat steps (the loop specialised for them).
  static func lifetime(_ engine: inout NativeEngine, _ w: SingleStepWorkload, operations: Int, rng: inout FuzzRandom, queues: inout GrantQueues, recorder: inout OutcomeRecorder, stop: () -> Bool) -> Bool? {
    engine.singleStepLifetime(Self.self, w, operations: operations, rng: &rng, queues: &queues, recorder: &recorder, stop: stop)
  }
}
