// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kaofa",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "KaofaCore", targets: ["KaofaCore"]),
        .library(name: "KaofaRender", targets: ["KaofaRender"]),
        .library(name: "KaofaInterchange", targets: ["KaofaInterchange"]),
        .library(name: "KaofaStore", targets: ["KaofaStore"]),
        .library(name: "KaofaServer", targets: ["KaofaServer"]),
        .executable(name: "kaofa", targets: ["kaofa"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.70.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.25.0"),
    ],
    targets: [
        // The pipeline: source text → syntax → model → checks; no printing, no exiting.
        .target(
            name: "KaofaCore",
            dependencies: [
                "CKaofaScan",
                .product(name: "Crypto", package: "swift-crypto"),
                // Only the blueprint loader imports Yams.
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/Laws")]
        ),
        // The priority scan of paper assembly in C, eight priorities at a time where the processor has AVX-512.
        .target(name: "CKaofaScan"),
        // The C allocator's settings for batch commands (glibc's mallopt, which Swift's Glibc module does not export).
        .target(name: "CKaofaSystem"),
        // Papers, keys and summaries → JSON, Markdown, HTML (PDF through Chromium) and DOCX.
        .target(
            name: "KaofaRender",
            dependencies: ["KaofaCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Import and export: tables (CSV, XLSX) and the importers that turn other formats into kaofa banks.
        .target(
            name: "KaofaInterchange",
            dependencies: ["KaofaCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The registry of issued papers: SQLite through GRDB (embedded, the default) or PostgreSQL through postgres-nio.
        .target(
            name: "KaofaStore",
            dependencies: [
                "KaofaCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The JSON service (`kaofa serve`) on Hummingbird 2.
        .target(
            name: "KaofaServer",
            dependencies: [
                "KaofaCore",
                "KaofaRender",
                "KaofaStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/schemas")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "kaofa",
            dependencies: [
                "KaofaCore",
                "KaofaInterchange",
                "KaofaRender",
                "KaofaStore",
                "KaofaServer",
                "CKaofaSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: a synthetic-bank generator and a timer; never run by `swift test`.
        .executableTarget(
            name: "kaofa-bench",
            dependencies: ["KaofaCore", "KaofaRender", "CKaofaScan"],
            path: "Sources/Benchmarks"
        ),
        .testTarget(
            name: "KaofaCoreTests",
            dependencies: [
                "KaofaCore",
                "CKaofaScan",
                "KaofaRender",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KaofaInterchangeTests",
            dependencies: ["KaofaCore", "KaofaInterchange", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Fixtures")]
        ),
        // A throwaway PostgreSQL server (initdb + pg_ctl) for the tests of the PostgreSQL registry.
        .target(name: "PostgresSupport", path: "Tests/PostgresSupport"),
        .testTarget(name: "KaofaStoreTests", dependencies: ["KaofaCore", "KaofaStore", "PostgresSupport"]),
        .testTarget(
            name: "KaofaServerTests",
            dependencies: [
                "KaofaCore",
                "KaofaStore",
                "KaofaServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "KaofaCLITests",
            dependencies: ["KaofaCore", "KaofaStore", "PostgresSupport"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
