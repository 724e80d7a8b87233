#!/usr/bin/env bash
# Builds `pathway` in release mode and prints the language server's latency figures, measured
# through its standard input and output as an editor sees them:
#   - diagnostics after a one-character edit of a condition in guidelines/nanets-2023.yaml (with
#     its vocabulary, in a copy of guidelines/): from sending didChange to receiving the
#     publishDiagnostics of that version; target: median under 50 ms,
#   - completion in a condition of the same file; target: median under 20 ms,
#   - hover on a fact and the semantic tokens of the whole file, for comparison.
# A benchmark, not a test: it prints, and exits 0 whatever the figures. ROUNDS (default 40) edits.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product pathway >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r guidelines "$scratch/guidelines"
python3 - "$PWD/.build/release/pathway" "$scratch/guidelines" "${ROUNDS:-40}" <<'PY'
import itertools, json, os, statistics, subprocess, sys, time
binary, folder, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
server = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()
def receive():
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        header += server.stdout.read(1)
    length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
    return json.loads(server.stdout.read(length))
def until(predicate):
    while True:
        message = receive()
        if predicate(message):
            return message
uri = "file://" + folder + "/nanets-2023.yaml"
text = open(folder + "/nanets-2023.yaml", encoding="utf-8").read()
lines = text.split("\n")
line = next(i for i, l in enumerate(lines) if "when: disease_extent == metastatic" in l)
column = lines[line].index("when: disease_extent") + len("when: disease_")
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": "file://" + folder, "capabilities": {}}})
until(lambda m: m.get("id") == 1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
started = time.perf_counter()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
opened = time.perf_counter() - started
def cpu_seconds():
    # utime + stime of the server, in clock ticks (Linux /proc): its own work, whatever the machine's load.
    try:
        fields = open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")
version, edit_times = 1, []
cpu_before = cpu_seconds()
for i in range(rounds):
    version += 1
    # Type a character into the fact name, then delete it: errors and clean states alternate.
    change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "x"} if i % 2 == 0 else \
             {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 1}}, "text": ""}
    started = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
    until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version)
    edit_times.append(time.perf_counter() - started)
cpu_per_edit = (cpu_seconds() - cpu_before) / rounds
request_ids = itertools.count(1000)
def timed(method, params, n):
    times = []
    for i in range(n):
        request_id = next(request_ids)
        started = time.perf_counter()
        send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        answer = until(lambda m: m.get("id") == request_id)
        times.append(time.perf_counter() - started)
    return times, answer
position = {"line": line, "character": lines[line].index("when: ") + len("when: ")}
completion, answer = timed("textDocument/completion", {"textDocument": {"uri": uri}, "position": position}, rounds)
items = len(answer["result"]["items"])
hover, _ = timed("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}}, rounds)
tokens, answer = timed("textDocument/semanticTokens/full", {"textDocument": {"uri": uri}}, rounds)
token_count = len(answer["result"]["data"]) // 5
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
until(lambda m: m.get("id") == 2)
send({"jsonrpc": "2.0", "method": "exit"})
server.wait()
ms = lambda xs: f"median {statistics.median(xs) * 1000:.1f} ms, p90 {sorted(xs)[int(len(xs) * 0.9) - 1] * 1000:.1f} ms, max {max(xs) * 1000:.1f} ms"
print(f"lsp: didOpen of nanets-2023.yaml to its diagnostics: {opened * 1000:.1f} ms")
print(f"lsp: diagnostics after a one-character edit (nanets-2023.yaml, {rounds} edits): {ms(edit_times)} (target: median < 50 ms)")
print(f"lsp:   server CPU time per edit: {cpu_per_edit * 1000:.1f} ms (machine load average {os.getloadavg()[0]:.1f})")
print(f"lsp: completion in a condition ({items} items, {rounds} requests): {ms(completion)} (target: median < 20 ms)")
print(f"lsp: hover on a fact ({rounds} requests): {ms(hover)}")
print(f"lsp: semantic tokens of the whole file ({token_count} tokens, {rounds} requests): {ms(tokens)}")
PY
