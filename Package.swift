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
        .target(
            name: "Pathway",
            dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator"]
        ),
        .executableTarget(
            name: "pathway",
            dependencies: [
                "PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "pathway-bench",
            dependencies: ["PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator"],
            path: "Sources/pathway-bench"
        ),
        .testTarget(
            name: "PathwayTests",
            dependencies: ["Pathway", "PathwayDiagnostics", "PathwayYAML", "PathwaySyntax", "PathwayCompiler", "PathwayEvaluator"],
            exclude: ["Fixtures", "Golden"]
        ),
    ]
)
