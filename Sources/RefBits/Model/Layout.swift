/// One reference-count encoding design: words, fields, kinds of references,
/// predicates, the initial state and the claims the design makes.
///
/// A `Layout` is data. It is read from a TOML layout file (see
/// `Layout+Parsing.swift` and `docs/layout-format.md`), validated once, and then
/// compiled into a ``Machine`` that steps states.
public struct Layout: Sendable, Hashable {
  /// Short name, usually the file's base name (`linux-gup-bias`).
  public var name: String
  /// One-line title.
  public var title: String
  /// Where the semantics come from: file, version or commit.
  public var source: String
  /// Longer free text.
  public var description: String
  /// The system whose code the layout models (`linux`, `macos`, `cpython`,
  /// ...), matched against an attacker profile's `platforms`; nil when the
  /// file does not say.
  var platform: String?
  /// Named integers that `--set` and sweeps may change, with the values this
  /// layout was read at (see ``Layout/Parameter``); usable wherever a constant is.
  public var parameters: [Parameter]
  /// Named constants usable in every expression (`GUP_PIN_COUNTING_BIAS`).
  public var constants: [Constant]
  /// Storage cells, in file order.
  public var words: [Word]
  /// Named bit ranges over the words, in file order (word by word).
  public var fields: [Field]
  /// Kinds of references the layout counts, in file order.
  public var kinds: [Kind]
  /// Steps that are neither an acquire nor a release (`page_mkclean`,
  /// percpu_ref's switch to atomic mode), in file order.
  public var operations: [Operation]
  /// Named questions asked of the word, in file order.
  public var predicates: [Predicate]
  /// The state a new object starts in.
  var initial: Initial
  /// What the design promises.
  public var claims: [Claim]
  /// Invariants the layout's author states (``StatedInvariant``): proofs
  /// the exact lens offers the checker when the invariant it finds itself
  /// is not one.
  var invariants: [StatedInvariant]
  /// Races for `refbits races` (``Scenario``), in file order.
  public var scenarios: [Scenario]

  /// Creates a layout from parts already checked. `Layout.parse(toml:name:file:)` is
  /// the validating way in; this initializer checks nothing.
  init(
    name: String, title: String, source: String, description: String = "", platform: String? = nil,
    parameters: [Parameter] = [], constants: [Constant] = [], words: [Word], fields: [Field], kinds: [Kind], operations: [Operation] = [],
    predicates: [Predicate] = [], initial: Initial, claims: [Claim] = [], invariants: [StatedInvariant] = [], scenarios: [Scenario] = []
  ) {
    self.name = name
    self.title = title
    self.source = source
    self.description = description
    self.platform = platform
    self.parameters = parameters
    self.constants = constants
    self.words = words
    self.fields = fields
    self.kinds = kinds
    self.operations = operations
    self.predicates = predicates
    self.initial = initial
    self.claims = claims
    self.invariants = invariants
    self.scenarios = scenarios
  }
}

extension Layout {
  /// A named constant, evaluated once at check time.
  public struct Constant: Sendable, Hashable {
    /// The name expressions use (`GUP_PIN_COUNTING_BIAS`).
    public var name: String
    /// The defining expression, over parameters and earlier constants.
    var expression: Expression
    /// The expression's exact value at the layout's parameter values.
    public var value: BigInt
    /// Why the constant has this value; empty when the file does not say.
    public var description: String

    /// Creates a constant whose `value` is already evaluated from `expression`.
    init(name: String, expression: Expression, value: BigInt, description: String = "") {
      self.name = name
      self.expression = expression
      self.value = value
      self.description = description
    }
  }

  /// A fixed-width storage cell of 1 to 128 bits.
  public struct Word: Sendable, Hashable {
    /// The name expressions use for the whole word.
    public var name: String
    var bits: Int
    /// Whether the whole word is read as two's complement (`atomic_t`).
    var signed: Bool
    /// What the word is in the modelled code (`folio->_refcount`); empty when
    /// the file does not say.
    public var description: String

    /// Creates a word of `bits` bits (1 to 128), two's complement when `signed`.
    init(name: String, bits: Int, signed: Bool, description: String = "") {
      self.name = name
      self.bits = bits
      self.signed = signed
      self.description = description
    }
  }

  /// A named bit range `msb...lsb` of one word.
  public struct Field: Sendable, Hashable {
    /// The name expressions and effects use (`refcount`, `pincount`).
    public var name: String
    /// Index into ``Layout/words``.
    var word: Int
    var lsb: Int
    var msb: Int
    /// The field's own reading: two's complement or not.
    var signed: Bool
    /// What the field holds in the modelled code; empty when the file does not say.
    public var description: String

    /// Creates the field of bits `msb...lsb` (bit 0 least significant) of word
    /// index `word`.
    init(name: String, word: Int, lsb: Int, msb: Int, signed: Bool, description: String = "") {
      self.name = name
      self.word = word
      self.lsb = lsb
      self.msb = msb
      self.signed = signed
      self.description = description
    }

    /// Width in bits.
    var bits: Int { msb - lsb + 1 }
  }

  /// A kind of reference (`ref`, `pin`, `strong`), with what acquiring and
  /// releasing one does to the word.
  public struct Kind: Sendable, Hashable {
    /// The name scripts, workloads and outcomes use (`ref`, `pin`).
    public var name: String
    /// What the modelled code calls to take one (`get_page()`); empty when the
    /// file does not say.
    public var description: String
    /// What taking one reference of this kind does to the word.
    var acquire: Action
    /// What dropping one reference of this kind does to the word.
    var release: Action

    /// Creates a kind from its acquire and release actions.
    init(name: String, description: String = "", acquire: Action, release: Action) {
      self.name = name
      self.description = description
      self.acquire = acquire
      self.release = release
    }

    /// The action in one direction.
    public func action(_ direction: Direction) -> Action {
      direction == .acquire ? acquire : release
    }
  }

  /// Which way a kind's action moves the truth.
  public enum Direction: String, Sendable, Hashable, CaseIterable {
    case acquire, release
  }

  /// A step that is neither an acquire nor a release: `page_mkclean()`
  /// re-setting a pin flag, percpu_ref's switch to atomic mode, a merge of a
  /// queued count. It has the conditions and effects of an acquire and holds
  /// no reference: the truth's held counts do not move.
  public struct Operation: Sendable, Hashable {
    /// The name in the layout (`[operations.NAME]`).
    public var name: String
    /// What the step is in the modelled code; empty when the file does not say.
    public var description: String
    /// What it does; its ``Action/alias`` defaults to ``name``.
    public var action: Action

    /// Creates an operation that performs `action` and holds no reference.
    init(name: String, description: String = "", action: Action) {
      self.name = name
      self.description = description
      self.action = action
    }
  }

  /// What one acquire, release or operation does: conditions and effects.
  ///
  /// The order of evaluation is fixed: `refuse` on the old state (a refused
  /// step changes nothing), then the effects, then `trap` (a trapped step
  /// changes nothing either: the process is dead), then the first fixup whose
  /// condition holds.
  public struct Action: Sendable, Hashable {
    /// The name scripts use for it (`pin`, `unpin`); defaults to the kind's
    /// name for an acquire, `-kind` for a release, and the operation's name.
    var alias: String?
    var refuse: Condition?
    var effects: [Effect]
    var trap: Condition?
    var fixups: [Fixup]
    /// An acquire only: whether it may be taken on a dead object (one whose
    /// truth satisfies the `means` of a `freed` predicate that this acquire
    /// would make false). Off, such an acquire is not a move of any caller
    /// (no reference is left to take another from), and searches, the fuzzer
    /// and traces refuse to take it (``StepError/dead(kind:actor:)``). On, it
    /// is the layout's declared way back: a resurrection
    /// (percpu_ref_resurrect()), or a lookup that may meet a dead object and
    /// is expected to be turned away there by its `refuse` condition
    /// (Weak::upgrade(), get_page_unless_zero() under RCU).
    var resurrects: Bool

    /// The action as atomic sub-steps, for the race lens; nil: one atomic
    /// step. When present, the conditions and effects above are its atomic
    /// meaning, derived from the steps (Layout+Steps.swift).
    var steps: Steps?

    /// Creates an action. With the defaults only `effects` happen: nothing
    /// refuses, traps or fixes up, and the step is one atomic step.
    init(alias: String? = nil, refuse: Condition? = nil, effects: [Effect], trap: Condition? = nil, fixups: [Fixup] = [], resurrects: Bool = false, steps: Steps? = nil) {
      self.alias = alias
      self.refuse = refuse
      self.effects = effects
      self.trap = trap
      self.fixups = fixups
      self.resurrects = resurrects
      self.steps = steps
    }
  }

  /// A boolean expression with the comment that justifies it.
  public struct Condition: Sendable, Hashable {
    /// The parsed boolean expression: over fields for a word condition, over
    /// held counts for a truth condition.
    var expression: Expression
    /// The condition as written in the layout file, for messages and reports.
    public var text: String
    /// Why the condition is there; empty when the file does not say.
    public var description: String

    /// Creates a condition from its parsed expression and its source text.
    init(expression: Expression, text: String, description: String = "") {
      self.expression = expression
      self.text = text
      self.description = description
    }
  }

  /// One change to a field: add a constant, or set it to a value.
  public struct Effect: Sendable, Hashable {
    /// How an effect changes its field.
    public enum Action: Sendable, Hashable {
      /// Add this constant (may be negative) to the field, as an add to the
      /// whole word: a carry or borrow goes into the neighbour.
      case add(BigInt)
      /// Store this value into the field's bits.
      case set(Expression)
    }
    /// Index into ``Layout/fields``.
    var field: Int
    /// What the effect does to the field.
    public var action: Action
    /// The effect as written (`refcount += GUP_PIN_COUNTING_BIAS`).
    public var text: String

    /// Creates an effect on field index `field`; `text` is kept for messages.
    init(field: Int, action: Action, text: String) {
      self.field = field
      self.action = action
      self.text = text
    }
  }

  /// An after-the-effects correction: condition, effects, and what it means.
  public struct Fixup: Sendable, Hashable {
    /// The condition, on the state after the action's effects, under which the
    /// fixup fires.
    var when: Condition
    var effects: [Effect]
    /// The step's outcome when this fixup fires.
    var outcome: FixupOutcome
    /// Which slow path of the modelled code the fixup stands for; empty when the
    /// file does not say.
    public var description: String

    /// Creates a fixup whose `effects` apply after the action's own when `when` holds.
    init(when: Condition, effects: [Effect], outcome: FixupOutcome, description: String = "") {
      self.when = when
      self.effects = effects
      self.outcome = outcome
      self.description = description
    }
  }

  /// What a fixup firing means for the step.
  public enum FixupOutcome: String, Sendable, Hashable, CaseIterable {
    /// A normal slow path (for example the last put marking the word dead).
    case ok
    /// The count was stuck at a sentinel; the object will leak.
    case saturated
    /// The count moved into a side word.
    case spilled
    /// The step failed after all (its effects on the word stay).
    case refused
    /// The process panicked or aborted.
    case trapped
  }

  /// A named question the code asks of the word, with its meaning over the truth.
  public struct Predicate: Sendable, Hashable {
    /// The name claims and outcomes use (`folio_maybe_dma_pinned`).
    public var name: String
    /// Over the word: what the code computes.
    var when: Condition
    /// Over the truth: what it is supposed to mean.
    var means: Condition
    var role: Role
    /// What the predicate is in the modelled code; empty when the file does not say.
    public var description: String

    /// What a lie of the predicate is called, and so how bad it is.
    public enum Role: String, Sendable, Hashable, CaseIterable {
      /// An ordinary predicate: lies are `false_positive` / `false_negative`.
      case plain
      /// "The object is freed": a false positive is `premature_free`, a false
      /// negative is `leak`.
      case freed
    }

    /// Creates a predicate from what the code computes (`when`) and what that
    /// is supposed to mean (`means`).
    init(name: String, when: Condition, means: Condition, role: Role = .plain, description: String = "") {
      self.name = name
      self.when = when
      self.means = means
      self.role = role
      self.description = description
    }
  }

  /// The state a new object starts in.
  public struct Initial: Sendable, Hashable {
    /// References held at the start, per kind index (the truth).
    var held: [Int: BigInt]
    /// Explicit stored field values, by field index; `nil` means "build the
    /// word by acquiring `held` from all-zero fields".
    public var fields: [Int: BigInt]?

    /// Creates an initial state holding `held` references; with `fields` nil the
    /// word is built by acquiring them from all-zero fields.
    init(held: [Int: BigInt], fields: [Int: BigInt]? = nil) {
      self.held = held
      self.fields = fields
    }
  }

  /// A condition over one state and its truth that the layout's author says
  /// holds in every reachable state (`[[invariants]]`).
  ///
  /// It is a proof offered, never taken on trust: the exact lens gives it to
  /// the ``CertificateChecker`` for each outcome its own invariant synthesis
  /// could not exclude, and reports `impossible` only when the checker
  /// accepts it (the initial state satisfies it, every operation keeps it,
  /// no step from it produces the outcome). One the checker rejects changes
  /// nothing but the reason an `unknown` gives.
  public struct StatedInvariant: Sendable, Hashable {
    /// The condition as written.
    public var text: String
    /// The condition as zones of linear constraints.
    var invariant: Invariant
    /// Why it holds: the argument a reviewer reads.
    public var description: String
    /// The line of its `holds` in the layout file, when read from one.
    var line: Int?

    /// Creates a stated invariant from its parsed zones and its source text.
    init(text: String, invariant: Invariant, description: String = "", line: Int? = nil) {
      self.text = text
      self.invariant = invariant
      self.description = description
      self.line = line
    }
  }

  /// A promise: this outcome never happens.
  public struct Claim: Sendable, Hashable {
    /// The outcomes the design promises never happen.
    var never: OutcomePattern
    /// The claim as written in the layout file, for messages and reports.
    public var text: String
    /// Why the design makes the promise; empty when the file does not say.
    public var description: String
    /// When the race lens judges it (a claim about a predicate may be judged
    /// only at quiescent states, or right after an action completes).
    var judged: Judgement
    /// The line of its `never` in the layout file (for annotations), when
    /// read from one.
    var line: Int?

    /// Creates a claim that `never` does not happen; `judged` says when the race
    /// lens checks it.
    init(never: OutcomePattern, text: String, description: String = "", judged: Judgement = .always, line: Int? = nil) {
      self.never = never
      self.text = text
      self.description = description
      self.judged = judged
      self.line = line
    }
  }
}

extension Layout {
  /// The index of the field with this name.
  func fieldIndex(named name: String) -> Int? {
    fields.firstIndex { $0.name == name }
  }

  /// The index of the kind with this name.
  func kindIndex(named name: String) -> Int? {
    kinds.firstIndex { $0.name == name }
  }

  /// The index of the operation with this name.
  func operationIndex(named name: String) -> Int? {
    operations.firstIndex { $0.name == name }
  }

  /// The index of the predicate with this name.
  func predicateIndex(named name: String) -> Int? {
    predicates.firstIndex { $0.name == name }
  }

  /// Fields of one word, lowest bit first.
  public func fields(ofWord word: Int) -> [Int] {
    fields.indices.filter { fields[$0].word == word }.sorted { fields[$0].lsb < fields[$1].lsb }
  }
}

extension Layout {
  /// Whether `s` can name a platform (`linux`, `macos`, `libstdc++`): 1 to 32
  /// lowercase letters, digits, `-`, `_`, `+` or `.`.
  static func isPlatformName(_ s: String) -> Bool {
    (1...32).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-_+.".contains($0)) }
  }
}
