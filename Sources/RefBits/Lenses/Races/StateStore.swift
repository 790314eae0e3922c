/// The visited states of an exploration: fixed-width packed states in one
/// arena, found again through an open-addressing hash table.
///
/// - Complexity: insert and lookup O(stride) expected.
struct StateStore {
  let stride: Int
  private(set) var arena: [UInt64] = []
  /// Open addressing: 0 is empty; else the high 32 bits of the state's hash
  /// (a tag, compared before the arena is read) and its index + 1.
  private var table: [UInt64]
  private var mask: Int
  private(set) var count = 0

  init(stride: Int, capacity: Int = 1 << 12) {
    self.stride = stride
    var c = 16
    while c < capacity * 2 { c <<= 1 }
    table = Array(repeating: 0, count: c)
    mask = c - 1
    arena.reserveCapacity(capacity * stride)
  }

  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt64>, _ n: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for i in 0..<n {
      h = (h ^ p[i]) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
    }
    return h ^ (h >> 29)
  }

  @inline(__always)
  static func entry(_ h: UInt64, _ index: Int) -> UInt64 { (h & 0xFFFF_FFFF_0000_0000) | UInt64(index + 1) }

  /// The index of the state at `p`, inserting it if new.
  mutating func insert(_ p: UnsafePointer<UInt64>) -> (index: Int, inserted: Bool) {
    if count * 2 >= table.count { grow() }
    let h = Self.hash(p, stride)
    let tag = h & 0xFFFF_FFFF_0000_0000
    let stride = stride, mask = mask
    var i = Int(truncatingIfNeeded: h) & mask
    let found: Int? = table.withUnsafeBufferPointer { t in
      arena.withUnsafeBufferPointer { a in
        while true {
          let e = t[i]
          if e == 0 { return nil }
          if e & 0xFFFF_FFFF_0000_0000 == tag {
            let index = Int(e & 0xFFFF_FFFF) - 1
            let base = a.baseAddress! + index * stride
            var same = true
            for k in 0..<stride where base[k] != p[k] { same = false; break }
            if same { return index }
          }
          i = (i + 1) & mask
        }
      }
    }
    if let found { return (found, false) }
    table[i] = Self.entry(h, count)
    arena.append(contentsOf: UnsafeBufferPointer(start: p, count: stride))
    count += 1
    return (count - 1, true)
  }

  /// Copies state `index` into `out`.
  @inline(__always)
  func copy(_ index: Int, into out: UnsafeMutablePointer<UInt64>) {
    arena.withUnsafeBufferPointer { a in
      for k in 0..<stride { out[k] = a[index * stride + k] }
    }
  }

  /// Slot `k` of state `index`.
  @inline(__always)
  func slot(_ index: Int, _ k: Int) -> UInt64 { arena[index * stride + k] }

  private mutating func grow() {
    let size = table.count * 2
    var t = [UInt64](repeating: 0, count: size)
    let m = size - 1
    arena.withUnsafeBufferPointer { a in
      for s in 0..<count {
        let h = Self.hash(a.baseAddress! + s * stride, stride)
        var i = Int(truncatingIfNeeded: h) & m
        while t[i] != 0 { i = (i + 1) & m }
        t[i] = Self.entry(h, s)
      }
    }
    table = t
    mask = m
  }
}
