/// The abstract domain of ``InvariantSynthesis``: states as zones.
///
/// A layout's words are cut into *cells*: its fields, and the runs of bits
/// outside every field, so that every bit of a word is in exactly one cell and
/// a carry out of one cell goes into the next one up. A cell's value is its
/// field's declared reading (two's complement for a signed field, so that
/// `-1` and `0` are neighbours), the raw bits otherwise. A zone bounds every
/// cell and every held count, bounds and fixes (exactly or modulo a power of
/// two) some linear forms over them, and remembers which cells hold a
/// constant a set effect stored (a sentinel: zones with different sentinels
/// are never merged).
struct CellGeometry: Sendable {
  struct Cell: Sendable, Hashable {
    var word: Int
    var lsb: Int
    var bits: Int
    /// The field, or nil for bits outside every field.
    var field: Int?
    /// Whether the value is the two's complement reading.
    var signed: Bool
    /// The cell the carry out of this one goes into, if any.
    var above: Int?

    var limit: BigInt { BigInt.power(of2: bits) }
    var minimum: BigInt { signed ? -BigInt.power(of2: bits - 1) : 0 }
    var maximum: BigInt { minimum + limit - 1 }
    var range: Span { Span(lo: minimum, hi: maximum) }

    /// The value of raw bits.
    func value(raw: BigInt) -> BigInt { raw > maximum ? raw - limit : raw }
    /// `v` brought into the cell's range, as a store does.
    func wrapped(_ v: BigInt) -> BigInt { v - (v - minimum).floorDivided(by: limit) * limit }
  }

  var cells: [Cell]
  /// Per field, its cell.
  var cellOfField: [Int]
  var kinds: Int

  init(_ layout: Layout) {
    var cells: [Cell] = []
    var cellOfField = [Int](repeating: 0, count: layout.fields.count)
    for (w, word) in layout.words.enumerated() {
      let first = cells.count
      func add(_ c: Cell) {
        if cells.count > first { cells[cells.count - 1].above = cells.count }
        cells.append(c)
      }
      var at = 0
      for f in layout.fields(ofWord: w) {
        let field = layout.fields[f]
        if field.lsb > at { add(Cell(word: w, lsb: at, bits: field.lsb - at, field: nil, signed: false)) }
        cellOfField[f] = cells.count
        add(Cell(word: w, lsb: field.lsb, bits: field.bits, field: f, signed: field.signed))
        at = field.msb + 1
      }
      if at < word.bits { add(Cell(word: w, lsb: at, bits: word.bits - at, field: nil, signed: false)) }
    }
    self.cells = cells
    self.cellOfField = cellOfField
    self.kinds = layout.kinds.count
  }

  /// A cell's value in a state.
  func value(_ c: Int, in words: [UInt128]) -> BigInt {
    let cell = cells[c]
    let mask: UInt128 = cell.bits == 128 ? ~0 : (UInt128(1) << cell.bits) - 1
    return cell.value(raw: BigInt((words[cell.word] >> cell.lsb) & mask))
  }

  /// The changes a carry between two cells of a word makes, beyond what the
  /// effects say: a raw cell wrapping (`-2^bits`) into the cell above (`+1`);
  /// a signed cell going from `-1` to `0` carries into the cell above (`+1`).
  var carries: [[BigInt]] {
    cells.indices.compactMap { c -> [BigInt]? in
      let cell = cells[c]
      guard let above = cell.above else { return nil }
      var d = [BigInt](repeating: 0, count: cells.count + kinds)
      if !cell.signed { d[c] = -cell.limit }
      d[above] = 1
      return d
    }
  }

  /// The changes a wrap makes: the top cell of a word (its carry is lost),
  /// and a signed cell at its sign bit (`-2^bits`).
  var wraps: [[BigInt]] {
    cells.indices.compactMap { c -> [BigInt]? in
      let cell = cells[c]
      guard cell.signed || cell.above == nil else { return nil }
      var d = [BigInt](repeating: 0, count: cells.count + kinds)
      d[c] = -cell.limit
      return d
    }
  }
}

/// `lo ... hi`, `hi` nil for no upper bound: a held count's range.
struct Span: Sendable, Hashable {
  var lo: BigInt
  var hi: BigInt?

  var isEmpty: Bool { hi.map { $0 < lo } ?? false }
  var isSingleton: Bool { hi == lo }

  func hull(_ o: Span) -> Span {
    Span(lo: Swift.min(lo, o.lo), hi: hi.flatMap { a in o.hi.map { Swift.max(a, $0) } })
  }

  func intersection(_ o: Span) -> Span {
    let h: BigInt? = switch (hi, o.hi) {
    case (nil, nil): nil
    case (let a?, nil): a
    case (nil, let b?): b
    case (let a?, let b?): Swift.min(a, b)
    }
    return Span(lo: Swift.max(lo, o.lo), hi: h)
  }

  func shifted(_ d: BigInt) -> Span { Span(lo: lo + d, hi: hi.map { $0 + d }) }

  func contains(_ v: BigInt) -> Bool { v >= lo && (hi.map { v <= $0 } ?? true) }
}

/// A variable of the abstract evaluation: a cell's value before the step, a
/// held count, or a fresh value (a cell set to something the domain cannot
/// follow).
enum Variable: Sendable, Hashable {
  case cell(Int)
  case held(Int)
  case fresh(Int)
}

/// The ranges of every variable over a set of states: a box.
struct Box: Sendable, Hashable {
  var cells: [Span]
  var held: [Span]
  var fresh: [Span] = []

  subscript(_ v: Variable) -> Span {
    get {
      switch v {
      case .cell(let c): cells[c]
      case .held(let k): held[k]
      case .fresh(let i): fresh[i]
      }
    }
    set {
      switch v {
      case .cell(let c): cells[c] = newValue
      case .held(let k): held[k] = newValue
      case .fresh(let i): fresh[i] = newValue
      }
    }
  }

  var isEmpty: Bool { cells.contains(where: \.isEmpty) || held.contains(where: \.isEmpty) || fresh.contains(where: \.isEmpty) }
}

/// What a zone knows of a linear form's value: bounds, and a class modulo
/// `modulus` (0: exactly `residue`; 1: no class).
struct FormValue: Sendable, Hashable {
  var residue: BigInt
  var modulus: BigInt
  var lo: BigInt?
  var hi: BigInt?

  /// Exactly `v`.
  init(exactly v: BigInt) {
    residue = v
    modulus = 0
    lo = v
    hi = v
  }

  init(residue: BigInt, modulus: BigInt, lo: BigInt?, hi: BigInt?) {
    self.modulus = modulus
    self.residue = modulus.isZero || modulus == 1 ? (modulus == 1 ? 0 : residue) : residue.floorModulo(modulus)
    self.lo = lo
    self.hi = hi
  }

  var isExact: Bool { modulus.isZero }
  var hasClass: Bool { modulus != 1 }

  func shifted(_ d: BigInt) -> FormValue {
    FormValue(residue: residue + d, modulus: modulus, lo: lo.map { $0 + d }, hi: hi.map { $0 + d })
  }

  /// The least value containing both, or nil when that says nothing.
  func join(_ o: FormValue) -> FormValue? {
    let m = gcd(gcd(modulus, o.modulus), (residue - o.residue).magnitude)
    let l = lo.flatMap { a in o.lo.map { Swift.min(a, $0) } }
    let h = hi.flatMap { a in o.hi.map { Swift.max(a, $0) } }
    if m == 1 && l == nil && h == nil { return nil }
    return FormValue(residue: residue, modulus: m, lo: l, hi: h)
  }

  func contains(_ v: BigInt) -> Bool {
    if let lo, v < lo { return false }
    if let hi, v > hi { return false }
    return modulus.isZero ? v == residue : (v - residue).floorModulo(modulus).isZero
  }

  /// Whether every value of `o` is a value of this.
  func includes(_ o: FormValue) -> Bool {
    if let lo { guard let l = o.lo, l >= lo else { return false } }
    if let hi { guard let h = o.hi, h <= hi else { return false } }
    if modulus.isZero { return o.isExact && o.residue == residue }
    if modulus == 1 { return true }
    return (o.modulus % modulus).isZero && contains(o.residue)
  }
}

func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
  var (x, y) = (a.magnitude, b.magnitude)
  while !y.isZero { (x, y) = (y, x % y) }
  return x
}

/// A linear form over cells' raw values and held counts, with integer
/// coefficients.
struct RelationForm: Sendable, Hashable {
  var cells: [BigInt]
  var held: [BigInt]

  var variables: [(Variable, BigInt)] {
    cells.indices.filter { !cells[$0].isZero }.map { (.cell($0), cells[$0]) } + held.indices.filter { !held[$0].isZero }.map { (.held($0), held[$0]) }
  }
}

/// One zone: a box, the value of each form (nil: any), and the sentinels.
struct AbstractZone: Sendable, Hashable {
  var box: Box
  var forms: [FormValue?]
  /// Cells holding the constant a set effect stored, by cell.
  var pins: [Int: BigInt]
}
