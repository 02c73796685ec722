// swift-tools-version:6.0
// Targets are listed in data-flow order: C edges, model, config, fetch, parse, extract, store, pipeline, daemon, CLI.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Gleaner",
    // No platforms: Gleaner is a Linux daemon (systemd units, Debian's -dev packages, Glibc) and claims no macOS
    // version.
    products: [
        .executable(name: "gleaner", targets: ["gleaner"]),
        .executable(name: "gleaner-bench", targets: ["gleaner-bench"]),
    ],
    dependencies: [
        // The only third-party dependency: the CLI's argument parsing (see README, "Dependencies").
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C edges: system libraries from Debian's -dev packages, and typed wrappers for curl's variadic calls.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "CShims", dependencies: ["CCurl"]),
        // Vector byte scanning for the parser's transcoder (AVX2 where the CPU has it); no dependencies.
        .target(name: "CTextScan"),

        .target(name: "GleanerModel", swiftSettings: strict),
        .target(name: "GleanerConfig", dependencies: ["GleanerModel", "CLibXML2"], swiftSettings: strict),
        .target(name: "GleanerFetch", dependencies: ["GleanerModel", "CCurl", "CShims"], swiftSettings: strict),
        .target(name: "GleanerParse", dependencies: ["GleanerModel", "CLibXML2", "CTextScan"], swiftSettings: strict),
        // Article pages → main text (libxml2's HTML parser); reuses the parser's charset and sanitizer code.
        .target(name: "GleanerExtract", dependencies: ["GleanerModel", "GleanerParse", "CLibXML2"], swiftSettings: strict),
        .target(name: "GleanerStore", dependencies: ["GleanerModel", "CSQLite"], swiftSettings: strict),
        // The PostgreSQL backend (libpq), for several daemons sharing one database.
        .target(
            name: "GleanerStorePostgres", dependencies: ["GleanerModel", "GleanerStore", "CLibPQ"],
            swiftSettings: strict),
        // One batch: plan (schedule, host politeness) → fetch → parse → store → deliver (hooks, retention); what
        // `gleaner fetch` and `update` run, and what the daemon drives.
        .target(
            name: "GleanerPipeline",
            dependencies: ["GleanerModel", "GleanerConfig", "GleanerFetch", "GleanerParse", "GleanerExtract", "GleanerStore", "CShims"],
            swiftSettings: strict),
        // The daemon: due queue and timer, signals, sd_notify, reload, the store lock; drives the pipeline. It
        // links the C libraries only to log their versions at start.
        .target(
            name: "GleanerDaemon",
            dependencies: ["GleanerModel", "GleanerConfig", "GleanerFetch", "GleanerStore", "GleanerPipeline", "CCurl", "CLibXML2", "CSQLite"],
            swiftSettings: strict),
        .executableTarget(
            name: "gleaner",
            dependencies: [
                "GleanerModel", "GleanerConfig", "GleanerFetch", "GleanerParse", "GleanerExtract", "GleanerStore",
                "GleanerStorePostgres", "GleanerPipeline", "GleanerDaemon", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        // Runnable benchmarks (bench/README.md); built only when asked for (`swift build -c release --product gleaner-bench`).
        .executableTarget(
            name: "gleaner-bench",
            dependencies: ["GleanerModel", "GleanerParse", "GleanerExtract", "GleanerStore", "CLibXML2", "CSQLite"],
            path: "bench/Sources/gleaner-bench",
            swiftSettings: strict),

        // libFuzzer target: the feed parser, or with GLEANER_FUZZ_TARGET=date|config|opml|extract another part
        // (Tests/Fuzz/run.sh builds and runs each); a plain `swift build` makes it an empty program, so the
        // package always builds.
        .executableTarget(
            name: "gleaner-fuzz", dependencies: ["GleanerParse", "GleanerConfig", "GleanerExtract"], path: "Tests/Fuzz",
            exclude: ["seeds", "run.sh"], swiftSettings: strict),

        // Shared by the test targets: fixture paths, a loopback HTTP server with fault injection, temp dirs, scratch
        // PostgreSQL schemas.
        .target(
            name: "GleanerTestSupport", dependencies: ["GleanerStorePostgres"], path: "Tests/GleanerTestSupport",
            swiftSettings: strict),
        .testTarget(name: "GleanerModelTests", dependencies: ["GleanerModel"], swiftSettings: strict),
        .testTarget(
            name: "GleanerConfigTests", dependencies: ["GleanerConfig", "GleanerTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GleanerFetchTests", dependencies: ["GleanerFetch", "GleanerTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GleanerParseTests", dependencies: ["GleanerParse", "CTextScan", "GleanerTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GleanerExtractTests", dependencies: ["GleanerExtract", "GleanerTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GleanerStoreTests", dependencies: ["GleanerStore", "GleanerStorePostgres", "GleanerTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "GleanerPipelineTests",
            dependencies: ["GleanerPipeline", "GleanerTestSupport"],
            swiftSettings: strict),
        // The daemon's own types, and the end-to-end tests that run the `gleaner` binary (CLI and daemon).
        .testTarget(
            name: "GleanerDaemonTests",
            dependencies: ["GleanerDaemon", "GleanerPipeline", "GleanerStorePostgres", "GleanerTestSupport", "gleaner"],
            swiftSettings: strict),
    ]
)
