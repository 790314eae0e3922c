/// A set of states written as zones: the states that satisfy every
/// constraint of at least one zone.
///
/// Constraints are linear in field values (as a reading: declared, signed or
/// unsigned), raw bit ranges, held counts and the total; each bounds its form
/// (`0 <= count <= 2147483647`), fixes it (`count == ref + try_ref`), or fixes
/// it modulo a power of two (`refcount == ref + 1024*pin + 1 (mod 2^32)`, what
/// survives a wrap). Disjunctions of zones express sentinels and saturation
/// zones; congruences, carries into neighbouring fields.
public struct Invariant: Sendable, Hashable {
  /// The disjuncts; no zone is the empty set.
  var zones: [Zone]

  /// Creates the union of `zones`; none of them may be empty.
  init(zones: [Zone]) {
    self.zones = zones
  }

  /// Every state.
  static let everything = Invariant(zones: [Zone(constraints: [])])

  /// A conjunction of constraints.
  public struct Zone: Sendable, Hashable {
    var constraints: [Constraint]

    /// Creates the conjunction of `constraints`; no constraints is every state.
    init(constraints: [Constraint]) {
      self.constraints = constraints
    }
  }

  /// One linear fact.
  public struct Constraint: Sendable, Hashable {
    var form: LinearForm
    var relation: Relation

    /// Creates the fact that `form` satisfies `relation`.
    init(_ form: LinearForm, _ relation: Relation) {
      self.form = form
      self.relation = relation
    }

    /// How a constraint bounds its form: an interval or a congruence.
    public enum Relation: Sendable, Hashable {
      /// `lower <= form <= upper`; nil is unbounded on that side.
      case within(lower: BigInt?, upper: BigInt?)
      /// `form == residue (mod modulus)`; modulus 0 means plain equality.
      case congruent(residue: BigInt, modulus: BigInt)
    }
  }

  /// `sum of coefficient * atom`.
  public struct LinearForm: Sendable, Hashable {
    var terms: [Term]

    /// Creates the sum of `terms`, dropping those with a zero coefficient.
    init(_ terms: [Term]) {
      self.terms = terms.filter { !$0.coefficient.isZero }
    }

    /// Creates the form `1 * atom`.
    init(_ atom: Atom) {
      self.init([Term(1, atom)])
    }

    /// `coefficient * atom`, one summand of a form.
    public struct Term: Sendable, Hashable {
      var coefficient: BigInt
      var atom: Atom

      /// Creates the summand `coefficient * atom`.
      init(_ coefficient: BigInt, _ atom: Atom) {
        self.coefficient = coefficient
        self.atom = atom
      }
    }
  }

  /// What a constraint reads.
  public enum Atom: Sendable, Hashable {
    /// A field's value: `.declared`, `.signed` or `.unsigned` reading.
    case field(Int, Expression.Reading)
    /// Raw bits `lsb ..< lsb + count` of a word (bits outside every field).
    case bits(word: Int, lsb: Int, count: Int)
    /// References of one kind held (all actors).
    case held(Int)
    /// All references held.
    case total
  }
}
