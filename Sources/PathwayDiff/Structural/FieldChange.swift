/// One changed field of a declaration, rendered canonically so that equal meanings print alike.
public struct FieldChange: Hashable, Sendable {
    /// The field, e.g. `text`, `level`, `when`, `values`, `cells.tumor_size`, `parent`, `position`.
    public let field: String
    /// The old value in canonical form; `nil` when the field was absent.
    public let old: String?
    /// The new value in canonical form; `nil` when the field is absent.
    public let new: String?
    /// A short human summary when the raw values hide what changed, e.g. `threshold 1 cm → 2 cm`.
    public let detail: String?

    /// Creates a field change.
    public init(field: String, old: String?, new: String?, detail: String? = nil) {
        self.field = field
        self.old = old
        self.new = new
        self.detail = detail
    }
}
