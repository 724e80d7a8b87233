import Foundation

/// Runs the built `pathway` binary (or any program) and collects what it printed and its exit status.
enum PathwayProcess {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Wall-clock seconds from launch to exit.
        var seconds: Double = 0
        /// Whether the run was killed for taking longer than its time limit.
        var timedOut = false
        /// Whether the process ended by a signal (a crash, or the time limit's kill).
        var signaled = false
    }

    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pathway")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return TestFiles.repositoryRoot.appendingPathComponent(".build/debug/pathway")
    }

    /// Runs `pathway` with `arguments` in `directory` (the tests' folder by default), without colour.
    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL = TestFiles.testsDirectory) throws -> Run {
        try run(binary, arguments, stdin: stdin.map { Data($0.utf8) }, in: directory)
    }

    /// Runs `pathway` with raw bytes on standard input.
    static func run(_ arguments: [String], stdinData: Data, in directory: URL = TestFiles.testsDirectory) throws -> Run {
        try run(binary, arguments, stdin: stdinData, in: directory)
    }

    /// Runs `executable` with `arguments` in `directory`, without colour.
    ///
    /// Standard input is written, and standard error drained, on threads of their own, so that no
    /// pipe can fill up and block the child whatever the sizes. A run longer than `timeLimit` seconds
    /// is killed and marked `timedOut`, so a hang fails a test instead of stalling the suite.
    static func run(_ executable: URL, _ arguments: [String], stdin: String? = nil, in directory: URL) throws -> Run {
        try run(executable, arguments, stdin: stdin.map { Data($0.utf8) }, in: directory)
    }

    static func run(_ executable: URL, _ arguments: [String], stdin: Data?, in directory: URL,
                    environment overrides: [String: String?] = [:], timeLimit: Double = 300) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in overrides { environment[key] = value }
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let started = Date()
        try process.run()
        let writer = input.fileHandleForWriting
        let stdinWritten = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // A child that exits without reading all of its input closes the pipe; that is not an error here.
            signal(SIGPIPE, SIG_IGN)
            if let stdin { try? writer.write(contentsOf: stdin) }
            try? writer.close()
            stdinWritten.signal()
        }
        nonisolated(unsafe) var stderrData = Data()
        let errorsRead = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            stderrData = err.fileHandleForReading.readDataToEndOfFile()
            errorsRead.signal()
        }
        nonisolated(unsafe) var killed = false
        let watchdog = DispatchWorkItem {
            if process.isRunning {
                killed = true
                process.terminate()
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: watchdog)
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        watchdog.cancel()
        stdinWritten.wait()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self), seconds: Date().timeIntervalSince(started), timedOut: killed,
                   signaled: process.terminationReason == .uncaughtSignal)
    }
}
