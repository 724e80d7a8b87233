import Foundation

/// Runs the built `pathway` binary (or any program) and collects what it printed and its exit status.
enum PathwayProcess {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pathway")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return TestFiles.repositoryRoot.appendingPathComponent(".build/debug/pathway")
    }

    /// Runs `pathway` with `arguments` in `directory` (the tests' folder by default), without colour.
    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL = TestFiles.testsDirectory) throws -> Run {
        try run(binary, arguments, stdin: stdin, in: directory)
    }

    /// Runs `executable` with `arguments` in `directory`, without colour.
    static func run(_ executable: URL, _ arguments: [String], stdin: String? = nil, in directory: URL) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Standard error is drained on its own thread so that neither pipe can fill up and block the child.
        nonisolated(unsafe) var stderrData = Data()
        let errorsRead = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            stderrData = err.fileHandleForReading.readDataToEndOfFile()
            errorsRead.signal()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self))
    }
}
