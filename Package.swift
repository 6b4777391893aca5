// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kaofa",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "KaofaCore", targets: ["KaofaCore"]),
        .executable(name: "kaofa", targets: ["kaofa"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // The pipeline: source text → syntax → model → checks; no printing, no exiting.
        .target(
            name: "KaofaCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/Laws")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "kaofa",
            dependencies: [
                "KaofaCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: a synthetic-bank generator and a timer; never run by `swift test`.
        .executableTarget(
            name: "kaofa-bench",
            dependencies: ["KaofaCore"],
            path: "Sources/Benchmarks"
        ),
        .testTarget(
            name: "KaofaCoreTests",
            dependencies: [
                "KaofaCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KaofaCLITests",
            dependencies: ["KaofaCore"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
