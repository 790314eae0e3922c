import Foundation

/// What a campaign produced, before witnesses are shrunk.
public struct FuzzRun: Sendable {
  public var campaign: FuzzCampaign
  public var tally: FuzzTally
  /// Whether every lifetime of the range ran.
  public var complete: Bool
  public var stopReason: FuzzStopReason?
  /// Seconds (not part of any JSON result: results do not depend on time).
  public var elapsed: Double
  let prepared: FuzzCampaign.Prepared
  /// What the campaign ran under: an interruption also cuts the rebuilding
  /// and shrinking of witnesses short.
  let control: FuzzControl
}
