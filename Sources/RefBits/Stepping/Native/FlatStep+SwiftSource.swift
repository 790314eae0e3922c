/// Flat steps written as Swift (``CompiledFlatSteps``): the code of a
/// layout's ``FlatStepper/step(_:record:kind:actor:)`` with its records'
/// values written in, and the file of the shipped layouts' compiled steps
/// (`ShippedFlatSteps.swift`, which a test keeps up to date).
///
/// The code calls the stages of ``NativeEngine/flatStep(_:kind:actor:)``
/// (`NativeEngine+FlatStep.swift`) in the order that function does, with
/// literals (or tables by record) where it reads a record, so the semantics
/// stay written once; a test that is not narrow is still run from the
/// engine's bound tests, by index (the index is part of the code, so only
/// the same records match).
extension FlatStep {
  /// The members of a ``CompiledFlatSteps`` type for `records`
  /// (``records(_:)``): its ``FlatStepper/step(_:record:kind:actor:)`` and
  /// the tables it reads.
  ///
  /// The flat records fall into groups that step alike (``Group``): one
  /// case of a switch per group, so that a workload mixing them takes one
  /// path (a switch over every record costs a mispredicted jump a step:
  /// measured on linux-gup-bias under bench-single-steps, a fifth of the
  /// fused loop's time, `refbits bench` 0.69 of C against 0.88). Within a
  /// group, what the records share is written in; what differs (what they
  /// add, their truth's sign, whether they may be refused) is read from a
  /// table by record. A group runs the tests of every predicate part any of
  /// its records may change: a part a record cannot change reads the same
  /// after its step as before, so the test gives the standing the record
  /// would have kept (``NativeMachine/rereads``).
  ///
  /// - Complexity: O(records × (checks + tests)).
  static func swiftSource(records: (steps: [FlatStep], checks: [Check], tests: [Test])) -> String {
    let groups = Group.all(records)
    var tables: [String] = []
    var cases: [String] = []
    for (g, group) in groups.enumerated() {
      // A value of each record of the group: written in when they agree,
      // else read from a table (by record; other records' entries are 0).
      func value<T: Equatable>(_ name: String, _ type: String, _ of: (Int) -> T, _ text: (T) -> String, zero: T) -> String {
        let values = group.records.map(of)
        if values.allSatisfy({ $0 == values[0] }) { return text(values[0]) }
        let table = (0..<records.steps.count).map { r in text(group.records.contains(r) ? of(r) : zero) }
        tables.append("static let g\(g)\(name): [\(type)] = [\(table.joined(separator: ", "))]")
        return "g\(g)\(name)[record]"
      }
      var body: [String] = []
      if group.readsCodes {
        // Codes read the words after the step through `bases[1]`.
        body.append("engine.bases[1] = UnsafePointer(engine.words)")
      }
      if let refusal = group.refusal {
        let test = records.tests[refusal]
        let inside = value("Refuses", "UInt64", { records.steps[$0].refuse >= 0 ? UInt64(1) : 0 }, hex, zero: 0)
        let id = value("Refused", "Int32", { records.steps[$0].refuse >= 0 ? records.steps[$0].refused : 0 }, { "\($0)" }, zero: 0)
        let bits = test.narrow ? narrowBits(test, inside: inside) : "engine.flatTests[\(refusal)].bits(engine.evaluator)"
        body.append("if \(bits) != 0 { return engine.flatRefused(\(id)) }")
      }
      let s0 = records.steps[group.records[0]]
      if s0.adds {
        let delta = value("Delta", "UInt64", { records.steps[$0].delta }, hex, zero: 0)
        body.append("let (old, new) = engine.flatAdd(offset: \(s0.wordOffset), delta: \(delta), mask: \(hex(s0.mask)))")
        for j in 0..<Int(s0.checkEnd - s0.checkFirst) {
          let c = records.checks[Int(s0.checkFirst) + j]
          let add = value("Add\(j)", "Int128", { records.checks[Int(records.steps[$0].checkFirst) + j].add }, { "\($0)" }, zero: 0)
          body.append("engine.flatCheck(FlatStep.Check(wide: \(c.wide), field: \(c.field), shift: \(c.shift), mask: \(hex(c.mask)), sign: \(hex(c.sign)), add: \(add), overflow: \(c.overflow)), old, new)")
        }
        body.append("engine.flatGap(old, new, gap: \(hex(s0.gap)), overflow: \(s0.wordOverflow))")
      }
      body.append("let sign: Int64 = \(value("Sign", "Int64", { records.steps[$0].sign }, { "\($0)" }, zero: 0))")
      body.append("engine.flatTruth(sign, kind: kind, actor: actor)")
      let keep = group.tests.reduce(UInt64.max) { $0 & ~records.tests[$1].bit }
      if group.tests.isEmpty {
        body.append("return engine.flatSettle(engine.standingBits & \(hex(keep)), sign: sign)")
      } else {
        body.append("var after = engine.standingBits & \(hex(keep))")
        for t in group.tests {
          let test = records.tests[t]
          body.append("after |= " + (test.narrow ? narrowBits(test, inside: hex(test.inside)) : "engine.flatTests[\(t)].bits(engine.evaluator)"))
        }
        body.append("return engine.flatSettle(after, sign: sign)")
      }
      cases.append("case \(group.records.map(String.init).joined(separator: ", ")):")
      cases += body.map { "  " + $0 }
    }
    var lines = tables
    if !tables.isEmpty { lines.append("") }
    lines += [
      "@inline(__always)",
      "static func step(_ engine: inout NativeEngine, record: Int, kind: Int, actor: Int) -> Bool? {",
      "  switch record {",
    ]
    lines += cases.map { "  " + $0 }
    lines += ["  default:", "    return nil", "  }", "}"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// A narrow test's bits as an expression, its values written in but
  /// `inside` (an expression: a refusal's depends on the record).
  static func narrowBits(_ t: Test, inside: String) -> String {
    "engine.flatNarrow(truth: \(t.truth), offset: \(t.offset), shift: \(t.shift), mask: \(hex(t.mask)), sign: \(hex(t.sign)), base: \(hex(t.base)), span: \(hex(t.span)), inside: \(inside), outside: \(hex(t.outside)))"
  }

  static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

  /// Flat records that step alike: they add to the same word with the same
  /// field checks (or add to none), run the same tests that are not narrow
  /// and, if they may be refused, are refused by the same test. A record
  /// that is never refused joins a group of refusable ones when the refusal
  /// is narrow (its table then says it is not refused).
  struct Group {
    var records: [Int] = []
    /// The refusal test (index of the first refusing record's), if any
    /// record is refusable.
    var refusal: Int?
    /// The tests of the predicate parts any of the records may change,
    /// without repeats.
    var tests: [Int] = []
    var readsCodes = false

    /// The groups of the flat records of `records`, in record order.
    static func all(_ records: (steps: [FlatStep], checks: [Check], tests: [Test])) -> [Group] {
      // A test as the code runs it, but its bit (for a refusal) or with
      // it: a narrow test by its values, another by its code.
      func key(_ t: Int, bit: Bool) -> [UInt64] {
        let x = records.tests[t]
        guard x.narrow else {
          let c = x.code
          return [0, UInt64(bitPattern: Int64(c.first)), UInt64(bitPattern: Int64(c.end)), UInt64(bitPattern: Int64(c.result)), c.fused ? 1 : 0, c.narrow ? 1 : 0, bit ? x.bit : 0]
        }
        return [1, x.truth ? 1 : 0, UInt64(x.offset), x.shift, x.mask, x.sign, x.base, x.span, x.invert ? 1 : 0, bit ? x.bit : 0]
      }
      // What must agree: the word added to and its checks, but their adds;
      // and the tests that are not narrow (a group runs every narrow test
      // any of its records may change, a few instructions each, but not a
      // code one that a record would not run).
      struct Shape: Equatable {
        var adds: Bool, offset: Int, mask: UInt64, gap: UInt64, overflow: Int32
        var checks: [[UInt64]]
        var codeTests: [[UInt64]]
      }
      func shape(_ s: FlatStep) -> Shape {
        let checks = records.checks[Int(s.checkFirst)..<Int(s.checkEnd)].map { c in
          [c.wide ? 1 : 0, UInt64(c.field), c.shift, c.mask, c.sign, UInt64(bitPattern: Int64(c.overflow))]
        }
        let codeTests = (Int(s.testFirst)..<Int(s.testEnd)).filter { !records.tests[$0].narrow }.map { key($0, bit: true) }
        let unique = codeTests.reduce(into: [[UInt64]]()) { if !$0.contains($1) { $0.append($1) } }
        return s.adds ? Shape(adds: true, offset: s.wordOffset, mask: s.mask, gap: s.gap, overflow: s.wordOverflow, checks: checks, codeTests: unique)
          : Shape(adds: false, offset: 0, mask: 0, gap: 0, overflow: 0, checks: [], codeTests: unique)
      }
      var groups: [(shape: Shape, refusal: [UInt64]?, group: Group)] = []
      var unrefused: [(shape: Shape, record: Int)] = []
      for (r, s) in records.steps.enumerated() where s.usable {
        let sh = shape(s)
        guard s.refuse >= 0 else {
          unrefused.append((sh, r))
          continue
        }
        let k = key(Int(s.refuse), bit: false)
        if let i = groups.firstIndex(where: { $0.shape == sh && $0.refusal == k }) {
          groups[i].group.records.append(r)
        } else {
          groups.append((sh, k, Group(records: [r], refusal: Int(s.refuse))))
        }
      }
      for (sh, r) in unrefused {
        // With the first group of its shape refused by a narrow test, or
        // with the other unrefused records of its shape.
        if let i = groups.firstIndex(where: { $0.shape == sh && ($0.refusal.map { $0[0] == 1 } ?? true) }) {
          groups[i].group.records.append(r)
        } else {
          groups.append((sh, nil, Group(records: [r])))
        }
      }
      return groups.map { entry in
        var g = entry.group
        g.records.sort()
        var seen: [[UInt64]] = []
        for r in g.records {
          let s = records.steps[r]
          for t in Int(s.testFirst)..<Int(s.testEnd) where !seen.contains(key(t, bit: true)) {
            seen.append(key(t, bit: true))
            g.tests.append(t)
          }
        }
        g.readsCodes = g.tests.contains { !records.tests[$0].narrow } || g.refusal.map { !records.tests[$0].narrow } == true
        return g
      }.sorted { $0.records[0] < $1.records[0] }
    }
  }

  /// `ShippedFlatSteps.swift`: one ``CompiledFlatSteps`` type per distinct
  /// code among `layouts` (named by their layout names, each at its
  /// defaults), and the table ``ShippedFlatSteps/bySource`` of them. Layouts
  /// with no flat record have none.
  ///
  /// - Complexity: O(size of the layouts' records).
  static func shippedFile(_ layouts: [(name: String, native: NativeMachine)]) -> String {
    var sources: [(source: String, names: [String])] = []
    for (name, native) in layouts {
      let records = records(native)
      guard records.steps.contains(where: \.usable) else { continue }
      let source = swiftSource(records: records)
      if let i = sources.firstIndex(where: { $0.source == source }) {
        sources[i].names.append(name)
      } else {
        sources.append((source, [name]))
      }
    }
    func typeName(_ layout: String) -> String {
      "FlatSteps_" + layout.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }
    var out = """
      // Generated from the shipped layouts at their defaults by FlatStep.shippedFile
      // (Sources/RefBits/Stepping/Native/FlatStep+SwiftSource.swift): do not edit.
      // Regenerate with
      //
      //     REFBITS_REGENERATE=1 swift test --filter CompiledFlatStepsTests
      //
      // (the test fails while this file differs from what the generator writes).
      // Each type is one layout's flat steps with its records' values written in
      // (CompiledFlatSteps); an engine uses it only when its own records give the
      // same code, `source`, word for word.

      /// The compiled flat steps of the shipped layouts, by their code.
      enum ShippedFlatSteps {
        static let bySource: [String: any CompiledFlatSteps.Type] = [

      """
    for s in sources { out += "    \(typeName(s.names[0])).source: \(typeName(s.names[0])).self,\n" }
    out += "  ]\n}\n"
    for s in sources {
      let name = typeName(s.names[0])
      func indented(_ text: String, _ by: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.isEmpty ? "" : by + $0 }.joined(separator: "\n")
      }
      out += """

        /// \(s.names.joined(separator: ", ")).
        enum \(name): CompiledFlatSteps {
          static let source = #\"\"\"
        \(indented(s.source, "  "))
          \"\"\"# + "\\n"

        \(indented(s.source, "  "))
        }

        """
    }
    return out
  }
}
