// swift-tools-version:6.0
import PackageDescription

// Conditional compilation flags:
//
// REFBITS_INTERNAL_CHECKS cross-checks every fast path (native evaluation in
// the reference step, the native engine's step, uniform runs, segment
// repeats, the C baseline) against the reference step, on every step; see
// Sources/RefBits/Stepping/InternalChecks.swift. Documented complexities do
// not hold with it on. CI runs the test suite once with it:
//
//     REFBITS_INTERNAL_CHECKS=1 swift test --scratch-path .build/internal-checks
//
// (`swift build -Xswiftc -DREFBITS_INTERNAL_CHECKS` works too.)
let internalChecks: [SwiftSetting] =
  Context.environment["REFBITS_INTERNAL_CHECKS"].map { $0 != "" && $0 != "0" } == true
  ? [.define("REFBITS_INTERNAL_CHECKS")] : []

let package = Package(
  name: "RefBits",
  products: [
    .library(name: "RefBits", targets: ["RefBits"]),
    .executable(name: "refbits", targets: ["refbits"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
  ],
  targets: [
    // GMP itself, found through pkg-config.
    .systemLibrary(
      name: "CGMP",
      pkgConfig: "gmp",
      providers: [.apt(["libgmp-dev"])]
    ),
    // `static inline` wrappers for GMP's function-like macros (no stable API).
    .target(name: "CGMPShim", dependencies: ["CGMP"]),
    // Z3, found through pkg-config: the decision procedure of the certificate
    // checker (Sources/RefBits/Checker), and nothing else.
    .systemLibrary(
      name: "CZ3",
      pkgConfig: "z3",
      providers: [.apt(["libz3-dev"])]
    ),
    .target(
      name: "RefBits",
      dependencies: [
        "CGMPShim",
        "CZ3",
        .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      resources: [.copy("Resources/layouts"), .copy("Resources/attackers"), .copy("Resources/workloads"), .copy("Resources/sweeps")],
      swiftSettings: internalChecks
    ),
    // The C baseline of `refbits bench` (a tight loop for linux-gup-bias),
    // and its Swift face (a `BaselineLoop`): the command line and the tests
    // link them, never the library.
    .target(name: "CBaseline"),
    .target(name: "BaselineLoops", dependencies: ["RefBits", "CBaseline"]),
    .executableTarget(
      name: "refbits",
      dependencies: [
        "RefBits",
        "BaselineLoops",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "RefBitsTests",
      dependencies: ["RefBits", "BaselineLoops"],
      resources: [.copy("Fixtures")]
    ),
  ]
)
