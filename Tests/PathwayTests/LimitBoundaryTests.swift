import Foundation
import Testing
import PathwayDiagnostics

/// Every limit of `docs/limits.md`, fed through the CLI at the limit (accepted) and just over it
/// (refused with a located message and the documented exit status). Runs are killed after five
/// minutes (`timedOut`), and the ones with large inputs run under a 256 MiB address-space limit, so
/// reading an input whole instead of stopping at the limit fails the test rather than passing slowly.
@Suite struct LimitBoundaryTests {
    typealias Run = PathwayProcess.Run
    static let fourMiB = 4 * 1024 * 1024

    func run(_ arguments: [String], in directory: URL, stdin: Data? = nil) throws -> Run {
        try PathwayProcess.run(PathwayProcess.binary, arguments, stdin: stdin, in: directory)
    }

    /// Runs `pathway` under `ulimit -v` (256 MiB), with standard input from the shell command `input`
    /// when given, so that a large stream never passes through the test process.
    func bounded(_ arguments: [String], in directory: URL, input: String? = nil) throws -> Run {
        let pipe = input.map { "\($0) | " } ?? ""
        return try PathwayProcess.run(URL(fileURLWithPath: "/bin/bash"),
                                      ["-c", "ulimit -v 262144; \(pipe)\"$0\" \"$@\"", PathwayProcess.binary.path] + arguments,
                                      stdin: nil, in: directory)
    }

    func expectFinished(_ r: Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.timedOut, "\(what) did not finish", sourceLocation: sourceLocation)
        #expect(r.seconds < 120, "\(what) took \(r.seconds) s", sourceLocation: sourceLocation)
        // A signal, or a shell's 128 + signal for the last command of a pipeline, is a crash.
        #expect(!r.signaled && r.status < 128 && !r.stderr.contains("Fatal error"), "\(what) crashed: \(r.stderr.prefix(500))", sourceLocation: sourceLocation)
    }

    /// `text` padded with a trailing YAML comment to exactly `size` bytes.
    func padded(_ text: String, to size: Int) -> Data {
        var data = Data(text.utf8)
        data.append(contentsOf: Array("#".utf8))
        data.append(Data(repeating: UInt8(ascii: "x"), count: size - data.count - 1))
        data.append(0x0A)
        return data
    }

    // MARK: Files

    @Test func guidelineFileSize() throws {
        let dir = try Scratch.guidelineFolder("limit-size")
        defer { try? FileManager.default.removeItem(at: dir) }
        let vocabulary = try TestFiles.fixture("vocabulary.yaml")
        try Scratch.write(padded(vocabulary, to: Self.fourMiB), "vocabulary.yaml", in: dir)
        let at = try bounded(["check", "."], in: dir)
        expectFinished(at, "4 MiB vocabulary")
        #expect(at.status == 0, "\(at.stderr.prefix(500))")
        try Scratch.write(padded(vocabulary, to: Self.fourMiB + 1), "vocabulary.yaml", in: dir)
        let over = try bounded(["check", "."], in: dir)
        expectFinished(over, "4 MiB + 1 vocabulary")
        #expect(over.status == 1)
        #expect(over.stderr.contains("error[PW0106]: imported file `vocabulary.yaml` is 4194305 bytes, more than the limit of 4194304 bytes\n --> ./guideline.yaml:8:11"),
                "\(over.stderr.prefix(500))")
        let direct = try bounded(["check", "vocabulary.yaml"], in: dir)
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("error[PW0106]: file is 4194305 bytes, more than the limit of 4194304 bytes\n --> vocabulary.yaml:1:1"))
    }

    /// A guideline file in a git revision is held to the same size limit, before git shows it.
    @Test func gitRevisionFileSize() throws {
        let dir = try Scratch.guidelineFolder("limit-git")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("guidelines"), withIntermediateDirectories: true)
        for name in ["guideline.yaml", "vocabulary.yaml"] {
            try FileManager.default.moveItem(at: dir.appendingPathComponent(name), to: dir.appendingPathComponent("guidelines/\(name)"))
        }
        try Scratch.write(padded(try TestFiles.fixture("vocabulary.yaml"), to: Self.fourMiB + 1), "guidelines/vocabulary.yaml", in: dir)
        let env = URL(fileURLWithPath: "/usr/bin/env")
        for arguments in [["init", "-q"], ["add", "."], ["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "commit", "-qm", "big"]] {
            let r = try PathwayProcess.run(env, ["git"] + arguments, in: dir)
            #expect(r.status == 0, "git \(arguments): \(r.stderr)")
        }
        let r = try bounded(["diff", "--git", "HEAD"], in: dir)
        expectFinished(r, "diff --git with a 4 MiB + 1 file")
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: `guidelines/vocabulary.yaml` at HEAD is 4194305 bytes, more than the limit of 4194304 bytes"), "\(r.stderr.prefix(300))")
    }

    // MARK: YAML

    @Test func yamlNesting() throws {
        let dir = try Scratch.folder("limit-depth")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The document's mapping is level 1, so 63 brackets make level 64.
        func nested(_ n: Int) -> String {
            "kind: vocabulary\nid: deep\ndescription: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n"
        }
        try Scratch.write(nested(63), "at.yaml", in: dir)
        try Scratch.write(nested(64), "over.yaml", in: dir)
        let at = try run(["check", "at.yaml"], in: dir)
        expectFinished(at, "depth 64")
        #expect(!at.stderr.contains("PW0105"), "\(at.stderr)")
        let over = try run(["check", "over.yaml"], in: dir)
        expectFinished(over, "depth 65")
        #expect(over.status == 1)
        #expect(over.stderr.hasPrefix("error[PW0105]: nesting is deeper than the limit of 64\n --> over.yaml:3:77"), "\(over.stderr)")
    }

    @Test func yamlNodeCount() throws {
        let dir = try Scratch.folder("limit-nodes")
        defer { try? FileManager.default.removeItem(at: dir) }
        // 7 nodes besides the list items: the mapping, two keys and values, the third key, the list.
        func document(_ items: Int) -> String {
            "kind: vocabulary\nid: big\ndescription: [" + Array(repeating: "1", count: items).joined(separator: ",") + "]\n"
        }
        try Scratch.write(document(1_000_000 - 7), "at.yaml", in: dir)
        try Scratch.write(document(1_000_000 - 6), "over.yaml", in: dir)
        let at = try bounded(["check", "at.yaml"], in: dir)
        expectFinished(at, "1,000,000 nodes")
        #expect(!at.stderr.contains("PW0106"), "\(at.stderr.prefix(300))")
        let over = try bounded(["check", "over.yaml"], in: dir)
        expectFinished(over, "1,000,001 nodes")
        #expect(over.status == 1)
        #expect(over.stderr.hasPrefix("error[PW0106]: file has more than 1000000 YAML nodes\n --> over.yaml:3:2000001\n"), "\(over.stderr.prefix(300))")
        #expect(over.stderr.utf8.count < 2_000, "the 2 MB line is excerpted, not printed whole")
    }

    /// Aliases have a limit of none: the first is refused where it is, without expansion.
    @Test func yamlAliases() throws {
        let dir = try Scratch.folder("limit-alias")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Scratch.write("kind: vocabulary\nid: a\ndescription: &d text\ntitle: *d\n", "alias.yaml", in: dir)
        let r = try run(["check", "alias.yaml"], in: dir)
        expectFinished(r, "alias")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error[PW0103]: anchors are not allowed in guideline documents\n --> alias.yaml:3:14"), "\(r.stderr)")
    }

    // MARK: Conditions and declarations

    func guideline(when condition: String) -> (String) -> String {
        { $0.replacingOccurrences(of: "when: tumor_size < 1 cm", with: "when: \(condition)") }
    }

    @Test func conditionNesting() throws {
        // The condition itself is level 1; 47 parentheses make level 48.
        let at = try Scratch.guidelineFolder("limit-cond-depth", edit: guideline(when: String(repeating: "(", count: 47) + "resected" + String(repeating: ")", count: 47)))
        defer { try? FileManager.default.removeItem(at: at) }
        let ok = try run(["check", "."], in: at)
        expectFinished(ok, "condition depth 48")
        #expect(ok.status == 0, "\(ok.stderr)")
        let over = try Scratch.guidelineFolder("limit-cond-depth", edit: guideline(when: String(repeating: "(", count: 48) + "resected" + String(repeating: ")", count: 48)))
        defer { try? FileManager.default.removeItem(at: over) }
        let refused = try run(["check", "."], in: over)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error[PW0407]: condition is nested deeper than 48 levels\n  --> ./guideline.yaml:37:"), "\(refused.stderr)")
    }

    @Test func conditionTokens() throws {
        // `t_category in [` m values `] and not resected`: 2m + 6 tokens, flat, so only the count matters.
        func condition(_ values: Int, tail: String = "and not resected") -> String {
            "t_category in [" + Array(repeating: "Tis", count: values).joined(separator: ", ") + "] " + tail
        }
        let at = try Scratch.guidelineFolder("limit-tokens", edit: guideline(when: condition(997)))
        defer { try? FileManager.default.removeItem(at: at) }
        let ok = try run(["check", "."], in: at)
        expectFinished(ok, "2000 tokens")
        #expect(ok.status == 0, "\(ok.stderr.prefix(300))")
        // 2 002 tokens are refused, at the first token over.
        let over = try Scratch.guidelineFolder("limit-tokens", edit: guideline(when: condition(998)))
        defer { try? FileManager.default.removeItem(at: over) }
        let refused = try run(["check", "."], in: over)
        expectFinished(refused, "2002 tokens")
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error[PW0407]: condition has more than 2000 tokens\n  --> ./guideline.yaml:37:5027"), "\(refused.stderr.prefix(300))")
        // 2 001 tokens: one token over, at the very end of the condition.
        let one = try Scratch.guidelineFolder("limit-tokens", edit: guideline(when: condition(998, tail: "and resected")))
        defer { try? FileManager.default.removeItem(at: one) }
        let oneOver = try run(["check", "."], in: one)
        #expect(oneOver.stderr.contains("error[PW0407]: condition has more than 2000 tokens"), "\(oneOver.stderr.prefix(300))")
    }

    /// A chain of `or` well within the token limit must compile, not overflow the stack. Found by this
    /// suite: in a debug build about 700 `or` crash `pathway check` (SIGSEGV, recursion in
    /// PathwayCompiler/Checking/ExpressionCompiler.swift, which is being rewritten elsewhere); a
    /// release build's smaller frames survive 1 000, so the issue is known only in debug builds.
    @Test func longConditionChainsDoNotCrash() throws {
        let dir = try Scratch.guidelineFolder("limit-chain", edit: guideline(when: "not resected" + String(repeating: " or resected", count: 999)))
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", "."], in: dir)
        #expect(!r.timedOut)
        // The compiler walks a chain iteratively (it used to recurse once per operand and overflowed
        // the stack of a debug build at about 700).
        #expect(!r.signaled && r.status == 0, "status \(r.status): \(r.stderr.prefix(200))")
    }

    @Test func enumerationValues() throws {
        func values(_ n: Int) -> (String) -> String {
            { $0.replacingOccurrences(of: "source: src2025\n", with: "source: src2025\nfacts:\n  subtype: { type: enum, values: [" + (0..<n).map { "v\($0)" }.joined(separator: ", ") + "] }\n") }
        }
        let at = try Scratch.guidelineFolder("limit-enum", edit: values(64))
        defer { try? FileManager.default.removeItem(at: at) }
        let ok = try run(["check", "."], in: at)
        expectFinished(ok, "64 values")
        #expect(ok.status == 0, "\(ok.stderr)")
        let over = try Scratch.guidelineFolder("limit-enum", edit: values(65))
        defer { try? FileManager.default.removeItem(at: over) }
        let refused = try run(["check", "."], in: over)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error[PW0508]: enum `subtype` lists 65 values, more than the limit of 64\n --> ./guideline.yaml:"), "\(refused.stderr)")
    }

    // MARK: Patient data

    /// A JSON patient padded with spaces to exactly `size` bytes.
    func patient(size: Int) -> Data {
        let text = #"{"t_category": "T1a", "tumor_size": "8 mm"}"#
        return Data(text.utf8) + Data(repeating: UInt8(ascii: " "), count: size - text.utf8.count)
    }

    @Test func patientFileSize() throws {
        let dir = try Scratch.guidelineFolder("limit-patient")
        defer { try? FileManager.default.removeItem(at: dir) }
        let at = try Scratch.write(patient(size: Self.fourMiB), "at.json", in: dir)
        try Scratch.write(patient(size: Self.fourMiB + 1), "over.json", in: dir)
        let ok = try bounded(["eval", ".", "--patient", at.path], in: dir)
        expectFinished(ok, "4 MiB patient")
        #expect(ok.status == 0, "\(ok.stderr.prefix(300))")
        #expect(ok.stdout.contains("+ FOR     resect"))
        let refused = try bounded(["eval", ".", "--patient", "over.json"], in: dir)
        expectFinished(refused, "4 MiB + 1 patient")
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error[PW0609]: patient file `over.json` is 4194305 bytes, more than the limit of 4194304 bytes\n"), "\(refused.stderr)")
        #expect(refused.stderr.contains("patient files are limited in size"))
        #expect(!refused.stderr.contains("guideline documents"), "the message speaks of patient files")
        // The same through standard input, where the size is found while reading.
        let stdinAt = try bounded(["eval", ".", "--patient", "-"], in: dir, input: "cat at.json")
        #expect(stdinAt.status == 0, "\(stdinAt.stderr.prefix(300))")
        let stdinOver = try bounded(["eval", ".", "--patient", "-"], in: dir, input: "cat over.json")
        #expect(stdinOver.status == 1)
        #expect(stdinOver.stderr.hasPrefix("error[PW0609]: patient file `<stdin>` is more than the limit of 4194304 bytes\n"), "\(stdinOver.stderr)")
        // JSON output carries the same diagnostic.
        let json = try bounded(["eval", ".", "--patient", "over.json", "--format", "json"], in: dir)
        #expect(json.status == 1 && json.stdout.contains(#""code": "PW0609""#), "\(json.stdout)")
    }

    /// A 600 MB stream is read only up to the limit: bounded time and memory.
    @Test func patientStreamsStopAtTheLimit() throws {
        let dir = try Scratch.guidelineFolder("limit-stream")
        defer { try? FileManager.default.removeItem(at: dir) }
        let stream = try bounded(["eval", ".", "--patient", "-"], in: dir, input: "head -c 600000000 /dev/zero")
        expectFinished(stream, "600 MB on standard input")
        #expect(stream.status == 1)
        #expect(stream.stderr.hasPrefix("error[PW0609]: patient file `<stdin>` is more than the limit of 4194304 bytes"), "\(stream.stderr)")
        // A sparse 500 MiB patient file is refused from its size, unread.
        let huge = dir.appendingPathComponent("huge.json")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 500 * 1024 * 1024)
        try handle.close()
        let sparse = try bounded(["eval", ".", "--patient", "huge.json"], in: dir)
        expectFinished(sparse, "a 500 MiB patient file")
        #expect(sparse.status == 1)
        #expect(sparse.stderr.hasPrefix("error[PW0609]: patient file `huge.json` is 524288000 bytes, more than the limit of 4194304 bytes"), "\(sparse.stderr)")
        let device = try bounded(["eval", ".", "--patient", "/dev/zero"], in: dir)
        expectFinished(device, "/dev/zero")
        #expect(device.status == 1)
        #expect(device.stderr.hasPrefix("error[PW0609]: patient file `/dev/zero` is more than the limit of 4194304 bytes"), "\(device.stderr)")
    }

    /// A cohort line at the limit is evaluated; one byte over, it is that line's error object, with
    /// its number and an excerpt, and the next line is evaluated.
    @Test func cohortLineLength() throws {
        let dir = try Scratch.guidelineFolder("limit-cohort")
        defer { try? FileManager.default.removeItem(at: dir) }
        let next = #"{"t_category": "Tis", "tumor_size": "4 mm"}"#
        for limit in [100, Self.fourMiB] {
            let flags = limit == Self.fourMiB ? [] : ["--max-line-bytes", String(limit)]
            let lines = patient(size: limit) + Data("\n".utf8) + patient(size: limit + 1) + Data("\n\(next)\n".utf8)
            let cohort = try Scratch.write(lines, "cohort.jsonl", in: dir)
            let r = try bounded(["eval", ".", "--patients", cohort.path] + flags, in: dir)
            expectFinished(r, "cohort with lines of \(limit) and \(limit + 1) bytes")
            #expect(r.status == 1, "the overlong line fails")
            #expect(r.stderr == "error: 1 of 3 patient lines failed\n", "\(r.stderr)")
            let out = r.stdout.split(separator: "\n").map(String.init)
            #expect(out.count == 3)
            guard out.count == 3 else { continue }
            #expect(out[0].hasPrefix(#"{"line":1,"guidelines":[{"id":"fixture","version":"1.0.0"}],"recommendations":[{"id":"resect""#), "\(out[0].prefix(200))")
            // The excerpt: the line's first 79 characters and `…`, as a JSON string.
            let excerpt = String(String(decoding: patient(size: limit + 1), as: UTF8.self).prefix(79)).replacingOccurrences(of: "\"", with: "\\\"") + "…"
            let message = "line is \(limit + 1) bytes, more than the limit of \(limit) bytes"
            #expect(out[1] == #"{"line":2,"error":"\#(message)","excerpt":"\#(excerpt)","diagnostics":[{"severity":"error","code":"PW0609","message":"\#(message)","location":"\#(cohort.path):2:1"}]}"#,
                    "\(out[1].prefix(400))")
            #expect(out[2].hasPrefix(#"{"line":3,"guidelines":[{"id":"fixture","version":"1.0.0"}],"recommendations":[{"id":"resect""#), "the run goes on: \(out[2].prefix(200))")
        }
    }

    /// A 1 GiB line without a newline, under a 256 MiB memory limit: skipped in constant memory.
    @Test func cohortLinesAreSkippedInConstantMemory() throws {
        let dir = try Scratch.guidelineFolder("limit-cohort-huge")
        defer { try? FileManager.default.removeItem(at: dir) }
        let next = #"{"t_category": "Tis", "tumor_size": "4 mm"}"#
        let r = try bounded(["eval", ".", "--patients", "-"], in: dir,
                            input: "{ head -c 1073741824 /dev/zero | tr '\\0' x; printf '\\n%s\\n' '\(next)'; }")
        expectFinished(r, "a 1 GiB cohort line")
        #expect(r.status == 1)
        let out = r.stdout.split(separator: "\n").map(String.init)
        #expect(out.count == 2, "\(r.stdout.prefix(600)) \(r.stderr.prefix(300))")
        #expect(out.first?.hasPrefix(#"{"line":1,"error":"line is 1073741824 bytes, more than the limit of 4194304 bytes","excerpt":"xxxxxxxx"#) == true)
        #expect((out.first?.utf8.count ?? .max) < 1_000, "the error object holds an excerpt, not the line")
        #expect(out.last?.hasPrefix(#"{"line":2,"guidelines":[{"id":"fixture","version":"1.0.0"}],"recommendations":[{"id":"resect""#) == true)
    }

    /// Lines of many lengths around a small limit, over more than one read: each line is evaluated
    /// or is its own error by its length alone, numbered as in the input, and nothing else changes.
    @Test func cohortLinesAroundTheLimitInAnyChunking() throws {
        let dir = try Scratch.guidelineFolder("limit-cohort-mix")
        defer { try? FileManager.default.removeItem(at: dir) }
        let limit = 50, base = #"{"t_category": "T1a"}"#
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var input = "", expected: [(line: Int, tooLong: Bool)] = []
        for number in 1...3_000 {
            if next(10) == 0 { input += "\n"; continue } // blank lines are skipped, but counted
            let length = base.utf8.count + next(2 * (limit - base.utf8.count) + 2)
            input += base + String(repeating: " ", count: length - base.utf8.count) + "\n"
            expected.append((number, length > limit))
        }
        let r = try run(["eval", ".", "--patients", "-", "--max-line-bytes", String(limit)], in: dir, stdin: Data(input.utf8))
        expectFinished(r, "mixed cohort")
        let out = r.stdout.split(separator: "\n").map(String.init)
        #expect(out.count == expected.count)
        #expect(expected.contains { $0.tooLong } && expected.contains { !$0.tooLong })
        for (line, want) in zip(out, expected) {
            let prefix = want.tooLong ? #"{"line":\#(want.line),"error":"line is "# : #"{"line":\#(want.line),"guidelines":[{"id":"fixture","version":"1.0.0"}],"recommendations":[]"#
            #expect(line.hasPrefix(prefix), "line \(want.line): \(line.prefix(120))")
        }
        let failures = expected.filter(\.tooLong).count
        #expect(r.stderr == "error: \(failures) of \(expected.count) patient lines failed\n")
    }

    /// `--patient <(…)`: a named pipe is read as a stream, with the same limit.
    @Test func patientFromANamedPipe() throws {
        let dir = try Scratch.guidelineFolder("limit-fifo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bash = URL(fileURLWithPath: "/bin/bash")
        let ok = try PathwayProcess.run(bash, ["-c", #""$0" eval . --patient <(printf '{"t_category": "T1a", "tumor_size": "8 mm"}')"#, PathwayProcess.binary.path],
                                        stdin: nil, in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("+ FOR     resect"))
        let over = try PathwayProcess.run(bash, ["-c", #"ulimit -v 262144; "$0" eval . --patient <(head -c 100000000 /dev/zero)"#, PathwayProcess.binary.path],
                                          stdin: nil, in: dir)
        expectFinished(over, "100 MB through a named pipe")
        #expect(over.status == 1)
        #expect(over.stderr.contains("error[PW0609]: patient file `/dev/fd/") && over.stderr.contains("is more than the limit of 4194304 bytes"), "\(over.stderr)")
    }

    @Test func maxLineBytesMustBePositive() throws {
        let dir = try Scratch.guidelineFolder("limit-flag")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["eval", ".", "--patients", "-", "--max-line-bytes", "0"], in: dir, stdin: Data())
        #expect(r.status == 2)
        #expect(r.stderr.contains("--max-line-bytes must be at least 1"))
    }

    // MARK: Diagnostics

    /// A source line of 160 characters is shown whole; of 161, cut around the problem with `…`.
    @Test func excerptWidth() throws {
        for (width, cut) in [(160, false), (161, true)] {
            // Line 37 is `    when: tumour_size < 1 cm  # x…` padded to `width` characters.
            let prefix = "        when: tumour_size < 1 cm  # "
            let line = prefix + String(repeating: "x", count: width - prefix.count)
            let dir = try Scratch.guidelineFolder("limit-excerpt") { $0.replacingOccurrences(of: "        when: tumor_size < 1 cm", with: line) }
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try run(["check", "."], in: dir)
            #expect(r.status == 1)
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let at = lines.firstIndex(where: { $0.hasPrefix("37 | ") }) else { Issue.record("no excerpt: \(r.stderr)"); continue }
            let shown = String(lines[at].dropFirst(5))
            #expect(shown.unicodeScalars.count == 160, "width \(width)")
            #expect(shown.hasSuffix("…") == cut, "width \(width): \(shown)")
            #expect(shown.hasPrefix("…") == false, "the problem is near the start, so only the end is cut")
            let caret = lines[at + 1].dropFirst(5)
            #expect(caret.hasPrefix(String(repeating: " ", count: 14) + String(repeating: "^", count: 11)), "\(caret)")
        }
    }

    /// At most 500 diagnostics are printed as text, the rest counted; JSON has them all.
    @Test func diagnosticsPrinted() throws {
        let dir = try Scratch.folder("limit-count")
        defer { try? FileManager.default.removeItem(at: dir) }
        for count in [500, 501] {
            // count + 1 entries of one key: `count` duplicates, each an error.
            try Scratch.write("kind: vocabulary\nid: d\ntitle:\n" + String(repeating: "  a: 1\n", count: count + 1), "dups.yaml", in: dir)
            let r = try run(["check", "dups.yaml"], in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.components(separatedBy: "error[PW0102]").count - 1 == 500, "\(count)")
            #expect(r.stderr.contains("… and 1 more diagnostic not shown (1 error, 0 warnings)") == (count == 501))
            #expect(r.stderr.hasSuffix("error: check failed (\(count) errors, 0 warnings)\n"))
            let json = try run(["check", "dups.yaml", "--format", "json"], in: dir)
            #expect(json.stdout.components(separatedBy: "\"PW0102\"").count - 1 == count)
        }
    }

    /// 100 000 duplicate keys on one 600 KB line: each excerpt costs its width, not the line's
    /// length (this was quadratic: minutes), and the text output stays small.
    @Test func manyDiagnosticsOnOneLongLine() throws {
        let dir = try Scratch.folder("limit-long-line")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Scratch.write("kind: vocabulary\nid: d\ntitle: {" + String(repeating: "a: 1, ", count: 100_000) + "b: 2}\n", "dups.yaml", in: dir)
        let r = try bounded(["check", "dups.yaml"], in: dir)
        expectFinished(r, "100 000 diagnostics on one line")
        #expect(r.status == 1)
        #expect(r.stderr.utf8.count < 1_000_000, "\(r.stderr.utf8.count) bytes")
        #expect(r.stderr.contains("… and 99499 more diagnostics not shown (99499 errors, 0 warnings)"))
    }

    /// A value echoed in a message: 80 characters whole, 81 cut to 79 and `…`.
    @Test func echoedValues() throws {
        let dir = try Scratch.folder("limit-echo")
        defer { try? FileManager.default.removeItem(at: dir) }
        for length in [80, 81] {
            let key = String(repeating: "k", count: length)
            try Scratch.write("kind: vocabulary\nid: v\n\(key): 1\n\(key): 2\n", "dup.yaml", in: dir)
            let r = try run(["check", "dup.yaml"], in: dir)
            #expect(r.status == 1)
            let shown = length == 80 ? key : String(repeating: "k", count: 79) + "…"
            #expect(r.stderr.hasPrefix("error[PW0102]: duplicate key `\(shown)`\n --> dup.yaml:4:1"), "\(r.stderr)")
        }
    }

    /// Any message is printed with at most 400 characters, whoever wrote it.
    @Test func messageLength() throws {
        let overhead = "unknown key `` in recommendation `resect`".unicodeScalars.count
        for length in [400, 401] {
            let key = String(repeating: "k", count: length - overhead)
            let dir = try Scratch.guidelineFolder("limit-message") {
                $0.replacingOccurrences(of: "    quote: Resection is recommended.\n", with: "    quote: Resection is recommended.\n    \(key): x\n")
            }
            defer { try? FileManager.default.removeItem(at: dir) }
            for format in ["text", "json", "sarif"] {
                let r = try run(["check", ".", "--format", format], in: dir)
                #expect(r.status == 1)
                let full = "unknown key `\(key)` in recommendation `resect`"
                let expected = length == 400 ? full : String(full.unicodeScalars.prefix(399)) + "…"
                #expect((r.stderr + r.stdout).contains(expected), "\(format), \(length)")
                if length == 401 { #expect(!(r.stderr + r.stdout).contains(full), "\(format)") }
            }
        }
    }

    // MARK: Imports

    /// `..` back to the tree's own folder is inside; one level further is outside.
    @Test func importConfinementBoundary() throws {
        let root = try Scratch.folder("limit-imports")
        defer { try? FileManager.default.removeItem(at: root) }
        try Scratch.write(try TestFiles.fixture("vocabulary.yaml"), "tree/vocabulary.yaml", in: root)
        try Scratch.write(try TestFiles.fixture("vocabulary.yaml"), "other.yaml", in: root)
        let inside = try TestFiles.fixture("valid-guideline.yaml").replacingOccurrences(of: "imports: [vocabulary.yaml]", with: "imports: [../sub/../vocabulary.yaml]")
        try Scratch.write(inside, "tree/sub/guideline.yaml", in: root)
        let ok = try run(["check", "tree"], in: root)
        #expect(ok.status == 0, "\(ok.stderr)")
        try Scratch.write(inside.replacingOccurrences(of: "../sub/../vocabulary.yaml", with: "../../other.yaml"), "tree/sub/guideline.yaml", in: root)
        let over = try run(["check", "tree"], in: root)
        #expect(over.status == 1)
        #expect(over.stderr.hasPrefix("error[PW0310]: import `../../other.yaml` leaves the folder tree of `tree/sub/guideline.yaml`\n --> tree/sub/guideline.yaml:8:11"), "\(over.stderr)")
    }
}
