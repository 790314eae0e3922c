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
                  let r = rng.next() &>> 11
                  while i < lastActor && r >= actorThresholds[i] { i &+= 1 }
                }
                let actor = actors[i]
                let a = actor.number
                // The operation (its record, kind and direction), and
                // whether it releases the actor's oldest grant or acquires
                // (and then queues what it took).
                let action: Op.Action, record: Int
                if (rng.next() &>> 11) >= actor.acquireThreshold, let k = queues.topKind(a) {
                  action = .release(kind: Int(k))
                  record = Int(k) &* 2 &+ 1
                } else {
                  let r = rng.next() &>> 11
                  var c = actor.choices.lowerBound
                  while c < actor.choices.upperBound &- 1 && r >= choiceThresholds[c] { c &+= 1 }
                  action = choices[c]
                  record = records[c]
                  // No caller takes a reference on a dead object it would
                  // bring back.
                  if action.isAcquire && !admits(Op(action, actor: a)) { continue }
                }
                // One call site, so that the step inlines.
                if fusedStep(action, record: record, actor: a) {
                  switch action {
                  case .release: queues.popTop(actor: a)
                  case .acquire(let k): queues.push(kind: Int32(k), actor: a)
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

  /// ``nativeStep(_:)`` for the fused loop: a flat step inline, any other
  /// step through a call, so that the loop stays small.
  @inline(__always)
  mutating func fusedStep(_ action: Op.Action, record: Int, actor: Int) -> Bool {
    #if REFBITS_INTERNAL_CHECKS
    return nativeStep(Op(action, actor: actor))
    #else
    let flat = flatSteps + record
    guard flat.pointee.usable else { return outOfLineStep(Op(action, actor: actor)) }
    emittedCount = 0
    return flatStep(flat, kind: action.kind ?? 0, actor: actor)
    #endif
  }

  @inline(never)
  mutating func outOfLineStep(_ op: Op) -> Bool { nativeStep(op) }
}
