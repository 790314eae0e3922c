import Foundation
import Testing

@testable import RefBits

/// `[parameters]` in layouts and `--set`: defaults make an ordinary layout,
/// set values reach constants, bit ranges, word widths and expressions, and
/// an invalid point is a located error naming the values.
@Suite struct ParameterTests {
  /// Two fields whose widths are parameters, in a word whose width is one:
  /// `hi` takes the top HI bits, `lo` the low LO bits.
  static let fields = """
    title = "Test: parametric fields"
    source = "Tests/RefBitsTests/ParameterTests.swift"

    [parameters.WIDTH]
    default = 8
    range = "2..16"
    description = "the word's width"

    [parameters.HI]
    default = 3
    range = "1..15"

    [parameters.LO]
    default = 4
    range = "1..15"

    [constants]
    LO_MAX = "(1 << LO) - 1"

    [words.w]
    bits = "WIDTH"

    [words.w.fields.hi]
    bits = "(WIDTH - 1)..(WIDTH - HI)"

    [words.w.fields.lo]
    bits = "(LO - 1)..0"

    [kinds.ref.acquire]
    refuse = "lo >= LO_MAX"
    effects = ["lo += 1"]
    [kinds.ref.release]
    effects = ["lo -= 1"]

    [initial]
    held = { ref = 1 }
    """

  static func parse(_ values: [String: BigInt] = [:]) throws(Diagnostics) -> Layout {
    try Layout.parse(toml: fields, name: "fields", file: "fields.toml", parameters: values)
  }

  /// The 1-based line of the first line of `text` containing `fragment`.
  static func line(of fragment: String, in text: String) -> Int {
    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(fragment) }! + 1
  }

  @Test func defaultsMakeAnOrdinaryLayout() throws {
    let l = try Self.parse()
    #expect(l.parameters.map(\.name) == ["WIDTH", "HI", "LO"])
    #expect(l.parameters.map(\.value) == [8, 3, 4])
    #expect(l.parameters.allSatisfy(\.isDefault) && l.label == "fields")
    #expect(l.words[0].bits == 8)
    #expect(l.fields.map { [$0.name, "\($0.msb)..\($0.lsb)"] } == [["hi", "7..5"], ["lo", "3..0"]])
    // Setting the defaults explicitly reads the same layout.
    #expect(try Self.parse(["WIDTH": 8, "HI": 3, "LO": 4]) == l)
  }

  @Test func setValuesReachWidthsRangesConstantsAndConditions() throws {
    let l = try Self.parse(["WIDTH": 12, "HI": 2, "LO": 6])
    #expect(l.words[0].bits == 12)
    #expect(l.fields.map { [$0.msb, $0.lsb] } == [[11, 10], [5, 0]])
    #expect(l.constants.first { $0.name == "LO_MAX" }?.value == 63)
    #expect(l.label == "fields [WIDTH = 12, HI = 2, LO = 6]")
    // The refusal reads LO_MAX: 62 acquires from one held reference, then refused.
    let a = try Analysis(layout: l)
    #expect(a.capacities[0].capacity == 62)
    #expect(a.capacities[0].stoppedBy == [.refused(kind: "ref")])
  }

  @Test func overlappingFieldsAreALocatedErrorNamingThePoint() throws {
    // HI = 5 and LO = 4 in 8 bits: bits 4 is in both.
    let e = #expect(throws: Diagnostics.self) { try Self.parse(["HI": 5]) }
    let d = try #require(e?.errors.first)
    #expect(d.keyPath == "words.w.fields.lo.bits")
    #expect(d.line == Self.line(of: "bits = \"(LO - 1)..0\"", in: Self.fields))
    #expect(d.message.contains("overlaps field 'hi'"))
    #expect(d.message.hasSuffix("(at WIDTH = 8, HI = 5, LO = 4)"), "\(d.message)")
  }

  @Test func aFieldOutsideItsWordIsALocatedErrorNamingThePoint() throws {
    // WIDTH = 2: lo (4 bits) no longer fits.
    let f = #expect(throws: Diagnostics.self) { try Self.parse(["WIDTH": 2, "HI": 1]) }
    let d = try #require(f?.errors.first)
    #expect(d.keyPath == "words.w.fields.lo.bits")
    #expect(d.message == "bits 3..0 lie outside the 2-bit word (at WIDTH = 2, HI = 1, LO = 4)")
  }

  @Test func aValueOutsideTheDeclaredRangeNamesItAtTheRange() throws {
    let e = #expect(throws: Diagnostics.self) { try Self.parse(["WIDTH": 17]) }
    let d = try #require(e?.errors.first)
    #expect(d.keyPath == "parameters.WIDTH.range")
    #expect(d.line == Self.line(of: "range = \"2..16\"", in: Self.fields))
    #expect(d.column == 9)
    #expect(d.message == "WIDTH = 17 lies outside the range 2..16 that the layout declares")
  }

  @Test func anUndeclaredParameterIsNamed() throws {
    let e = #expect(throws: Diagnostics.self) { try Self.parse(["WIDHT": 9]) }
    let d = try #require(e?.errors.first)
    #expect(d.message.contains("'WIDHT'") && d.hint?.contains("did you mean 'WIDTH'?") == true)
    let plain = #expect(throws: Diagnostics.self) { try ShippedLayouts.resolve("linux-refcount-t", parameters: ["X": 1]) }
    #expect(plain?.errors.first?.hint?.contains("declares no [parameters]") == true)
  }

  @Test func declarationErrorsAreLocated() throws {
    func errors(_ table: String) -> [Diagnostic] {
      let text = Self.fields.replacingOccurrences(of: "[parameters.WIDTH]\ndefault = 8\nrange = \"2..16\"", with: table)
      do { _ = try Layout.parse(toml: text, name: "x", file: "x.toml"); return [] } catch { return error.errors }
    }
    #expect(errors("[parameters.WIDTH]\ndefault = 8").first?.message == "missing required key 'range'")
    #expect(errors("[parameters.WIDTH]\ndefault = 20\nrange = \"2..16\"").first?.message == "the default 20 of 'WIDTH' lies outside its range 2..16")
    #expect(errors("[parameters.WIDTH]\ndefault = 8\nrange = \"16..2\"").first?.message == "the range 16..2 is empty")
    let bad = errors("[parameters.WIDTH]\ndefault = 8\nrange = \"2..(1 <<\"")
    #expect(bad.first?.keyPath == "parameters.WIDTH.range" && bad.first?.column != nil)
  }

  @Test func bitRangeExpressionsKeepTheirColumnsAndTheRangeTypoCheck() throws {
    let text = Self.fields.replacingOccurrences(of: "bits = \"(LO - 1)..0\"", with: "bits = \"(LOW - 1)..0\"")
    let e = #expect(throws: Diagnostics.self) { try Layout.parse(toml: text, name: "x", file: "x.toml") }
    let d = try #require(e?.errors.first)
    // `bits = "(` is 9 characters: LOW starts at column 10.
    #expect(d.message.contains("unknown name 'LOW'") && d.column == 10, "\(d)")
    let typo = Self.fields.replacingOccurrences(of: "bits = \"(LO - 1)..0\"", with: "bits = \"3-0\"")
    let t = #expect(throws: Diagnostics.self) { try Layout.parse(toml: typo, name: "x", file: "x.toml") }
    #expect(t?.errors.first?.message == "'3-0' is not a bit range")
  }

  @Test func linuxGupBiasIsParametricAndItsDefaultIsTheKernels() throws {
    // include/linux/mm.h: #define GUP_PIN_COUNTING_BIAS (1U << 10).
    let l = try ShippedLayouts.load("linux-gup-bias")
    let p = try #require(l.parameters.first { $0.name == "GUP_PIN_COUNTING_BIAS" })
    #expect(p.value == 1024 && p.isDefault)
    let set = try ShippedLayouts.resolve("linux-gup-bias", parameters: ["GUP_PIN_COUNTING_BIAS": BigInt.power(of2: 23)])
    #expect(set.label == "linux-gup-bias [GUP_PIN_COUNTING_BIAS = 8388608]")
    #expect(set.kinds[2].acquire.effects[0].action == .add(BigInt.power(of2: 23)))
  }

  @Test func theDigestOfAPointDiffersFromTheFilesOnlyAwayFromTheDefaults() throws {
    let a = try ShippedLayouts.resolveWithDigest("linux-gup-bias")
    let b = try ShippedLayouts.resolveWithDigest("linux-gup-bias", parameters: ["GUP_PIN_COUNTING_BIAS": 1024])
    let c = try ShippedLayouts.resolveWithDigest("linux-gup-bias", parameters: ["GUP_PIN_COUNTING_BIAS": 2048])
    #expect(a.digest == ContentDigest.ofFile(a.path) && b.digest == a.digest)
    #expect(c.digest != a.digest && c.digest.hasPrefix("fnv1a64:"))
  }

  @Test func numbersOnTheCommandLine() throws {
    #expect(try NumberText.parse("2^23") == 8_388_608)
    #expect(try NumberText.parse("1 << 10") == 1024)
    #expect(try NumberText.parse("2^31 - 1") == 2_147_483_647)
    #expect(try NumberText.parse("-2^30") == -1_073_741_824)
    #expect(try NumberText.parse("3^2^2") == 81)
    #expect(try NumberText.parse("0x400 * (1 + 1)") == 2048)
    #expect(try NumberText.parse("2^128") == BigInt.power(of2: 128))
    for bad in ["", "2^", "2^-1", "1 <<", "x", "2^^3", "(1", "2^100000"] {
      #expect(throws: ExpressionError.self, "\(bad)") { try NumberText.parse(bad) }
    }
    #expect(try Layout.Parameter.assignments(["A=2^4", "B = 7"]) == ["A": 16, "B": 7])
    for bad in [["A"], ["=1"], ["A=1", "A=2"], ["A=two"]] {
      #expect(throws: Diagnostics.self, "\(bad)") { try Layout.Parameter.assignments(bad) }
    }
  }
}
