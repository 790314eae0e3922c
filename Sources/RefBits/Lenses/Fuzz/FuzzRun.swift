import Foundation

/// What a campaign produced, before witnesses are shrunk.
public struct FuzzRun: Sendable {
  var campaign: FuzzCampaign
  var tally: FuzzTally
  /// Whether every lifetime of the range ran.
  var complete: Bool
  var stopReason: FuzzStopReason?
  /// Seconds (not part of any JSON result: results do not depend on time).
  var elapsed: Double
  let prepared: FuzzCampaign.Prepared
  /// What the campaign ran under: an interruption also cuts the rebuilding
  /// and shrinking of witnesses short.
  let control: FuzzControl
  /// When the campaign's `--time-limit` runs out (nil without one): the
  /// shrinking of witnesses stops there too, keeping what is shrunk, so that
  /// the whole campaign honours the limit.
  var deadline: Date? = nil
}
