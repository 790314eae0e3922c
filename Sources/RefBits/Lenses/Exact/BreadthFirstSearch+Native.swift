extension BreadthFirstSearch {
  /// ``referenceRun(targets:)`` with every step taken by a ``NativeEngine``:
  /// the same levels in the same order, the same states, the same answer,
  /// at tens of nanoseconds a step instead of microseconds (the search is
  /// most of the exact lens's work on small layouts, and all of a sweep's
  /// points are small layouts).
  ///
  /// States are kept as copies of the engine's buffers (words, truth, what
  /// each actor holds, ideal values, the predicates' standing, whether the
  /// object is dead), each restored before it is stepped. The engine's step
  /// is exactly ``Machine/step(_:_:)`` while counts stay below 2^61 and
  /// ideal values below 2^125 (``NativeEngine``): a search starts below both
  /// and moves a count by one a step, and it gives up (nil) the first time
  /// a step takes an ideal value out of range. The moves the reference step
  /// refuses are refused here by the same tests: a release of a reference
  /// the actor does not hold, and an acquire that would bring back a dead
  /// object (``Machine/revives(_:_:)``).
  ///
  /// - Returns: nil when the layout does not fit the native engine
  ///   (``NativeMachine/init(_:)``), the start does not fit its buffers, or
  ///   a step leaves the native range; the caller runs the reference search.
  /// - Complexity: O(states × ops) native steps, each O(words + fields +
  ///   predicates) plus a hash of the words and holders.
  func runNative(targets: [OutcomePattern]) -> Result? {
    guard let native = NativeMachine(machine) else { return nil }
    // An actor entry holding nothing would be part of the reference's key
    // but not of this one (steps never leave one behind; a start could).
    guard start.truth.byActor.values.allSatisfy({ !$0.allSatisfy(\.isZero) }) else { return nil }
    let actors = 1 + Swift.max(ops.map(\.actor).max() ?? 0, start.truth.byActor.keys.max() ?? 0)
    var engine = NativeEngine(native: native, initial: start, actors: actors)
    guard engine.exact == nil else { return nil }
    let table = native.outcomes
    // For each outcome id, the targets it matches.
    let matching: [[Int]] = table.outcomes.map { o in targets.indices.filter { targets[$0].matches(o) } }
    var store = NativeStates(engine)
    store.append(engine)
    var tree = SearchTree()
    var seen = NativeStateKeys(store)
    _ = seen.insert(engine)
    var frontier = [0]
    var found: [OutcomePattern: (ops: [Op], outcomes: [Outcome])] = [:]
    var depth = 0
    while depth < maxDepth, !frontier.isEmpty {
      var next: [Int] = []
      for i in frontier {
        for op in ops {
          store.restore(i, into: &engine)
          if case .release(let k) = op.action, engine.byActor[op.actor * engine.kindCount + k] < 1 { continue }
          if op.isAcquire, engine.dead, machine.revives(op, engine.exactState().truth) { continue }
          // Unchecked even in checked builds: `run(targets:)` compares the
          // whole search with the reference there, which checks every step
          // this one takes at the cost of one reference search.
          _ = engine.uncheckedStep(op)
          var trapped = false
          for e in 0..<engine.emittedCount {
            let id = engine.emitted[e]
            if id == engine.trapped { trapped = true }
            for t in matching[Int(id)] where found[targets[t]] == nil {
              let outcomes = (0..<engine.emittedCount).map { table.outcomes[Int(engine.emitted[$0])] }.sorted()
              found[targets[t]] = (tree.path(to: i, then: op), outcomes)
            }
          }
          if trapped { continue }
          for f in 0..<engine.fieldCount where engine.ideal[f].magnitude >= NativeEngine.idealLimit.magnitude { return nil }
          let slot = seen.find(engine)
          if slot.found { continue }
          if store.count >= stateBudget {
            return Result(depth: depth, exhaustedStates: false, found: found, states: store.count)
          }
          seen.insert(at: slot.index)
          store.append(engine)
          tree.add(from: i, by: op)
          next.append(store.count - 1)
        }
      }
      depth += 1
      frontier = next
      if found.count == targets.count { break }
    }
    return Result(depth: depth, exhaustedStates: frontier.isEmpty, found: found, states: store.count)
  }
}

/// The states of a native breadth-first search: each a copy of a
/// ``NativeEngine``'s buffers, in flat arrays with one stride per part.
private struct NativeStates {
  let wordCount: Int, truthCount: Int, actorSlots: Int, fieldCount: Int, predicateCount: Int
  let kindCount: Int
  var words: [UInt128] = []
  var truth: [UInt128] = []
  var byActor: [Int64] = []
  var ideal: [Int128] = []
  var standing: [UInt8] = []
  var dead: [Bool] = []

  init(_ engine: borrowing NativeEngine) {
    wordCount = engine.wordCount
    kindCount = engine.kindCount
    truthCount = engine.kindCount + 1
    actorSlots = engine.actorCapacity * Swift.max(1, engine.kindCount)
    fieldCount = engine.fieldCount
    predicateCount = engine.predicateCount
  }

  var count: Int { dead.count }

  mutating func append(_ engine: borrowing NativeEngine) {
    words.append(contentsOf: UnsafeBufferPointer(start: engine.words, count: wordCount))
    truth.append(contentsOf: UnsafeBufferPointer(start: engine.truth, count: truthCount))
    byActor.append(contentsOf: UnsafeBufferPointer(start: engine.byActor, count: actorSlots))
    ideal.append(contentsOf: UnsafeBufferPointer(start: engine.ideal, count: fieldCount))
    standing.append(contentsOf: UnsafeBufferPointer(start: engine.standing, count: predicateCount))
    dead.append(engine.dead)
  }

  /// Puts state `i` back into the engine's buffers.
  func restore(_ i: Int, into engine: inout NativeEngine) {
    func copy<T>(_ from: [T], _ stride: Int, to: UnsafeMutablePointer<T>) {
      guard stride > 0 else { return }
      from.withUnsafeBufferPointer { to.update(from: $0.baseAddress! + i * stride, count: stride) }
    }
    copy(words, wordCount, to: engine.words)
    copy(truth, truthCount, to: engine.truth)
    copy(byActor, actorSlots, to: engine.byActor)
    copy(ideal, fieldCount, to: engine.ideal)
    copy(standing, predicateCount, to: engine.standing)
    engine.standingBytesChanged()
    engine.dead = dead[i]
  }
}

/// The keys of the states a native search has seen: what decides a step, as
/// the reference search keys it (the words, then each actor holding
/// something, by increasing number, with its counts), flattened to 64-bit
/// words in one pool and found by open addressing.
///
/// Only membership matters to the search, so this answers exactly as a
/// `Set` of those keys would; it exists because building two arrays per
/// probed state (the key of a `Set`) was most of a probe's cost.
private struct NativeStateKeys {
  private let wordCount: Int, kindCount: Int, actorCount: Int
  /// Every key inserted, one after the other; key `i` is
  /// `pool[starts[i] ..< starts[i + 1]]`.
  private var pool: [UInt64] = []
  private var starts: [Int] = [0]
  private var hashes: [UInt64] = []
  /// Key numbers by hash, -1 where empty; a power of two, at most half full.
  private var slots: [Int32] = Array(repeating: -1, count: 1024)
  /// The key of the engine's state, built by ``find(_:)``.
  private var probe: [UInt64] = []
  private var probeHash: UInt64 = 0

  init(_ store: NativeStates) {
    wordCount = store.wordCount
    kindCount = store.kindCount
    actorCount = store.kindCount > 0 ? store.actorSlots / store.kindCount : 0
  }

  /// The slot of the engine's state's key (`found`), or the slot where it
  /// would go; the key is kept for ``insert(at:)``.
  ///
  /// - Complexity: O(words + actors × kinds), expected (linear probing in a
  ///   table at most half full).
  mutating func find(_ engine: borrowing NativeEngine) -> (found: Bool, index: Int) {
    probe.removeAll(keepingCapacity: true)
    for w in 0..<wordCount {
      let v = engine.words[w]
      probe.append(UInt64(truncatingIfNeeded: v))
      probe.append(UInt64(truncatingIfNeeded: v >> 64))
    }
    let k = kindCount
    for a in 0..<actorCount {
      let base = a * k
      var any = false
      for i in 0..<k where engine.byActor[base + i] != 0 { any = true }
      guard any else { continue }
      probe.append(UInt64(a))
      for i in 0..<k { probe.append(UInt64(bitPattern: engine.byActor[base + i])) }
    }
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(probe.count &+ 1)
    for v in probe { h = (h ^ v) &* 0xFF51_AFD7_ED55_8CCD; h ^= h >> 32 }
    probeHash = h
    let mask = slots.count - 1
    var s = Int(truncatingIfNeeded: h) & mask
    while true {
      let i = Int(slots[s])
      if i < 0 { return (false, s) }
      if hashes[i] == h, starts[i + 1] - starts[i] == probe.count, pool[starts[i]..<starts[i + 1]].elementsEqual(probe) { return (true, s) }
      s = (s + 1) & mask
    }
  }

  /// Inserts the key ``find(_:)`` just built, at the slot it returned.
  mutating func insert(at slot: Int) {
    slots[slot] = Int32(hashes.count)
    hashes.append(probeHash)
    pool.append(contentsOf: probe)
    starts.append(pool.count)
    if 2 * hashes.count > slots.count { grow() }
  }

  /// Inserts the engine's state's key unless it is there: whether it was not.
  mutating func insert(_ engine: borrowing NativeEngine) -> Bool {
    let slot = find(engine)
    if slot.found { return false }
    insert(at: slot.index)
    return true
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: 2 * slots.count)
    let mask = slots.count - 1
    for (i, h) in hashes.enumerated() {
      var s = Int(truncatingIfNeeded: h) & mask
      while slots[s] >= 0 { s = (s + 1) & mask }
      slots[s] = Int32(i)
    }
  }
}
