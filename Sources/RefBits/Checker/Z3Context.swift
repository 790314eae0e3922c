import CZ3

/// The certificate checker's window on Z3: integer and boolean terms, and
/// satisfiability checks with exact (arbitrary-precision) integer arithmetic.
///
/// Only what the checker's encoding needs: linear integer arithmetic, `div`
/// and `mod` (Z3's: the remainder is never negative), `ite`, and products
/// (non-linear ones may make Z3 answer `unknown`, which the checker reports as
/// a rejection, never as a proof).
///
/// A class because it owns a Z3 context, a C resource freed in `deinit`; one
/// per check (or per sweep schema, ``CertificateSchemas``), never used by two
/// threads at once.
final class Z3Context {
  let context: Z3_context
  private let intSort: Z3_sort
  private var names = 0

  /// A term of sort Int or Bool (the checker keeps the two apart itself).
  struct Term {
    let ast: Z3_ast
  }

  /// - Parameter resourceLimit: Z3's deterministic work bound per check
  ///   (`rlimit`); past it a check answers `unknown`.
  /// - Parameter timeLimit: milliseconds of wall clock per check, past
  ///   which it answers `unknown` (see ``questionTimeLimit``).
  /// - Parameter budget: the checker's time in Z3 for the whole analysis,
  ///   which every check spends from: a check gets at most what is left of
  ///   it, and none once it is spent (``CheckerBudget``).
  init(resourceLimit: UInt32, timeLimit: UInt32 = Z3Context.questionTimeLimit, budget: CheckerBudget = .unbounded()) {
    let config = Z3_mk_config()
    Z3_set_param_value(config, "model", "true")
    context = Z3_mk_context(config)
    Z3_del_config(config)
    // The default handler aborts the process; errors are read back instead.
    Z3_set_error_handler(context, { _, _ in })
    intSort = Z3_mk_int_sort(context)
    self.resourceLimit = resourceLimit
    self.timeLimit = timeLimit
    self.budget = budget
  }

  let resourceLimit: UInt32
  let timeLimit: UInt32
  let budget: CheckerBudget

  /// The wall-clock bound of one check: 5 s. A safety net under `rlimit`,
  /// which does not count all of Z3's work on products of two unknowns:
  /// a 30-line layout whose fixup tests `lo * hi == lo + hi + 1000002`
  /// (with `lo, hi > 2`: no solution, as 1000003 is prime) kept the
  /// default arithmetic 260 s on one question within its `rlimit`.
  /// The slowest question of the shipped layouts and sweeps takes about
  /// 0.2 s, so none comes near it; a question that reaches it answers
  /// `unknown`, never a proof, and only such a question can answer
  /// differently from one run to the next (on a slower or busier machine).
  static let questionTimeLimit: UInt32 = 5_000

  deinit { Z3_del_context(context) }

  // MARK: Terms

  func numeral(_ v: BigInt) -> Term { Term(ast: Z3_mk_numeral(context, v.description, intSort)) }

  /// A fresh integer variable (the name is for reading models only).
  func integer(_ name: String) -> Term {
    names += 1
    return Term(ast: Z3_mk_const(context, Z3_mk_string_symbol(context, "\(name)!\(names)"), intSort))
  }

  var yes: Term { Term(ast: Z3_mk_true(context)) }
  var no: Term { Term(ast: Z3_mk_false(context)) }

  private func list(_ ts: [Term], _ make: (Z3_context, UInt32, UnsafePointer<Z3_ast?>) -> Z3_ast?) -> Term {
    let asts: [Z3_ast?] = ts.map(\.ast)
    return asts.withUnsafeBufferPointer { Term(ast: make(context, UInt32(asts.count), $0.baseAddress!)!) }
  }

  func sum(_ ts: [Term]) -> Term { ts.isEmpty ? numeral(0) : ts.count == 1 ? ts[0] : list(ts, Z3_mk_add) }
  func difference(_ a: Term, _ b: Term) -> Term { list([a, b], Z3_mk_sub) }
  func product(_ a: Term, _ b: Term) -> Term { list([a, b], Z3_mk_mul) }
  func negation(_ a: Term) -> Term { Term(ast: Z3_mk_unary_minus(context, a.ast)) }
  /// Z3's integer division: floor for a positive divisor.
  func div(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_div(context, a.ast, b.ast)) }
  /// Z3's remainder: in `0 ..< |b|`.
  func mod(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_mod(context, a.ast, b.ast)) }

  func equal(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_eq(context, a.ast, b.ast)) }
  func less(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_lt(context, a.ast, b.ast)) }
  func lessOrEqual(_ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_le(context, a.ast, b.ast)) }

  func and(_ ts: [Term]) -> Term { ts.isEmpty ? yes : ts.count == 1 ? ts[0] : list(ts, Z3_mk_and) }
  func or(_ ts: [Term]) -> Term { ts.isEmpty ? no : ts.count == 1 ? ts[0] : list(ts, Z3_mk_or) }
  func not(_ a: Term) -> Term { Term(ast: Z3_mk_not(context, a.ast)) }
  func ite(_ c: Term, _ a: Term, _ b: Term) -> Term { Term(ast: Z3_mk_ite(context, c.ast, a.ast, b.ast)) }

  /// The term simplified; a ground integer term becomes a numeral.
  func simplified(_ t: Term) -> Term { Term(ast: Z3_simplify(context, t.ast)) }

  /// Whether two terms are the same term.
  func same(_ a: Term, _ b: Term) -> Bool { Z3_is_eq_ast(context, a.ast, b.ast) }

  /// `t` with every occurrence of `from` replaced by `to`.
  func substituting(_ from: Term, by to: Term, in t: Term) -> Term {
    var f: Z3_ast? = from.ast
    var v: Z3_ast? = to.ast
    return Term(ast: Z3_substitute(context, t.ast, 1, &f, &v))
  }

  /// The value of a term that simplifies to an integer numeral.
  func constantValue(_ t: Term) -> BigInt? {
    let s = simplified(t)
    guard Z3_is_numeral_ast(context, s.ast) else { return nil }
    guard let text = Z3_get_numeral_string(context, s.ast) else { return nil }
    return BigInt(String(cString: text))
  }

  /// Z3's last error, if a call failed (a bad numeral, a sort mismatch).
  var error: String? {
    let code = Z3_get_error_code(context)
    guard code != Z3_OK else { return nil }
    return String(cString: Z3_get_error_msg(context, code))
  }

  // MARK: Checks

  enum Answer {
    case satisfiable(Model)
    case unsatisfiable
    case unknown(String)
  }

  /// A satisfying assignment, read term by term.
  struct Model {
    let context: Z3Context
    let model: Z3_model

    func value(_ t: Term) -> BigInt? {
      var out: Z3_ast? = nil
      guard Z3_model_eval(context.context, model, t.ast, true, &out), let out,
        Z3_is_numeral_ast(context.context, out), let text = Z3_get_numeral_string(context.context, out)
      else { return nil }
      return BigInt(String(cString: text))
    }

    func truth(_ t: Term) -> Bool {
      var out: Z3_ast? = nil
      guard Z3_model_eval(context.context, model, t.ast, true, &out), let out else { return false }
      return Z3_get_bool_value(context.context, out) == Z3_L_TRUE
    }

    /// The integer variables the model assigns, with their values; nil when
    /// it also interprets functions (Z3's division by zero, say).
    var assignments: [(variable: Term, value: BigInt)]? {
      let z = context.context
      guard Z3_model_get_num_funcs(z, model) == 0 else { return nil }
      var out: [(Term, BigInt)] = []
      for i in 0..<Z3_model_get_num_consts(z, model) {
        guard let d = Z3_model_get_const_decl(z, model, i), let v = Z3_model_get_const_interp(z, model, d),
          Z3_is_numeral_ast(z, v), let text = Z3_get_numeral_string(z, v), let n = BigInt(String(cString: text)),
          let c = Z3_mk_app(z, d, 0, nil)
        else { return nil }
        out.append((Term(ast: c), n))
      }
      return out
    }
  }

  /// A model assigning these values to these variables (and, when
  /// evaluating, the default value to every other).
  func model(_ assignments: [(variable: Term, value: BigInt)]) -> Model? {
    guard let m = Z3_mk_model(context) else { return nil }
    // Kept for the context's life, as every model of the checker.
    Z3_model_inc_ref(context, m)
    for (c, v) in assignments {
      guard let app = Z3_to_app(context, c.ast), let d = Z3_get_app_decl(context, app) else { return nil }
      Z3_add_const_interp(context, m, d, numeral(v).ast)
    }
    return Model(context: self, model: m)
  }

  /// Whether the conjunction of `assertions` has a solution.
  ///
  /// The model of a satisfiable answer stays valid as long as this context.
  func check(_ assertions: [Term]) -> Answer {
    let s = Session(self, base: [])
    return s.check(assertions)
  }

  /// A solver holding assertions common to several checks, each asked in
  /// its own scope (Z3 keeps what it learnt about the common part).
  ///
  /// Each check is asked of a solver on Z3's simplex-based arithmetic
  /// (`arith.solver=2`) first: on the checker's questions (a few words and
  /// counts, large constants, many `ite`s) it answers in about three
  /// quarters of the time of Z3's default arithmetic. Both are decision
  /// procedures for the same theory, so a refutation or a model from either
  /// is as good. Only when it gives no answer (`unknown`: its `rlimit` ran
  /// out, or a product it cannot decide) is the question asked again of a
  /// solver on the default arithmetic, whose answer is returned: a question
  /// is never decided less than the default solver alone decides it. (The
  /// simplex solver gives up on some products the default one decides:
  /// that `x * y == x + y` has no solution with `x, y > 2`, for one.)
  ///
  /// - Complexity: one simplex check per question within the context's
  ///   `rlimit` and time limit; a second, default, one (within the same
  ///   bounds) for the questions it leaves undecided; both within what is
  ///   left of the context's ``CheckerBudget``, and none once it is spent.
  final class Session {
    let z: Z3Context
    /// The common assertions, for the default solver made on demand.
    private let base: [Term]
    /// The simplex-based solver, asked first.
    private let simplex: Z3_solver
    /// The default solver, made at the first question the simplex one leaves
    /// undecided.
    private var fallback: Z3_solver?
    /// False only in tests: the simplex solver's answer, whatever it is.
    private let fallingBack: Bool

    /// - Parameter fallingBack: whether a question the simplex solver leaves
    ///   undecided goes to the default one (false only to test that it does).
    init(_ z: Z3Context, base: [Term], fallingBack: Bool = true) {
      self.z = z
      self.base = base
      self.fallingBack = fallingBack
      simplex = Self.solver(z, base: base, arithmetic: 2)
    }

    deinit {
      Z3_solver_dec_ref(z.context, simplex)
      if let fallback { Z3_solver_dec_ref(z.context, fallback) }
    }

    /// A solver with the context's `rlimit` and time limit holding `base`;
    /// on Z3's arithmetic solver number `arithmetic` (2: simplex), or its
    /// default.
    private static func solver(_ z: Z3Context, base: [Term], arithmetic: UInt32? = nil) -> Z3_solver {
      let solver = Z3_mk_simple_solver(z.context)!
      Z3_solver_inc_ref(z.context, solver)
      var values = [("rlimit", z.resourceLimit), ("timeout", z.timeLimit)]
      if let arithmetic { values.append(("arith.solver", arithmetic)) }
      set(values, on: solver, in: z)
      for a in base { Z3_solver_assert(z.context, solver, a.ast) }
      return solver
    }

    /// Sets unsigned parameters of one solver (`rlimit`, `timeout`, ...);
    /// others keep their values.
    private static func set(_ values: [(String, UInt32)], on solver: Z3_solver, in z: Z3Context) {
      let params = Z3_mk_params(z.context)
      Z3_params_inc_ref(z.context, params)
      for (name, value) in values { Z3_params_set_uint(z.context, params, Z3_mk_string_symbol(z.context, name), value) }
      Z3_solver_set_params(z.context, solver, params)
      Z3_params_dec_ref(z.context, params)
    }

    /// Whether the common assertions and these have a solution.
    ///
    /// - Parameter budget: the time this question spends from, when not the
    ///   context's (a sweep schema's question asked for one point).
    func check(_ assertions: [Term], budget: CheckerBudget? = nil) -> Answer {
      let budget = budget ?? z.budget
      if let error = z.error { return .unknown("Z3: \(error)") }
      let first = Self.check(z, simplex, assertions, budget: budget)
      // Nothing to fall back on once the analysis's time is spent: the first
      // answer says why.
      guard case .unknown = first, fallingBack, budget.milliseconds(cappedAt: 1) > 0 else { return first }
      let solver = fallback ?? Self.solver(z, base: base)
      fallback = solver
      return Self.check(z, solver, assertions, budget: budget)
    }

    /// One question to one solver, in a scope of its own, within the time
    /// left of `budget` (none left: not asked), which it spends.
    private static func check(_ z: Z3Context, _ solver: Z3_solver, _ assertions: [Term], budget: CheckerBudget) -> Answer {
      let context = z.context
      let limit = budget.milliseconds(cappedAt: z.timeLimit)
      guard limit > 0 else { return .unknown(budget.spent) }
      if limit < z.timeLimit { set([("timeout", limit)], on: solver, in: z) }
      Z3_solver_push(context, solver)
      defer { Z3_solver_pop(context, solver, 1) }
      for a in assertions { Z3_solver_assert(context, solver, a.ast) }
      let clock = ContinuousClock()
      let start = clock.now
      let answer = Z3_solver_check(context, solver)
      let elapsed = clock.now - start
      budget.spend(elapsed)
      switch answer {
      case Z3_L_FALSE:
        return .unsatisfiable
      case Z3_L_TRUE:
        let model = Z3_solver_get_model(context, solver)!
        // The model outlives the scope: keep a reference for the context's life.
        Z3_model_inc_ref(context, model)
        return .satisfiable(Model(context: z, model: model))
      default:
        let why = Z3_solver_get_reason_unknown(context, solver).map { String(cString: $0) } ?? "unknown"
        if elapsed >= .milliseconds(limit) {
          let text = limit % 1000 == 0 ? "\(limit / 1000) s" : "\(limit) ms"
          let left = limit < z.timeLimit ? ", what was left of the checker's \(budget.totalText) in Z3 for this analysis" : ""
          return .unknown("Z3 gave no answer in \(text)\(left) (\(why))")
        }
        return .unknown("Z3 gave no answer (\(why))")
      }
    }
  }
}
