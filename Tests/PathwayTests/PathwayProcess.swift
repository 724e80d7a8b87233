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
        // Both outputs are read on threads of their own. A grandchild that outlives the child (a
        // server a client started, a JVM) may hold the pipes open: after the child has exited its
        // output is waited for a bounded time, never forever, so such a leak fails a test instead of
        // holding the whole run until CI's time limit.
        let stdoutReader = PipeReader(out.fileHandleForReading)
        let stderrReader = PipeReader(err.fileHandleForReading)
        nonisolated(unsafe) var killed = false
        let watchdog = DispatchWorkItem {
            if process.isRunning {
                killed = true
                process.terminate()
                DispatchQueue.global().asyncAfter(deadline: .now() + 5) {
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                }
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        let stdoutData = stdoutReader.data(waitingAtMost: 30)
        let stderrData = stderrReader.data(waitingAtMost: 30)
        _ = stdinWritten.wait(timeout: .now() + 30)
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self), seconds: Date().timeIntervalSince(started), timedOut: killed,
                   signaled: process.terminationReason == .uncaughtSignal)
    }
}

/// Reads a pipe to its end on a thread of its own; what was read can be taken after a bounded wait.
final class PipeReader: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Data()
    private let finished = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                collected += chunk
                lock.unlock()
            }
            finished.signal()
        }
    }

    /// Everything read once the pipe ended, or what was read so far after `seconds`.
    func data(waitingAtMost seconds: Double) -> Data {
        _ = finished.wait(timeout: .now() + seconds)
        lock.lock()
        defer { lock.unlock() }
        return collected
    }
}
