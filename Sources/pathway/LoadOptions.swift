import ArgumentParser
import PathwayCompiler
import PathwayYAML

/// How guideline files are loaded; shared by every command that loads guidelines.
struct LoadOptions: ParsableArguments {
    init() {}

    @Flag(name: .customLong("allow-imports-outside"),
          help: "Let imports leave the importing guideline's folder tree (the folder given, or the file's own folder).")
    var allowImportsOutside = false

    @Option(name: .customLong("as-of"),
            help: "The evaluation date (YYYY-MM-DD) for patients that do not carry `as_of`; default: today (UTC).")
    var asOf: String?

    /// The `--as-of` date as a day number, `nil` when not given.
    func evaluationDate() throws -> Int64? {
        guard let asOf else { return nil }
        guard let day = CalendarDate.parse(asOf) else { throw ValidationError("--as-of must be a date written YYYY-MM-DD, found `\(asOf)`") }
        return day
    }

    /// Compiles the guidelines at `paths` with these options.
    func compile(_ paths: [String]) -> Compilation {
        GuidelineCompiler.compile(paths: paths, allowImportsOutside: allowImportsOutside)
    }

    /// Compiles guideline texts with these options.
    func compile(texts: [(path: String, text: String)], readingImportsFromDisk: Bool = false, importRoots: [String] = []) -> Compilation {
        GuidelineCompiler.compile(texts: texts, readingImportsFromDisk: readingImportsFromDisk, allowImportsOutside: allowImportsOutside,
                                  importRoots: importRoots)
    }
}
