#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads files and streams with a size limit that holds while reading: a regular file's size is
/// checked (`stat`) before anything is read, and no read goes past `limit + 1` bytes, so a huge or
/// endless input (`/dev/zero`, a pipe) costs at most the limit.
public enum BoundedFile {
    /// Why a path could not be read.
    public enum Failure: Error, Hashable, Sendable {
        /// Nothing exists at the path.
        case missing
        /// The path is a symbolic link whose target does not exist.
        case danglingLink(target: String)
        /// Following symbolic links from the path never ends.
        case linkLoop
        /// The path exists but is not a regular file; `kind` says what it is ("a folder", …).
        case notRegular(kind: String)
        /// The file is larger than the limit: its size when known before reading, `nil` when found while reading.
        case tooLarge(size: Int?)
        /// The operating system refused, with its reason.
        case unreadable(reason: String)
    }

    /// What a path is, after following symbolic links.
    public struct Status: Hashable, Sendable {
        /// Whether it is a regular file.
        public var isRegular: Bool
        /// Whether it is a folder.
        public var isDirectory: Bool
        /// "a regular file", "a folder", "a named pipe (FIFO)", …
        public var kind: String
        /// The size in bytes (meaningful for regular files).
        public var size: Int
        /// The device and inode, which identify a file or folder however it is reached.
        public var identity: FileIdentity
        /// Whether it is a named pipe or a character device, read as a stream.
        public var isStream: Bool
    }

    /// A file or folder's identity on its device.
    public struct FileIdentity: Hashable, Sendable {
        /// The device the file is on (`st_dev`).
        public var device: UInt64
        /// The file's number on its device (`st_ino`).
        public var inode: UInt64
    }

    /// The status of `path`, following symbolic links, or why there is none.
    public static func status(_ path: String) -> Result<Status, Failure> {
        var info = stat()
        if stat(path, &info) == 0 { return .success(Status(info)) }
        let error = errno
        switch error {
        case ELOOP:
            return .failure(.linkLoop)
        case ENOENT, ENOTDIR:
            if let target = linkTarget(path) { return .failure(.danglingLink(target: target)) }
            return .failure(.missing)
        default:
            return .failure(.unreadable(reason: reason(error)))
        }
    }

    /// Whether `path` itself is a symbolic link (not followed).
    public static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// The target a symbolic link names, if `path` is one.
    public static func linkTarget(_ path: String) -> String? {
        guard isSymbolicLink(path) else { return nil }
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(path, &buffer, 4096)
        guard count >= 0 else { return "" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The bytes of the regular file at `path`, at most `limit` of them, or why not.
    ///
    /// Anything but a regular file is refused before it is opened (so a FIFO never blocks), unless
    /// `streams` allows named pipes and character devices (`<(…)`, `/dev/stdin`), which are then
    /// read like standard input; folders, sockets and block devices are always refused. A regular
    /// file's size is checked before reading, and reading stops at `limit + 1` bytes in any case.
    public static func read(_ path: String, limit: Int, streams: Bool = false) -> Result<[UInt8], Failure> {
        let before: Status
        switch status(path) {
        case .failure(let failure): return .failure(failure)
        case .success(let status): before = status
        }
        let isStream = streams && before.isStream
        guard before.isRegular || isStream else { return .failure(.notRegular(kind: before.kind)) }
        guard isStream || before.size <= limit else { return .failure(.tooLarge(size: before.size)) }
        // A regular file is opened without blocking, in case it was replaced by a FIFO meanwhile.
        let fd = open(path, O_RDONLY | O_CLOEXEC | (isStream ? 0 : O_NONBLOCK))
        guard fd >= 0 else { return .failure(.unreadable(reason: reason(errno))) }
        defer { close(fd) }
        // The path may have been replaced between the check and the open: check what was opened.
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(reason: reason(errno))) }
        let opened = Status(info)
        guard opened.isRegular || (streams && opened.isStream) else { return .failure(.notRegular(kind: opened.kind)) }
        if opened.isRegular, opened.size > limit { return .failure(.tooLarge(size: opened.size)) }
        return read(descriptor: fd, limit: limit)
    }

    /// At most `limit` bytes of standard input, or ``Failure/tooLarge(size:)`` as soon as more arrive.
    public static func readStandardInput(limit: Int) -> Result<[UInt8], Failure> {
        var info = stat()
        if fstat(STDIN_FILENO, &info) == 0 {
            let status = Status(info)
            if status.isRegular, status.size > limit { return .failure(.tooLarge(size: status.size)) }
            if status.isDirectory { return .failure(.notRegular(kind: status.kind)) }
        }
        return read(descriptor: STDIN_FILENO, limit: limit)
    }

    /// Reads `fd` to its end, or until `limit + 1` bytes show it is too large.
    static func read(descriptor fd: Int32, limit: Int) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let wanted = min(chunk, limit + 1 - bytes.count)
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, wanted) }
            if count < 0 {
                let error = errno
                if error == EINTR { continue }
                if error == EAGAIN || error == EWOULDBLOCK {
                    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    _ = poll(&poller, 1, -1)
                    continue
                }
                return .failure(.unreadable(reason: reason(error)))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { return .failure(.tooLarge(size: nil)) }
        }
    }

    private static func reason(_ error: Int32) -> String {
        String(cString: strerror(error))
    }
}

/// `read(2)`, named apart from ``BoundedFile``'s own `read` methods, which would shadow it.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

extension BoundedFile.Status {
    init(_ info: stat) {
        let type = info.st_mode & S_IFMT
        isRegular = type == S_IFREG
        isDirectory = type == S_IFDIR
        isStream = type == S_IFIFO || type == S_IFCHR
        switch type {
        case S_IFREG: kind = "a regular file"
        case S_IFDIR: kind = "a folder"
        case S_IFIFO: kind = "a named pipe (FIFO)"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        size = Int(info.st_size)
        identity = BoundedFile.FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
