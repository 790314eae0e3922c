extension RaceTimeline {
  /// Replays `moves` (the thread that moves at each step) from the race's
  /// starting state, then runs the rest (the lowest-numbered thread that
  /// can move, until none can), recording every row.
  static func replay(_ program: RaceProgram, moves: [Int], finding: String, findingAtStart: Bool = false) -> RaceTimeline {
    let layout = program.setup.layout
    let s = UnsafeMutablePointer<UInt64>.allocate(capacity: program.stride)
    defer { s.deallocate() }
    let start = program.startSlots()
    for k in 0..<program.stride { s[k] = start[k] }
    var rows: [Row] = []
    func move(_ t: Int, after: Bool) {
      let pc = program.pc(t, s)
      let m = program.code[t][pc]
      let action = layout.action(m.action)
      let ev = program.run(t, s)
      var events = program.outcomes.indices.filter { ev.outcomes >> UInt128($0) & 1 != 0 }.map { program.outcomes[$0].description }
      if let done = ev.completed { events.append("\(layout.name(of: done.action)) returns \(done.outcome.rawValue)") }
      let label: String, text: String, why: String
      if let i = m.step, let steps = action.steps {
        label = steps.steps[i].label ?? "\(i + 1)"
        text = steps.steps[i].text
        why = steps.steps[i].description
      } else {
        label = layout.name(of: m.action)
        text = "(one atomic step)"
        why = action.effects.map(\.text).joined(separator: "; ")
      }
      rows.append(Row(thread: t, action: layout.name(of: m.action), label: label, text: text, why: why, events: events, state: stateText(program, s), after: after))
    }
    for t in moves { move(t, after: false) }
    let findingRow = findingAtStart || moves.isEmpty ? nil : rows.count - 1
    // The rest of the run, for context.
    var budget = 4096
    while budget > 0, let t = program.code.indices.first(where: { program.blocked($0, s) == nil }) {
      move(t, after: true)
      budget -= 1
    }
    return RaceTimeline(threads: program.setup.threadScripts, rows: rows, findingRow: findingRow, finding: finding)
  }

  /// Whether, after `moves`, some thread is inside an action (between two
  /// of its steps).
  static func insideAction(_ program: RaceProgram, moves: [Int]) -> Bool {
    let s = UnsafeMutablePointer<UInt64>.allocate(capacity: program.stride)
    defer { s.deallocate() }
    let start = program.startSlots()
    for k in 0..<program.stride { s[k] = start[k] }
    for t in moves { _ = program.run(t, s) }
    return !program.quiescent(s)
  }

  /// Every field's value and the truth's held counts: `mapcount=1 pagepin=0 | pin=1`.
  static func stateText(_ program: RaceProgram, _ s: UnsafePointer<UInt64>) -> String {
    let layout = program.setup.layout
    let fields = layout.fields.indices.map { "\(layout.fields[$0].name)=\(BigInt(program.geometry.reading($0, s)))" }
    let held = layout.kinds.indices.compactMap { k -> String? in
      let n = Int64(bitPattern: s[program.geometry.heldSlot + k])
      return n == 0 ? nil : "\(layout.kinds[k].name)=\(n)"
    }
    return fields.joined(separator: " ") + " | held " + (held.isEmpty ? "none" : held.joined(separator: " "))
  }
}
