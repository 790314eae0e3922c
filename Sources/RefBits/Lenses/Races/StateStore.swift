/// The visited states of an exploration: fixed-width packed states in one
/// arena, found again through an open-addressing hash table.
///
/// - Complexity: insert and lookup O(stride) expected.
struct StateStore {
  let stride: Int
  private(set) var arena: [UInt64] = []
  private var table: [Int32]
  private var mask: Int
  private(set) var count = 0

  init(stride: Int, capacity: Int = 1 << 12) {
    self.stride = stride
    var c = 16
    while c < capacity * 2 { c <<= 1 }
    table = Array(repeating: -1, count: c)
    mask = c - 1
    arena.reserveCapacity(capacity * stride)
  }

  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt64>, _ n: Int) -> Int {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for i in 0..<n {
      h = (h ^ p[i]) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
    }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }

  /// The index of the state at `p`, inserting it if new.
  mutating func insert(_ p: UnsafePointer<UInt64>) -> (index: Int, inserted: Bool) {
    if count * 2 >= table.count { grow() }
    var i = Self.hash(p, stride) & mask
    while true {
      let e = table[i]
      if e < 0 {
        table[i] = Int32(count)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: stride))
        count += 1
        return (count - 1, true)
      }
      let base = Int(e) * stride
      let same = arena.withUnsafeBufferPointer { a in
        for k in 0..<stride where a[base + k] != p[k] { return false }
        return true
      }
      if same { return (Int(e), false) }
      i = (i + 1) & mask
    }
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
    var t = [Int32](repeating: -1, count: size)
    let m = size - 1
    arena.withUnsafeBufferPointer { a in
      for s in 0..<count {
        var i = Self.hash(a.baseAddress! + s * stride, stride) & m
        while t[i] >= 0 { i = (i + 1) & m }
        t[i] = Int32(s)
      }
    }
    table = t
    mask = m
  }
}
