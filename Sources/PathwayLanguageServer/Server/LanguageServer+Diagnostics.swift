import PathwayAnalysis
import PathwayCompiler
import PathwayDiagnostics

extension LanguageServer {
    /// The LSP range of a span, in the negotiated encoding, from the text the unit sees.
    func range(_ span: SourceSpan, in compilation: Compilation?) -> JSONValue {
        let startLine = workspace.line(span.file, span.start.line, in: compilation)
        let endLine = span.end.line == span.start.line ? startLine : workspace.line(span.file, span.end.line, in: compilation)
        return LSP.range(LSP.position(line: span.start.line - 1, character: encoding.character(ofColumn: span.start.column, in: startLine)),
                         LSP.position(line: span.end.line - 1, character: encoding.character(ofColumn: span.end.column, in: endLine)))
    }

    func uri(of file: String) -> String {
        let path = Paths.normalize(file)
        return workspace.document(path)?.uri ?? Paths.uri(ofPath: path)
    }

    func location(_ span: SourceSpan, in compilation: Compilation?) -> JSONValue {
        LSP.location(uri: uri(of: span.file), range: range(span, in: compilation))
    }

    /// `textDocument/publishDiagnostics` for every file of the unit (LSP 3.17, "PublishDiagnostics
    /// Notification"): each file with problems, each open file, and each file that had problems
    /// before (with an empty list, which clears them). A problem without a place in a file (a
    /// folder without guidelines) has no document to show in and is left out. With `analyzed`, the
    /// findings of `check --analyze` are added when the unit compiled without errors.
    func publish(_ unit: CompileUnit, analyzed: Bool = false) -> [JSONValue] {
        var byFile: [String: [Diagnostic]] = [:]
        var diagnostics = unit.compilation.diagnostics
        if analyzed, let guidelines = unit.compilation.guidelines {
            diagnostics = (diagnostics + GuidelineAnalyzer(guidelines: guidelines).analyze()).sorted()
        }
        for d in diagnostics {
            guard let span = d.span else { continue }
            byFile[Paths.normalize(span.file), default: []].append(d)
        }
        let folderPrefix = unit.folder == "/" ? "/" : unit.folder + "/"
        var files = Set(byFile.keys).union(workspace.published[unit.folder] ?? [])
        for path in workspace.open.keys where path.hasPrefix(folderPrefix) && workspace.unitFolder(for: path) == unit.folder { files.insert(path) }
        workspace.published[unit.folder] = Set(byFile.keys)
        return files.sorted().map { file in
            var params: [(String, JSONValue)] = [("uri", .string(uri(of: file)))]
            if let version = workspace.document(file)?.version { params.append(("version", .int(version))) }
            params.append(("diagnostics", .array((byFile[file] ?? []).map { lspDiagnostic($0, in: unit.compilation) })))
            return LSP.notification("textDocument/publishDiagnostics", .object(params))
        }
    }

    /// One diagnostic as LSP's `Diagnostic`: the message with its label, the code linked to its
    /// section of docs/diagnostics.md, the notes that point somewhere as related information and
    /// the others in the message.
    func lspDiagnostic(_ d: Diagnostic, in compilation: Compilation) -> JSONValue {
        let span = d.span ?? .wholeFile("")
        var message = d.message
        if let label = d.label { message += " (\(label))" }
        for note in d.notes where note.span == nil { message += "\nnote: \(note.message)" }
        for s in d.suggestions { message += "\nhelp: \(s.message)" }
        var members: [(String, JSONValue)] = [
            ("range", range(span, in: compilation)),
            ("severity", .int(Self.severity(d.severity))),
            ("code", .string(d.code.rawValue)),
        ]
        if let base = options.diagnosticsDocumentation {
            members.append(("codeDescription", .object([("href", .string(base + "#" + Self.anchor(of: d.code)))])))
        }
        members.append(("source", .string("pathway")))
        members.append(("message", .string(message)))
        let related = d.notes.compactMap { note in
            note.span.map { JSONValue.object([("location", location($0, in: compilation)), ("message", .string(note.message))]) }
        }
        if !related.isEmpty { members.append(("relatedInformation", .array(related))) }
        return .object(members)
    }

    /// LSP 3.17 `DiagnosticSeverity`: 1 error, 2 warning, 3 information.
    static func severity(_ s: Severity) -> Int {
        switch s {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
    }

    /// The anchor of a code's section in docs/diagnostics.md (`## PW0204 — unknown-fact` →
    /// `pw0204--unknown-fact`, as Markdown renderers derive heading ids).
    static func anchor(of code: DiagnosticCode) -> String {
        "\(code.rawValue.lowercased())--\(code.name)"
    }
}
