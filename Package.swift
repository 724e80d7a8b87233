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
        .executable(name: "pathway", targets: ["pathway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .target(
            name: "Pathway",
            dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis", "PathwayDiff"]
        ),
        .executableTarget(
            name: "pathway",
            dependencies: [
                "PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis", "PathwayDiff",
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
            dependencies: ["Pathway", "PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator", "PathwayAnalysis", "PathwayDiff"],
            exclude: ["Fixtures", "Golden"]
        ),
    ]
)
