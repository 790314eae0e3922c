/// One part of a campaign spread over machines: part `index` (0-based) of
/// `count`, written `K/N` with K 1-based (`refbits fuzz --shard 2/8`).
///
/// Part `index` runs lifetimes `n·index/count ..< n·(index+1)/count` of the
/// campaign's `n` (``FuzzCampaign/lifetimeRange``); `refbits merge` puts the
/// parts back together (``FuzzResult/merged(_:files:)``).
public struct FuzzShard: Sendable, Hashable, CustomStringConvertible {
  /// 0-based.
  public let index: Int
  /// Parts the campaign is split into, from 1 to ``InputLimits/shards``.
  public let count: Int

  /// Part `index` (0-based) of `count`; nil unless `0 <= index < count <=`
  /// ``InputLimits/shards``.
  public init?(index: Int, count: Int) {
    guard (1...InputLimits.shards).contains(count), (0..<count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// Reads `K/N` (ASCII digits only) with `1 <= K <= N <=`
  /// ``InputLimits/shards``; nil for anything else.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
    self.init(index: k - 1, count: n)
  }

  /// `K/N`, K 1-based.
  public var description: String { "\(index + 1)/\(count)" }
}
