/// A small edit of a guideline's text, chosen deterministically from the fuzz input: a number
/// changed, a comparison made strict or loose, `and` and `or` swapped, a direction flipped.
enum GuidelineMutation {
    /// Every candidate edit: the byte range to replace and its replacement.
    static func candidates(_ text: [UInt8]) -> [(range: Range<Int>, replacement: [UInt8])] {
        var edits: [(Range<Int>, [UInt8])] = []
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isWord(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == UInt8(ascii: "_") }
        func matches(_ word: String, at i: Int) -> Bool {
            let w = Array(word.utf8)
            guard i + w.count <= text.count, Array(text[i..<(i + w.count)]) == w else { return false }
            let before = i == 0 || !isWord(text[i - 1]), after = i + w.count == text.count || !isWord(text[i + w.count])
            return before && after
        }
        var i = 0
        while i < text.count {
            let b = text[i]
            if isDigit(b), i == 0 || !isWord(text[i - 1]) && text[i - 1] != UInt8(ascii: ".") {
                var j = i
                while j < text.count, isDigit(text[j]) { j += 1 }
                // A short integer (not part of a date, version or identifier): one more.
                if j - i <= 4, j == text.count || !isWord(text[j]) && text[j] != UInt8(ascii: "-"), let n = Int(String(decoding: text[i..<j], as: UTF8.self)) {
                    edits.append((i..<j, Array(String(n + 1).utf8)))
                }
                i = j
                continue
            }
            let next = i + 1 < text.count ? text[i + 1] : 0
            if b == UInt8(ascii: "<") || b == UInt8(ascii: ">") {
                edits.append(next == UInt8(ascii: "=") ? (i..<(i + 2), [b]) : (i..<(i + 1), [b, UInt8(ascii: "=")]))
            } else if matches("and", at: i) {
                edits.append((i..<(i + 3), Array("or".utf8)))
            } else if matches("or", at: i) {
                edits.append((i..<(i + 2), Array("and".utf8)))
            } else if matches("for", at: i), i >= 11, Array(text[(i - 11)..<i]) == Array("direction: ".utf8) {
                edits.append((i..<(i + 3), Array("against".utf8)))
            }
            i += 1
        }
        return edits
    }

    /// The text with the candidate edit `choice` (modulo their number) applied; `nil` without candidates.
    static func mutate(_ text: [UInt8], choice: UInt64) -> [UInt8]? {
        let edits = candidates(text)
        guard !edits.isEmpty else { return nil }
        let edit = edits[Int(choice % UInt64(edits.count))]
        var result = text
        result.replaceSubrange(edit.range, with: edit.replacement)
        return result
    }

    /// FNV-1a of the input, to pick an edit.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
