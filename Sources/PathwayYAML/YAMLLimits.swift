/// The bounds the loader enforces, so that hostile input is rejected quickly in bounded memory.
public struct YAMLLimits: Sendable, Hashable {
    /// The largest file accepted, in bytes.
    public var maxBytes: Int
    /// The deepest nesting of mappings and sequences accepted.
    public var maxDepth: Int
    /// The most nodes one file may have.
    public var maxNodes: Int

    /// Creates limits.
    public init(maxBytes: Int = 4 * 1024 * 1024, maxDepth: Int = 64, maxNodes: Int = 1_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    /// The limits guideline documents are held to.
    public static let standard = YAMLLimits()
}
