internal import CYAML
import PathwayDiagnostics

/// Loads the strict YAML subset of guideline documents into a ``YAMLNode`` tree.
///
/// libyaml 0.2.5 neither detects duplicate keys nor limits nesting, so this loader builds its own
/// tree from libyaml's events and enforces the subset while it does: anchors, aliases, tags and merge
/// keys are errors; duplicate keys are errors; nesting, node count and file size are bounded. Every
/// scalar stays a string with its style.
///
/// ```swift
/// let result = YAMLLoader.load(bytes: Array("a: 1\n".utf8), path: "x.yaml")
/// // result.root is a mapping with one entry; result.diagnostics is empty
/// ```
public enum YAMLLoader {
    /// The tree of a file, or `nil` when it could not be built, and the problems found.
    public struct Result: Sendable {
        /// The root node of the single document, if the file could be loaded.
        public var root: YAMLNode?
        /// Every problem found; any error means `root` should not be trusted.
        public var diagnostics: [Diagnostic]
    }

    /// Loads YAML text given as UTF-8 bytes.
    ///
    /// A byte order mark at the start is ignored (positions count from the character after it);
    /// bytes that are not UTF-8 are reported at the line and column of the first bad one.
    public static func load(bytes: [UInt8], path: String, limits: YAMLLimits = .standard) -> Result {
        if bytes.count > limits.maxBytes {
            return Result(root: nil, diagnostics: [Diagnostic(
                .fileTooLarge,
                "file is \(bytes.count) bytes, more than the limit of \(limits.maxBytes)",
                at: .wholeFile(path),
                notes: [.init("YAML input is limited in size so hostile input cannot exhaust memory")]
            )])
        }
        let text = TextEncoding.droppingByteOrderMark(bytes)
        if let problem = TextEncoding.utf8Problem(in: text, path: path, code: .unreadableFile, what: "`\(Excerpt.truncated(path))`") {
            return Result(root: nil, diagnostics: [problem])
        }
        var builder = TreeBuilder(path: path, limits: limits, input: text)
        withParser(bytes: text) { parser in
            builder.run(parser)
        }
        return Result(root: builder.diagnostics.containsErrors ? nil : builder.root, diagnostics: builder.diagnostics)
    }

    /// Loads YAML text.
    public static func load(text: String, path: String, limits: YAMLLimits = .standard) -> Result {
        load(bytes: Array(text.utf8), path: path, limits: limits)
    }

    private static func withParser(bytes: ArraySlice<UInt8>, _ body: (UnsafeMutablePointer<yaml_parser_t>) -> Void) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { return }
        defer { yaml_parser_delete(parser) }
        bytes.withUnsafeBufferPointer { buffer in
            // libyaml reads the buffer lazily while parsing, so it must stay alive for `body`.
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            body(parser)
        }
    }
}

/// Builds the tree from events with an explicit stack (no recursion, so depth cannot blow the stack).
private struct TreeBuilder {
    let path: String
    let limits: YAMLLimits
    var diagnostics: [Diagnostic] = []
    var root: YAMLNode?
    private var stack: [Frame] = []
    private var documents = 0
    private var nodes = 0

    /// An open mapping or sequence. Mutated in place on the stack, so appending stays O(1).
    private struct Frame {
        var isMapping: Bool
        var entries: [YAMLMappingEntry] = []
        var items: [YAMLNode] = []
        var pendingKey: YAMLScalar?
        var seen: [String: SourceSpan] = [:]
        var start: SourcePosition
    }

    /// The bytes being parsed, to place reader errors, which libyaml gives as a byte offset.
    let input: ArraySlice<UInt8>

    init(path: String, limits: YAMLLimits, input: ArraySlice<UInt8>) {
        self.path = path
        self.limits = limits
        self.input = input
    }

    mutating func run(_ parser: UnsafeMutablePointer<yaml_parser_t>) {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                reportParserError(parser.pointee)
                return
            }
            let keepGoing = handle(event)
            let isEnd = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if !keepGoing || isEnd { break }
        }
        if documents == 0 && !diagnostics.containsErrors {
            diagnostics.append(Diagnostic(.documentCount, "file holds no YAML document", at: .wholeFile(path)))
        }
    }

    /// Byte offsets of the lines' starts in `input` (line breaks as libyaml counts them: LF, CR LF,
    /// CR, NEL, LS, PS), built the first time a scalar needs its source text.
    private var lineStarts: [Int]?

    /// The source text between two positions (columns in Unicode scalars), for ``YAMLScalar/source``.
    private mutating func sourceText(from start: SourcePosition, to end: SourcePosition) -> String? {
        if lineStarts == nil {
            var starts = [input.startIndex]
            var i = input.startIndex
            while i < input.endIndex {
                let b = input[i]
                i += 1
                if b == 0x0D, i < input.endIndex, input[i] == 0x0A { i += 1 }
                if b == 0x0A || b == 0x0D { starts.append(i); continue }
                // U+0085 (C2 85), U+2028 and U+2029 (E2 80 A8/A9).
                if b == 0xC2, i < input.endIndex, input[i] == 0x85 { i += 1; starts.append(i); continue }
                if b == 0xE2, i + 1 < input.endIndex, input[i] == 0x80, input[i + 1] == 0xA8 || input[i + 1] == 0xA9 { i += 2; starts.append(i) }
            }
            lineStarts = starts
        }
        guard let starts = lineStarts else { return nil }
        func offset(_ p: SourcePosition) -> Int? {
            guard p.line >= 1, p.line <= starts.count else { return nil }
            var i = starts[p.line - 1]
            var column = 1
            while column < p.column, i < input.endIndex {
                // Step over one UTF-8 encoded scalar (the input was checked to be UTF-8).
                i += 1
                while i < input.endIndex, input[i] & 0xC0 == 0x80 { i += 1 }
                column += 1
            }
            return column == p.column ? i : nil
        }
        guard let from = offset(start), let to = offset(end), from <= to else { return nil }
        return String(decoding: input[from..<to], as: UTF8.self)
    }

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func span(_ event: yaml_event_t) -> SourceSpan {
        SourceSpan(file: path, start: position(event.start_mark), end: position(event.end_mark))
    }

    /// Handles one event; returns `false` to stop parsing (after a fatal problem).
    private mutating func handle(_ event: yaml_event_t) -> Bool {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(Diagnostic(.documentCount, "file holds more than one YAML document", at: span(event),
                                              label: "a second document starts here",
                                              notes: [.init("put each guideline or vocabulary in its own file")]))
                return false
            }
            return true
        case YAML_ALIAS_EVENT:
            diagnostics.append(Diagnostic(.aliasNotAllowed, "aliases are not allowed in guideline documents", at: span(event),
                                          label: "alias", notes: [.init("write the value out in full; aliases hide what a rule says and allow expansion bombs")]))
            return false
        case YAML_SCALAR_EVENT:
            guard checkAnchorAndTag(anchor: event.data.scalar.anchor, tag: event.data.scalar.tag,
                                    implicit: event.data.scalar.plain_implicit == 1 || event.data.scalar.quoted_implicit == 1,
                                    span: span(event)) else { return false }
            guard countNode(span(event)) else { return false }
            let value = string(event.data.scalar.value, length: event.data.scalar.length)
            let style: ScalarStyle
            switch event.data.scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            var scalar = YAMLScalar(value: value, style: style, span: span(event))
            if !scalar.valueIsSourceText { scalar.source = sourceText(from: scalar.span.start, to: scalar.span.end) }
            return add(.scalar(scalar))
        case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            let implicit = isMapping ? event.data.mapping_start.implicit == 1 : event.data.sequence_start.implicit == 1
            guard checkAnchorAndTag(anchor: anchor, tag: tag, implicit: implicit, span: span(event)) else { return false }
            guard countNode(span(event)) else { return false }
            if stack.count >= limits.maxDepth {
                diagnostics.append(Diagnostic(.nestingTooDeep, "nesting is deeper than the limit of \(limits.maxDepth)", at: span(event),
                                              label: "level \(stack.count + 1) starts here"))
                return false
            }
            if let top = stack.last, top.isMapping, top.pendingKey == nil {
                diagnostics.append(Diagnostic(.wrongValueType, "mapping keys must be plain strings", at: span(event),
                                              label: isMapping ? "a mapping used as a key" : "a list used as a key"))
                return false
            }
            let start = position(event.start_mark)
            stack.append(Frame(isMapping: isMapping, start: start))
            return true
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast() else { return true }
            let span = SourceSpan(file: path, start: frame.start, end: position(event.end_mark))
            return add(frame.isMapping ? .mapping(frame.entries, span) : .sequence(frame.items, span))
        default:
            return true
        }
    }

    private mutating func countNode(_ span: SourceSpan) -> Bool {
        nodes += 1
        if nodes > limits.maxNodes {
            diagnostics.append(Diagnostic(.fileTooLarge, "file has more than \(limits.maxNodes) YAML nodes", at: span))
            return false
        }
        return true
    }

    private mutating func checkAnchorAndTag(anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?,
                                            implicit: Bool, span: SourceSpan) -> Bool {
        if let anchor {
            let name = String(cString: anchor)
            diagnostics.append(Diagnostic(.aliasNotAllowed, "anchors are not allowed in guideline documents", at: span,
                                          label: "anchor `&\(Excerpt.truncated(name))`",
                                          notes: [.init("write the value out in full where it is used")]))
            return false
        }
        if let tag, !implicit || !isDefaultTag(String(cString: tag)) {
            let name = String(cString: tag)
            diagnostics.append(Diagnostic(.tagNotAllowed, "tags are not allowed in guideline documents", at: span,
                                          label: "tag `\(Excerpt.truncated(name))`",
                                          notes: [.init("every value is typed by the guideline language, not by YAML tags")]))
            return false
        }
        return true
    }

    private func isDefaultTag(_ tag: String) -> Bool {
        tag == "tag:yaml.org,2002:map" || tag == "tag:yaml.org,2002:seq" || tag == "tag:yaml.org,2002:str"
    }

    private mutating func add(_ node: YAMLNode) -> Bool {
        guard !stack.isEmpty else {
            root = node
            return true
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return true
        }
        if let key = stack[top].pendingKey {
            stack[top].entries.append(YAMLMappingEntry(key: key, value: node))
            stack[top].pendingKey = nil
            return true
        }
        guard case .scalar(let key) = node else { return false }
        if key.value == "<<" && key.style == .plain {
            diagnostics.append(Diagnostic(.mergeKeyNotAllowed, "merge keys are not allowed in guideline documents",
                                          at: key.span, label: "merge key"))
            return false
        }
        if let first = stack[top].seen[key.value] {
            diagnostics.append(Diagnostic(.duplicateKey, "duplicate key `\(Excerpt.truncated(key.value))`", at: key.span,
                                          label: "second occurrence",
                                          notes: [.init("first occurrence is here", at: first)]))
        } else {
            stack[top].seen[key.value] = key.span
        }
        stack[top].pendingKey = key
        return true
    }

    private mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        let mark = parser.problem_mark
        var at = SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        // The reader (bad characters) gives a byte offset and leaves the mark at the start.
        if parser.error == YAML_READER_ERROR {
            at = TextEncoding.position(ofByte: Int(parser.problem_offset), in: input)
        }
        let context = parser.context.map { String(cString: $0) }
        let contextAt = parser.context == nil ? nil : position(parser.context_mark)
        let lines = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let explained = YAMLSyntaxExplanation.explain(problem: problem, context: context, at: at, contextAt: contextAt, lines: lines)
        var notes = explained.notes.map { note in
            Diagnostic.Note(note.text, at: note.at.map { SourceSpan(file: path, start: $0, end: SourcePosition(line: $0.line, column: $0.column + 1)) })
        }
        if explained.message == problem, let context, let contextAt {
            // Not one of the explained cases: libyaml's words, with the construct that was open.
            notes.append(.init(context, at: SourceSpan(file: path, start: contextAt, end: SourcePosition(line: contextAt.line, column: contextAt.column + 1))))
        }
        let start = explained.at
        diagnostics.append(Diagnostic(.yamlSyntax, "invalid YAML: \(explained.message)",
                                      at: SourceSpan(file: path, start: start, end: SourcePosition(line: start.line, column: start.column + 1)),
                                      label: explained.label, notes: notes))
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
