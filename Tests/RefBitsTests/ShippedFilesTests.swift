import Foundation
import Testing

@testable import RefBits

/// The shipped files are compiled into the library (the EmbedShippedFiles
/// plugin): the compiled text must be each file byte for byte, so that
/// digests recorded in witnesses, shards and reports stay valid.
@Suite("Shipped files compiled in")
struct ShippedFilesTests {
  static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/RefBits/Resources").standardized

  @Test("every file of Resources/ is compiled in, byte for byte, and nothing else", arguments: [BundledFiles.layouts, .workloads, .attackers, .sweeps])
  func compiledTextIsTheFile(_ files: BundledFiles) throws {
    let dir = Self.resources.appendingPathComponent(files.directoryName)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    #expect(!names.isEmpty)
    #expect(files.names == names)
    for name in names {
      let bytes = try #require(FileManager.default.contents(atPath: dir.appendingPathComponent("\(name).toml").path))
      let text = try #require(files.text(named: name))
      #expect(Array(text.utf8) == Array(bytes), "\(files.directoryName)/\(name).toml")
      #expect(try files.shipped(name).digest == ContentDigest.of(bytes))
    }
  }

  /// An unknown name suggests the closest shipped one (the working
  /// directory's files are tested end to end, RefBitsEndToEndTests, where
  /// each run has a directory of its own).
  @Test func unknownNamesSuggestTheClosest() throws {
    let missing = #expect(throws: Diagnostics.self) { try BundledFiles.layouts.resolve("linux-rcuerf") }
    #expect(missing?.description.contains("did you mean 'linux-rcuref'?") == true)
    let shipped = try BundledFiles.layouts.shipped("linux-rcuref")
    #expect(shipped.origin == .shipped && shipped.path == nil && shipped.provenance == "layouts/linux-rcuref.toml (shipped copy, \(shipped.digest))")
  }
}
