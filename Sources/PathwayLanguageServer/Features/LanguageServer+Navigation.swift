import PathwayDiagnostics

extension LanguageServer {
    /// `textDocument/definition` (LSP 3.17, "Goto Definition Request"): where the name at the cursor is declared.
    func definition(_ document: TextDocument, _ unit: CompileUnit, _ position: (line: Int, column: Int)) -> JSONValue {
        guard let o = unit.index.occurrence(in: document.path, line: position.line, column: position.column),
              let declaration = unit.index.declaration(of: o.key) else { return .null }
        return location(declaration.span, in: unit.compilation)
    }

    /// `textDocument/references` (LSP 3.17, "Find References Request"), across the unit's files;
    /// the declaration is included when `context.includeDeclaration` is true.
    func references(_ document: TextDocument, _ unit: CompileUnit, _ position: (line: Int, column: Int), _ params: JSONValue) -> JSONValue {
        guard let o = unit.index.occurrence(in: document.path, line: position.line, column: position.column) else { return .null }
        let includeDeclaration = params["context"]?["includeDeclaration"]?.bool ?? true
        return .array(unit.index.occurrences(of: o.key).filter { includeDeclaration || !$0.isDeclaration }.map { location($0.span, in: unit.compilation) })
    }

    /// `textDocument/prepareRename` (LSP 3.17, "Prepare Rename Request"): the name's range and text, or null where nothing can be renamed.
    func prepareRename(_ document: TextDocument, _ unit: CompileUnit, _ position: (line: Int, column: Int)) -> JSONValue {
        guard let o = unit.index.occurrence(in: document.path, line: position.line, column: position.column),
              unit.index.declaration(of: o.key) != nil else { return .null }
        return .object([("range", range(o.span, in: unit.compilation)), ("placeholder", .string(o.key.name))])
    }

    /// `textDocument/rename` (LSP 3.17, "Rename Request"): one `WorkspaceEdit` that renames the
    /// declaration and every reference in the unit's files. Refused (an error response, so the
    /// editor shows why and changes nothing) when the new name is not a valid name of its kind or
    /// is already declared where the name is visible.
    func rename(_ document: TextDocument, _ unit: CompileUnit, _ position: (line: Int, column: Int),
                      _ params: JSONValue) -> Result<JSONValue, RequestFailure> {
        guard let newName = params["newName"]?.string else { return .failure(.invalidParams("`newName` is missing")) }
        let index = unit.index
        guard let o = index.occurrence(in: document.path, line: position.line, column: position.column),
              index.declaration(of: o.key) != nil else {
            return .failure(RequestFailure(code: .requestFailed, message: "nothing to rename here"))
        }
        guard Self.isValidName(newName, kind: o.key.kind) else {
            return .failure(RequestFailure(code: .requestFailed, message: "`\(newName.prefix(80))` is not a valid \(o.key.kind.rawValue) name"))
        }
        if newName != o.key.name, let clash = collision(for: o.key, newName: newName, in: index) {
            return .failure(RequestFailure(code: .requestFailed, message: "`\(newName)` is already declared at \(clash)"))
        }
        var changes: [String: [JSONValue]] = [:]
        for occurrence in index.occurrences(of: o.key) {
            changes[uri(of: occurrence.span.file), default: []].append(
                .object([("range", range(occurrence.span, in: unit.compilation)), ("newText", .string(newName))]))
        }
        return .success(.object([("changes", .object(changes.keys.sorted().map { ($0, .array(changes[$0] ?? [])) }))]))
    }

    /// Whether `name` may name a symbol of `kind` (docs/language.md: names, ids and level ids).
    static func isValidName(_ name: String, kind: SymbolKind) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, name.utf8.count <= 200 else { return false }
        let letter = { (s: Unicode.Scalar) in ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        let digit = { (s: Unicode.Scalar) in ("0"..."9").contains(s) }
        switch kind {
        case .fact:
            return (letter(first) || first == "_") && scalars.allSatisfy { letter($0) || digit($0) || $0 == "_" }
                && !["and", "or", "not", "in", "true", "false", "known"].contains(name)
        case .level:
            return scalars.allSatisfy { letter($0) || digit($0) || $0 == "_" }
        case .recommendation, .citation, .section, .scheme:
            return (letter(first) || first == "_") && scalars.allSatisfy { letter($0) || digit($0) || $0 == "_" || $0 == "-" }
        }
    }

    /// Where a symbol named `newName` that the renamed one would clash with is declared, if anywhere.
    func collision(for key: SymbolKey, newName: String, in index: SymbolIndex) -> String? {
        let clash: Occurrence?
        switch key.kind {
        case .fact:
            clash = index.declaration(of: SymbolKey(kind: .fact, name: newName, scope: ""))
        case .recommendation, .level, .section:
            clash = index.declaration(of: SymbolKey(kind: key.kind, name: newName, scope: key.scope))
        case .citation, .scheme:
            // Declared in any document that sees, or is seen by, the declaring one.
            clash = index.occurrences.first { o in
                o.isDeclaration && o.key.kind == key.kind && o.key.name == newName
                    && index.documents.keys.contains { path in
                        let visible = index.visiblePaths(from: path)
                        return visible.contains(key.scope) && visible.contains(o.key.scope)
                    }
            }
        }
        return clash.map { "\(Paths.normalize($0.span.file)):\($0.span.start.line):\($0.span.start.column)" }
    }
}
