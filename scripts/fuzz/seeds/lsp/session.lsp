Content-Length: 285

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml", "version": 2}, "contentChanges": [{"range": {"start": {"line": 20, "character": 10}, "end": {"line": 20, "character": 12}}, "text": "x"}]}}Content-Length: 200

{"jsonrpc": "2.0", "id": 1, "method": "textDocument/completion", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}, "position": {"line": 20, "character": 12}}}Content-Length: 194

{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}, "position": {"line": 20, "character": 8}}}Content-Length: 199

{"jsonrpc": "2.0", "id": 3, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}, "position": {"line": 20, "character": 8}}}Content-Length: 240

{"jsonrpc": "2.0", "id": 4, "method": "textDocument/references", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}, "position": {"line": 20, "character": 8}, "context": {"includeDeclaration": true}}}Content-Length: 211

{"jsonrpc": "2.0", "id": 5, "method": "textDocument/rename", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}, "position": {"line": 20, "character": 8}, "newName": "y"}}Content-Length: 161

{"jsonrpc": "2.0", "id": 6, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}}}Content-Length: 275

{"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}, "context": {"diagnostics": []}}}Content-Length: 68

{"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 8}}Content-Length: 193

{"jsonrpc": "2.0", "id": 8, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///tmp/pathway-fuzz-lsp/benini-2025-ep-nec.yaml"}, "position": {"line": 1, "character": 1}}}Content-Length: 65

{"jsonrpc": "2.0", "id": 9, "method": "shutdown", "params": null}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}