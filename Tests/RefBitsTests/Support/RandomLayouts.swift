@testable import RefBits

/// SplitMix64: a small seeded generator, so every randomized test names its
/// seed and replays exactly.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random small layouts as TOML text, for property tests: one or two words of
/// 2 to 16 bits (up to ``maxBits``, at most 128), one to three fields each
/// (with gaps sometimes), kinds with adds, sets, refuse/trap conditions and
/// fixups, sometimes operations (steps that hold no reference) of the same
/// shape, and predicates; conditions sometimes read a whole word that has
/// fields. Constants of wide fields sit near the edges of their ranges,
/// where carries and sign flips are.
struct RandomLayoutGenerator {
  var rng: SplitMix64
  var maxBits = 16
  /// Whether to allow conditions that are not comparisons of sums: shifts,
  /// divisions, remainders, masks, `|`, `^`, `min` and `max` by constants
  /// (solved by bulk stepping piece by piece, or as monotone values).
  var allowNonLinear = true
  /// Whether every layout has a `freed` predicate meaning `total == 0` (an
  /// object that dies), and acquires declared `resurrect = true` sometimes.
  var dying = false
  /// Chance that a layout has operations (one or two).
  var operationChance = 0.35
  /// Words split into fields, which conditions may read whole.
  var splitWords: [FieldSpec] = []

  struct FieldSpec {
    var name: String
    var bits: Int
    var signed: Bool
  }

  init(seed: UInt64) { rng = SplitMix64(seed: seed) }

  mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
  mutating func uint128() -> UInt128 { UInt128(rng.next()) << 64 | UInt128(rng.next()) }

  /// A random integer in `lo...hi`, any size: uniform when the range fits
  /// an `Int`, else near one of its ends or anywhere with equal chances.
  mutating func big(_ lo: BigInt, _ hi: BigInt) -> BigInt {
    if let l = lo.int, let h = hi.int, l > Int.min / 4, h < Int.max / 4 { return BigInt(int(l...h)) }
    let span = hi - lo + 1
    switch int(0...2) {
    case 0: return lo + BigInt(int(0...3)) % span
    case 1: return hi - BigInt(int(0...3)) % span
    default: return lo + BigInt(uint128()) % span
    }
  }

  /// `2^bits`.
  static func range(_ bits: Int) -> BigInt { BigInt.power(of2: bits) }

  /// A constant as TOML expression text (negative ones in parentheses).
  static func text(_ v: BigInt) -> String { v.isNegative ? "(\(v))" : "\(v)" }
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
  mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }

  /// A layout's TOML text and the names of its fields and kinds.
  mutating func layout() -> (text: String, fields: [FieldSpec], kinds: [String]) {
    var lines = ["title = \"random\"", "source = \"generated\""]
    var fields: [FieldSpec] = []
    splitWords = []
    for w in 0..<int(1...2) {
      let bits = int(2...maxBits)
      let signed = chance(0.5)
      lines += ["", "[words.w\(w)]", "bits = \(bits)", "signed = \(signed)"]
      let nFields = min(int(1...3), bits)
      if nFields == 1 && chance(0.5) {
        fields.append(FieldSpec(name: "w\(w)", bits: bits, signed: signed))
        continue
      }
      // Split the bits into nFields ranges, leaving a gap sometimes.
      var cuts = Set<Int>()
      while cuts.count < nFields - 1 { cuts.insert(int(1...(bits - 1))) }
      splitWords.append(FieldSpec(name: "w\(w)", bits: bits, signed: signed))
      var bounds = [0] + cuts.sorted() + [bits]
      var gapLow = false
      if bits - nFields >= 2 && chance(0.25) { bounds[0] = 1; gapLow = true }
      _ = gapLow
      for i in 0..<nFields where bounds[i] < bounds[i + 1] {
        let lsb = bounds[i], msb = bounds[i + 1] - 1
        let name = "f\(w)_\(i)"
        let fsigned = chance(0.3)
        lines += ["[words.w\(w).fields.\(name)]", "bits = \"\(msb)..\(lsb)\"", "signed = \(fsigned)"]
        fields.append(FieldSpec(name: name, bits: msb - lsb + 1, signed: fsigned))
      }
    }
    let kinds = (0..<int(1...3)).map { "k\($0)" }
    for k in kinds {
      lines += ["", "[kinds.\(k).acquire]"]
      lines += operation(fields: fields, kinds: kinds, positive: true)
      if dying && chance(0.3) { lines.append("resurrect = true") }
      lines += ["[kinds.\(k).release]"]
      lines += operation(fields: fields, kinds: kinds, positive: false)
      // Fixups are arrays of tables: emitted after, under their own headers.
    }
    let operations = chance(operationChance) ? (0..<int(1...2)).map { "o\($0)" } : []
    for o in operations {
      lines += ["", "[operations.\(o)]"]
      lines += operation(fields: fields, kinds: kinds, positive: chance(0.5))
    }
    var actions = kinds.flatMap { ["kinds.\($0).acquire", "kinds.\($0).release"] }
    actions += operations.map { "operations.\($0)" }
    for a in actions where chance(0.5) {
      for _ in 0..<int(1...2) {
        lines += ["[[\(a).fixups]]", "when = \"\(condition(fields, after: true))\""]
        var fx: [String] = []
        for _ in 0..<int(0...2) {
          let f = pick(fields)
          switch int(0...3) {
          case 0: fx.append("\(f.name) = \(value(fitting: f))")
          case 1: fx.append("\(f.name) = old(\(f.name))")
          case 2: fx.append("\(f.name) += \(int(-2...2) == 0 ? 1 : int(1...2))")
          default: fx.append("\(f.name) = new(\(f.name))")
          }
        }
        lines.append("effects = [\(fx.map { "\"\($0)\"" }.joined(separator: ", "))]")
        lines.append("outcome = \"\(pick(["ok", "saturated", "spilled", "refused", "trapped"]))\"")
      }
    }
    for p in 0..<int(0...2) {
      let meansKind = pick(kinds)
      let means = pick(["\(meansKind) > 0", "total == 0", "total >= \(int(1...5))", "\(meansKind) + total > \(int(0...6))"])
      lines += ["", "[predicates.p\(p)]", "when = \"\(condition(fields, after: false))\"", "means = \"\(means)\""]
      if chance(0.3) { lines.append("role = \"freed\"") }
    }
    if dying {
      lines += ["", "[predicates.dead]", "when = \"\(condition(fields, after: false))\"", "means = \"total == 0\"", "role = \"freed\""]
    }
    lines += ["", "[initial]", "held = {}", "fields = {}"]
    return (lines.joined(separator: "\n"), fields, kinds)
  }

  mutating func value(fitting f: FieldSpec) -> String {
    let half = Self.range(f.bits - 1)
    return Self.text(f.signed ? big(-half, half - 1) : big(0, Self.range(f.bits) - 1))
  }

  mutating func operation(fields: [FieldSpec], kinds: [String], positive: Bool) -> [String] {
    var out: [String] = []
    var effects: [String] = []
    for _ in 0..<int(1...2) {
      let f = pick(fields)
      if chance(0.15) {
        effects.append("\(f.name) = \(value(fitting: f))")
      } else {
        let drawn = chance(0.7) ? 1 : 3
        let maxAdd = f.bits >= 2 ? drawn : 1
        let c = int(1...max(1, maxAdd))
        effects.append("\(f.name) \(positive == chance(0.85) ? "+=" : "-=") \(c)")
      }
    }
    out.append("effects = [\(effects.map { "\"\($0)\"" }.joined(separator: ", "))]")
    if chance(0.4) { out.append("refuse = \"\(condition(fields, after: false))\"") }
    if chance(0.2) { out.append("trap = \"\(condition(fields, after: true))\"") }
    return out
  }

  /// A random condition over the fields (and sometimes a whole word that
  /// has fields); `after` allows old()/new().
  mutating func condition(_ fields: [FieldSpec], after: Bool) -> String {
    func atom(_ g: inout RandomLayoutGenerator) -> String {
      let f = !g.splitWords.isEmpty && g.chance(0.12) ? g.pick(g.splitWords) : g.pick(fields)
      let time = after ? g.pick(["", "old", "new"]) : ""
      let reading = g.pick(["", "", "signed", "unsigned"])
      var ref = f.name
      if !reading.isEmpty { ref = "\(reading)(\(ref))" }
      if !time.isEmpty { ref = "\(time)(\(ref))" }
      let op = g.pick(["<", "<=", ">", ">=", "==", "!="])
      let range = Self.range(f.bits)
      if g.allowNonLinear && g.chance(0.15), f.bits < 60, let r = range.int {
        let c = g.int(1...max(1, r - 1))
        switch g.int(0...7) {
        case 0: return "(\(ref) & \(c)) \(op) \(g.int(0...3))"
        case 1: return "(\(ref) >> \(g.int(0...max(0, f.bits - 1)))) \(op) \(g.int(-2...3))"
        case 2: return "(\(ref) % \(g.int(1...9))) \(op) \(g.int(-2...3))"
        case 3: return "(\(ref) / \(g.pick([-3, -2, 2, 3, 5]))) \(op) \(g.int(-r / 4...r / 4))"
        case 4: return "min(\(ref), \(g.int(-r / 2...r))) \(op) \(g.int(-r / 2...r))"
        case 5: return "max(\(ref), \(g.pick(fields).name)) \(op) \(g.int(-r / 2...r))"
        case 6: return "(\(ref) | \(c)) \(op) \(g.int(0...r))"
        default: return "(\(ref) ^ \(c)) \(op) \(g.int(0...r))"
        }
      }
      if g.allowNonLinear && g.chance(0.08) {
        return "(\(ref) & \(g.big(1, Swift.max(1, range - 1)))) \(op) \(g.int(0...3))"
      }
      if g.chance(0.2) {
        let other = g.pick(fields)
        return "\(ref) + \(other.name) \(op) \(Self.text(g.big(-range, range)))"
      }
      if g.chance(0.1) {
        return "2 * \(ref) - 1 \(op) \(Self.text(g.big(-range, range)))"
      }
      return "\(ref) \(op) \(Self.text(g.big(-range / 2, range)))"
    }
    var s = atom(&self)
    for _ in 0..<int(0...2) {
      s = chance(0.5) ? "(\(s)) && \(atom(&self))" : "(\(s)) || \(atom(&self))"
    }
    if chance(0.15) { s = "!(\(s))" }
    return s
  }

  /// A random step for `machine`: an acquire or a release of a random kind,
  /// or sometimes one of its operations, by `actor`. With `state`, a release
  /// of a kind the actor does not hold becomes an acquire.
  mutating func op(for machine: Machine, state: State? = nil, actor: Int = 0) -> Op {
    let layout = machine.layout
    if !layout.operations.isEmpty && chance(0.25) {
      return Op(operation: int(0...(layout.operations.count - 1)), actor: actor)
    }
    let kind = int(0...(layout.kinds.count - 1))
    var direction: Layout.Direction = chance(0.6) ? .acquire : .release
    if let state, direction == .release, state.truth.held(kind, by: actor) < 1 { direction = .acquire }
    let op = Op(kind: kind, direction: direction, actor: actor)
    // No caller takes a reference on a dead object (``Machine/revives(_:_:)``):
    // another move, when there is one.
    if let state, machine.revives(op, state.truth) {
      let moves = layout.actions.map { Op($0, actor: actor) }.filter { m in
        !(m.isRelease && state.truth.held(m.kind!, by: actor) < 1) && !machine.revives(m, state.truth)
      }
      if !moves.isEmpty { return pick(moves) }
    }
    return op
  }

  /// A random state of a layout: random word bits and random held counts
  /// (all by actor 0), ideal values equal to the stored readings.
  mutating func state(for machine: Machine) -> State {
    let layout = machine.layout
    let words = layout.words.map { w -> UInt128 in
      let mask: UInt128 = w.bits >= 128 ? ~0 : (1 << UInt128(w.bits)) - 1
      // Narrow words as before (one draw); wide ones from two draws.
      return (w.bits > 64 ? uint128() : UInt128(rng.next())) & mask
    }
    let held = layout.kinds.map { _ in BigInt(chance(0.3) ? 0 : int(0...2000)) }
    let ideal = layout.fields.indices.map { machine.reading($0, in: words) }
    let byActor: [Int: [BigInt]] = held.allSatisfy(\.isZero) ? [:] : [0: held]
    return State(words: words, truth: Truth(held: held, byActor: byActor, ideal: ideal))
  }
}
