import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a POSIX socket, for the service tests: one request per
/// connection (`Connection: close`), any bytes as the body, the raw answer parsed.
enum HTTPTestClient {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    enum Failure: Error { case connect(Int32), malformed(String) }

    /// A TCP socket connected to the server on `port` at 127.0.0.1, with a receive time limit; the
    /// caller closes it.
    static func connected(port: Int, receiveTimeout: Int = 30) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect(errno) }
        var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let error = errno
            close(fd)
            throw Failure.connect(error)
        }
        return fd
    }

    static func request(port: Int, _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:],
                        contentLength: Int? = nil) throws -> Reply {
        let fd = try connected(port: port)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(contentLength ?? body.count)\r\n" }
        head += "\r\n"
        var bytes = Data(head.utf8)
        if let body { bytes += body }
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }  // the server may close early (a refused body); read its answer anyway
            sent += n
        }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer.append(contentsOf: buffer[0..<n])
        }
        guard let split = answer.range(of: Data("\r\n\r\n".utf8)) else { throw Failure.malformed(String(decoding: answer, as: UTF8.self)) }
        let lines = String(decoding: answer[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure.malformed(lines[0]) }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            if let colon = line.firstIndex(of: ":") {
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        var payload = Data(answer[split.upperBound...])
        if fields["transfer-encoding"] == "chunked" { payload = dechunk(payload) }
        return Reply(status: status, headers: fields, body: payload)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let end = rest.index(start, offsetBy: size, limitedBy: rest.endIndex) ?? rest.endIndex
            out += rest[start..<end]
            rest = rest[min(rest.endIndex, rest.index(end, offsetBy: 2, limitedBy: rest.endIndex) ?? rest.endIndex)...]
        }
        return out
    }
}

/// A `pathway serve` process on a free port, stopped with SIGTERM.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// Standard error goes to a file, so a full pipe can never block the server.
    let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("pathway-serve-\(UUID().uuidString).log")

    /// `pathway serve ARGUMENTS --port 0`.
    convenience init(_ arguments: [String]) throws {
        try self.init(executable: PathwayProcess.binary, ["serve"] + arguments + ["--port", "0"])
    }

    /// Any server that prints `listening on http://127.0.0.1:PORT` first (a test's FHIR server).
    init(executable: URL, _ arguments: [String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = TestFiles.repositoryRoot
        let out = Pipe()
        process.standardOutput = out
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        // The first line says where it listens: `listening on http://127.0.0.1:PORT`. It is read on a
        // thread of its own and waited for at most two minutes, so a server that never starts fails
        // the test instead of holding the run.
        let handle = out.fileHandleForReading
        let firstLine = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var read = Data()
        let readLock = NSLock()
        Thread.detachNewThread {
            while true {
                let chunk = handle.availableData
                readLock.lock()
                read += chunk
                let done = chunk.isEmpty || read.contains(0x0A)
                readLock.unlock()
                if done { break }
            }
            firstLine.signal()
            // Drain whatever else the server prints, so that its stdout never fills up.
            while !handle.availableData.isEmpty {}
        }
        _ = firstLine.wait(timeout: .now() + 120)
        readLock.lock()
        let line = read
        readLock.unlock()
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw HTTPTestClient.Failure.malformed("server did not start: \(text) \((try? String(contentsOf: errorLog, encoding: .utf8)) ?? "")")
        }
        self.port = port
    }

    /// Sends SIGTERM and waits at most a minute; the exit status, or -1 where the server had to be
    /// killed (a shutdown that hangs fails the test that expects a clean exit, and holds nothing).
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends `number` to the server alone (never `kill(0, …)`, which would reach the whole process group).
    func signal(_ number: Int32) {
        guard process.processIdentifier > 0, process.isRunning else { return }
        kill(process.processIdentifier, number)
    }

    /// What the server wrote to standard error.
    var log: String { (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: errorLog)
    }
}

/// One raw keep-alive connection (no `Connection: close`): for requests sent in parts.
final class RawConnection: @unchecked Sendable {
    let fd: Int32

    init(port: Int, receiveTimeout: Int = 30) throws {
        fd = try HTTPTestClient.connected(port: port, receiveTimeout: receiveTimeout)
    }

    deinit { close(fd) }

    /// Sends `text`; false when the connection no longer takes it.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return Glibc.send(fd, base + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Everything received until the server closes the connection (or the receive timeout passes).
    func readToEnd() -> Data {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return received
    }

    /// `text` as one chunk of a chunked body.
    static func chunk(_ text: String) -> String { String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n" }
}
