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

  public init(zones: [Zone]) {
    self.zones = zones
  }

  /// Every state.
  static let everything = Invariant(zones: [Zone(constraints: [])])

  /// A conjunction of constraints.
  public struct Zone: Sendable, Hashable {
    var constraints: [Constraint]

    public init(constraints: [Constraint]) {
      self.constraints = constraints
    }
  }

  /// One linear fact.
  public struct Constraint: Sendable, Hashable {
    var form: LinearForm
    var relation: Relation

    public init(_ form: LinearForm, _ relation: Relation) {
      self.form = form
      self.relation = relation
    }

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

    public init(_ terms: [Term]) {
      self.terms = terms.filter { !$0.coefficient.isZero }
    }

    public init(_ atom: Atom) {
      self.init([Term(1, atom)])
    }

    public struct Term: Sendable, Hashable {
      var coefficient: BigInt
      var atom: Atom

      public init(_ coefficient: BigInt, _ atom: Atom) {
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
