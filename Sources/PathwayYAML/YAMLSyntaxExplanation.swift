import PathwayDiagnostics

/// libyaml's parser errors in plain words: what is wrong, at the place the author has to edit
/// (an unclosed `{`, `[` or quote where it opens, not where libyaml noticed it), with a hint for the
/// usual causes (indentation, a tab, an unquoted `:` or `,`). libyaml's own words stay as a last
/// note, for searching.
struct YAMLSyntaxExplanation {
    /// The message, without the `invalid YAML:` prefix.
    var message: String
    /// Where to point.
    var at: SourcePosition
    /// The label under the carets, if any.
    var label: String?
    /// Hints and other places, in order.
    var notes: [(text: String, at: SourcePosition?)]

    /// Explains a parser error; `lines` is the input split at newlines (no newline characters).
    static func explain(problem: String, context: String?, at: SourcePosition, contextAt: SourcePosition?, lines: [Substring]) -> YAMLSyntaxExplanation {
        func line(_ n: Int) -> [Character] { n >= 1 && n <= lines.count ? Array(lines[n - 1]) : [] }
        func character(at p: SourcePosition) -> Character? {
            let l = line(p.line)
            return p.column >= 1 && p.column <= l.count ? l[p.column - 1] : nil
        }
        func indentation(_ n: Int) -> Int { line(n).prefix { $0 == " " }.count }
        let raw = "the YAML parser says: \(problem)" + (context.map { " (\($0))" } ?? "")
        var result = YAMLSyntaxExplanation(message: problem, at: at, label: nil, notes: [])

        switch problem {
        case "found a tab character that violates indentation":
            result.message = "a tab character is used for indentation"
            result.at = SourcePosition(line: at.line, column: max(1, line(at.line).firstIndex(of: "\t").map { $0 + 1 } ?? at.column))
            result.label = "tab"
            result.notes.append(("YAML indents with spaces only: replace the tab with spaces", nil))
        case "found character that cannot start any token":
            if character(at: at) == "\t" {
                result.message = "a tab character is used for indentation"
                result.label = "tab"
                result.notes.append(("YAML indents with spaces only: replace the tab with spaces", nil))
            } else if let c = character(at: at) {
                result.message = "`\(c)` cannot start a value"
                result.notes.append(("YAML reserves `\(c)` at the start of a plain value: put the value in quotes", nil))
            }
        case "mapping values are not allowed in this context":
            result.message = "unexpected `:` in a value"
            result.label = "`:` here"
            let text = line(at.line)
            if let colon = text.firstIndex(of: ":"), colon + 1 < text.count, text[colon + 1] == " ", colon < at.column - 1 {
                let key = String(text[..<colon]).trimmingCharacters(in: " -")
                let value = String(text[(colon + 2)...]).trimmingCharacters(in: " ")
                result.notes.append(("a value that contains `: ` must be quoted: `\(key): \"\(value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\\""))\"`", nil))
            } else {
                result.notes.append(("a value that contains `: ` must be quoted", nil))
            }
            if at.line > 1, indentation(at.line) > indentation(at.line - 1), line(at.line - 1).contains(":") {
                result.message = "this line is indented more than the key above it"
                result.at = SourcePosition(line: at.line, column: indentation(at.line) + 1)
                result.label = "indented by \(indentation(at.line)) spaces, the line above by \(indentation(at.line - 1))"
                result.notes.insert(("keys of one mapping start in the same column; if the `:` is part of the text instead, quote the value", nil), at: 0)
                result.notes.removeLast()
            }
        case "did not find expected key":
            let text = line(at.line)
            let before = text.prefix(max(0, at.column - 1)).reversed().drop { $0 == " " }.first
            if before == "\"" || before == "'" {
                result.message = "text after a closing quote"
                result.label = "after the quoted part"
                result.notes.append(("quote the whole value, or nothing of it", nil))
            } else {
                result.message = "this line does not line up with the keys around it"
                result.label = "indented by \(indentation(at.line)) space\(indentation(at.line) == 1 ? "" : "s")"
                result.notes.append(("the keys of one mapping start in the same column; check the indentation of this line and of the lines above", nil))
            }
        case "did not find expected '-' indicator":
            result.message = "this line is not an item of the list above it"
            result.label = "indented by \(indentation(at.line)) space\(indentation(at.line) == 1 ? "" : "s")"
            if let contextAt {
                result.notes.append(("a list item starts with `- `; a key of the item lines up with the first key after its `- ` (column \(contextAt.column + 2))", contextAt))
            }
        case "did not find expected ',' or '}'", "did not find expected ',' or ']'":
            let (open, close, what) = problem.hasSuffix("'}'") ? ("{", "}", "mapping") : ("[", "]", "list")
            if let contextAt, contextAt.line < at.line {
                result.message = "`\(open)` is not closed with `\(close)`"
                result.at = contextAt
                result.label = "this \(open)"
                result.notes.append(("the parser noticed it here: add the `\(close)` where the \(what) ends", at))
            } else {
                result.message = "expected `,` or `\(close)` in the `\(open) … \(close)` \(what)"
                result.notes.append(("a value that contains `,`, `:`, `{`, `}`, `[` or `]` must be quoted", nil))
            }
        case "found unexpected end of stream" where context == "while scanning a quoted scalar":
            result.message = "a quoted text is not closed"
            if let contextAt { result.at = contextAt }
            result.label = "opening quote"
            result.notes.append(("end the text with the same quote character it starts with", nil))
        case "could not find expected ':'":
            result.message = "a line without `key:` inside a mapping"
            result.notes.append(("a text over several lines needs `>-` after its key (or quotes); otherwise add the missing `key:`", nil))
        default:
            return result
        }
        result.notes.append((raw, nil))
        return result
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
