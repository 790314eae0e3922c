import Foundation

@testable import RefBits

/// A seeded corpus of hostile inputs for every subcommand: mutated layouts,
/// random expressions in conditions, trace scripts with huge or broken
/// counts, mutated workloads and attacker profiles, tampered witnesses and
/// shard results, inputs at and past the size limits, and bad options.
///
/// Input `i` depends only on the seed and `i` (its own SplitMix64 stream),
/// so any one input can be replayed alone (``input(_:)``), and the corpus
/// is the same whatever order or parallelism runs it.
struct MutationCorpus {
  let seed: UInt64
  /// Shipped file texts, by name.
  let layouts: [(name: String, text: String)]
  let workloads: [(name: String, text: String)]
  let attackers: [(name: String, text: String)]
  /// Witness files and sets of shard results produced by the tool itself
  /// (``Seeds``), to tamper with.
  let witnesses: [String]
  let shardSets: [[String]]

  /// One input: files to write into a fresh directory, and the command line
  /// to run there.
  struct Input: Sendable {
    var index: Int
    /// What was generated, for failure messages.
    var label: String
    var files: [(name: String, bytes: [UInt8])]
    var arguments: [String]
  }

  /// Witnesses and shards written by `refbits fuzz` on shipped layouts.
  struct Seeds {
    var witnesses: [String] = []
    var shardSets: [[String]] = []
  }

  /// Runs a few small sharded campaigns to collect real witnesses and shard
  /// results.
  static func makeSeeds(runner: CommandRunner, directory: URL) throws -> Seeds {
    var seeds = Seeds()
    let campaigns = [("linux-gup-bias", "attacker-ref-flood"), ("hildenbrand-split-4-4-24", "attacker-pin-flood"), ("linux-refcount-t", "benign-mixed"), ("objc-isa-x86_64", "hot-shared-page")]
    for (c, (layout, workload)) in campaigns.enumerated() {
      var set: [String] = []
      for k in 1...2 {
        let out = "w\(c)"
        let run = try runner.run(["fuzz", layout, "--workload", workload, "--ops", "6000", "--seed", "\(c + 1)", "--shard", "\(k)/2", "--jobs", "1", "--format", "json", "--out", out], in: directory)
        guard case .exit(0) = run.ending else { continue }
        let shard = directory.appendingPathComponent("shard\(c)-\(k).json")
        try Data(run.stdout.utf8).write(to: shard)
        set.append(String(decoding: try Data(contentsOf: shard), as: UTF8.self))
      }
      if set.count == 2 { seeds.shardSets.append(set) }
      let dir = directory.appendingPathComponent("w\(c)/\(layout)")
      for f in (try? FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()) ?? [] {
        if let d = FileManager.default.contents(atPath: dir.appendingPathComponent(f).path) { seeds.witnesses.append(String(decoding: d, as: UTF8.self)) }
      }
    }
    return seeds
  }

  init(seed: UInt64, seeds: Seeds) {
    self.seed = seed
    func texts(_ files: BundledFiles) -> [(String, String)] {
      files.names.compactMap { n in files.path(named: n).flatMap { FileManager.default.contents(atPath: $0) }.map { (n, String(decoding: $0, as: UTF8.self)) } }
    }
    layouts = texts(.layouts)
    workloads = texts(.workloads)
    attackers = texts(.attackers)
    witnesses = seeds.witnesses
    shardSets = seeds.shardSets
  }

  /// Input `i` of the corpus.
  func input(_ i: Int) -> Input {
    var g = Generator(rng: SplitMix64(seed: seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15), corpus: self)
    var input = g.make()
    input.index = i
    return input
  }

  // MARK: - The generator of one input

  struct Generator {
    var rng: SplitMix64
    let corpus: MutationCorpus

    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func int(_ r: Range<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }

    /// Layouts cheap enough to analyze many times in a debug build.
    static let quickLayouts = ["linux-gup-bias", "linux-refcount-t", "linux-rcuref", "glib-grefcount", "chromium-refcounted", "rust-arc", "swift-native-64", "freebsd-refcount", "cpython-312", "linux-folio-pincount", "hildenbrand-split-4-4-24", "linux-gup-bias-fast", "hubbard-bias-23", "libstdcxx-shared-ptr"]

    mutating func make() -> Input {
      let r = int(0..<1000)
      // Weighted so that the expensive commands (report, compare: every
      // lens at once) stay rare and the corpus runs in minutes.
      switch r {
      case 0..<300: return layoutCommand()
      case 300..<400: return expressionLayout()
      case 400..<480: return scriptTrace()
      case 480..<580: return workloadFuzz()
      case 580..<640: return attackerAttack()
      case 640..<740: return witnessReplay()
      case 740..<820: return shardMerge()
      case 820..<830: return compareOrReport()
      case 830..<920: return badOptions()
      default: return limits()
      }
    }

    /// Marks where a file gets bytes that are not UTF-8 (a String cannot
    /// hold them).
    static let invalidUTF8 = "\u{FFFE}not-utf8\u{FFFE}"

    func input(_ label: String, _ files: [(String, String)], _ arguments: [String]) -> Input {
      let marker = Array(Self.invalidUTF8.utf8)
      return Input(index: 0, label: label, files: files.map { f in
        var bytes = Array(f.1.utf8)
        while let r = bytes.firstRange(of: marker) { bytes.replaceSubrange(r, with: [0xFF, 0xC0, 0x80]) }
        return (f.0, bytes)
      }, arguments: arguments)
    }

    // MARK: Inputs

    /// A mutated shipped layout, checked, shown, analyzed, traced, attacked,
    /// fuzzed, or raced (a layout with steps).
    mutating func layoutCommand() -> Input {
      let base = pick(corpus.layouts)
      var text = base.text
      var how: [String] = []
      for _ in 0..<int(1...4) { how.append(mutate(&text, toml: true)) }
      let file = "m.toml"
      let quick = Self.quickLayouts.contains(base.name)
      let label = "\(base.name) mutated (\(how.joined(separator: ", ")))"
      switch int(0..<100) {
      case 0..<35: return input(label, [(file, text)], ["check", file])
      case 35..<50: return input(label, [(file, text)], ["show", file])
      case 50..<68 where quick: return input(label, [(file, text)], ["analyze", file, "--format", pick(["text", "json", "markdown"])])
      case 68..<88: return input(label, [(file, text)], ["trace", file, script(for: base.name)])
      case 88..<95 where quick: return input(label, [(file, text)], ["attack", file, "--attacker", pick(corpus.attackers).name])
      case 88..<100 where base.text.contains("steps = ["):
        // The race lens on a layout with steps: its scenarios, or its Promela model.
        let extra = chance(0.2) ? ["--emit", "promela", "--out", "pml"] : ["--format", pick(["text", "json", "markdown"])]
        return input(label, [(file, text)], ["races", file, "--max-states", "200000"] + extra)
      case 95..<100 where quick:
        return input(label, [(file, text)], ["fuzz", file, "--workload", pick(corpus.workloads).name, "--ops", "\(int(1...500))", "--jobs", "\(int(1...2))", "--out", "w", "--format", "json", "--time-limit", "3"])
      default: return input(label, [(file, text)], ["check", file])
      }
    }

    /// A shipped layout with random expressions in its conditions.
    mutating func expressionLayout() -> Input {
      let base = pick(corpus.layouts)
      var text = base.text
      let names = identifiers(in: text)
      var n = 0
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        let t = line.trimmingCharacters(in: .whitespaces)
        guard ["when", "refuse", "trap", "means", "if"].contains(where: { t.hasPrefix("\($0) =") || t.contains("{ \($0) =") }), chance(0.4) else { return String(line) }
        n += 1
        guard let q1 = line.firstIndex(of: "\""), let q2 = line[line.index(after: q1)...].firstIndex(of: "\"") else { return String(line) }
        return String(line[...q1]) + expression(names, depth: int(1...5)) + String(line[q2...])
      }
      text = lines.joined(separator: "\n")
      let file = "e.toml"
      let label = "\(base.name) with \(n) random conditions"
      switch int(0..<10) {
      case 0..<4: return input(label, [(file, text)], ["check", file])
      case 4..<6 where Self.quickLayouts.contains(base.name): return input(label, [(file, text)], ["analyze", file])
      case 6..<8: return input(label, [(file, text)], ["trace", file, script(for: base.name)])
      case 8 where Self.quickLayouts.contains(base.name): return input(label, [(file, text)], ["fuzz", file, "--ops", "\(int(1...500))", "--jobs", "1", "--out", "w", "--time-limit", "3"])
      default: return input(label, [(file, text)], ["show", file])
      }
    }

    /// A shipped layout and a random script.
    mutating func scriptTrace() -> Input {
      let base = pick(corpus.layouts)
      let s = script(for: base.name)
      return input("trace \(base.name) '\(s.prefix(200))'", [], ["trace", base.name, s])
    }

    /// A mutated workload fuzzing a shipped layout.
    mutating func workloadFuzz() -> Input {
      let w = pick(corpus.workloads)
      var text = w.text
      var how: [String] = []
      for _ in 0..<int(0...3) { how.append(mutate(&text, toml: true)) }
      let layout = pick(Self.quickLayouts + ["hubbard-split-4-4", "linux-32bit-order1-folio", "objc-isa-x86_64", "cpython-314"])
      // Debug builds run floods of huge bursts slowly: few operations, and
      // mostly under a time limit (which must then stop the run promptly).
      var args = ["fuzz", layout, "--workload", "w.toml", "--ops", "\(pick([1, 10, 100, 300]))", "--seed", "\(int(0...1000))", "--jobs", "\(int(1...2))", "--out", "w"]
      if chance(0.7) { args += ["--time-limit", pick(["1", "3"])] }
      if chance(0.3) { args += ["--shard", pick(["1/2", "2/2", "1/1", "3/3", "1/5000", "0/2", "2/1", "x"])] }
      if chance(0.3) { args += ["--format", pick(["json", "markdown", "text"])] }
      if chance(0.2) { args += ["--check", "--junit", pick(["j.xml", "no/such/dir/j.xml", "."])] }
      if chance(0.1) { args += ["--exact"] }
      return input("fuzz \(layout) with \(w.name) mutated (\(how.joined(separator: ", ")))", [("w.toml", text)], args)
    }

    /// A mutated attacker profile.
    mutating func attackerAttack() -> Input {
      let a = pick(corpus.attackers)
      var text = a.text
      var how: [String] = []
      for _ in 0..<int(1...3) { how.append(mutate(&text, toml: true)) }
      let layout = pick(Self.quickLayouts)
      return input("attack \(layout) with \(a.name) mutated (\(how.joined(separator: ", ")))", [("a.toml", text)], ["attack", layout, "--attacker", "a.toml", "--format", pick(["text", "json", "markdown"])])
    }

    /// A tampered witness, replayed.
    mutating func witnessReplay() -> Input {
      guard !corpus.witnesses.isEmpty else { return scriptTrace() }
      var text = pick(corpus.witnesses)
      var how: [String] = []
      for _ in 0..<int(1...3) { how.append(chance(0.75) ? mutateJSON(&text) : mutate(&text, toml: false)) }
      var args = ["replay", "t.json"]
      if chance(0.15) { args += ["--layout", pick(corpus.layouts).name] }
      return input("replay of a tampered witness (\(how.joined(separator: ", ")))", [("t.json", text)], args)
    }

    /// Tampered shard results, merged.
    mutating func shardMerge() -> Input {
      guard !corpus.shardSets.isEmpty else { return scriptTrace() }
      var set = pick(corpus.shardSets)
      var how: [String] = []
      for _ in 0..<int(0...2) {
        let k = int(0...(set.count - 1))
        how.append(chance(0.8) ? mutateJSON(&set[k]) : mutate(&set[k], toml: false))
      }
      var files = set.enumerated().map { ("s\($0.offset).json", $0.element) }
      if chance(0.1) { files.append(("s9.json", set[0])) }
      if chance(0.1) { files.removeLast() }
      if chance(0.1) { files.append(("arr.json", "[" + set.joined(separator: ",") + "]")) }
      var args = ["merge"] + files.map(\.0).shuffled(using: &rng)
      if chance(0.5) { args += ["--out", pick(["out", "s0.json", "out/deeper", "/proc/no"])] }
      args += ["--format", pick(["json", "text", "markdown"])]
      return input("merge of tampered shards (\(how.joined(separator: ", ")))", files, args)
    }

    /// Compare or report on cheap inputs, sometimes mutated.
    mutating func compareOrReport() -> Input {
      let l1 = pick(Self.quickLayouts), l2 = pick(Self.quickLayouts)
      var files: [(String, String)] = []
      var workload = pick(corpus.workloads).name
      if chance(0.4) {
        var t = pick(corpus.workloads).text
        _ = mutate(&t, toml: true)
        files.append(("w.toml", t))
        workload = "w.toml"
      }
      if chance(0.5) {
        return input("compare \(l1) \(l2)", files, ["compare", l1, l2, "--workload", workload, "--attacker", pick(corpus.attackers).name, "--ops", "\(int(1...300))", "--format", pick(["text", "json", "markdown"])])
      }
      return input("report \(l1)", files, ["report", l1, "--out", pick(["rep", "rep/x", "w.toml"]), "--workload", workload, "--ops", "\(int(1...300))"] + (chance(0.3) ? ["--check"] : []))
    }

    /// Options out of range, malformed, or of the wrong type.
    mutating func badOptions() -> Input {
      let bad = ["-1", "0", "9223372036854775807", "99999999999999999999", "1e9", "nan", "x", "", "1/0", "-0", "1125899906842625"]
      let layout = pick(Self.quickLayouts)
      let args: [String]
      switch int(0..<9) {
      case 0: args = ["fuzz", layout, "--ops", pick(bad), "--out", "w"]
      case 1: args = ["fuzz", layout, "--jobs", pick(bad), "--ops", "10", "--out", "w"]
      case 2: args = ["fuzz", layout, "--shard", pick(bad + ["1/-1", "3/2", "0/0", "1/100000000", "1//2", "1/2/3"]), "--ops", "10", "--out", "w"]
      case 3: args = ["fuzz", layout, "--time-limit", pick(bad + ["inf", "-inf", "1e-300"]), "--ops", "10", "--out", "w"]
      case 4: args = ["analyze", layout, "--first-phase", pick(bad)]
      case 5: args = ["bench", layout, "--ops", pick(bad + ["1000"]), "--jobs", pick(["1", "0", "2000", "x"])]
      case 6: args = ["report", layout, "--ops", pick(bad), "--out", "r"]
      case 7: args = ["compare", layout, "--ops", pick(bad)]
      default: args = [pick(["list", "show", "check", "trace", "replay", "merge", "nosuch"]), pick(["", "-", "--", "no-such-layout", "/", "/dev/null", "."])]
      }
      return input("options \(args.joined(separator: " "))", [], args)
    }

    /// Inputs at and just past the size limits, or shaped to be slow.
    mutating func limits() -> Input {
      let over = chance(0.5)
      switch int(0..<10) {
      case 0:
        let n = over ? InputLimits.kinds + 1 : int(4...12)
        return input("layout with \(n) kinds", [("k.toml", manyKinds(n))], [pick(["check", "analyze", "show"]), "k.toml"])
      case 1:
        let n = over ? InputLimits.predicates + 1 : int(4...12)
        return input("layout with \(n) predicates", [("p.toml", manyPredicates(n))], [pick(["check", "analyze"]), "p.toml"])
      case 2:
        let n = over ? InputLimits.words + 1 : int(2...InputLimits.words)
        return input("layout with \(n) words", [("w.toml", manyWords(n))], [pick(["check", "analyze", "show"]), "w.toml"])
      case 3:
        let n = over ? InputLimits.constants + 1 : int(100...InputLimits.constants)
        return input("layout with a chain of \(n) constants", [("c.toml", constantChain(n))], ["check", "c.toml"])
      case 4:
        let depth = over ? int(17...5000) : int(2...8)
        let header = (0..<depth).map { _ in "a" }.joined(separator: ".")
        return input("table header \(depth) deep", [("d.toml", "title = \"t\"\nsource = \"s\"\n[\(header)]\nx = 1\n")], [pick(["check", "show"]), "d.toml"])
      case 5:
        let depth = over ? int(17...20000) : int(2...10)
        let value = String(repeating: "[", count: depth) + String(repeating: "]", count: chance(0.5) ? depth : 0)
        return input("array \(depth) deep", [("d.toml", "title = \"t\"\nsource = \"s\"\nx = \(value)\n")], ["check", "d.toml"])
      case 6:
        let n = over ? InputLimits.actors + 1 : int(4...40)
        var t = "title = \"t\"\nsource = \"s\"\nlifetime = 200\n"
        for a in 0..<n { t += "[actors.a\(a)]\nweight = \(pick(["1", "1e12", "1.7976931348623157e+308", "5e-324", "0.5"]))\nkinds = [\"ref\", \"pin\"]\nburst = \(pick(["1", "{ log_uniform = 40 }", "\"1 << 129\"", "{ uniform = [1, 100] }"]))\n" }
        return input("workload with \(n) actors", [("w.toml", t)], ["fuzz", pick(Self.quickLayouts), "--workload", "w.toml", "--ops", "2000", "--jobs", "1", "--out", "w"])
      case 7:
        let bytes = over ? InputLimits.tomlFileBytes + int(1...100) : int(1000...100_000)
        let t = "title = \"t\"\nsource = \"s\"\n" + String(repeating: "# padding\n", count: bytes / 10)
        return input("file of \(bytes) bytes", [("big.toml", t)], ["check", "big.toml"])
      case 8:
        // A command line argument holds at most 128 KiB: scripts past the
        // phase limit are tested through the library (BadInputTests).
        let phases = int(100...(chance(0.2) ? 25_000 : 2000))
        return input("script of \(phases) phases", [], ["trace", "linux-gup-bias", Array(repeating: pick(["ref", "ref@\(int(0...300))", "pin", "-ref"]), count: phases).joined(separator: ",")])
      default:
        let name = String(repeating: "n", count: over ? InputLimits.nameLength + int(1...100_000) : int(1...InputLimits.nameLength))
        let t = "title = \"t\"\nsource = \"s\"\n[words.\(name)]\nbits = 32\n[kinds.ref.acquire]\neffects = [\"\(name) += 1\"]\n[kinds.ref.release]\neffects = [\"\(name)x -= 1\"]\n[initial]\nheld = {}\n"
        return input("name of \(name.count) characters", [("n.toml", t)], ["check", "n.toml"])
      }
    }

    // MARK: Text mutations

    static let interesting = [
      "0", "1", "-1", "2", "127", "128", "255", "256", "65535", "65536", "2147483647", "2147483648", "-2147483648",
      "4294967295", "4294967296", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
      "18446744073709551616", "1e308", "1.7976931348623157e+308", "-1.7976931348623157e+308", "5e-324", "nan", "inf", "-inf",
      "0.5", "1e-320", "\"1 << 128\"", "\"-(1 << 63)\"", "\"(1 << 128) * (1 << 128)\"", "true", "\"\"", "[]", "{}",
      String(repeating: "9", count: 400),
    ]
    static let tokens = ["[", "]", "{", "}", "=", ",", "\n", "#", ".", "\"", "'", "\"\"\"", "\\", "\\u00e9", "[[", "]]", "..", "\t", "\u{e9}", "\u{0}", "\r\n", "[%", "x = [}", "old(", "1 << 200", "/ 0", "total"]

    /// Applies one random mutation; says which.
    mutating func mutate(_ text: inout String, toml: Bool) -> String {
      var s = Array(text.unicodeScalars)
      func set(_ t: [Unicode.Scalar]) { text = String(String.UnicodeScalarView(t)) }
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      switch int(0..<14) {
      case 0:
        let i = int(0...s.count)
        let tok = pick(Self.tokens)
        s.insert(contentsOf: tok.unicodeScalars, at: i)
        set(s)
        return "insert \(tok.debugDescription)"
      case 1:
        guard !s.isEmpty else { return "nothing" }
        let i = int(0...(s.count - 1))
        s.removeSubrange(i..<min(s.count, i + int(1...40)))
        set(s)
        return "delete at \(i)"
      case 2:
        guard !s.isEmpty else { return "nothing" }
        let i = int(0...(s.count - 1))
        s[i] = Unicode.Scalar(UInt8(int(0x20...0x7E)))
        set(s)
        return "replace a character at \(i)"
      case 3:
        let i = int(0...(lines.count - 1))
        lines.remove(at: i)
        text = lines.joined(separator: "\n")
        return "delete line \(i + 1)"
      case 4:
        let i = int(0...(lines.count - 1))
        let times = chance(0.2) ? int(2...3000) : 1
        lines.insert(contentsOf: Array(repeating: lines[i], count: times), at: int(0...lines.count))
        text = lines.joined(separator: "\n")
        return "copy line \(i + 1) x\(times)"
      case 5:
        let i = int(0...(lines.count - 1)), j = int(0...(lines.count - 1))
        lines.swapAt(i, j)
        text = lines.joined(separator: "\n")
        return "swap lines \(i + 1), \(j + 1)"
      case 6, 7:
        // A number (or a quoted value) replaced by an interesting value.
        let candidates = lines.indices.filter { lines[$0].contains("=") && !lines[$0].hasPrefix("#") }
        guard let i = candidates.isEmpty ? nil : pick(candidates), let eq = lines[i].firstIndex(of: "=") else { return "nothing" }
        let v = pick(Self.interesting)
        lines[i] = String(lines[i][...eq]) + " " + v
        text = lines.joined(separator: "\n")
        return "line \(i + 1) value \(v.prefix(30))"
      case 8:
        // A quoted string replaced by a random expression.
        let candidates = lines.indices.filter { lines[$0].contains("\"") }
        guard let i = candidates.isEmpty ? nil : pick(candidates), let q1 = lines[i].firstIndex(of: "\""),
          let q2 = lines[i][lines[i].index(after: q1)...].firstIndex(of: "\"")
        else { return "nothing" }
        lines[i] = String(lines[i][...q1]) + expression(identifiers(in: text), depth: int(1...4)) + String(lines[i][q2...])
        text = lines.joined(separator: "\n")
        return "line \(i + 1) string replaced by an expression"
      case 9:
        // A table header made deeper, or a key renamed.
        let headers = lines.indices.filter { lines[$0].hasPrefix("[") }
        guard let i = headers.isEmpty ? nil : pick(headers) else { return "nothing" }
        let extra = chance(0.3) ? int(10...3000) : int(1...3)
        lines[i] = lines[i].replacingOccurrences(of: "]", with: String(repeating: ".x", count: extra) + "]", options: [], range: lines[i].range(of: "]"))
        text = lines.joined(separator: "\n")
        return "header \(i + 1) deeper by \(extra)"
      case 10:
        let names = identifiers(in: text)
        guard let a = names.isEmpty ? nil : pick(names), let b = names.isEmpty ? nil : pick(names) else { return "nothing" }
        text = text.replacingOccurrences(of: a, with: b)
        return "rename \(a) to \(b)"
      case 11:
        let n = int(0...s.count)
        set(Array(s.prefix(n)))
        return "truncate at \(n)"
      case 12:
        guard !s.isEmpty else { return "nothing" }
        let i = int(0...(s.count - 1)), n = int(1...200), times = int(2...200)
        let chunk = Array(s[i..<min(s.count, i + n)])
        s.insert(contentsOf: Array(repeating: chunk, count: times).joined(), at: i)
        set(s)
        return "repeat \(chunk.count) characters x\(times)"
      default:
        // Invalid UTF-8, or a byte-order mark, or CRLF line ends.
        switch int(0..<3) {
        case 0:
          let at = int(0...s.count)
          s.insert(contentsOf: Self.invalidUTF8.unicodeScalars, at: at)
          set(s)
        case 1: text = "\u{FEFF}" + text
        default: text = text.replacingOccurrences(of: "\n", with: "\r\n")
        }
        return "encoding"
      }
    }

    /// Identifiers of a file (names of fields, kinds, constants, keys).
    func identifiers(in text: String) -> [String] {
      var out = Set<String>()
      var current = ""
      for c in text.unicodeScalars {
        if c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (!current.isEmpty && ("0"..."9").contains(c)) {
          current.unicodeScalars.append(c)
        } else {
          if current.count >= 2 { out.insert(current) }
          current = ""
        }
      }
      return out.sorted()
    }

    /// A random expression over `names`, literals and every operator.
    mutating func expression(_ names: [String], depth: Int) -> String {
      if depth <= 0 || chance(0.25) {
        switch int(0..<10) {
        case 0..<4 where !names.isEmpty: return pick(names)
        case 4: return "\(pick(["old", "new", "signed", "unsigned"]))(\(names.isEmpty ? "x" : pick(names)))"
        case 5: return pick(["total", "min(1, 2)", "max(-1, 0, 1)"])
        case 6: return pick(["0", "1", "-1", "2", "63", "64", "127", "128", "129", "4096", "0x8000_0000", "0b1010", "0o17"])
        case 7: return pick(["(1 << 63)", "(1 << 128)", "-(1 << 63)", "(1 << 64) - 1", String(repeating: "7", count: int(20...300))])
        default: return "\(int(-5...300))"
        }
      }
      let ops = ["+", "-", "*", "/", "%", "<<", ">>", "<", "<=", ">", ">=", "==", "!=", "&", "^", "|", "&&", "||"]
      switch int(0..<12) {
      case 0: return "\(pick(["-", "~", "!"]))\(expression(names, depth: depth - 1))"
      case 1: return "\(pick(["min", "max"]))(\(expression(names, depth: depth - 1)), \(expression(names, depth: depth - 1)))"
      case 2:
        let n = int(60...70)
        return String(repeating: "(", count: n) + expression(names, depth: 0) + String(repeating: ")", count: n)
      case 3: return Array(repeating: expression(names, depth: 0), count: int(2...600)).joined(separator: pick(["+", "*", "-", "<<"]))
      default: return "(\(expression(names, depth: depth - 1)) \(pick(ops)) \(expression(names, depth: depth - 1)))"
      }
    }

    /// A random trace script for a shipped layout: its operation names, huge
    /// or broken counts, actors in and out of range, and garbage.
    mutating func script(for layoutName: String) -> String {
      let names = (try? ShippedLayouts.load(layoutName)).map { Script.operationNames($0) + $0.constants.map(\.name) } ?? ["ref"]
      var items: [String] = []
      for _ in 0..<int(1...12) {
        var item = pick(names)
        if chance(0.5) {
          // Huge counts are the expensive case (a trace that wraps a field
          // again and again stops only on its budget): one in ten.
          item += "*" + (chance(0.1)
            ? pick(["(1 << 32)", "(1 << 64)", "(1 << 128)", "((1 << 128) * (1 << 128))", "(1 << 40)"])
            : pick(["1", "2", "1023", "(1 << 31)", "0", "-1", "(", "x", "\(int(1...100_000))", "(1<<20)", "\(pick(names))"]))
        }
        if chance(0.2) { item += "@" + pick(["0", "1", "2", "255", "256", "257", "-1", "x", "99999999999999999999"]) }
        if chance(0.05) { item = pick(["", ",", "((", "*", "@", "-", "+ref", "unknown_op", "ref*1*2"]) }
        items.append(item)
      }
      return items.joined(separator: pick([", ", ",", " , "]))
    }

    // MARK: JSON mutations

    /// Parses JSON text and changes one value, key or array; says what.
    mutating func mutateJSON(_ text: inout String) -> String {
      guard let data = text.data(using: .utf8), var root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
        return mutate(&text, toml: false)
      }
      var paths: [[Any]] = []
      func collect(_ v: Any, _ path: [Any]) {
        paths.append(path)
        if let d = v as? [String: Any] { for (k, x) in d { collect(x, path + [k]) } }
        if let a = v as? [Any] { for (i, x) in a.enumerated() { collect(x, path + [i]) } }
      }
      collect(root, [])
      paths.sort { $0.map { "\($0)" }.joined(separator: ".") < $1.map { "\($0)" }.joined(separator: ".") }
      let path = pick(paths)
      let values: [Any] = [
        NSNull(), true, 0, -1, 1, Int.max, Int.min, 1.5, Double.greatestFiniteMagnitude, "", "x", "../../X", "..", "/", "1/-1", "3/2",
        "1/100000000", "0/0", "340282366920938463463374607431768211456", String(repeating: "9", count: 2000), "-5",
        "never bogus", "never ok", "false_positive(../../x)", "premature_free", "refbits-trace", "refbits-fuzz", [], [String: Any](),
        ["a": 1], [1, 2, 3], 999_999, 1_000_000, 256, 257, "pin", "-ref", "ref*2", "linux-gup-bias", "fnv1a64:0000000000000000",
      ]
      let replacement: Any?
      var how: String
      switch int(0..<10) {
      case 0:
        replacement = nil
        how = "delete"
      case 1:
        // Raise a count (a decimal string in these files).
        replacement = pick(["340282366920938463463374607431768211456", "4294967296", "18446744073709551616", "1" + String(repeating: "0", count: int(20...400)), "2147483648"])
        how = "raise"
      case 2:
        // Repeat an array's elements.
        if let a = value(at: path, in: root) as? [Any], !a.isEmpty {
          replacement = Array(repeating: a, count: int(2...400)).flatMap { $0 }
          how = "repeat"
        } else {
          replacement = pick(values)
          how = "replace"
        }
      default:
        replacement = pick(values)
        how = "replace"
      }
      root = replaced(root, at: path[...], with: replacement)
      guard JSONSerialization.isValidJSONObject(root) || !(root is [String: Any] || root is [Any]),
        let out = try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .fragmentsAllowed])
      else { return "nothing" }
      text = String(decoding: out, as: UTF8.self)
      return "\(how) \(path.map { "\($0)" }.joined(separator: "."))"
    }

    func value(at path: [Any], in root: Any) -> Any? {
      var v: Any? = root
      for p in path {
        if let k = p as? String { v = (v as? [String: Any])?[k] } else if let i = p as? Int { v = (v as? [Any]).flatMap { i < $0.count ? $0[i] : nil } }
      }
      return v
    }

    func replaced(_ v: Any, at path: ArraySlice<Any>, with x: Any?) -> Any {
      guard let first = path.first else { return x ?? NSNull() }
      if var d = v as? [String: Any], let k = first as? String {
        if path.count == 1 && x == nil { d[k] = nil } else if let inner = d[k] { d[k] = replaced(inner, at: path.dropFirst(), with: x) }
        return d
      }
      if var a = v as? [Any], let i = first as? Int, i < a.count {
        if path.count == 1 && x == nil { a.remove(at: i) } else { a[i] = replaced(a[i], at: path.dropFirst(), with: x) }
        return a
      }
      return v
    }

    // MARK: Layouts at the limits

    static let header = "title = \"generated\"\nsource = \"the mutation corpus\"\n"

    mutating func manyKinds(_ n: Int) -> String {
      var t = Self.header + "[words.count]\nbits = 64\n"
      for k in 0..<n {
        t += "[kinds.k\(k).acquire]\neffects = [\"count += \(k + 1)\"]\nrefuse = \"count > \(int(1...1_000_000))\"\n[kinds.k\(k).release]\neffects = [\"count -= \(k + 1)\"]\n"
      }
      t += "[predicates.zero]\nwhen = \"count == 0\"\nmeans = \"total == 0\"\nrole = \"freed\"\n[initial]\nheld = {}\n"
      return t
    }

    mutating func manyPredicates(_ n: Int) -> String {
      var t = Self.header + "[words.count]\nbits = 32\nsigned = true\n[kinds.ref.acquire]\neffects = [\"count += 1\"]\n[kinds.ref.release]\neffects = [\"count -= 1\"]\n"
      for p in 0..<n { t += "[predicates.p\(p)]\nwhen = \"count > \(int(0...1000))\"\nmeans = \"ref > \(int(0...1000))\"\n" }
      return t + "[initial]\nheld = {}\n"
    }

    mutating func manyWords(_ n: Int) -> String {
      var t = Self.header
      for w in 0..<n { t += "[words.w\(w)]\nbits = \(int(1...128))\n" }
      t += "[kinds.ref.acquire]\neffects = [\"w0 += 1\"]\n[kinds.ref.release]\neffects = [\"w0 -= 1\"]\n[initial]\nheld = {}\n"
      return t
    }

    mutating func constantChain(_ n: Int) -> String {
      var t = Self.header + "[constants]\n"
      // Defined last to first: every constant needs the one after it.
      for c in 0..<n { t += "c\(c) = \"\(c + 1 < n ? "c\(c + 1) + 1" : "1")\"\n" }
      return t + "[words.count]\nbits = 32\n[kinds.ref.acquire]\neffects = [\"count += 1\"]\n[kinds.ref.release]\neffects = [\"count -= 1\"]\n[initial]\nheld = {}\n"
    }
  }
}
