// swift-tools-version:6.0
// An example of RefBits used as a library: the package depends on the
// repository's root package by path, as a project would depend on a release
// by URL (`.package(url: "https://github.com/OWNER/refbits", from: "0.1.0")`).
// CI builds and runs it (.ci/run): `swift run --package-path Examples/CompareBiases`.
import PackageDescription

let package = Package(
  name: "CompareBiases",
  dependencies: [
    .package(name: "RefBits", path: "../.."),
  ],
  targets: [
    .executableTarget(
      name: "CompareBiases",
      dependencies: [.product(name: "RefBits", package: "RefBits")]
    ),
  ]
)
