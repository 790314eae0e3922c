import Synchronization

/// The checker's answers shared by the points of a sweep: a certificate is
/// checked once for many values of one parameter, with that parameter a Z3
/// unknown, instead of once per point.
///
/// The points of a sweep are one layout at many parameter values, and the
/// checker's questions about two of them often differ only in the values of
/// one parameter and of the constants defined from it: the invariant
/// `0 <= count <= REFCOUNT_MAX && count == total || count ==
/// REFCOUNT_SATURATED` holds at every `SENTINEL_PERMILLE`, with the
/// sentinel's value changing. A *schema* states such a question once:
///
/// - the *unknown* is one varied parameter whose constants are linear in it
///   (no shift by it, no product of two terms in it, no division by it:
///   ``unknown(of:varied:)``), the one with the most values; the sweep's
///   other parameters are fixed, as at the point;
/// - each constant defined from it is its definition as a Z3 term of the
///   unknown (``CheckerSemantics/value(_:_:)``), and every use of those
///   constants in the layout reads that term;
/// - the invariant's bounds equal to the value of one of them at the point
///   stand for it (``template(_:values:)``);
/// - the unknown ranges over its values at the points of the block (of
///   ``blockSize`` points) whose other parameters are the point's.
///
/// Each question is asked for a range of those values around the point's
/// (``Schema/answer(_:at:budget:)``): `unsatisfiable` answers it for every
/// value of the range, and later points in the range ask nothing. Where the
/// range has a counterexample the question is asked at the point's value
/// alone, in the schema's context, as the point's own checker would.
///
/// It changes no judgement. A schema is used for a point only where it is
/// the point's question at the point's value: the layouts agree once those
/// constants are erased, the other parameters are the point's, each
/// constant's term takes the point's value there (checked by Z3, per value),
/// and the invariant is the schema's with the placeholders at the point's
/// values. Every answer used is then Z3's refutation of the point's question
/// (among others) or a counterexample to it, which no order of asking
/// changes; where a schema leaves a question undecided (a limit, a construct
/// it cannot state) the point is checked on its own, as outside a sweep.
/// Only the counterexample quoted in a rejection may differ (Z3 may find
/// another), and a sweep's documents quote none. So shards and `--jobs`,
/// which change which point asks first, change nothing but the time.
///
/// A class because its schemas are shared by the threads of one sweep,
/// behind a mutex (Z3 contexts are not thread-safe). A schema is built at
/// the second point that needs it, so that a question no other point shares
/// costs no more than before; at most ``liveSchemas`` are kept.
///
/// - Complexity: per schema, one Z3 context; per question, one question for
///   each range proved and for each counterexample found (at most
///   ``Schema/counterexampleLimit`` before it is asked value by value); per
///   point, the questions no proved range answers, one each, in the
///   schema's context.
final class CertificateSchemas: Sendable {
  /// Points per block.
  static let blockSize = 1024

  /// The layout at its defaults.
  let base: Layout
  let pointCount: Int
  /// The parameter values of a point, by index over the whole sweep.
  let assignment: @Sendable (Int) -> [String: BigInt]
  /// The parameter stated as an unknown, and the constants defined from
  /// it, each after those it uses; nil when no varied parameter can be.
  let unknown: (parameter: String, constants: [String])?
  private let state = Mutex(State())

  /// - Parameter varied: the sweep's varied parameters, with their numbers
  ///   of values, in axis order.
  init(base: Layout, pointCount: Int, varied: [(name: String, values: Int)], assignment: @escaping @Sendable (Int) -> [String: BigInt]) {
    self.base = base
    self.pointCount = pointCount
    self.assignment = assignment
    self.unknown = Self.unknown(of: base, varied: varied)
  }

  /// A point's block: what a checker of that point carries.
  struct Scope: Sendable {
    let schemas: CertificateSchemas
    let block: Int

    /// ``CertificateSchemas/judge(_:asking:layout:invariant:ops:block:checker:)`` in this block.
    func judge(_ certificates: [Certificate], asking asked: Int, layout: Layout, invariant: Invariant, ops: [Op], checker: CertificateChecker) -> [CertificateChecker.Judgement?]? {
      schemas.judge(certificates, asking: asked, layout: layout, invariant: invariant, ops: ops, block: block, checker: checker)
    }
  }

  func scope(ofPoint index: Int) -> Scope { Scope(schemas: self, block: index / Self.blockSize) }

  /// What the schemas did so far (for tests and measurements).
  struct Usage: Sendable, Hashable {
    /// Schemas made (one Z3 context each).
    var schemas = 0
    /// Invariant groups of points judged from a schema.
    var judged = 0
    /// Questions asked of one point in a schema's context.
    var pointQuestions = 0
    /// Questions answered by a counterexample found at another value.
    var moved = 0
  }

  var usage: Usage { state.withLock { $0.usage } }

  /// Schemas kept at once (each holds a Z3 context of some 20 MB); the
  /// least recently used goes first, and is made again if needed.
  static let liveSchemas = 4
  /// Questions remembered as met once; past it they are forgotten.
  static let seenLimit = 4096

  private struct State {
    /// Per block (the last few), the parameter values of its points the
    /// layout reader accepts.
    var blocks: [Int: [[String: BigInt]]] = [:]
    /// Questions met at one value only, not yet worth a schema: by their
    /// hash (a collision only builds a schema a point early), with that
    /// value (the same point may ask the same question twice).
    var seen: [Int: BigInt] = [:]
    var schemas: [Key: (schema: Schema, used: Int)] = [:]
    var clock = 0
    var usage = Usage()

    mutating func keep(_ key: Key, _ schema: Schema) {
      clock += 1
      if schemas[key] == nil, schemas.count >= CertificateSchemas.liveSchemas, let oldest = schemas.min(by: { $0.value.used < $1.value.used })?.key {
        schemas[oldest] = nil
      }
      schemas[key] = (schema, clock)
    }

    mutating func points(ofBlock b: Int, _ make: (Int) -> [[String: BigInt]]) -> [[String: BigInt]] {
      if let known = blocks[b] { return known }
      if blocks.count >= 2, let oldest = blocks.keys.min() { blocks[oldest] = nil }
      let made = make(b)
      blocks[b] = made
      return made
    }
  }

  private struct Key: Hashable {
    var block: Int
    /// The parameters other than the unknown, at the point.
    var fixed: [String: BigInt]
    /// The point's layout with the unknown and its constants erased.
    var layout: Layout
    /// The invariant with placeholders for their values.
    var invariant: Invariant
    var ops: [Op]
    var kept: [Int: BigInt]
  }

  /// One schema: its context, its questions for every value and for one,
  /// and what it settled.
  private final class Schema {
    /// Asked with the unknown ranging over the values.
    let all: InvariantQuestions
    /// Asked with the unknown set to one point's value.
    let one: InvariantQuestions
    let unknown: Z3Context.Term
    /// The values it ranges over, in increasing order.
    let values: [BigInt]
    let index: [BigInt: Int]
    /// The constants' terms, by name.
    let terms: [(name: String, term: Z3Context.Term)]
    /// Per question, what is known of its values (indices into `values`).
    var known: [InvariantQuestions.Question: Knowledge] = [:]

    /// What the questions for ranges of values told of one question.
    struct Knowledge {
      /// Ranges of values proved to have no counterexample.
      var proved: [ClosedRange<Int>] = []
      /// Values found to have one.
      var counterexamples: Set<Int> = []
    }

    /// What answered a question for a point.
    enum Answerer {
      /// A question for a range of values.
      case range
      /// A counterexample found at another value.
      case moved
      /// The point's own question.
      case point
    }

    /// Counterexamples found to one question before it is asked value by
    /// value only (for a question with one at most values).
    static let counterexampleLimit = 6
    /// The unknown's and the constants' values, by the value of the
    /// unknown (Z3's evaluation of the terms).
    private var termValues: [BigInt: [BigInt]] = [:]
    /// Per question, the last counterexample found at a single value.
    private var lastCounterexample: [InvariantQuestions.Question: Z3Context.Model] = [:]

    init(all: InvariantQuestions, one: InvariantQuestions, unknown: Z3Context.Term, values: [BigInt], terms: [(name: String, term: Z3Context.Term)]) {
      self.all = all
      self.one = one
      self.unknown = unknown
      self.values = values
      self.index = Dictionary(values.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
      self.terms = terms
    }

    var z: Z3Context { all.z }

    /// The unknown's value and each constant's term's, with the unknown
    /// at `value`; nil where a term does not evaluate to a number.
    func values(at value: BigInt) -> [BigInt]? {
      if let known = termValues[value] { return known }
      let at = z.numeral(value)
      var out = [value]
      for c in terms {
        guard let v = z.constantValue(z.substituting(unknown, by: at, in: c.term)) else { return nil }
        out.append(v)
      }
      termValues[value] = out
      return out
    }

    /// Whether, with the unknown at `value`, each constant's term is its
    /// value in `values` (the point's layout).
    func agrees(at value: BigInt, with values: [String: BigInt]) -> Bool {
      self.values(at: value) == [value] + terms.map { values[$0.name] ?? 0 } && terms.allSatisfy { values[$0.name] != nil }
    }

    /// A counterexample `m` found at one value, moved to `value`: each
    /// variable whose value is that of the unknown or of a constant there
    /// (other than -1, 0 and 1) takes its value at `value`, the others
    /// keep theirs. A guess, to be checked by evaluation.
    func moved(_ m: Z3Context.Model, to value: BigInt) -> Z3Context.Model? {
      guard let assigned = m.assignments, let from = m.value(unknown), let before = values(at: from), let after = values(at: value) else { return nil }
      var out = assigned.filter { !z.same($0.variable, unknown) }.map { c, x in
        (c, x.magnitude > 1 ? before.firstIndex(of: x).map { after[$0] } ?? x : x)
      }
      out.append((unknown, value))
      return z.model(out)
    }

    /// The answer at the point's value, and what gave it: a question for a
    /// range of values around it when one is proved (or proves so now), else
    /// the last counterexample found, when it is one here too, else the
    /// point's own question, which spends from `budget` (the point's, as its
    /// own question would).
    ///
    /// The range starts as wide as the counterexamples found allow; each
    /// counterexample Z3 finds in it narrows it to the side of the point's
    /// value, until it is proved, the point's value is a counterexample, or
    /// the question has had ``counterexampleLimit``.
    func answer(_ q: InvariantQuestions.Question, at value: BigInt, budget: CheckerBudget) throws(CheckerSemantics.Unsupported) -> (Z3Context.Answer, by: Answerer) {
      guard let i = index[value] else { return (.unknown("not a value of the schema"), .point) }
      var k = known[q] ?? Knowledge()
      defer { known[q] = k }
      if k.proved.contains(where: { $0.contains(i) }) { return (.unsatisfiable, .range) }
      var lo = (k.counterexamples.filter { $0 < i }.max() ?? -1) + 1
      var hi = (k.counterexamples.filter { $0 > i }.min() ?? values.count) - 1
      ranges: while !k.counterexamples.contains(i), k.counterexamples.count < Self.counterexampleLimit {
        let within = [z.lessOrEqual(z.numeral(values[lo]), unknown), z.lessOrEqual(unknown, z.numeral(values[hi]))]
        switch try all.ask(q, adding: within) {
        case .unsatisfiable:
          k.proved.append(lo...hi)
          return (.unsatisfiable, .range)
        case .satisfiable(let m):
          guard let v = m.value(unknown), let j = index[v], k.counterexamples.insert(j).inserted else { break ranges }
          if j < i { lo = j + 1 } else if j > i { hi = j - 1 }
        case .unknown:
          k.counterexamples = Set(values.indices)
        }
      }
      // The last counterexample, moved here, often still is one (the same
      // state relative to the constants): checked by evaluation, it answers
      // without a search.
      let here = z.equal(unknown, z.numeral(value))
      if let last = lastCounterexample[q], let m = moved(last, to: value), try one.isCounterexample(m, to: q, adding: [here]) {
        return (.satisfiable(m), .moved)
      }
      let a = try one.ask(q, adding: [here], budget: budget)
      if case .satisfiable(let m) = a { lastCounterexample[q] = m }
      return (a, .point)
    }
  }

  /// The judgements of ``CertificateChecker/check(_:covering:deferring:)``
  /// for one invariant group of a point, from its schema; nil when there is
  /// none or it does not settle every question (the caller then asks them
  /// itself).
  func judge(
    _ certificates: [Certificate], asking asked: Int, layout: Layout, invariant: Invariant, ops: [Op], block: Int, checker: CertificateChecker
  ) -> [CertificateChecker.Judgement?]? {
    guard let unknown else { return nil }
    let names = [unknown.parameter] + unknown.constants
    let values = Dictionary(layout.parameters.map { ($0.name, $0.value) } + layout.constants.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    guard let value = values[unknown.parameter], let template = Self.template(invariant, values: names.map { values[$0] }) else { return nil }
    let fixed = Dictionary(layout.parameters.filter { $0.name != unknown.parameter }.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    let key = Key(block: block, fixed: fixed, layout: layout.erasing(Set(names)), invariant: template.invariant, ops: ops, kept: certificates[0].kept)
    return state.withLock { state -> [CertificateChecker.Judgement?]? in
      let schema: Schema
      if let known = state.schemas[key]?.schema {
        schema = known
      } else {
        // The first value asks alone: a question no other point shares
        // costs nothing more.
        if state.seen.count >= Self.seenLimit { state.seen = [:] }
        guard let first = state.seen[key.hashValue], first != value else {
          state.seen[key.hashValue] = value
          return nil
        }
        let points = state.points(ofBlock: block) { self.points(ofBlock: $0) }
        let domain = Set(points.filter { p in fixed.allSatisfy { p[$0.key] == $0.value } }.compactMap { $0[unknown.parameter] }).sorted()
        guard let made = Self.schema(key, unknown: unknown, definitions: layout.constants, domain: domain, placeholders: template.placeholders, resourceLimit: checker.resourceLimit) else { return nil }
        state.seen[key.hashValue] = nil
        state.usage.schemas += 1
        schema = made
      }
      state.keep(key, schema)
      guard schema.index[value] != nil, schema.agrees(at: value, with: values) else { return nil }
      var undecided = false
      var usage = state.usage
      let judged: [CertificateChecker.Judgement?]
      do throws(CheckerSemantics.Unsupported) {
        judged = try checker.judge(certificates, asking: asked, schema.one) { q throws(CheckerSemantics.Unsupported) in
          let (a, by) = try schema.answer(q, at: value, budget: checker.budget)
          switch by {
          case .range: break
          case .moved: usage.moved += 1
          case .point: usage.pointQuestions += 1
          }
          if case .unknown = a { undecided = true }
          return a
        }
      } catch {
        return nil
      }
      state.usage = usage
      guard !undecided else { return nil }
      state.usage.judged += 1
      return judged
    }
  }

  /// The parameter values of block `b`'s points that the layout reader
  /// accepts (constants within its limits).
  private func points(ofBlock b: Int) -> [[String: BigInt]] {
    let range = (b * Self.blockSize)..<min(pointCount, (b + 1) * Self.blockSize)
    return range.compactMap { i in
      let a = assignment(i)
      guard Self.values(of: base, at: a) != nil else { return nil }
      return Dictionary(base.parameters.map { ($0.name, a[$0.name] ?? $0.defaultValue) }, uniquingKeysWith: { x, _ in x })
    }
  }

  /// Every parameter's and constant's value at `parameters` (others at
  /// their defaults), from the constants' definitions as the layout reader
  /// evaluates them; nil where it refuses a constant (too large).
  static func values(of layout: Layout, at parameters: [String: BigInt]) -> [String: BigInt]? {
    var values = Dictionary(layout.parameters.map { ($0.name, parameters[$0.name] ?? $0.defaultValue) }, uniquingKeysWith: { a, _ in a })
    var refused = false
    for name in dependencyOrder(layout.constants) {
      guard let c = layout.constants.first(where: { $0.name == name }) else { continue }
      let v = c.expression.substitutingConstants { values[$0] }.constantValue
      if v.bitWidth > TOMLReader.maximumConstantBits { refused = true }
      values[name] = v
    }
    return refused ? nil : values
  }

  /// The constants' names, each after those its definition uses.
  static func dependencyOrder(_ constants: [Layout.Constant]) -> [String] {
    let definitions = Dictionary(constants.map { ($0.name, $0.expression) }, uniquingKeysWith: { a, _ in a })
    var done = Set<String>()
    var order: [String] = []
    func visit(_ name: String) {
      guard let e = definitions[name], done.insert(name).inserted else { return }
      e.forEachNode { if case .constant(let n, _) = $0 { visit(n) } }
      order.append(name)
    }
    for c in constants { visit(c.name) }
    return order
  }

  /// Values a parameter needs to be an unknown: a schema costs a Z3 context
  /// and a few questions over ranges of values, which a handful of points
  /// asking alone cost too.
  static let minimumValues = 8

  /// The varied parameter to state as an unknown, with the constants
  /// defined from it: of those with at least ``minimumValues`` values that
  /// every such constant is linear in (Z3 then reasons about all its values
  /// at once), the one with the most values (the later axis on ties).
  static func unknown(of layout: Layout, varied: [(name: String, values: Int)]) -> (parameter: String, constants: [String])? {
    let order = dependencyOrder(layout.constants)
    let definitions = Dictionary(layout.constants.map { ($0.name, $0.expression) }, uniquingKeysWith: { a, _ in a })
    var best: (parameter: String, constants: [String], values: Int)?
    for (name, count) in varied where count >= minimumValues && layout.parameters.contains(where: { $0.name == name }) {
      var depends: Set<String> = [name]
      var linear = true
      for c in order {
        guard let e = definitions[c] else { continue }
        switch e.linearity(in: depends) {
        case .constant: break
        case .linear: depends.insert(c)
        case .nonLinear: linear = false
        }
      }
      guard linear, count >= (best?.values ?? 0) else { continue }
      best = (name, order.filter { depends.contains($0) }, count)
    }
    return best.map { ($0.parameter, $0.constants) }
  }

  /// The invariant with each bound equal to one of `values` at the point
  /// (other than -1, 0 and 1, more often themselves) replaced by a
  /// placeholder for it; nil when a value is missing or a bound could be
  /// mistaken for a placeholder.
  private static func template(_ invariant: Invariant, values: [BigInt?]) -> (invariant: Invariant, placeholders: [BigInt])? {
    guard !values.contains(nil) else { return nil }
    let placeholders = values.indices.map { -(BigInt.power(of2: placeholderBits) + BigInt($0)) }
    var clash = false
    let out = invariant.mappingBounds { v in
      if v.bitWidth >= placeholderBits { clash = true }
      guard v.magnitude > 1, let i = values.firstIndex(of: v) else { return v }
      return placeholders[i]
    }
    return clash ? nil : (out, placeholders)
  }

  /// Past every number a layout holds.
  private static let placeholderBits = TOMLReader.maximumConstantBits + 64

  /// A schema: the key's layout with the unknown and its constants as
  /// terms, the unknown ranging over `domain`.
  private static func schema(
    _ key: Key, unknown: (parameter: String, constants: [String]), definitions: [Layout.Constant], domain: [BigInt], placeholders: [BigInt], resourceLimit: UInt32
  ) -> Schema? {
    guard domain.count >= 2 else { return nil }
    let z = Z3Context(resourceLimit: resourceLimit, budget: CheckerBudget())
    let p = z.integer("sweep.\(unknown.parameter)")
    var semantics = CheckerSemantics(z: z, layout: key.layout)
    semantics.symbols = [unknown.parameter: p]
    var terms: [(name: String, term: Z3Context.Term)] = []
    let none = CheckerSemantics.Environment(old: [], new: [], held: [])
    for name in unknown.constants {
      guard let d = definitions.first(where: { $0.name == name }), let t = try? semantics.value(d.expression, none) else { return nil }
      terms.append((name, t))
      semantics.symbols[name] = t
    }
    semantics.placeholders = Dictionary(zip(placeholders, [p] + terms.map(\.term)).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
    // The values: an arithmetic progression as one, otherwise one by one.
    let step = domain[1] - domain[0]
    let range: Z3Context.Term
    if domain.indices.dropFirst().allSatisfy({ domain[$0] - domain[$0 - 1] == step }) {
      let k = z.integer("sweep.k")
      range = z.and([z.equal(p, z.sum([z.numeral(domain[0]), z.product(z.numeral(step), k)])), z.lessOrEqual(z.numeral(0), k), z.lessOrEqual(k, z.numeral(BigInt(domain.count - 1)))])
    } else {
      range = z.or(domain.map { z.equal(p, z.numeral($0)) })
    }
    return Schema(
      all: InvariantQuestions(semantics: semantics, invariant: key.invariant, ops: key.ops, kept: key.kept, assumptions: [range]),
      one: InvariantQuestions(semantics: semantics, invariant: key.invariant, ops: key.ops, kept: key.kept),
      unknown: p, values: domain, terms: terms)
  }
}


