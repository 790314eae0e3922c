/// Why an action's steps have no atomic meaning RefBits can derive.
struct SequentialMeaningError: Error, Sendable, Hashable {
  var message: String
  /// The step at fault, if one is.
  var step: Int?
}

extension Layout.Steps {
  /// Most steps one path may run, and most paths, when the steps run alone.
  static let sequentialStepLimit = 512
  static let sequentialPathLimit = 256

  /// The atomic meaning of these steps: what they do when they run alone,
  /// with no other thread between them. This is what the exact and fuzz
  /// lenses step (every existing lens treats an action as one atomic step).
  ///
  /// The steps are executed symbolically from an unknown state. A load or an
  /// atomic's result reads the field as the effects so far left it; a branch
  /// splits the path (a path whose conditions contradict each other, `x` and
  /// `!x`, is dropped); a compare-and-swap whose expected value is the
  /// field's current value (it was loaded and nothing wrote the word since)
  /// succeeds, any other splits into success and failure; a `lock` or an
  /// `await` is taken not to wait (alone, a lock is free between actions).
  /// Each path ends with its outcome (`return`, or `ok` past the last step).
  ///
  /// The paths become the action's parts, in the order ``Machine/step(_:_:)``
  /// evaluates them:
  /// - `refuse`: the disjunction of the conditions of the paths that return
  ///   `refused` having changed nothing (read on the state before the step);
  /// - `effects`: the longest prefix of constant adds and stores common to
  ///   every other path;
  /// - `fixups`: one per other path that does more or ends otherwise than
  ///   `ok`, with its conditions as `when` (mutually exclusive, so their order
  ///   does not matter) and the rest of its effects; a path that returns
  ///   `trapped` is a fixup with outcome `trapped` (the word is left as it
  ///   was, as for any trap).
  ///
  /// A value read from a field is `old(f)` when no effect before the read
  /// touched the field's word (an add may carry into a neighbour; a store
  /// changes only its field), and `new(f)` (after the common effects) when
  /// the last effect that touched it is the last common effect that does;
  /// anything else cannot be written as a condition of one atomic step and
  /// is an error, as is a path that loops more than
  /// ``sequentialStepLimit`` steps alone.
  ///
  /// - Complexity: O(paths × steps).
  func sequentialAction(fields: [Layout.Field], wordNames: [Int: String], alias: String?) throws(SequentialMeaningError) -> Layout.Action {
    var run = SequentialRun(steps: self, fields: fields)
    let paths = try run.paths()
    return try run.action(paths, names: ExpressionNames(fields: fields.map(\.name), wordNames: wordNames, locals: locals), alias: alias)
  }
}

/// The symbolic execution behind ``Layout/Steps/sequentialAction(fields:wordNames:alias:)``.
struct SequentialRun {
  let steps: Layout.Steps
  let fields: [Layout.Field]

  /// A read of a field (or word) as the effects up to `lastTouch` left it.
  struct Read: Hashable {
    var node: Expression  // `.field(f, .new, r)` or `.word(w, .new, r)`
    var lastTouch: Int    // index of the last effect that touched it, -1: none
  }

  enum Effect: Hashable {
    case add(field: Int, amount: BigInt)
    case set(field: Int, value: Expression)  // value over placeholders and constants

    var field: Int {
      switch self {
      case .add(let f, _), .set(let f, _): f
      }
    }
  }

  struct Path {
    var conditions: [Expression] = []  // over placeholders; each must hold
    var effects: [Effect] = []
    var outcome: Layout.FixupOutcome = .ok
    var visited: [Int] = []

    /// Adds a condition the path takes, once.
    mutating func add(_ c: Expression) {
      if !conditions.contains(c) { conditions.append(c) }
    }
  }

  /// Placeholder id of each distinct read.
  var readIDs: [Read: Int] = [:]
  var reads: [Read] = []

  init(steps: Layout.Steps, fields: [Layout.Field]) {
    self.steps = steps
    self.fields = fields
  }

  static let prefix = "\u{1}r"

  /// Whether effect `e` can change what `node` reads.
  func touches(_ e: Effect, _ node: Expression) -> Bool {
    let word: Int
    switch node {
    case .field(let f, _, _):
      if case .set(let g, _) = e { return g == f }
      word = fields[f].word
    case .word(let w, _, _): word = w
    default: return false
    }
    return fields[e.field].word == word
  }

  /// The placeholder for reading `node` after `effects`.
  mutating func read(_ node: Expression, after effects: [Effect]) -> Expression {
    var node = node
    // Reads are canonical: the time is irrelevant (one instant).
    switch node {
    case .field(let f, _, let r): node = .field(f, time: .new, reading: r)
    case .word(let w, _, let r): node = .word(w, time: .new, reading: r)
    default: break
    }
    let last = effects.lastIndex { touches($0, node) } ?? -1
    let key = Read(node: node, lastTouch: last)
    let id: Int
    if let known = readIDs[key] {
      id = known
    } else {
      id = reads.count
      readIDs[key] = id
      reads.append(key)
    }
    return .name("\(Self.prefix)\(id)", offset: 0)
  }

  /// An expression of the steps with locals and field reads replaced.
  mutating func symbolic(_ e: Expression, locals: [Expression?], effects: [Effect]) -> Expression {
    var out = e
    // Collect reads first (mappingReads takes a non-mutating closure).
    var nodes: [Expression] = []
    e.forEachNode {
      switch $0 {
      case .field(let f, _, _) where f < steps.fieldCount: nodes.append($0)
      case .word: nodes.append($0)
      default: break
      }
    }
    var placeholders: [Expression: Expression] = [:]
    for n in nodes { placeholders[n] = read(n, after: effects) }
    out = e.mappingReads { node in
      if case .field(let f, _, _) = node, let l = steps.local(ofField: f) { return locals[l] ?? .literal(0) }
      return placeholders[node]
    }
    return out
  }

  /// Every path through the steps run alone.
  mutating func paths() throws(SequentialMeaningError) -> [Path] {
    struct Frame {
      var pc: Int
      var locals: [Expression?]
      var path: Path
    }
    var done: [Path] = []
    var stack = [Frame(pc: 0, locals: Array(repeating: .literal(0), count: steps.locals.count), path: Path())]
    while var frame = stack.popLast() {
      var finished = false
      while !finished {
        if frame.pc >= steps.steps.count {
          done.append(frame.path)
          break
        }
        frame.path.visited.append(frame.pc)
        if frame.path.visited.count > Layout.Steps.sequentialStepLimit {
          throw SequentialMeaningError(message: "run alone, the steps loop more than \(Layout.Steps.sequentialStepLimit) steps (through step \(frame.pc + 1)): the atomic meaning cannot be derived", step: frame.pc)
        }
        let pc = frame.pc
        switch steps.steps[pc].instruction {
        case .load(let l, let v):
          frame.locals[l] = symbolic(v, locals: frame.locals, effects: frame.path.effects)
          frame.pc += 1
        case .add(let f, let k, let r, let returns):
          let node = Expression.field(f, time: .new, reading: .declared)
          if let r, returns == .old { frame.locals[r] = read(node, after: frame.path.effects) }
          frame.path.effects.append(.add(field: f, amount: k))
          if let r, returns == .new { frame.locals[r] = read(node, after: frame.path.effects) }
          frame.pc += 1
        case .store(let f, let v):
          frame.path.effects.append(.set(field: f, value: symbolic(v, locals: frame.locals, effects: frame.path.effects)))
          frame.pc += 1
        case .testAndSet(let f, let v, let r):
          if let r { frame.locals[r] = read(.field(f, time: .new, reading: .declared), after: frame.path.effects) }
          frame.path.effects.append(.set(field: f, value: .literal(v ? 1 : 0)))
          frame.pc += 1
        case .lock(let f):
          frame.path.effects.append(.set(field: f, value: .literal(1)))
          frame.pc += 1
        case .await, .fence:
          frame.pc += 1
        case .compareExchange(let f, let e, let n, let addend, let r, let u):
          let current = read(.field(f, time: .new, reading: .declared), after: frame.path.effects)
          let expected = symbolic(e, locals: frame.locals, effects: frame.path.effects)
          let equal = Expression.binary(.equal, current, expected)
          var success = frame, failure = frame
          let effect: Effect = addend.map { .add(field: f, amount: $0) } ?? .set(field: f, value: symbolic(n, locals: frame.locals, effects: frame.path.effects))
          success.path.effects.append(effect)
          if let r { success.locals[r] = .literal(1); failure.locals[r] = .literal(0) }
          if let u { failure.locals[u] = current }
          success.pc += 1
          failure.pc += 1
          if current == expected {
            frame = success
          } else {
            success.path.add(equal)
            failure.path.add(equal.negated)
            if Self.feasible(failure.path.conditions) { stack.append(failure) }
            if !Self.feasible(success.path.conditions) { finished = true; continue }
            frame = success
          }
        case .jump(let c, let target):
          var taken = frame, fallThrough = frame
          switch target {
          case .step(let t): taken.pc = t
          case .finish(let o): taken.path.outcome = o; taken.pc = steps.steps.count
          }
          fallThrough.pc += 1
          guard let c else { frame = taken; continue }
          let cond = symbolic(c, locals: frame.locals, effects: frame.path.effects)
          if cond.isConstant {
            frame = cond.constantValue.isZero ? fallThrough : taken
            continue
          }
          taken.path.add(cond)
          fallThrough.path.add(cond.negated)
          let takenOK = Self.feasible(taken.path.conditions), fallOK = Self.feasible(fallThrough.path.conditions)
          if takenOK && fallOK {
            stack.append(fallThrough)
            frame = taken
          } else if takenOK {
            frame = taken
          } else if fallOK {
            frame = fallThrough
          } else {
            finished = true
          }
        }
      }
      if done.count + stack.count > Layout.Steps.sequentialPathLimit {
        throw SequentialMeaningError(message: "run alone, the steps have more than \(Layout.Steps.sequentialPathLimit) paths: the atomic meaning cannot be derived", step: nil)
      }
    }
    return done
  }

  /// False when the conditions contain some `x` and its negation.
  static func feasible(_ conditions: [Expression]) -> Bool {
    let all = Set(conditions)
    return !conditions.contains { all.contains($0.negated) }
  }

  /// The action the paths make (see ``Layout/Steps/sequentialAction(fields:wordNames:alias:)``).
  func action(_ paths: [Path], names: ExpressionNames, alias: String?) throws(SequentialMeaningError) -> Layout.Action {
    let refusing = paths.filter { $0.outcome == .refused && $0.effects.isEmpty }
    let others = paths.filter { !($0.outcome == .refused && $0.effects.isEmpty) }
    // Common prefix of constant effects.
    var main: [Effect] = []
    if let first = others.first {
      for (i, e) in first.effects.enumerated() {
        if case .set(_, let v) = e, !v.isConstant { break }
        guard others.allSatisfy({ i < $0.effects.count && $0.effects[i] == e }) else { break }
        main.append(e)
      }
    }
    func placeholder(_ e: Expression) -> Int? {
      if case .name(let n, _) = e, n.hasPrefix(Self.prefix) { return Int(n.dropFirst(Self.prefix.count)) }
      return nil
    }
    /// The read as a condition of one atomic step: old or new. In a fixup
    /// (`preferNew`), a read no effect touches is written bare (new), which
    /// equals old there.
    func mapped(_ e: Expression, path: Path?, preferNew: Bool = true) throws(SequentialMeaningError) -> Expression {
      var failure: SequentialMeaningError?
      let out = e.mappingReads { node in
        guard let id = placeholder(node) else { return nil }
        let r = reads[id]
        let time: Expression.Time
        if r.lastTouch < 0 {
          time = preferNew && !main.contains(where: { touches($0, r.node) }) ? .new : .old
        } else if r.lastTouch < main.count, (main.lastIndex { touches($0, r.node) }) == r.lastTouch {
          time = .new
        } else {
          let what = r.node.text(names)
          failure = failure ?? SequentialMeaningError(message: "a step reads '\(what)' after an effect that only some paths make (or between two effects on its word): no condition of one atomic step reads that state; the atomic meaning cannot be derived", step: path?.visited.last)
          time = .new
        }
        switch r.node {
        case .field(let f, _, let rd): return .field(f, time: time, reading: rd)
        case .word(let w, _, let rd): return .word(w, time: time, reading: rd)
        default: return node
        }
      }
      if let failure { throw failure }
      return out
    }
    func conjunction(_ cs: [Expression]) -> Expression? {
      guard var out = cs.first else { return nil }
      for c in cs.dropFirst() { out = .binary(.and, out, c) }
      return out
    }
    func effect(_ e: Effect, _ path: Path?) throws(SequentialMeaningError) -> Layout.Effect {
      let name = names.fields[e.field]
      switch e {
      case .add(let f, let k):
        return Layout.Effect(field: f, action: .add(k), text: k.isNegative ? "\(name) -= \(-k)" : "\(name) += \(k)")
      case .set(let f, let v):
        let value = try mapped(v, path: path)
        return Layout.Effect(field: f, action: .set(value), text: "\(name) = \(value.text(names))")
      }
    }
    func describe(_ p: Path) -> String {
      "steps " + p.visited.map { steps.steps[$0].label ?? "\($0 + 1)" }.joined(separator: ", ")
    }

    var refuse: Layout.Condition?
    if !refusing.isEmpty {
      var disjuncts: [Expression] = []
      for p in refusing {
        let c = try conjunction(p.conditions.map { (c) throws(SequentialMeaningError) in try mapped(c, path: p, preferNew: false) }) ?? .literal(1)
        disjuncts.append(c)
      }
      var e = disjuncts[0]
      for d in disjuncts.dropFirst() { e = .binary(.or, e, d) }
      refuse = Layout.Condition(expression: e, text: e.text(names, bareTime: .old), description: refusing.map(describe).joined(separator: "; "))
    }
    var fixups: [Layout.Fixup] = []
    for p in others {
      let rest = Array(p.effects.dropFirst(main.count))
      if rest.isEmpty && p.outcome == .ok { continue }
      var when = try conjunction(p.conditions.map { (c) throws(SequentialMeaningError) in try mapped(c, path: p) }) ?? .literal(1)
      if p.conditions.isEmpty { when = .literal(1) }
      var effects: [Layout.Effect] = []
      for e in rest { effects.append(try effect(e, p)) }
      fixups.append(Layout.Fixup(when: Layout.Condition(expression: when, text: when.text(names)), effects: effects, outcome: p.outcome, description: describe(p)))
    }
    var mainEffects: [Layout.Effect] = []
    for e in main { mainEffects.append(try effect(e, nil)) }
    return Layout.Action(alias: alias, refuse: refuse, effects: mainEffects, trap: nil, fixups: fixups, steps: steps)
  }
}


extension Expression {
  /// The logical negation, written without `!` where a comparison can be
  /// flipped (`a <= b` -> `a > b`).
  var negated: Expression {
    switch self {
    case .unary(.not, let x): return x
    case .binary(let op, let a, let b):
      if let flipped = op.negation { return .binary(flipped, a, b) }
      return .unary(.not, self)
    default: return .unary(.not, self)
    }
  }
}
