import CFuzzer
import Foundation

/// Runs a fuzz harness under libFuzzer.
///
/// Each harness is an executable whose entry point (`fuzz_<name>_main`, the symbol SwiftPM links
/// executables with: it passes `--defsym main=<module>_main` to the linker) calls ``run(_:_:_:)``,
/// which hands libFuzzer the command line and the harness body through `LLVMFuzzerRunDriver`.
public enum FuzzDriver {
    /// The body of the running harness; libFuzzer's callback is a C function and cannot capture it.
    nonisolated(unsafe) private static var body: (([UInt8]) -> Void)?

    /// Runs libFuzzer over `body` with the process's command line; returns libFuzzer's exit code.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                           _ body: @escaping ([UInt8]) -> Void) -> CInt {
        Self.body = body
        var argc = argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
        return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = size > 0 ? data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [] : []
            FuzzDriver.body?(bytes)
            return 0
        }
    }

    /// Whether harnesses say what they checked (`PATHWAY_FUZZ_VERBOSE=1`, for `scripts/fuzz.sh TARGET --run`).
    public static let verbose = ProcessInfo.processInfo.environment["PATHWAY_FUZZ_VERBOSE"] == "1"

    /// Writes `message` to standard error when ``verbose``.
    public static func note(_ message: @autoclosure () -> String) {
        if verbose { FileHandle.standardError.write(Data("pathway-fuzz: \(message())\n".utf8)) }
    }

    /// Reports a broken oracle and aborts, so that libFuzzer saves the input as a crash artefact.
    public static func fail(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        FileHandle.standardError.write(Data("\n==pathway-fuzz== oracle failed at \(file):\(line): \(message())\n".utf8))
        abort()
    }

    /// Fails with `message` unless `condition` holds.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
        if !condition { fail(message(), file: file, line: line) }
    }
}
