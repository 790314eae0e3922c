/// An acquire, release or operation written as atomic sub-steps, for the
/// race lens (`refbits races`, docs/races.md).
///
/// Each step is one atomic action under sequential consistency: a load of a
/// word into a thread-local, an atomic add (optionally returning the old or
/// the new value), a store, a test-and-set or test-and-clear of a bit, a
/// compare-and-swap, a blocking lock, a wait, a branch on thread-locals, or a
/// fence (drawn, with no effect: sequential consistency orders everything).
/// The exact and fuzz lenses never see the steps: they step the action's
/// atomic meaning, derived from the steps by running them alone
/// (``Layout/Steps/sequentialAction(layout:)``, in Lenses/Races).
extension Layout {
  /// The steps of one action, and the thread-locals they use.
  public struct Steps: Sendable, Hashable {
    /// The sub-steps in program order; branches jump between them by index.
    var steps: [Step]
    /// Thread-local names, in order of first assignment. An expression reads
    /// local `i` as `.field(fieldCount + i, time: .new, reading: .declared)`:
    /// a pseudo-field past the layout's fields, so that one expression
    /// language (parsing, resolution, interval evaluation) serves the steps
    /// without a case of its own. Locals start at 0 when the action starts.
    var locals: [String]
    /// The number of layout fields when the steps were read: local `i` is
    /// pseudo-field `fieldCount + i`.
    var fieldCount: Int

    /// Creates the steps of an action that uses the thread-locals `locals`, read
    /// against a layout of `fieldCount` fields.
    init(steps: [Step], locals: [String], fieldCount: Int) {
      self.steps = steps
      self.locals = locals
      self.fieldCount = fieldCount
    }

    /// The local a pseudo-field index denotes, if it denotes one.
    func local(ofField index: Int) -> Int? {
      index >= fieldCount && index < fieldCount + locals.count ? index - fieldCount : nil
    }

    /// The expression that reads local `i`.
    func read(local i: Int) -> Expression {
      .field(fieldCount + i, time: .new, reading: .declared)
    }

    /// The index of the step with this label.
    public func index(ofLabel label: String) -> Int? {
      steps.firstIndex { $0.label == label }
    }
  }

  /// One atomic sub-step.
  public struct Step: Sendable, Hashable {
    /// The name the drawing and scenario orders use (`G2`, `C1`); nil when
    /// the step has none (it is drawn by its position).
    var label: String?
    /// What it does, as written (`mapcount += 1`).
    public var text: String
    /// Why: the kernel code it models (`atomic_inc(&page->_mapcount)`).
    public var description: String
    var instruction: Instruction
    /// The action's linearization point (`commit = true`): the race lens
    /// moves the truth (takes or drops the reference) when this step runs,
    /// not when the action completes. At most one per path; no path from it
    /// returns `refused` or `trapped`.
    var commits: Bool

    /// Creates a sub-step; `commits` marks the action's linearization point.
    init(label: String? = nil, text: String, description: String = "", instruction: Instruction, commits: Bool = false) {
      self.label = label
      self.text = text
      self.description = description
      self.instruction = instruction
      self.commits = commits
    }
  }

  /// What a step does, atomically.
  public enum Instruction: Sendable, Hashable {
    /// `c = EXPR`: evaluates an expression over at most one word (its fields,
    /// or the word whole), thread-locals and constants, and stores it in a
    /// thread-local. With no field read it is a local computation.
    case load(local: Int, value: Expression)
    /// `F += K`, `F -= K`, `c = fetch_add(F, K)`, `c = add_return(F, K)`,
    /// `fetch_sub`, `sub_return`: adds a constant to the field as an add to
    /// the whole word (a carry or borrow reaches the neighbour), and returns
    /// the field's value before or after into a local.
    case add(field: Int, amount: BigInt, result: Int?, returns: Returned)
    /// `F = V`: stores a value (over locals and constants) into the field's
    /// bits (`atomic_set`, `WRITE_ONCE`, `SetPageFoo`); `unlock(F)` is `F = 0`.
    case store(field: Int, value: Expression)
    /// `c = test_and_set(F)` / `c = test_and_clear(F)` on a 1-bit field:
    /// sets it to 1 (or 0) and returns its old value.
    case testAndSet(field: Int, value: Bool, result: Int?)
    /// `ok = cmpxchg(F, E, N)`: if the field reads E, writes N and returns 1;
    /// otherwise changes nothing and returns 0. When N is written `E + K` the
    /// write is an add of K to the word (a carry reaches the neighbour, as
    /// `atomic_cmpxchg(&v, c, c + K)` on the whole word does); otherwise N is
    /// stored into the field's bits. `try_cmpxchg` (``updatesExpected``)
    /// also loads the field's value into the local E on failure.
    case compareExchange(field: Int, expected: Expression, new: Expression, addend: BigInt?, result: Int?, updatesExpected: Int?)
    /// `lock(F)`: waits until the 1-bit field reads 0, then sets it, in one
    /// step (a blocking test-and-set: `lock_page()`, `spin_lock()`).
    case lock(field: Int)
    /// `await COND`: waits until a condition over one word (and locals)
    /// holds; changes nothing.
    case await(Expression)
    /// `goto L`, `retry`, `return OUTCOME`, and the same after `if COND`
    /// (a condition over locals and constants only).
    case jump(condition: Expression?, target: Target)
    /// `fence` (`smp_mb()`, `smp_wmb()`): kept for the drawing; sequential
    /// consistency needs no reordering, so it changes nothing.
    case fence(String)
  }

  /// Which value a fetch-and-add returns.
  public enum Returned: String, Sendable, Hashable {
    /// The field's value before the add (`atomic_fetch_add`).
    case old
    /// The field's value after it (`atomic_add_return`).
    case new
  }

  /// Where a jump goes.
  public enum Target: Sendable, Hashable {
    /// To the step with this index (`goto L`; `retry` is step 0).
    case step(Int)
    /// Out of the action with this outcome (`return ok`, `return refused`).
    case finish(FixupOutcome)
  }
}

extension Layout.Instruction {
  /// Whether the step may wait (is not always enabled).
  var blocks: Bool {
    switch self {
    case .lock, .await: true
    default: false
    }
  }

  /// The field the step writes, if it writes one.
  var writtenField: Int? {
    switch self {
    case .add(let f, _, _, _), .store(let f, _), .testAndSet(let f, _, _), .compareExchange(let f, _, _, _, _, _), .lock(let f): f
    case .load, .await, .jump, .fence: nil
    }
  }
}
