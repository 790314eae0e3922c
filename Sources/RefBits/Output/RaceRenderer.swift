/// `refbits races` as text and markdown: the exploration's size, the claims,
/// and every finding with its interleaving drawn one column per thread, as
/// Jérôme Glisse drew T1 to T3 on linux-mm.
public enum RaceRenderer {
  /// Widest a thread's column grows in text.
  static let columnLimit = 46

  static func text(_ results: [RaceResult]) -> String {
    results.map(text).joined(separator: "\n\n")
  }

  static func text(_ r: RaceResult) -> String {
    var out = ["races \(r.layout), scenario \(r.scenario)\(r.description.isEmpty ? "" : ": \(r.description)")"]
    out.append("  threads: " + r.threads.enumerated().map { "\($0.offset + 1) `\($0.element)`" }.joined(separator: " | "))
    out.append("  from: \(r.from.isEmpty ? "the initial state" : "`\(r.from)`")\(r.order.isEmpty ? "" : "; order: \(r.order.joined(separator: ", "))")")
    out.append("  explored: \(summary(r))")
    if !r.claims.isEmpty {
      out.append("  claims:")
      for c in r.claims {
        out.append("    \(c.verdict.rawValue.padding(8)) never \(c.claim) (judged \(c.judged))\(c.description.isEmpty ? "" : "   -- \(c.description)")")
      }
      if r.proved { out.append("  proved: no interleaving violates a claim") }
    }
    if r.findings.isEmpty {
      out.append("  findings: none (every interleaving ends ok, no predicate lies at any state)")
    } else {
      out.append("  findings (each with the first interleaving found):")
      for f in r.findings {
        out.append("    \(f.outcome): \(describe(f))")
        out += timelineText(f.witness).split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
      }
    }
    for c in r.claims where c.verdict == .violated {
      if let w = c.witness {
        out.append("  claim never \(c.claim) (judged \(c.judged)) violated:")
        out += timelineText(w).split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
      }
    }
    if !r.finalStates.isEmpty {
      out.append("  final states (\(r.finalStates.count)):")
      out += r.finalStates.map { "    \($0)" }
    }
    return out.joined(separator: "\n")
  }

  static func summary(_ r: RaceResult) -> String {
    var s = "\(r.states) states, \(r.transitions) transitions, "
    if let n = r.interleavings {
      s += "\(n) interleaving\(n == 1 ? "" : "s")"
    } else {
      s += r.complete ? "unboundedly many interleavings (a thread can retry forever)" : "interleavings not counted"
    }
    if r.excluded > 0 { s += " (\(r.excluded) schedules excluded by the order)" }
    s += r.reduced ? "; partial-order reduction: ample sets" : "; no reduction: every interleaving"
    if r.waitingStates > 0 { s += "; a thread waits in \(r.waitingStates) states" }
    if !r.complete { s += "; STOPPED at the state limit: nothing is proved" }
    return s
  }

  static func describe(_ f: RaceFinding) -> String {
    switch f.kind {
    case .deadlock: "no thread can move and some are not done (\(f.count) state\(f.count == 1 ? "" : "s"))"
    case .lie: "a predicate lies \(f.midAction ? "inside an action (a thread between two of its steps)" : "between actions"); \(f.count == 1 ? "1 transition starts" : "\(f.count) transitions start") it"
    case .event: "\(f.count == 1 ? "1 transition produces" : "\(f.count) transitions produce") it"
    }
  }

  /// The cell of a row in its thread's column: `[G2] atomic_inc(&page->_mapcount)`.
  static func cell(_ row: RaceTimeline.Row) -> String {
    "[\(row.label)] \(row.why.isEmpty ? row.text : row.why)"
  }

  /// One column per thread; each row is one step, in the order they ran,
  /// with what it produced and the state after it. The finding's row is
  /// marked `<-`; rows after it (the rest of the run) are marked `.`.
  static func timelineText(_ t: RaceTimeline) -> String {
    let n = t.threads.count
    var widths = t.threads.enumerated().map { min(columnLimit, "\($0.offset + 1): \($0.element)".count) }
    for row in t.rows { widths[row.thread] = min(columnLimit, max(widths[row.thread], cell(row).count)) }
    func fit(_ s: String, _ w: Int) -> String {
      s.count > w ? String(s.prefix(w - 1)) + "~" : s.padding(w)
    }
    var lines: [String] = []
    lines.append("   " + (0..<n).map { fit("\($0 + 1): \(t.threads[$0])", widths[$0]) }.joined(separator: " | "))
    if t.findingRow == nil, !t.rows.isEmpty || t.finding.isEmpty == false {
      lines.append("<- \(t.finding) (on the starting state)")
    }
    for (i, row) in t.rows.enumerated() {
      let cells = (0..<n).map { $0 == row.thread ? fit(cell(row), widths[$0]) : String(repeating: " ", count: widths[$0]) }
      let mark = i == t.findingRow ? "<- " : (row.after ? " . " : "   ")
      var tail = row.state
      if !row.events.isEmpty { tail = row.events.joined(separator: ", ") + "; " + tail }
      if i == t.findingRow { tail = "\(t.finding)  <-  " + tail }
      lines.append(mark + cells.joined(separator: " | ") + "   " + tail)
    }
    return lines.map { $0.trailingSpacesTrimmed }.joined(separator: "\n")
  }

  static func markdown(_ results: [RaceResult], heading: String = "##") -> String {
    results.map { markdown($0, heading: heading) }.joined(separator: "\n")
  }

  /// The markdown heading of an exploration (without its `#`s).
  public static func title(_ r: RaceResult) -> String {
    "Scenario `\(r.scenario)`\(r.description.isEmpty ? "" : ": \(r.description)")"
  }

  static func markdown(_ r: RaceResult, heading: String = "##") -> String {
    var out = ["\(heading) \(title(r))", ""]
    out.append("- Threads: " + r.threads.enumerated().map { "\($0.offset + 1) `\($0.element)`" }.joined(separator: ", "))
    out.append("- From: \(r.from.isEmpty ? "the initial state" : "`\(r.from)`")\(r.order.isEmpty ? "" : "; order: \(r.order.map { "`\($0)`" }.joined(separator: ", "))")")
    out.append("- Explored: \(summary(r))")
    out.append("")
    if !r.claims.isEmpty {
      out += ["| claim | judged | verdict |", "|---|---|---|"]
      for c in r.claims {
        out.append("| `never \(c.claim)`\(c.description.isEmpty ? "" : ": \(c.description)") | \(c.judged) | \(c.verdict == .proved ? "**proved**" : c.verdict == .violated ? "**violated**" : "unknown") |")
      }
      out.append("")
    }
    if r.findings.isEmpty {
      out.append("No finding: every interleaving ends `ok` and no predicate lies at any state.")
      out.append("")
    }
    for f in r.findings {
      out.append("**`\(f.outcome)`**: \(describe(f)).")
      out.append("")
      out += timelineMarkdown(f.witness)
      out.append("")
    }
    for c in r.claims where c.verdict == .violated {
      if let w = c.witness {
        out.append("**Claim `never \(c.claim)` (judged \(c.judged)) violated:**")
        out.append("")
        out += timelineMarkdown(w)
        out.append("")
      }
    }
    if !r.finalStates.isEmpty {
      out.append("Final states: " + r.finalStates.map { "`\($0)`" }.joined(separator: "; ") + ".")
      out.append("")
    }
    return out.joined(separator: "\n")
  }

  /// A markdown table: one column per thread, then what happened and the state.
  static func timelineMarkdown(_ t: RaceTimeline) -> [String] {
    let n = t.threads.count
    func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
    var out = ["| # | " + (0..<n).map { "\($0 + 1): `\(esc(t.threads[$0]))`" }.joined(separator: " | ") + " | then |", "|---|" + String(repeating: "---|", count: n + 1)]
    if t.findingRow == nil { out.append("| 0 | " + String(repeating: " | ", count: n) + "**\(esc(t.finding))** on the starting state |") }
    for (i, row) in t.rows.enumerated() {
      let cells = (0..<n).map { $0 == row.thread ? "`\(esc(cell(row)))`" : "" }
      var tail = esc(row.state)
      if !row.events.isEmpty { tail = esc(row.events.joined(separator: ", ")) + "; " + tail }
      if i == t.findingRow { tail = "**\(esc(t.finding))**; " + tail }
      let number = row.after ? "(\(i + 1))" : "\(i + 1)"
      out.append("| \(number) | " + cells.joined(separator: " | ") + " | \(tail) |")
    }
    return out
  }
}

extension String {
  /// Padded with spaces to `width` characters.
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  var trailingSpacesTrimmed: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

// MARK: - Reports: interleavings or racers

extension RaceRenderer {
  /// The reports as `refbits races` prints them, separated by a blank line.
  public static func text(_ reports: [RaceReport]) -> String {
    reports.map { r in
      switch r {
      case .interleavings(let x): text(x)
      case .racers(let x): text(x)
      }
    }.joined(separator: "\n\n")
  }

  /// The reports as markdown sections under `heading` (`##` by default), for
  /// reports.
  public static func markdown(_ reports: [RaceReport], heading: String = "##") -> String {
    reports.map { r in
      switch r {
      case .interleavings(let x): markdown(x, heading: heading)
      case .racers(let x): markdown(x, heading: heading)
      }
    }.joined(separator: "\n")
  }

  static func number(_ n: BigInt?) -> String { n.map { AnalysisRenderer.number($0) } ?? "-" }

  /// The smallest racer count as known: exact, or the two ends.
  static func smallest(_ r: RacersResult.Row) -> String {
    if let s = r.smallest { return number(s) }
    switch (r.impossibleBelow, r.reachedWith, r.impossibleForAll) {
    case (_, _, true): return "never"
    case (let lo?, let hi?, _): return "\(number(lo))...\(number(hi))"
    case (nil, let hi?, _): return "at most \(number(hi))"
    case (let lo?, nil, _): return "more than \(number(lo - 1))"
    default: return "unknown"
    }
  }

  static func claimText(_ c: RacersResult.ClaimRow) -> String {
    var s = "never \(c.claim)\(c.judged == .always ? "" : " (judged \(c.judged))"): "
    if c.holdsForAll { return s + "holds for any number of racers (proved)" }
    if let v = c.violatedFrom {
      s += v == 1 ? "violated by a single racer" : v == 2 ? "holds for 1 racer, violated from 2" : "holds for up to \(number(v - 1)) racers, violated from \(number(v))"
    } else if let w = c.violatedWith {
      s += "violated with \(number(w)) racers" + (c.holdsBelow.map { $0 > 1 ? "; holds for fewer than \(number($0))" : "" } ?? "")
    } else if let h = c.holdsBelow {
      s += "holds for fewer than \(number(h)) racers (proved); beyond, unknown"
    } else {
      s += "unknown"
    }
    return s
  }

  static func text(_ r: RacersResult) -> String {
    var out = ["racers \(r.layout), scenario \(r.scenario)\(r.description.isEmpty ? "" : ": \(r.description)")"]
    out.append("  each of N = \(number(r.racers)) racers runs `\(r.action)` once, from \(r.from.isEmpty ? "the initial state" : "`\(r.from)`") (\(r.start))")
    if let c = r.capped { out.append("  (at most \(number(c)) racers: each releases a reference, and the starting state holds that many)") }
    if !r.explored.isEmpty {
      out.append("  explored every interleaving of " + r.explored.indices.map { "\($0 + 1)" }.joined(separator: ", ") + " racers (" + r.explored.map { "\($0) states" }.joined(separator: ", ") + ")")
    }
    out.append("  lockstep: \(r.lockstep)")
    if !r.bounds.isEmpty { out.append("  bounds: " + r.bounds.joined(separator: "; ")) }
    let w = max(8, r.outcomes.map(\.outcome.count).max() ?? 0)
    let sw = max(16, r.outcomes.map { smallest($0).count }.max() ?? 0)
    out.append("  " + "outcome".padding(w) + "  " + "smallest racers".padding(sw) + "  " + "with N".padding(10) + "  how")
    for row in r.outcomes {
      out.append("  " + row.outcome.padding(w) + "  " + smallest(row).padding(sw) + "  " + row.verdict.padding(10) + "  " + row.how)
    }
    if !r.claims.isEmpty {
      out.append("  claims:")
      for c in r.claims { out.append("    \(claimText(c))\(c.description.isEmpty ? "" : "   -- \(c.description)")") }
    }
    return out.joined(separator: "\n")
  }

  /// The markdown heading of a racers analysis (without its `#`s).
  public static func title(_ r: RacersResult) -> String {
    "Racers `\(r.scenario)`\(r.description.isEmpty ? "" : ": \(r.description)")"
  }

  static func markdown(_ r: RacersResult, heading: String = "##") -> String {
    var out = ["\(heading) \(title(r))", ""]
    out.append("- Each of N = \(number(r.racers)) racers runs `\(r.action)` once, from \(r.from.isEmpty ? "the initial state" : "`\(r.from)`") (`\(r.start)`)\(r.capped == nil ? "" : ": at most this many, since each releases a reference the starting state holds").")
    if !r.explored.isEmpty {
      out.append("- Every interleaving of " + r.explored.indices.map { "\($0 + 1)" }.joined(separator: ", ") + " racers explored (" + r.explored.map { "\($0) states" }.joined(separator: ", ") + ").")
    }
    out.append("- Lockstep schedule: \(r.lockstep).")
    if !r.bounds.isEmpty { out.append("- Bounds: " + r.bounds.joined(separator: "; ") + ".") }
    out += ["", "| outcome | smallest racers | with N | how |", "|---|---|---|---|"]
    for row in r.outcomes {
      out.append("| `\(row.outcome)` | \(smallest(row)) | \(row.verdict) | \(row.how) |")
    }
    if !r.claims.isEmpty {
      out.append("")
      for c in r.claims { out.append("- `\(claimText(c))`\(c.description.isEmpty ? "" : ": \(c.description)")") }
    }
    out.append("")
    return out.joined(separator: "\n")
  }
}
