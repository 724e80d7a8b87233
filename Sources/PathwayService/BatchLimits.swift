import Hummingbird
import NIOCore
import PathwayDiagnostics

/// The time limits of a streamed `POST /evaluate/batch`: the whole batch, read and answered,
/// within `batch` (`--batch-timeout`), and no wait for the next part of the body longer than
/// `idle` (`--request-timeout`). Time spent evaluating or writing is not a wait: while the server
/// evaluates a part it reads nothing, and what the client sends meanwhile waits in buffers.
struct BatchLimits: Sendable {
    let started: ContinuousClock.Instant
    let batch: Duration
    let idle: Duration

    var deadline: ContinuousClock.Instant { started + batch }

    /// The limit that passed, ending the batch.
    enum Passed: Error {
        /// The batch took longer than `--batch-timeout`.
        case batch(Duration)
        /// No part of the body came within `--request-timeout`.
        case idle(Duration)

        /// The problem line (PW1004) that ends the answer.
        var problem: ServiceResponse {
            let detail: String
            switch self {
            case .batch(let limit): detail = "the batch took longer than the limit of \(Self.seconds(limit)) (`--batch-timeout`)"
            case .idle(let limit): detail = "no part of the batch arrived for \(Self.seconds(limit)), the limit (`--request-timeout`)"
            }
            return .problem(408, .serviceTimeout, detail, diagnostics: [Diagnostic(.serviceTimeout, detail, at: nil)])
        }

        static func seconds(_ d: Duration) -> String {
            let s = d.components.seconds
            return s == 1 ? "1 second" : "\(s) seconds"
        }
    }

    /// Throws ``Passed/batch(_:)`` once the batch's time is up.
    func check() throws {
        if ContinuousClock.now >= deadline { throw Passed.batch(batch) }
    }

    /// How long the next read may wait: until the idle limit or the batch's deadline, whichever comes first.
    func readDeadline() -> ContinuousClock.Instant { min(deadline, .now + idle) }

    /// Which limit a read that waited until `readDeadline()` passed.
    func passedWaiting() -> Passed { ContinuousClock.now >= deadline ? .batch(batch) : .idle(idle) }
}

/// A request body read part by part, each wait bounded: the read runs in a child task that is
/// cancelled when its deadline comes first (as a request's time limit cancels its read).
/// Used by one task at a time, never concurrently.
final class BoundedBodyReader: @unchecked Sendable {
    private var iterator: RequestBody.AsyncIterator

    init(_ body: RequestBody) { iterator = body.makeAsyncIterator() }

    enum Part: Sendable {
        case bytes(ByteBuffer)
        /// The body ended.
        case end
        /// Nothing came before the deadline.
        case late
    }

    func next(before deadline: ContinuousClock.Instant) async throws -> Part {
        try await withThrowingTaskGroup(of: Part.self) { group in
            group.addTask { try await self.iterator.next().map(Part.bytes) ?? .end }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return .late
            }
            let first = try await group.next() ?? .end
            group.cancelAll()
            return first
        }
    }
}
