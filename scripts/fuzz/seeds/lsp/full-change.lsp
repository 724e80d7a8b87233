Content-Length: 378

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml", "version": 3}, "contentChanges": [{"text": "kind: guideline\nid: g\nimports: [vocabulary/nen.yaml]\nrecommendations:\n  r:\n    text: t\n    direction: for\ntrees:\n  - id: t\n    when: ki67_percent > 20 %\n    recommend: [r]\n"}]}}Content-Length: 199

{"jsonrpc": "2.0", "id": 1, "method": "textDocument/completion", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}, "position": {"line": 9, "character": 14}}}