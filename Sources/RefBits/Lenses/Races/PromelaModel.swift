/// A race written as a Promela model for spin, so that an independent model
/// checker can confirm the race lens' verdicts.
///
/// Spin explores the interleavings (its own state hashing and partial-order
/// reduction); the steps' effects are embedded C (`c_code`, `c_expr`)
/// generated here from the layout's steps, separately from the Swift
/// executor: each thread is a process whose one atomic transition (a
/// `d_step`) runs its next step when it can move. The state vector holds the
/// words' raw bits, the truth's held counts, the flags (stopped, order
/// constraints met) and each thread's program counter and locals, as
/// ``RaceProgram`` does. When a step produces an outcome, makes a predicate
/// start lying, or violates a claim, the model prints `REFBITS-FOUND name`
/// once (from memory outside the state vector); a watchdog process reports
/// `deadlock` when no thread can move and some are not done (and not merely
/// held back by an order constraint).
///
/// Limits: words of at most 64 bits (as the race lens), every action of a
/// thread written with steps (an atomic action has no C translation here),
/// and expressions whose values provably fit 127 bits.
public struct PromelaModel: Sendable {
  /// The model's text.
  public var text: String
  /// Every name the model can report, in the order of its ids.
  public var names: [String]

  /// Emits `setup` as Promela.
  ///
  /// - Throws: ``RaceSetup/Problem`` when a limit above is exceeded.
  public init(_ setup: RaceSetup) throws(RaceSetup.Problem) {
    let program = try RaceProgram(setup)
    let e = PromelaEmitter(program: program)
    try e.check()
    text = e.emit()
    names = e.names
  }

  /// The names a pan run reported (`REFBITS-FOUND name` lines).
  static func found(inPanOutput output: String) -> Set<String> {
    var out: Set<String> = []
    for line in output.split(separator: "\n") where line.hasPrefix("REFBITS-FOUND ") {
      out.insert(String(line.dropFirst("REFBITS-FOUND ".count)))
    }
    return out
  }

  /// What the race lens reports, in the model's names: every finding, and
  /// `claim N violated` for each violated claim (N from 1).
  static func verdicts(_ r: RaceResult) -> Set<String> {
    var out = Set(r.findings.map(\.outcome))
    for (i, c) in r.claims.enumerated() where c.verdict == .violated { out.insert("claim \(i + 1) violated") }
    return out
  }
}

/// Generates the model's text.
struct PromelaEmitter {
  let program: RaceProgram
  var layout: Layout { program.setup.layout }
  var names: [String] = []

  init(program: RaceProgram) {
    self.program = program
    names = program.outcomes.map(\.description) + layout.claims.indices.map { "claim \($0 + 1) violated" } + ["deadlock"]
  }

  var claimID: (Int) -> Int { { self.program.outcomes.count + $0 } }
  var deadlockID: Int { program.outcomes.count + layout.claims.count }

  /// Checks the limits: steps everywhere, bounded expression values.
  func check() throws(RaceSetup.Problem) {
    for (t, code) in program.code.enumerated() {
      for m in code {
        if case .atomic = m.instruction {
          throw RaceSetup.Problem(message: "thread \(t + 1) runs '\(layout.name(of: m.action))', an action without steps: the Promela emitter writes actions with steps only", hint: "give the action steps (even one), or leave it to the starting state (--from)")
        }
      }
    }
    let bits = localBits()
    for (t, code) in program.code.enumerated() {
      for m in code {
        for e in expressions(m.instruction) where bound(e, thread: t, bits) == nil {
          throw RaceSetup.Problem(message: "an expression of '\(layout.name(of: m.action))' may need more than 127 bits; the Promela emitter computes on 128-bit integers")
        }
      }
    }
    for p in layout.predicates {
      for e in [p.when.expression, p.means.expression] where bound(e, thread: 0, bits) == nil {
        throw RaceSetup.Problem(message: "predicate '\(p.name)' may need more than 127 bits; the Promela emitter computes on 128-bit integers")
      }
    }
  }

  func expressions(_ i: RaceProgram.Instruction) -> [Expression] {
    switch i {
    case .load(_, let v), .store(_, let v), .await(let v): [v.expression]
    case .compareExchange(_, let e, let n, _, _, _, _): [e.expression, n.expression]
    case .jump(let c?, _, _): [c.expression]
    default: []
    }
  }

  /// Per thread, per local: a bound on its values' bits (a fixpoint over
  /// what is assigned to it); 128 when unbounded.
  func localBits() -> [[Int]] {
    program.code.indices.map { t in
      var bits = Array(repeating: 0, count: program.localCount[t])
      for _ in 0..<8 {
        var changed = false
        for m in program.code[t] {
          var assigns: [(Int, Int)] = []
          switch m.instruction {
          case .load(let l, let v): assigns.append((l, bound(v.expression, thread: t, [bits]) ?? 128))
          case .add(let f, _, _, let r?, _): assigns.append((r, layout.fields[f].bits))
          case .testAndSet(_, _, let r?): assigns.append((r, 1))
          case .compareExchange(let f, _, _, _, _, let r, let u):
            if let r { assigns.append((r, 1)) }
            if let u { assigns.append((u, layout.fields[f].bits)) }
          default: break
          }
          for (l, b) in assigns where b > bits[l] {
            bits[l] = min(b, 128)
            changed = true
          }
        }
        if !changed { break }
      }
      return bits
    }
  }

  /// Bits of an expression's values (|v| < 2^b), or nil beyond 126.
  func bound(_ e: Expression, thread t: Int, _ bits: [[Int]]) -> Int? {
    let r: Int
    switch e {
    case .literal(let v), .constant(_, let v): r = v.bitWidth
    case .field(let f, _, _):
      if f >= layout.fields.count { r = (t < bits.count && f - layout.fields.count < bits[t].count) ? bits[t][f - layout.fields.count] + 1 : 128 } else { r = layout.fields[f].bits }
    case .word(let w, _, _): r = layout.words[w].bits
    case .held, .total: r = 64
    case .name, .access: return nil
    case .unary(let op, let a):
      guard let x = bound(a, thread: t, bits) else { return nil }
      r = op == .not ? 1 : x + 1
    case .binary(let op, let a, let b):
      guard let x = bound(a, thread: t, bits), let y = bound(b, thread: t, bits) else { return nil }
      switch op {
      case .add, .subtract, .bitAnd, .bitOr, .bitXor: r = max(x, y) + 1
      case .multiply: r = x + y
      case .divide, .remainder: r = x
      case .shiftLeft:
        guard b.isConstant, let n = b.constantValue.int, (0...127).contains(n) else { return nil }
        r = x + n
      case .shiftRight: r = x
      default: r = 1
      }
    case .call(_, let args):
      var m = 0
      for a in args {
        guard let x = bound(a, thread: t, bits) else { return nil }
        m = max(m, x)
      }
      r = m
    }
    return r <= 126 ? r : nil
  }

  // MARK: - C text

  /// A 128-bit constant as C.
  static func literal(_ v: BigInt) -> String {
    if let i = v.int64 { return i == Int64.min ? "((rb_i128)(-9223372036854775807LL - 1))" : "((rb_i128)\(i)LL)" }
    let u = v.truncatedUInt128(bits: 128)
    let hi = UInt64(truncatingIfNeeded: u >> 64), lo = UInt64(truncatingIfNeeded: u)
    return "((rb_i128)(((unsigned __int128)\(hi)ULL << 64) | \(lo)ULL))"
  }

  static func mask(_ bits: Int) -> String { bits >= 64 ? "0xFFFFFFFFFFFFFFFFULL" : "0x\(String((UInt64(1) << UInt64(bits)) - 1, radix: 16))ULL" }

  /// The raw bits of a range of word `w`, and their reading.
  func read(word w: Int, lsb: Int, bits: Int, signed: Bool) -> String {
    let raw = "((now.w\(w) >> \(lsb)) & \(Self.mask(bits)))"
    guard signed else { return "((rb_i128)\(raw))" }
    return "((rb_i128)\(raw) - (((\(raw) >> \(bits - 1)) & 1ULL) ? ((rb_i128)1 << \(bits)) : (rb_i128)0))"
  }

  func readField(_ f: Int, _ r: Expression.Reading = .declared) -> String {
    let field = layout.fields[f]
    return read(word: field.word, lsb: field.lsb, bits: field.bits, signed: r == .signed || (r == .declared && field.signed))
  }

  func local(_ t: Int, _ l: Int) -> String { "now.l\(t)_\(l)" }

  /// An expression as side-effect-free C (a `c_expr` may call nothing).
  func c(_ e: Expression, thread t: Int) -> String {
    switch e {
    case .literal(let v), .constant(_, let v): return Self.literal(v)
    case .name, .access: return "((rb_i128)0)"
    case .field(let f, _, let r):
      if f >= layout.fields.count { return local(t, f - layout.fields.count) }
      return readField(f, r)
    case .word(let w, _, let r):
      let word = layout.words[w]
      return read(word: w, lsb: 0, bits: word.bits, signed: r == .signed || (r == .declared && word.signed))
    case .held(let k): return "((rb_i128)now.h\(k))"
    case .total: return "(" + (layout.kinds.indices.map { "(rb_i128)now.h\($0)" }.joined(separator: " + ")) + ")"
    case .unary(let op, let a): return "(\(op.rawValue)\(c(a, thread: t)))"
    case .binary(let op, let a, let b):
      let x = c(a, thread: t), y = c(b, thread: t)
      switch op {
      case .divide: return "((\(y)) == 0 ? (rb_i128)0 : (\(x)) / (\(y)))"
      case .remainder: return "((\(y)) == 0 ? (\(x)) : (\(x)) % (\(y)))"
      case .shiftLeft: return "((rb_i128)((unsigned __int128)(\(x)) << (int)(\(y))))"
      case .shiftRight: return "((\(x)) >> (int)(\(y)))"
      case .and, .or, .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: return "((rb_i128)((\(x)) \(op.rawValue) (\(y))))"
      default: return "((\(x)) \(op.rawValue) (\(y)))"
      }
    case .call(let f, let args):
      var s = c(args[0], thread: t)
      for a in args.dropFirst() {
        let y = c(a, thread: t)
        s = f == .min ? "((\(s)) < (\(y)) ? (\(s)) : (\(y)))" : "((\(s)) > (\(y)) ? (\(s)) : (\(y)))"
      }
      return s
    }
  }

  /// The predicates' standing bits on `now` (bit 2p when, 2p+1 means).
  var standing: String {
    layout.predicates.indices.map { p in
      "(((\(c(layout.predicates[p].when.expression, thread: 0))) != 0 ? 1ULL : 0ULL) << \(2 * p)) | (((\(c(layout.predicates[p].means.expression, thread: 0))) != 0 ? 1ULL : 0ULL) << \(2 * p + 1))"
    }.joined(separator: " | ").nonEmpty ?? "0ULL"
  }

  func pc(_ t: Int) -> String { "(now.p\(t) & 0xFFFFFFFFULL)" }

  /// When thread `t` can move (RaceProgram.blocked == nil), as a C expression.
  func canMove(_ t: Int) -> String {
    var parts = ["\(pc(t)) < \(program.code[t].count)ULL", "(now.fl & 1ULL) == 0"]
    for (i, m) in program.code[t].enumerated() {
      var cond: String?
      if m.waitMask != 0 { cond = "((now.fl >> 1) & \(m.waitMask)ULL) == \(m.waitMask)ULL" }
      switch m.instruction {
      case .lock(let f): cond = [cond, "\(readField(f, .unsigned)) == 0"].compactMap { $0 }.joined(separator: " && ")
      case .await(let e): cond = [cond, "(\(c(e.expression, thread: t))) != 0"].compactMap { $0 }.joined(separator: " && ")
      default: break
      }
      if let cond { parts.append("(\(pc(t)) != \(i)ULL || (\(cond)))") }
    }
    return parts.joined(separator: " && ")
  }

  /// Bits of an outcome id set, as two 64-bit masks.
  static func masks(_ ids: [Int]) -> (UInt64, UInt64) {
    var lo: UInt64 = 0, hi: UInt64 = 0
    for i in ids { if i < 64 { lo |= 1 << UInt64(i) } else { hi |= 1 << UInt64(i - 64) } }
    return (lo, hi)
  }

  func ev(_ id: Int) -> String { id < 64 ? "ev0 |= \(UInt64(1) << UInt64(id))ULL;" : "ev1 |= \(UInt64(1) << UInt64(id - 64))ULL;" }

  /// C statements of one field add: the word add, and every overflow.
  func addC(_ f: Int, _ k: Int128, _ delta: UInt64) -> String {
    let field = layout.fields[f]
    let w = field.word
    var s = "{ rb_u64 before = now.w\(w); rb_i128 old = \(readField(f)); now.w\(w) = (now.w\(w) + \(delta)ULL) & \(Self.mask(layout.words[w].bits)); "
    s += "if (\(readField(f)) != old + \(Self.literal(BigInt(k)))) { \(ev(program.overflowID[f])) } "
    s += neighbours(of: f, word: w) + "}"
    return s
  }

  func neighbours(of f: Int, word w: Int) -> String {
    var s = "rb_u64 changed = before ^ now.w\(w); "
    var covered: UInt64 = 0
    for g in layout.fields.indices where layout.fields[g].word == w {
      let field = layout.fields[g]
      let m: UInt64 = (field.bits >= 64 ? ~0 : (1 << UInt64(field.bits)) - 1) << UInt64(field.lsb)
      covered |= m
      if g != f { s += "if (changed & \(m)ULL) { \(ev(program.overflowID[g])) } " }
    }
    let wordMask: UInt64 = layout.words[w].bits >= 64 ? ~0 : (1 << UInt64(layout.words[w].bits)) - 1
    if covered & wordMask != wordMask { s += "if (changed & \(~covered & wordMask)ULL) { \(ev(program.wordOverflowID[w])) } " }
    return s
  }

  /// C statements storing a value into field `f`, with its overflow.
  func storeC(_ f: Int, _ value: String) -> String {
    let field = layout.fields[f]
    let m: UInt64 = field.bits >= 64 ? ~0 : (1 << UInt64(field.bits)) - 1
    return "{ rb_i128 v = \(value); now.w\(field.word) = (now.w\(field.word) & ~(\(m)ULL << \(field.lsb))) | ((((rb_u64)v) & \(m)ULL) << \(field.lsb)); if (\(readField(f)) != v) { \(ev(program.overflowID[f])) } }"
  }

  func setLocal(_ t: Int, _ l: Int, _ v: String) -> String { "\(local(t, l)) = \(v);" }

  /// The truth moves: an acquire takes a reference, a release drops one.
  func moveTruth(_ a: Op.Action) -> String {
    guard let k = a.kind else { return "" }
    return "now.h\(k) += \(a.heldDelta);"
  }

  /// The end of an action: outcome events, the truth, the locals, where
  /// the thread resumes (RaceProgram.complete and resume).
  func complete(_ t: Int, _ m: RaceProgram.Micro, outcome o: Layout.FixupOutcome) -> String {
    var s = "fin = \(o == .ok ? 0 : 1); "
    switch o {
    case .trapped: s += ev(program.outcomeID[.trapped]!) + " now.fl |= 1ULL; "
    case .refused: s += ev(program.outcomeID[.refused(kind: layout.kindOrOperationName(m.action))]!) + " "
    case .saturated, .spilled, .ok:
      if o == .saturated { s += ev(program.outcomeID[.saturated]!) + " " }
      if o == .spilled { s += ev(program.outcomeID[.spilled]!) + " " }
      s += "if (!committed) { \(moveTruth(m.action)) } "
    }
    for l in 0..<program.localCount[t] { s += "\(local(t, l)) = 0; " }
    s += "next = \(program.resume(after: m, thread: t, o)); committed = 0; done_action = \(m.actionIndex); "
    return s
  }

  /// One thread's step, as the C body of its `d_step`.
  func move(_ t: Int) -> String {
    var s: [String] = []
    s.append("rb_u64 st0 = \(standing); rb_u64 ev0 = 0, ev1 = 0; int fin = -1; int done_action = -1; int frees = 0;")
    s.append("if (!rb_started) { rb_started = 1; rb_start_claims(st0); }")
    s.append("rb_u64 pc = \(pc(t)); rb_u64 committed = now.p\(t) >> 32; rb_u64 next = pc + 1;")
    s.append("switch (pc) {")
    for (i, m) in program.code[t].enumerated() {
      let action = layout.action(m.action)
      let step = action.steps!.steps[m.step!]
      s.append("case \(i): /* \(layout.name(of: m.action)) [\(m.label ?? "\(m.step! + 1)")] \(step.text.replacingOccurrences(of: "*/", with: "* /")) */")
      var body = ""
      if !m.action.isAcquire { body += "frees = 1; " }
      if m.setMask != 0 { body += "now.fl |= \(m.setMask << 1)ULL; " }
      if m.commits { body += "\(moveTruth(m.action)) committed = 1; " }
      switch m.instruction {
      case .load(let l, let v): body += setLocal(t, l, c(v.expression, thread: t))
      case .add(let f, let k, let delta, let r, let returns):
        if let r, returns == .old { body += setLocal(t, r, readField(f)) + " " }
        body += addC(f, k, delta) + " "
        if let r, returns == .new { body += setLocal(t, r, readField(f)) }
      case .store(let f, let v): body += storeC(f, c(v.expression, thread: t))
      case .testAndSet(let f, let v, let r):
        if let r { body += setLocal(t, r, readField(f, .unsigned)) + " " }
        body += storeC(f, v ? "(rb_i128)1" : "(rb_i128)0")
      case .compareExchange(let f, let e, let n, let addend, let delta, let r, let u):
        body += "{ rb_i128 cur = \(readField(f)); if (cur == (\(c(e.expression, thread: t)))) { "
        body += addend.map { addC(f, $0, delta) } ?? storeC(f, c(n.expression, thread: t))
        body += r.map { " " + setLocal(t, $0, "1") } ?? ""
        body += " } else { " + (r.map { setLocal(t, $0, "0") + " " } ?? "") + (u.map { setLocal(t, $0, "cur") } ?? "") + " } }"
      case .lock(let f): body += storeC(f, "(rb_i128)1")
      case .await, .fence: break
      case .jump(let cond, let target, let o):
        let test = cond.map { "(\(c($0.expression, thread: t))) != 0" } ?? "1"
        if let target {
          body += "if (\(test)) { next = \(target); } "
        } else if let o {
          body += "if (\(test)) { " + complete(t, m, outcome: o) + "break; } "
        }
      case .atomic: break
      }
      // Falling off the action's end completes it.
      body += " if (fin < 0 && next == \(m.end)) { " + complete(t, m, outcome: .ok) + "}"
      s.append("  " + body)
      s.append("  break;")
    }
    s.append("}")
    s.append("now.p\(t) = next | (committed << 32);")
    // Lie onsets, events, claims.
    s.append("rb_u64 st1 = \(standing);")
    s.append(onsets())
    s.append(claims(thread: t))
    s.append("rb_report_all(ev0, ev1);")
    return s.joined(separator: "\n    ")
  }

  /// Lie onsets across the step (Machine.onset: a plain predicate is not
  /// judged on a dead object, an acquire's step never frees), added to the
  /// events.
  func onsets() -> String {
    let freedMeans = layout.predicates.indices.filter { layout.predicates[$0].role == .freed }
    let dead = { (st: String) in freedMeans.isEmpty ? "0" : "(" + freedMeans.map { "((\(st) >> \(2 * $0 + 1)) & 1)" }.joined(separator: " || ") + ")" }
    var s = "int dead0 = \(dead("st0")), dead1 = \(dead("st1")); "
    for (p, pred) in layout.predicates.enumerated() {
      let w0 = "((st0 >> \(2 * p)) & 1)", m0 = "((st0 >> \(2 * p + 1)) & 1)", w1 = "((st1 >> \(2 * p)) & 1)", m1 = "((st1 >> \(2 * p + 1)) & 1)"
      switch pred.role {
      case .plain:
        let fp = program.outcomeID[.falsePositive(predicate: pred.name)]!, fn = program.outcomeID[.falseNegative(predicate: pred.name)]!
        s += "if (!dead1) { int l0 = dead0 || \(w0) == \(m0) ? 0 : (\(w0) ? 1 : 2), l1 = \(w1) == \(m1) ? 0 : (\(w1) ? 1 : 2); if (l1 != 0 && l1 != l0) { if (l1 == 1) { \(ev(fp)) } else { \(ev(fn)) } } } "
      case .freed:
        s += "if (frees && \(w1) && !\(m1) && !\(w0)) { \(ev(program.outcomeID[.prematureFree]!)) } if (!\(w1) && \(m1) && !\(m0)) { \(ev(program.outcomeID[.leak]!)) } "
      }
    }
    return s
  }

  /// The lies standing on standing bits `st`, as outcome masks (C statements
  /// setting `lo` and `hi`).
  func liesC(_ st: String) -> String {
    var s = "rb_u64 lo = 0, hi = 0; "
    for (p, pred) in layout.predicates.enumerated() {
      let w = "((\(st) >> \(2 * p)) & 1)", m = "((\(st) >> \(2 * p + 1)) & 1)"
      let fp = pred.role == .freed ? program.outcomeID[.prematureFree]! : program.outcomeID[.falsePositive(predicate: pred.name)]!
      let fn = pred.role == .freed ? program.outcomeID[.leak]! : program.outcomeID[.falseNegative(predicate: pred.name)]!
      s += "if (\(w) && !\(m)) { \(fp < 64 ? "lo |= \(UInt64(1) << UInt64(fp))ULL;" : "hi |= \(UInt64(1) << UInt64(fp - 64))ULL;") } "
      s += "if (!\(w) && \(m)) { \(fn < 64 ? "lo |= \(UInt64(1) << UInt64(fn))ULL;" : "hi |= \(UInt64(1) << UInt64(fn - 64))ULL;") } "
    }
    return s
  }

  func claimMask(_ c: Int) -> (UInt64, UInt64) {
    Self.masks(program.outcomes.indices.filter { layout.claims[c].never.matches(program.outcomes[$0]) })
  }

  /// Whether every thread is between actions.
  var quiescent: String {
    program.code.indices.map { t in
      let starts = Set(program.code[t].map(\.start)).sorted()
      return "(" + (["\(pc(t)) >= \(program.code[t].count)ULL"] + starts.map { "\(pc(t)) == \($0)ULL" }).joined(separator: " || ") + ")"
    }.joined(separator: " && ").nonEmpty ?? "1"
  }

  func claims(thread t: Int) -> String {
    var s = ""
    for (i, claim) in layout.claims.enumerated() {
      let (lo, hi) = claimMask(i)
      let report = "rb_report(\(claimID(i)), \"claim \(i + 1) violated\");"
      switch claim.judged {
      case .always:
        s += "if ((ev0 & \(lo)ULL) || (ev1 & \(hi)ULL)) { \(report) } "
      case .quiescent:
        s += "if (\(quiescent)) { \(liesC("st1")) if ((lo & \(lo)ULL) || (hi & \(hi)ULL)) { \(report) } } "
      case .after(let name):
        let indices = program.setup.threads[t].indices.filter { layout.name(of: program.setup.threads[t][$0]) == name }
        guard !indices.isEmpty else { continue }
        s += "if (" + indices.map { "done_action == \($0)" }.joined(separator: " || ") + ") { \(liesC("st1")) if ((lo & \(lo)ULL) || (hi & \(hi)ULL)) { \(report) } } "
      }
    }
    return s
  }

  /// The watchdog's classification when no thread can move.
  var stuck: String {
    var s = "int order = 0, all = 1; "
    for t in program.code.indices {
      s += "if (\(pc(t)) < \(program.code[t].count)ULL) { all = 0; "
      for (i, m) in program.code[t].enumerated() where m.waitMask != 0 {
        s += "if (\(pc(t)) == \(i)ULL && ((now.fl >> 1) & \(m.waitMask)ULL) != \(m.waitMask)ULL) order = 1; "
      }
      s += "} "
    }
    s += "if (!order && !all && !(now.fl & 1ULL)) { rb_report(\(deadlockID), \"deadlock\"); }"
    return s
  }

  func emit() -> String {
    let setup = program.setup
    var out: [String] = []
    out.append("/* RefBits race model for spin (generated by `refbits races --emit promela`; do not edit).")
    out.append("   layout \(layout.name), scenario \(setup.name)")
    for (t, s) in setup.threadScripts.enumerated() { out.append("   thread \(t + 1): \(s)") }
    out.append("   from: \(setup.from.isEmpty ? "the initial state" : setup.from)\(setup.orderTexts.isEmpty ? "" : "; order: \(setup.orderTexts.joined(separator: ", "))")")
    out.append("   Run: spin -a model.pml && gcc -O2 -w -o pan pan.c && ./pan -c0 -m100000")
    out.append("   Each outcome, predicate lie or claim violation some interleaving reaches is printed once as REFBITS-FOUND NAME. */")
    out.append("")
    out.append("c_decl {")
    out.append("  typedef unsigned long long rb_u64;")
    out.append("  typedef long long rb_i64;")
    out.append("  typedef __int128 rb_i128;")
    out.append("  /* Outside the state vector: what was found, over the whole search. */")
    out.append("  static rb_u64 rb_found[4];")
    out.append("  static int rb_started;")
    out.append("  static const char *rb_names[] = { " + names.map { "\"\($0)\"" }.joined(separator: ", ") + " };")
    out.append("  static void rb_report(int id, const char *name) {")
    out.append("    if (!((rb_found[id / 64] >> (id % 64)) & 1ULL)) { rb_found[id / 64] |= 1ULL << (id % 64); fprintf(stderr, \"REFBITS-FOUND %s\\n\", name); }")
    out.append("  }")
    out.append("  static void rb_report_all(rb_u64 ev0, rb_u64 ev1) {")
    out.append("    for (int i = 0; i < 128; i++) if (((i < 64 ? ev0 >> i : ev1 >> (i - 64)) & 1ULL)) rb_report(i, rb_names[i]);")
    out.append("  }")
    // Start-state claims.
    var start = "  static void rb_start_claims(rb_u64 st0) { "
    for (i, claim) in layout.claims.enumerated() where claim.never.category.isLieCategory && (claim.judged == .always || claim.judged == .quiescent) {
      let (lo, hi) = claimMask(i)
      start += "{ \(liesC("st0")) if ((lo & \(lo)ULL) || (hi & \(hi)ULL)) rb_report(\(claimID(i)), \"claim \(i + 1) violated\"); } "
    }
    out.append(start + "}")
    out.append("}")
    out.append("")
    let s = program.startSlots()
    for (w, word) in layout.words.enumerated() { out.append("c_state \"rb_u64 w\(w)\" \"Global\" \"\(s[program.geometry.wordSlot[w]])ULL\"   /* word \(word.name) */") }
    for (k, kind) in layout.kinds.enumerated() { out.append("c_state \"rb_i64 h\(k)\" \"Global\" \"\(Int64(bitPattern: s[program.geometry.heldSlot + k]))LL\"   /* held \(kind.name) */") }
    out.append("c_state \"rb_u64 fl\" \"Global\" \"0ULL\"   /* bit 0: stopped (a trap); bit 1 + i: order constraint i met */")
    for t in program.code.indices {
      out.append("c_state \"rb_u64 p\(t)\" \"Global\" \"0ULL\"   /* thread \(t + 1): pc | committed << 32 */")
      for l in 0..<program.localCount[t] { out.append("c_state \"rb_i128 l\(t)_\(l)\" \"Global\" \"0\"") }
    }
    out.append("")
    for t in program.code.indices {
      out.append("/* thread \(t + 1): \(setup.threadScripts[t]) */")
      out.append("active proctype t\(t)() {")
      out.append("end:")
      out.append("  do")
      out.append("  :: d_step { c_expr { \(canMove(t)) } -> c_code {")
      out.append("    " + move(t))
      out.append("  } }")
      out.append("  od")
      out.append("}")
      out.append("")
    }
    out.append("/* No thread can move: done, stopped, held back by an order constraint, or a deadlock. */")
    out.append("active proctype watchdog() {")
    out.append("end:")
    out.append("  do")
    out.append("  :: timeout -> c_code { \(stuck) }; break")
    out.append("  od")
    out.append("}")
    return out.joined(separator: "\n") + "\n"
  }
}

extension String {
  /// nil when empty.
  var nonEmpty: String? { isEmpty ? nil : self }
}
