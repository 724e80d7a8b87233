"""End-to-end tests of `pathway lsp` driven by a real LSP client (pytest-lsp, on pygls).

Run by Tests/PathwayTests/LanguageServerEndToEndTests.swift, which passes the built binary in
PATHWAY_BINARY and the bundled guidelines folder in PATHWAY_GUIDELINES. Each test works on a fresh
copy of the guidelines in a temporary folder, edits buffers as an editor does (incremental
`didChange`, one keystroke at a time) and checks what the server answers.
"""

import asyncio
import os
import pathlib
import shutil
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from pygls.protocol import default_converter

BINARY = os.environ["PATHWAY_BINARY"]
GUIDELINES = pathlib.Path(os.environ["PATHWAY_GUIDELINES"])
TIMEOUT = 60


def make_client() -> LanguageClient:
    """The standard test client, also recording each publishDiagnostics with its version."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []

    def publish(params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish})
    return client


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "guidelines"
    shutil.copytree(GUIDELINES, target)
    return target


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "lsp"], client_factory=make_client))
async def client(lsp_client: LanguageClient, folder):
    lsp_client.initialize_result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim@v0.11.0"),
        root_uri=folder.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="guidelines")],
    ))
    yield
    await lsp_client.shutdown_session()


class Buffer:
    """An open document whose edits are sent one at a time, as an editor sends keystrokes."""

    def __init__(self, client, path: pathlib.Path):
        self.client, self.path, self.uri = client, path, path.as_uri()
        self.lines = path.read_text(encoding="utf-8").split("\n")
        self.version = 1
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=self.uri, language_id="yaml", version=1, text="\n".join(self.lines))))

    def find(self, needle: str, start: int = 0) -> tuple[int, int]:
        """The 0-based line and UTF-16 character where `needle` is first written from line `start`."""
        for number in range(start, len(self.lines)):
            column = self.lines[number].find(needle)
            if column >= 0:
                return number, len(self.lines[number][:column].encode("utf-16-le")) // 2
        raise AssertionError(f"`{needle}` not in {self.path.name}")

    def edit(self, line: int, start: int, end: int, text: str):
        self.version += 1
        old = self.lines[line]
        self.lines[line] = old[:start] + text + old[end:]
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=line, character=start), end=types.Position(line=line, character=end)),
                text=text)]))

    async def diagnostics(self, version=None):
        """The diagnostics published for this buffer at `version` (the current one by default)."""
        version = self.version if version is None else version
        async def wait():
            while True:
                for p in reversed(self.client.published):
                    if p.uri == self.uri and p.version == version:
                        return list(p.diagnostics)
                await asyncio.sleep(0.01)
        return await asyncio.wait_for(wait(), TIMEOUT)


async def check_agrees(client, folder, buffers):
    """`pathway check --format json` on a copy of `folder` with the buffers saved reports, file by
    file, the codes and places the server last published."""
    import json, subprocess, tempfile
    with tempfile.TemporaryDirectory() as scratch:
        copy = pathlib.Path(scratch) / "guidelines"
        shutil.copytree(folder, copy)
        for b in buffers:
            (copy / b.path.relative_to(folder)).write_text("\n".join(b.lines), encoding="utf-8")
        run = subprocess.run([BINARY, "check", "--format", "json", str(copy)], capture_output=True, text=True)
        expected = {}
        for d in json.loads(run.stdout)["diagnostics"]:
            if "file" in d:
                name = str(pathlib.Path(d["file"]).resolve().relative_to(copy.resolve()))
                expected.setdefault(name, []).append((d["code"], d["line"] - 1))
    latest = {}
    for p in client.published:
        latest[str(pathlib.Path(p.uri.removeprefix("file://")).relative_to(folder))] = sorted((d.code, d.range.start.line) for d in p.diagnostics)
    published = {k: v for k, v in latest.items() if v}
    assert published == {k: sorted(v) for k, v in expected.items()}


@pytest.mark.asyncio
async def test_typing_a_typo_into_a_condition_and_fixing_it(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    assert await nanets.diagnostics() == []
    line, column = nanets.find("when: disease_extent == metastatic")
    at = column + len("when: disease_")
    # Type `xy` into the fact name one key at a time: `disease_xyextent` is unknown at every step.
    for i, char in enumerate("xy"):
        nanets.edit(line, at + i, at + i, char)
        found = await nanets.diagnostics()
        assert [d.code for d in found] == ["PW0301"], found
        d = found[0]
        assert d.severity == types.DiagnosticSeverity.Error
        assert d.range.start == types.Position(line=line, character=column + len("when: "))
        assert d.range.end.character == column + len("when: disease_extent") + i + 1
        assert "did you mean `disease_extent`?" in d.message
        assert d.code_description.href.endswith("diagnostics.md#pw0301--unknown-fact")
    await check_agrees(client, folder, [nanets])
    # Delete it again, one key at a time: the error stays until the name is right, then goes.
    nanets.edit(line, at + 1, at + 2, "")
    assert [d.code for d in await nanets.diagnostics()] == ["PW0301"]
    nanets.edit(line, at, at + 1, "")
    assert await nanets.diagnostics() == []


@pytest.mark.asyncio
async def test_every_keystroke_of_a_new_condition_is_answered(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    await nanets.diagnostics()
    line, column = nanets.find("when: disease_extent == metastatic")
    start = column + len("when: ")
    end = start + len("disease_extent == metastatic")
    nanets.edit(line, start, end, "")
    typed = "ki67_percent >= 55 and differentiation == poor"
    for i, char in enumerate(typed):
        nanets.edit(line, start + i, start + i, char)
        codes = [d.code for d in await nanets.diagnostics()]
        # Half-typed text is an error or not, but always gets an answer for its own version.
        assert all(code.startswith("PW") for code in codes)
    assert await nanets.diagnostics() == []


@pytest.mark.asyncio
async def test_an_error_in_a_vocabulary_shows_in_the_vocabulary(client: LanguageClient, folder):
    nen = Buffer(client, folder / "vocabulary" / "nen.yaml")
    await nen.diagnostics()
    line, column = nen.find("type: percentage")
    nen.edit(line, column + len("type: "), column + len("type: percentage"), "percentag")
    found = await nen.diagnostics()
    assert (found[0].code, found[0].range.start.line, found[0].range.start.character) == ("PW0206", line, column + len("type: ")), found
    # Editor and `pathway check` agree, file by file: the vocabulary's own error in the vocabulary,
    # the consequences (a fact no longer declared) where the fact is used.
    await check_agrees(client, folder, [nen])
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=nen.uri),
        range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=80)),
        context=types.CodeActionContext(diagnostics=list(found))))
    assert [a.title for a in actions] == ["did you mean `percentage`?"], actions


@pytest.mark.asyncio
async def test_a_code_action_applies_the_compilers_suggestion(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    await nanets.diagnostics()
    line, column = nanets.find("when: disease_extent == metastatic")
    at = column + len("when: disease_extent ")
    nanets.edit(line, at, at + 2, "=")  # `disease_extent = metastatic`
    found = await nanets.diagnostics()
    assert [d.code for d in found] == ["PW0401"], found
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=nanets.uri),
        range=found[0].range, context=types.CodeActionContext(diagnostics=list(found))))
    assert [a.title for a in actions] == ["write `==`"]
    (edit,) = actions[0].edit.changes[nanets.uri]
    assert edit.new_text == "=="
    assert edit.range == types.Range(start=types.Position(line=line, character=at), end=types.Position(line=line, character=at + 1))
    nanets.edit(line, edit.range.start.character, edit.range.end.character, edit.new_text)
    assert await nanets.diagnostics() == []
    # A misspelt fact: the did-you-mean fix.
    name = column + len("when: ")
    nanets.edit(line, name, name + len("disease"), "diseese")
    found = await nanets.diagnostics()
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=nanets.uri),
        range=found[0].range, context=types.CodeActionContext(diagnostics=list(found))))
    (edit,) = actions[0].edit.changes[nanets.uri]
    assert (actions[0].title, edit.new_text) == ("did you mean `disease_extent`?", "disease_extent")
    nanets.edit(line, edit.range.start.character, edit.range.end.character, edit.new_text)
    assert await nanets.diagnostics() == []
    # A number without the unit of its quantity: the missing-unit fix.
    condition = "tumor_size > 2"
    nanets.edit(line, name, name + len("disease_extent == metastatic"), condition)
    found = await nanets.diagnostics()
    assert [d.code for d in found] == ["PW0404"], found
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=nanets.uri),
        range=found[0].range, context=types.CodeActionContext(diagnostics=list(found))))
    (edit,) = actions[0].edit.changes[nanets.uri]
    assert (actions[0].title, edit.new_text) == ("did you mean `2 cm`?", "2 cm")
    nanets.edit(line, edit.range.start.character, edit.range.end.character, edit.new_text)
    assert await nanets.diagnostics() == []
    assert nanets.lines[line].endswith("when: tumor_size > 2 cm")


def labels(result):
    items = result.items if hasattr(result, "items") else result
    return [i.label for i in items]


@pytest.mark.asyncio
async def test_completion_in_context(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    await nanets.diagnostics()
    uri = types.TextDocumentIdentifier(uri=nanets.uri)

    async def complete(line, character):
        return labels(await client.text_document_completion_async(types.CompletionParams(
            text_document=uri, position=types.Position(line=line, character=character))))

    line, column = nanets.find("when: disease_extent == metastatic")
    # Enum values after `==`.
    assert await complete(line, column + len("when: disease_extent == ")) == ["localized", "locally_advanced", "metastatic"]
    # Fact and derived-fact names at the start of a condition.
    names = await complete(line, column + len("when: "))
    assert "ki67_percent" in names and "nanets_g3_net" in names and "known" in names
    # Recommendation ids in `recommend:`.
    line, column = nanets.find("recommend: [path-biopsy-either-site]")
    assert "path-ki67-ihc" in await complete(line, column + len("recommend: ["))
    # Levels and citations with their sections.
    line, column = nanets.find("level: nanets_text.panel_statement")
    assert {"nanets_panel.consensus", "nanets_text.panel_statement"} <= set(await complete(line, column + len("level: ")))
    line, column = nanets.find('citations: ["eads2023 § pathology"]')
    assert "pathology" in await complete(line, column + len('citations: ["eads2023 § '))
    assert "eads2023" in await complete(line, column + len('citations: ["'))
    # Keys of the current mapping, with their documentation.
    line, column = nanets.find("    direction: for")
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=uri, position=types.Position(line=line, character=4)))
    items = {i.label: i for i in result.items}
    assert {"text", "direction", "level", "citations", "quote", "notes"} <= set(items)
    assert items["quote"].documentation.value
    # Hit policies.
    shi = Buffer(client, folder / "shi-2025-enec.yaml")
    await shi.diagnostics()
    line, column = shi.find("hit_policy: collect")
    assert set(await client_labels(client, shi, line, column + len("hit_policy: "))) >= {"unique", "first", "collect", "priority"}


async def client_labels(client, buffer, line, character):
    return labels(await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=buffer.uri), position=types.Position(line=line, character=character))))


@pytest.mark.asyncio
async def test_units_complete_after_a_number(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    await nanets.diagnostics()
    line, column = nanets.find("when: disease_extent == metastatic")
    start = column + len("when: ")
    nanets.edit(line, start, start + len("disease_extent == metastatic"), "tumor_size > 2 ")
    units = await client_labels(client, nanets, line, start + len("tumor_size > 2 "))
    assert {"mm", "cm", "m"} <= set(units) and "mg" not in units


@pytest.mark.asyncio
async def test_hover_definition_and_references(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    await nanets.diagnostics()
    uri = types.TextDocumentIdentifier(uri=nanets.uri)
    line, column = nanets.find("when: disease_extent == metastatic")
    on_fact = types.Position(line=line, character=column + len("when: dis"))
    hover = await client.text_document_hover_async(types.HoverParams(text_document=uri, position=on_fact))
    assert hover.contents.value.startswith("**fact** `disease_extent`: enum: localized, locally_advanced, metastatic")
    assert "Extent of disease." in hover.contents.value

    line, column = nanets.find("recommend: [path-biopsy-either-site]")
    on_rec = types.Position(line=line, character=column + len("recommend: [path-"))
    hover = await client.text_document_hover_async(types.HoverParams(text_document=uri, position=on_rec))
    text = hover.contents.value
    assert "**recommendation** `path-biopsy-either-site` (against)" in text
    assert "level `nanets_panel.consensus`: No more than one individual disagreeing" in text
    assert "cites `eads2023` § pathology (Initial assessment — Pathology)" in text
    assert "> Biopsy of either primary or metastatic tumor" in text

    definition = await client.text_document_definition_async(types.DefinitionParams(text_document=uri, position=on_fact))
    nen = folder / "vocabulary" / "nen.yaml"
    assert definition.uri == nen.as_uri()
    nen_lines = nen.read_text(encoding="utf-8").split("\n")
    assert nen_lines[definition.range.start.line][definition.range.start.character:definition.range.end.character] == "disease_extent"

    definition = await client.text_document_definition_async(types.DefinitionParams(text_document=uri, position=on_rec))
    assert definition.uri == nanets.uri
    assert nanets.lines[definition.range.start.line].strip() == "path-biopsy-either-site:"

    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=uri, position=on_fact, context=types.ReferenceContext(include_declaration=True)))
    files = {pathlib.Path(r.uri.removeprefix("file://")).name for r in refs}
    assert {"nen.yaml", "nanets-2023.yaml", "shi-2025-enec.yaml"} <= files


@pytest.mark.asyncio
async def test_rename_across_the_vocabulary_and_two_guidelines(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    await nanets.diagnostics()
    uri = types.TextDocumentIdentifier(uri=nanets.uri)
    line, column = nanets.find("when: disease_extent == metastatic")
    at = types.Position(line=line, character=column + len("when: dis"))
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=uri, position=at))
    assert prepared.placeholder == "disease_extent"
    edit = await client.text_document_rename_async(types.RenameParams(text_document=uri, position=at, new_name="extent_of_disease"))
    changed = {pathlib.Path(u.removeprefix("file://")).name: edits for u, edits in edit.changes.items()}
    assert {"nen.yaml", "nanets-2023.yaml", "shi-2025-enec.yaml"} <= set(changed)
    # Apply the edit to the files and check the result compiles clean: every use was renamed.
    for u, edits in edit.changes.items():
        path = pathlib.Path(u.removeprefix("file://"))
        lines = path.read_text(encoding="utf-8").split("\n")
        for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            assert e.range.start.line == e.range.end.line
            text = lines[e.range.start.line]
            assert text[e.range.start.character:e.range.end.character] == "disease_extent"
            lines[e.range.start.line] = text[:e.range.start.character] + e.new_text + text[e.range.end.character:]
        path.write_text("\n".join(lines), encoding="utf-8")
    import subprocess
    check = subprocess.run([BINARY, "check", str(folder)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # A name that is already declared is refused.
    with pytest.raises(Exception) as refused:
        await client.text_document_rename_async(types.RenameParams(text_document=uri, position=at, new_name="primary_site"))
    assert "already declared" in str(refused.value)


@pytest.mark.asyncio
async def test_document_symbols_outline(client: LanguageClient, folder):
    shi = Buffer(client, folder / "shi-2025-enec.yaml")
    await shi.diagnostics()
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=shi.uri)))
    groups = {s.name: s for s in symbols}
    assert {"recommendations", "trees", "tables", "tests"} <= set(groups)
    table = next(t for t in groups["tables"].children if t.name == "table-ii-first-line")
    assert [r.name for r in table.children][:2] == ["ep-ec", "ip"]


@pytest.mark.asyncio
async def test_saving_adds_the_analysis_until_the_next_change(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    assert await nanets.diagnostics() == []
    before = len([p for p in client.published if p.uri == nanets.uri])
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=nanets.uri)))

    async def after_save():
        while True:
            mine = [p for p in client.published if p.uri == nanets.uri]
            if len(mine) > before:
                return list(mine[-1].diagnostics)
            await asyncio.sleep(0.01)
    found = await asyncio.wait_for(after_save(), TIMEOUT)
    # `check --analyze` finds the contradictions the file marks intentional: notes, as information.
    assert found and {d.code for d in found} == {"PW0804"}, found
    assert all(d.severity == types.DiagnosticSeverity.Information for d in found)
    assert all(d.related_information for d in found)
    line, column = nanets.find("when: disease_extent == metastatic")
    nanets.edit(line, column, column, "")
    assert await nanets.diagnostics() == []


@pytest.mark.asyncio
async def test_semantic_tokens_colour_a_condition(client: LanguageClient, folder):
    nanets = Buffer(client, folder / "nanets-2023.yaml")
    await nanets.diagnostics()
    legend = client.initialize_result.capabilities.semantic_tokens_provider.legend
    result = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(
        text_document=types.TextDocumentIdentifier(uri=nanets.uri)))
    # Decode the relative encoding (LSP 3.17, "Semantic Tokens"): five integers a token.
    tokens, line, start = [], 0, 0
    for i in range(0, len(result.data), 5):
        delta_line, delta_start, length, kind, _ = result.data[i:i + 5]
        line, start = line + delta_line, (start + delta_start if delta_line == 0 else delta_start)
        tokens.append((line, start, length, legend.token_types[kind]))
    number, _ = nanets.find("when: differentiation == well and (ki67_percent > 20")
    text = nanets.lines[number]
    on_line = [(text[s:s + n], kind) for (l, s, n, kind) in tokens if l == number]
    assert on_line == [("differentiation", "variable"), ("==", "operator"), ("well", "enumMember"), ("and", "keyword"),
                       ("ki67_percent", "variable"), (">", "operator"), ("20", "number"), ("or", "keyword"),
                       ("mitoses_per_2mm2", "variable"), (">", "operator"), ("20", "number")], on_line
    # A derived fact and a recommendation id under `recommend:`.
    number, _ = nanets.find("when: nanets_g3_net or nec")
    assert [(nanets.lines[number][s:s + n], kind) for (l, s, n, kind) in tokens if l == number][0] == ("nanets_g3_net", "function")
