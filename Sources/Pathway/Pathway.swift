/// Pathway: clinical practice guidelines as executable, auditable logic.
///
/// This module re-exports the whole pipeline, so an embedding program needs one import:
///
/// ```swift
/// import Pathway
///
/// let compilation = GuidelineCompiler.compile(paths: ["guidelines/"])
/// if let guidelines = compilation.guidelines {
///     let decoder = PatientDecoder(guidelines: guidelines)
///     let yaml = YAMLLoader.load(text: #"{"primary_site": "esophagus", "t_category": "T1a"}"#, path: "patient.json")
///     if let node = yaml.root, let patient = decoder.decode(node).patient {
///         let evaluation = Evaluator(guidelines: guidelines).evaluate(patient)
///         print(evaluation.given.map(\.recommendation.id))
///     }
/// }
/// ```
@_exported import PathwayCompiler
@_exported import PathwayDiagnostics
@_exported import PathwayEvaluator
@_exported import PathwaySyntax
@_exported import PathwayYAML
@_exported import PathwayAnalysis
@_exported import PathwayDiff
@_exported import PathwayCoverage
