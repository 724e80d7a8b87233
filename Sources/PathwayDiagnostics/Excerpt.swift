/// Bounded pieces of user text for messages and excerpts, so that a huge value or line never makes
/// a huge diagnostic.
///
/// Lengths count Unicode scalars, as columns do. A cut is marked with `…`.
///
/// ```swift
/// Excerpt.truncated("abcdefgh", limit: 5)   // "abcd…"
/// Excerpt.truncated("abc", limit: 5)        // "abc"
/// ```
public enum Excerpt {
    /// The mark put where text was cut.
    public static let mark = "…"
    /// The longest value echoed in a message, in Unicode scalars (mark included).
    public static let valueLimit = 80
    /// The widest source line shown in an excerpt, in Unicode scalars (marks included).
    public static let lineLimit = 160

    /// `text` itself when it has at most `limit` scalars, else its first `limit - 1` scalars and `…`.
    ///
    /// - Complexity: O(`limit`), whatever the length of `text`.
    public static func truncated(_ text: some StringProtocol, limit: Int = valueLimit) -> String {
        let limit = max(1, limit)
        var kept = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                // One scalar more than fits: cut back to make room for the mark.
                kept.removeLast()
                return String(kept) + mark
            }
            kept.append(scalar)
            count += 1
        }
        return String(kept)
    }

    /// A window of at most `width` scalars of `line` that shows `column` (1-based, in scalars), with
    /// `…` where it was cut on either side.
    ///
    /// Returns the text to print and the column of the line at which the printed text starts, so a
    /// caret under `column` goes `column - startColumn` places right of the start (a leading mark
    /// counts as one place). A line that fits is returned whole, with `startColumn` 1.
    /// - Complexity: O(length of `line`).
    public static func window(of line: Substring, around column: Int, width: Int = lineLimit) -> (text: String, startColumn: Int, leadingMark: Bool) {
        window(of: Array(line.unicodeScalars), around: column, width: width)
    }

    /// The same window of a line given as its Unicode scalars.
    /// - Complexity: O(`width`), plus O(length) for a line that fits.
    public static func window(of scalars: [Unicode.Scalar], around column: Int, width: Int = lineLimit) -> (text: String, startColumn: Int, leadingMark: Bool) {
        let width = max(8, width)
        guard scalars.count > width else {
            var whole = String.UnicodeScalarView()
            whole.append(contentsOf: scalars)
            return (String(whole), 1, false)
        }
        let at = min(max(column, 1), scalars.count + 1) - 1
        // Keep about a third of the window before the column, so the problem and what follows show.
        var start = max(0, at - width / 3)
        var end = min(scalars.count, start + width)
        if end == scalars.count { start = max(0, end - width) }
        let leading = start > 0, trailing = end < scalars.count
        if leading { start += 1 }
        if trailing { end -= 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        let text = (leading ? mark : "") + String(view) + (trailing ? mark : "")
        return (text, start + 1, leading)
    }
}
