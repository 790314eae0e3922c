// swift-tools-version:6.0
import PackageDescription

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
    .target(
      name: "RefBits",
      dependencies: [
        "CGMPShim",
        .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      resources: [.copy("Resources/layouts"), .copy("Resources/attackers"), .copy("Resources/workloads"), .copy("Resources/sweeps")]
    ),
    // The C baseline of `refbits bench` (a tight loop for linux-gup-bias);
    // only the command line links it, never the library.
    .target(name: "CBaseline"),
    .executableTarget(
      name: "refbits",
      dependencies: [
        "RefBits",
        "CBaseline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "RefBitsTests",
      dependencies: ["RefBits"],
      resources: [.copy("Fixtures")]
    ),
  ]
)
