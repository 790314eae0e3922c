/// A way of taking flat steps (``FlatStep``), for loops generic over it
/// (``NativeEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``):
/// the engine's records read at run time (``InterpretedFlatSteps``), or code
/// compiled ahead of time for one layout's records (``CompiledFlatSteps``).
/// Both run the stages of ``NativeEngine/flatStep(_:kind:actor:)``
/// (`NativeEngine+FlatStep.swift`), so they compute the same thing; a
/// generic loop is specialised for each, with the compiled one's values
/// folded into it.
protocol FlatStepper: SendableMetatype {
  /// Takes a flat step of operation record `record` (``NativeMachine/index(_:)``)
  /// moving `kind`'s truth for `actor`, with the outcomes left as
  /// ``NativeEngine/nativeStep(_:)`` leaves them (the caller sets
  /// ``NativeEngine/emittedCount`` to 0 first): whether it applied. Nil,
  /// having done nothing, if the record is not flat.
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool?

  /// ``NativeEngine/singleStepLifetime(_:operations:rng:queues:recorder:stop:)``
  /// taking these flat steps. A requirement (its default is the only
  /// implementation) so that the witness of each conformance runs the loop
  /// specialised for it, with the steps inlined, when called on an
  /// existential.
  static func lifetime(_ engine: inout NativeEngine, _ w: SingleStepWorkload, operations: Int, rng: inout FuzzRandom, queues: inout GrantQueues, recorder: inout OutcomeRecorder, stop: () -> Bool) -> Bool?
}

/// Flat steps read from the engine's records at run time: every layout.
enum InterpretedFlatSteps: FlatStepper {
  @inline(__always)
  static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {
    let flat = engine.flatSteps + record
    guard flat.pointee.usable else { return nil }
    return engine.flatStep(flat, kind: kind, actor: actor)
  }
}

/// Flat steps compiled ahead of time for the records of one layout: Swift
/// written by ``FlatStep/swiftSource(records:)`` (for the shipped layouts at
/// their defaults: `ShippedFlatSteps.swift`), and used only for an engine
/// whose records give the same code, word for word
/// (``ShippedFlatSteps/matching(_:)``): any layout, shipped or not, whose
/// operations compile to records that give that code. The code is a
/// function of the records alone (a test that is not narrow runs the
/// engine's own bound test by index, as the interpreted step does), so the
/// same code means the same steps.
protocol CompiledFlatSteps: FlatStepper {
  /// The type's members (``FlatStepper/step(_:record:kind:actor:)`` and
  /// its tables) as the generator wrote them: the key the records must
  /// give again.
  static var source: String { get }
}

extension ShippedFlatSteps {
  /// The compiled flat steps whose code the records of `native` give, if
  /// any was compiled.
  ///
  /// - Complexity: O(size of the records), once per campaign.
  static func matching(_ native: NativeMachine) -> (any CompiledFlatSteps.Type)? {
    let records = FlatStep.records(native)
    guard records.steps.contains(where: \.usable) else { return nil }
    return bySource[FlatStep.swiftSource(records: records)]
  }
}
