// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Pathway",
    products: [
        .library(name: "Pathway", targets: ["Pathway"]),
        .library(name: "PathwayDiagnostics", targets: ["PathwayDiagnostics"]),
        .library(name: "PathwayYAML", targets: ["PathwayYAML"]),
        .library(name: "PathwaySyntax", targets: ["PathwaySyntax"]),
        .library(name: "PathwayCompiler", targets: ["PathwayCompiler"]),
        .library(name: "PathwayEvaluator", targets: ["PathwayEvaluator"]),
        .library(name: "PathwayAnalysis", targets: ["PathwayAnalysis"]),
        .library(name: "PathwayDiff", targets: ["PathwayDiff"]),
        .library(name: "PathwayCoverage", targets: ["PathwayCoverage"]),
        .library(name: "PathwayLanguageServer", targets: ["PathwayLanguageServer"]),
        .executable(name: "pathway", targets: ["pathway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The CDS Hooks / JSON service (`pathway serve`, Sources/PathwayService).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Fetching prefetch a CDS call leaves out from its FHIR server (already resolved: Hummingbird's tests use it).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "PathwayDiagnostics"),
        .target(name: "PathwayYAML", dependencies: ["CYAML", "PathwayDiagnostics"]),
        .target(name: "PathwaySyntax", dependencies: ["PathwayDiagnostics", "PathwayYAML"]),
        .target(name: "PathwayCompiler", dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax"]),
        .target(name: "PathwayEvaluator", dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwayCompiler"]),
        .target(name: "PathwayAnalysis", dependencies: ["PathwayDiagnostics", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator"]),
        .target(name: "PathwayDiff", dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis"]),
        .target(name: "PathwayCoverage", dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis"]),
        .target(name: "PathwayLanguageServer", dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayAnalysis"]),
        .target(name: "PathwayFHIR", dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator"]),
        .target(
            name: "PathwayService",
            dependencies: [
                "PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayFHIR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "Pathway",
            dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis", "PathwayDiff",
                           "PathwayCoverage"]
        ),
        .executableTarget(
            name: "pathway",
            dependencies: [
                "PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis", "PathwayDiff",
                "PathwayCoverage",
                "PathwayLanguageServer",
                "PathwayFHIR", "PathwayService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "pathway-bench",
            dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis", "PathwayDiff"],
            path: "Sources/pathway-bench"
        ),
        .testTarget(
            name: "PathwayTests",
            dependencies: ["Pathway", "PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis", "PathwayDiff",
                           "PathwayCoverage", "PathwayLanguageServer", "PathwayFHIR", "PathwayService", .product(name: "JWTKit", package: "jwt-kit")],
            exclude: ["Fixtures", "Golden"]
        ),
    ]
)

// Fuzz targets (libFuzzer + AddressSanitizer), only when PATHWAY_FUZZ=1: `scripts/fuzz.sh` builds them
// in `.build-fuzz`; a plain `swift build` or `swift test` never sees them. See docs/fuzzing.md.
if Context.environment["PATHWAY_FUZZ"] == "1" {
    let libraries: [Target.Dependency] = ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator",
                                          "PathwayAnalysis", "PathwayDiff", "PathwayLanguageServer"]
    package.targets.append(.target(name: "CFuzzer", path: "Sources/Fuzz/CFuzzer"))
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["CFuzzer"] + libraries, path: "Sources/Fuzz/FuzzSupport"))
    for name in ["yaml", "expression", "compile", "patient", "cohort", "diff", "lsp"] {
        // `-parse-as-library`: the harness defines the entry point `fuzz_<name>_main` itself (`@_cdecl`), which
        // SwiftPM's `--defsym main=fuzz_<name>_main` makes the program's `main`, instead of libFuzzer's own.
        package.targets.append(.executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"] + libraries, path: "Sources/Fuzz/\(name)",
                                                 swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
