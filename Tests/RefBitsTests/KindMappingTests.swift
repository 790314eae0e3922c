import Foundation
import Testing

@testable import RefBits

/// Attacker profiles say which layout kinds each route acquires and which
/// platforms they model; a route applied by name only, or a profile costed
/// against another platform's layout, warns (issue 11, problem 4).
@Suite struct KindMappingTests {
  /// A single-page layout that happens to call a kind `map`: the order-1
  /// folio route of `unprivileged-linux` must not apply silently.
  static let singlePageMap = """
    title = "Test: a single page with a map kind"
    source = "Tests/RefBitsTests/KindMappingTests.swift"
    platform = "linux"

    [words.count]
    bits = 8

    [kinds.map]
    acquire.effects = ["count += 1"]
    release.effects = ["count -= 1"]

    [initial]
    held = { map = 1 }
    """

  @Test func orderOneFolioRouteIsDeclaredOnlyForItsLayout() throws {
    let profile = try ShippedAttackers.resolve("unprivileged-linux")
    #expect(profile.platforms == ["linux"])
    let folio = try ShippedLayouts.load("linux-32bit-order1-folio")
    let declared = profile.routes(for: folio, names: folio.kinds.map(\.name))
    #expect(declared.mapping.contains(AttackerProfile.Mapping(name: "map", route: "map", declared: true)))
    #expect(declared.warnings.isEmpty, "\(declared.warnings)")

    // Before: the route applied to any kind called `map`, silently.
    let single = try Layout.parse(toml: Self.singlePageMap, name: "single-page", file: "single-page.toml")
    #expect(single.platform == "linux")
    let byName = profile.routes(for: single, names: ["map"])
    #expect(byName.mapping == [AttackerProfile.Mapping(name: "map", route: "map", declared: false)])
    let warning = try #require(byName.warnings.first)
    #expect(warning.severity == .warning && warning.keyPath == "ops.map" && warning.message.contains("by name only"), "\(warning)")
  }

  @Test func everyRouteOfAShippedLinuxProfileIsDeclaredOnThePageLayouts() throws {
    for name in ["unprivileged-linux", "unprivileged-linux-no-fuse", "privileged"] {
      let profile = try ShippedAttackers.resolve(name)
      for layoutName in ["linux-gup-bias", "linux-folio-pincount", "hubbard-bias-23", "split-pin-fields", "linux-gup-bias-compound"] {
        let layout = try ShippedLayouts.load(layoutName)
        let bound = profile.routes(for: layout, names: layout.kinds.map(\.name) + layout.operations.map(\.name))
        #expect(bound.warnings.isEmpty, "\(name) on \(layoutName): \(bound.warnings.map(\.message))")
        #expect(bound.mapping.allSatisfy { $0.declared })
      }
      // A generic refcount_t is not a page: by name only.
      let refcount = try ShippedLayouts.load("linux-refcount-t")
      let generic = profile.routes(for: refcount, names: refcount.kinds.map(\.name))
      #expect(generic.mapping.allSatisfy { !$0.declared } && generic.warnings.count == generic.mapping.count)
    }
  }

  @Test func otherPlatformWarns() throws {
    // Before: a Linux profile was costed against any layout without a word.
    let linux = try ShippedAttackers.resolve("unprivileged-linux")
    let glib = try ShippedLayouts.load("glib-grefcount")
    #expect(glib.platform == "glib")
    let bound = linux.routes(for: glib, names: glib.kinds.map(\.name))
    #expect(bound.warnings.contains { $0.keyPath == "platforms" && $0.message.contains("'glib-grefcount' is glib") })
    // The runtime profile models the runtimes, not the kernel.
    let runtime = try ShippedAttackers.resolve("runtime-process")
    let freebsd = try ShippedLayouts.load("freebsd-refcount")
    #expect(runtime.routes(for: freebsd, names: ["ref"]).warnings.contains { $0.keyPath == "platforms" })
    #expect(runtime.routes(for: try ShippedLayouts.load("rust-arc"), names: ["strong", "weak", "upgrade"]).warnings.isEmpty)
  }

  /// A route may acquire a kind of another name: `copy` is the shared_ptr
  /// layout's `shared`, `upgrade` its `lock` (before: out of reach).
  @Test func routesMapKindsOfOtherNames() throws {
    let runtime = try ShippedAttackers.resolve("runtime-process")
    let layout = try ShippedLayouts.load("libstdcxx-shared-ptr")
    let bound = runtime.routes(for: layout, names: layout.kinds.map(\.name))
    #expect(Set(bound.mapping) == [
      AttackerProfile.Mapping(name: "shared", route: "copy", declared: true),
      AttackerProfile.Mapping(name: "lock", route: "upgrade", declared: true),
      AttackerProfile.Mapping(name: "weak", route: "weak", declared: true),
    ])
    #expect(bound.warnings.isEmpty)
  }

  /// The attack carries the mapping into its JSON document and its text.
  @Test func attackListsTheMapping() throws {
    let layout = try Layout.parse(toml: CompareFixtures.counter(bits: 3), name: "small", file: "small.toml")
    let profile = try AttackerProfile.parse(toml: CompareFixtures.attacker, name: "test-attacker", file: "test-attacker.toml")
    let attack = try Attack(layout: layout, profile: profile)
    #expect(attack.mapping == [AttackerProfile.Mapping(name: "ref", route: "ref", declared: false)])
    #expect(attack.warnings.map(\.file) == ["test-attacker.toml"])
    #expect(AttackRenderer([attack]).text().contains("ref <- ops.ref (by name only)"))
    #expect(AttackDocument(attack).routes == [AttackDocument.RouteEntry(name: "ref", route: "ref", declared: false)])
    var declared = profile
    declared.routes["ref"]?.kinds = ["ref"]
    #expect(try Attack(layout: layout, profile: declared).warnings.isEmpty)
  }

  @Test func badPlatformsAndKindsAreLocated() {
    let bad = CompareFixtures.attacker.replacingOccurrences(of: "source = \"Tests/RefBitsTests/CompareTests.swift\"\n", with: "source = \"x\"\nplatforms = \"linux\"\n")
    #expect {
      _ = try AttackerProfile.parse(toml: bad, name: "bad", file: "bad.toml")
    } throws: { error in
      (error as? Diagnostics)?.all.contains { $0.keyPath == "platforms" && $0.message.contains("array of strings") } == true
    }
    let layout = Self.singlePageMap.replacingOccurrences(of: "platform = \"linux\"", with: "platform = \"Linux OS\"")
    #expect {
      _ = try Layout.parse(toml: layout, name: "bad", file: "bad.toml")
    } throws: { error in
      (error as? Diagnostics)?.all.contains { $0.keyPath == "platform" } == true
    }
  }
}
