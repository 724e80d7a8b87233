import Foundation
import Testing
import PathwayCompiler
import PathwayDiagnostics
import PathwayEvaluator
import PathwayYAML

/// UTF-8 in every file and stream: a byte order mark accepted and ignored (columns unaffected),
/// invalid bytes reported where they are, libyaml's own messages unchanged.
@Suite struct EncodingTests {
    static let bom = Data([0xEF, 0xBB, 0xBF])

    // MARK: YAML loader

    @Test func byteOrderMarkIsIgnoredWithColumnsUnaffected() throws {
        let plain = YAMLLoader.load(text: "a: [1, 2\nb: 3\n", path: "s.yaml")
        let marked = YAMLLoader.load(bytes: Array(Self.bom) + Array("a: [1, 2\nb: 3\n".utf8), path: "s.yaml")
        #expect(marked.diagnostics == plain.diagnostics, "the same error at the same place")
        let ok = YAMLLoader.load(bytes: Array(Self.bom) + Array("key: value\n".utf8), path: "k.yaml")
        #expect(ok.diagnostics.isEmpty)
        guard case .mapping(let entries, _)? = ok.root else { Issue.record("expected a mapping"); return }
        #expect(entries.first?.key.value == "key", "the mark is not part of the first key")
        #expect(entries.first?.key.span.start == SourcePosition(line: 1, column: 1))
        guard case .scalar(let value)? = entries.first?.value else { return }
        #expect(value.span.start == SourcePosition(line: 1, column: 6))
        // A mark anywhere else is not a byte order mark.
        #expect(!YAMLLoader.load(bytes: Array("a: 1\n".utf8) + Array(Self.bom) + Array("b: 2\n".utf8), path: "m.yaml").diagnostics.isEmpty)
    }

    @Test func invalidUTF8IsReportedAtTheBadByte() throws {
        let bytes = Array("kind: vocabulary\nid: x\ntitle: Caf".utf8) + [0xE9] + Array("\n".utf8)
        let result = YAMLLoader.load(bytes: bytes, path: "latin1.yaml")
        #expect(result.root == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.code == .unreadableFile)
        #expect(diagnostic.span?.start == SourcePosition(line: 3, column: 11))
        #expect(diagnostic.label == "byte 0xE9 is not valid UTF-8")
        // Columns count characters before the bad byte, not bytes; a mark before does not shift them.
        let wide = Array(Self.bom) + Array("t: ééé".utf8) + [0xC3, 0x28]
        #expect(YAMLLoader.load(bytes: wide, path: "w.yaml").diagnostics.first?.span?.start == SourcePosition(line: 1, column: 7))
        // A truncated sequence at the very end, and an overlong encoding.
        #expect(TextEncoding.firstInvalidByte(in: Array("ab".utf8) + [0xE2, 0x82])?.position == SourcePosition(line: 1, column: 3))
        #expect(TextEncoding.firstInvalidByte(in: [0x61, 0x0A, 0xC0, 0xAF])?.position == SourcePosition(line: 2, column: 1))
        #expect(TextEncoding.firstInvalidByte(in: Array("fine ✓\n".utf8)) == nil)
    }

    /// libyaml's messages are rephrased in plain words, and its own words still come through as the last note.
    @Test func libyamlMessagesAreUnchanged() {
        let result = YAMLLoader.load(text: "a: b: c\n", path: "x.yaml")
        #expect(result.diagnostics.map(\.message) == ["invalid YAML: unexpected `:` in a value"])
        #expect(result.diagnostics.first?.notes.last?.message == "the YAML parser says: mapping values are not allowed in this context")
        #expect(result.diagnostics.first?.span?.start == SourcePosition(line: 1, column: 5))
        let tab = YAMLLoader.load(text: "a:\n\t- b\n", path: "t.yaml")
        #expect(tab.diagnostics.first?.message == "invalid YAML: a tab character is used for indentation")
        #expect(tab.diagnostics.first?.notes.last?.message.hasPrefix("the YAML parser says: found character that cannot start any token") == true)
        let control = YAMLLoader.load(bytes: Array("a: \u{01}\n".utf8), path: "c.yaml")
        #expect(control.diagnostics.first?.message == "invalid YAML: control characters are not allowed")
    }

    /// libyaml's reader gives a bad character as a byte offset (its mark stays at the start): it is
    /// reported at the character's line and column, not at 1:1.
    @Test func readerErrorsAreLocatedAtTheCharacter() {
        let control = YAMLLoader.load(bytes: Array(EncodingTests.bom) + Array("kind: vocabulary\nid: x\ntitle: é\u{01}cd\n".utf8), path: "c.yaml")
        #expect(control.diagnostics.map(\.message) == ["invalid YAML: control characters are not allowed"])
        #expect(control.diagnostics.first?.span?.start == SourcePosition(line: 3, column: 9))
        #expect(TextEncoding.position(ofByte: 0, in: Array("abc".utf8)) == SourcePosition(line: 1, column: 1))
        #expect(TextEncoding.position(ofByte: 5, in: Array("ab\néx".utf8)) == SourcePosition(line: 2, column: 2))
    }

    // MARK: Through the CLI

    /// A guideline and its vocabulary saved with a byte order mark check as without one, and the
    /// excerpt of a problem on line 1 is placed as without one.
    @Test func guidelinesWithAByteOrderMark() throws {
        let dir = try Scratch.folder("bom")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Scratch.write(Self.bom + Data(try TestFiles.fixture("vocabulary.yaml").utf8), "vocabulary.yaml", in: dir)
        try Scratch.write(Self.bom + Data(try TestFiles.fixture("valid-guideline.yaml").utf8), "guideline.yaml", in: dir)
        let r = try PathwayProcess.run(["check", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("checked 1 guideline"))
        #expect(try PathwayProcess.run(["test", dir.path]).stdout.hasSuffix("4 passed, 0 failed\n"))
        try Scratch.write(Self.bom + Data("kind: guidline\n".utf8), "bad.yaml", in: dir)
        let bad = try PathwayProcess.run(["check", "bad.yaml"], in: dir)
        #expect(bad.stderr.contains("""
         --> bad.yaml:1:7
          |
        1 | kind: guidline
          |       ^^^^^^^^
        """), "\(bad.stderr)")
    }

    @Test func invalidUTF8InAGuidelineIsLocated() throws {
        let dir = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = Data(try TestFiles.fixture("valid-guideline.yaml").replacingOccurrences(of: "title: Fixture guideline", with: "title: Fixture guideline caf").utf8)
        let at = try #require(text.range(of: Data("caf".utf8))).upperBound
        text.insert(0xE9, at: at)
        try Scratch.write(text, "guideline.yaml", in: dir)
        let r = try PathwayProcess.run(["check", "guideline.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("""
        error[PW0109]: `guideline.yaml` is not UTF-8 text
         --> guideline.yaml:3:29
          |
        3 | title: Fixture guideline caf\u{FFFD}
          |                             ^ byte 0xE9 is not valid UTF-8
        """), "\(r.stderr)")
    }

    @Test func patientFilesWithAByteOrderMarkOrBadBytes() throws {
        let dir = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let patient = #"{"t_category": "T1a", "tumor_size": "8 mm"}"#
        let marked = try PathwayProcess.run(["eval", ".", "--patient", "-"], stdinData: Self.bom + Data(patient.utf8), in: dir)
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(marked.stdout.contains("+ FOR     resect"))
        let file = try Scratch.write(Self.bom + Data(patient.utf8), "patient.json", in: dir)
        #expect(try PathwayProcess.run(["eval", ".", "--patient", file.path], in: dir).status == 0)
        let bad = try PathwayProcess.run(["eval", ".", "--patient", "-"], stdinData: Data(#"{"t_category": "T1"#.utf8) + Data([0xFF, 0x22, 0x7D]), in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error[PW0606]: patient file `<stdin>` is not UTF-8 text\n --> <stdin>:1:19"), "\(bad.stderr)")
    }

    /// The first line of a cohort may start with a byte order mark; later lines may not.
    @Test func cohortWithAByteOrderMark() throws {
        let dir = try Scratch.guidelineFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = #"{"t_category": "T1a", "tumor_size": "8 mm"}"#
        let plain = try PathwayProcess.run(["eval", ".", "--patients", "-"], stdinData: Data((line + "\n" + line + "\n").utf8), in: dir)
        let marked = try PathwayProcess.run(["eval", ".", "--patients", "-"], stdinData: Self.bom + Data((line + "\n" + line + "\n").utf8), in: dir)
        #expect(plain.status == 0 && marked.status == 0, "\(marked.stdout)")
        #expect(marked.stdout == plain.stdout)
        let full = try PathwayProcess.run(["eval", ".", "--patients", "-", "--detail", "full"], stdinData: Self.bom + Data(line.utf8), in: dir)
        #expect(full.status == 0 && full.stdout.contains(#""line":1"#))
        let second = try PathwayProcess.run(["eval", ".", "--patients", "-"], stdinData: Data((line + "\n").utf8) + Self.bom + Data(line.utf8), in: dir)
        #expect(second.status == 1, "a mark inside the stream is not ignored")
    }
}
