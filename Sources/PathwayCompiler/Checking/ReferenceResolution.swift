import PathwayDiagnostics
import PathwaySyntax

extension CompilerContext {
    /// Citations visible from a document, by id.
    func citations(visibleFrom document: Int) -> [String: CitationDeclaration] {
        var result: [String: CitationDeclaration] = [:]
        for index in visible[document].reversed() {
            for c in documents[index].citations { result[c.id.value] = c }
        }
        return result
    }

    /// The ids of the citations a document declares itself.
    func ownCitations(of document: Int) -> Set<String> { Set(documents[document].citations.map(\.id.value)) }

    /// Schemes visible from a document, by id.
    func schemes(visibleFrom document: Int) -> [String: SchemeDeclaration] {
        var result: [String: SchemeDeclaration] = [:]
        for index in visible[document].reversed() {
            for s in documents[index].schemes { result[s.id.value] = s }
        }
        return result
    }

    /// A reference resolved against the visible citations, or `nil` (reported) when it names nothing.
    /// `own` are the citations the referring document declares itself (suggested first).
    func resolve(_ reference: CitationReference, in citations: [String: CitationDeclaration], own: Set<String> = []) -> ResolvedCitation? {
        guard let citation = citations[reference.citation] else {
            report(Diagnostic(.unknownCitation, "unknown citation `\(reference.citation)`", at: reference.span,
                              suggestions: Suggest.closest(to: reference.citation, in: citations.keys.sorted(), preferring: own).map { [.replace(with: $0)] } ?? []))
            return nil
        }
        var sectionTitle: String?
        if let section = reference.section {
            guard let found = citation.sections.first(where: { $0.id.value == section }) else {
                let anchors = citation.sections.map(\.id.value)
                report(Diagnostic(.unknownCitation, "citation `\(citation.id.value)` has no section `\(section)`", at: reference.span,
                                  notes: [.init(anchors.isEmpty ? "it declares no sections" : "its sections: " + anchors.map { "`\($0)`" }.joined(separator: ", "))],
                                  suggestions: Suggest.closest(to: section, in: anchors).map { [.replace(with: "\(citation.id.value) § \($0)")] } ?? []))
                return nil
            }
            sectionTitle = found.title
        }
        return ResolvedCitation(id: citation.id.value, text: Self.referenceText(citation), doi: citation.doi, pmid: citation.pmid,
                                url: citation.url, section: sectionTitle)
    }

    static func referenceText(_ c: CitationDeclaration) -> String {
        var parts: [String] = []
        if !c.authors.isEmpty {
            parts.append(c.authors.count > 3 ? c.authors.prefix(3).joined(separator: ", ") + ", et al." : c.authors.joined(separator: ", "))
        }
        if let title = c.title { parts.append(title) }
        var venue = c.venue ?? ""
        if let year = c.year { venue += venue.isEmpty ? "\(year)" : " \(year)" }
        if !venue.isEmpty { parts.append(venue) }
        return parts.map { $0.hasSuffix(".") ? $0 : $0 + "." }.joined(separator: " ")
    }

    /// The level `scheme.value` resolved, or `nil` (reported).
    func resolveLevel(_ level: (scheme: Located<String>, value: Located<String>), in schemes: [String: SchemeDeclaration]) -> ResolvedLevel? {
        guard let scheme = schemes[level.scheme.value] else {
            report(Diagnostic(.unknownScheme, "unknown grading scheme `\(level.scheme.value)`", at: level.scheme.span,
                              suggestions: Suggest.closest(to: level.scheme.value, in: schemes.keys.sorted()).map { [.replace(with: $0)] } ?? []))
            return nil
        }
        guard let rank = scheme.levels.firstIndex(where: { $0.id.value == level.value.value }) else {
            let ids = scheme.levels.map(\.id.value)
            report(Diagnostic(.unknownLevel, "`\(level.value.value)` is not a level of scheme `\(scheme.id.value)`", at: level.value.span,
                              notes: [.init(ids.isEmpty ? "scheme `\(scheme.id.value)` declares no valid levels" : "its levels: " + ids.map { "`\($0)`" }.joined(separator: ", "))],
                              suggestions: Suggest.closest(to: level.value.value, in: ids).map { [.replace(with: $0)] } ?? []))
            return nil
        }
        return ResolvedLevel(scheme: scheme.id.value, value: level.value.value, definition: scheme.levels[rank].definition, rank: rank)
    }
}
