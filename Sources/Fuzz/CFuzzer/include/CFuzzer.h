#ifndef PATHWAY_CFUZZER_H
#define PATHWAY_CFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs with their own `main` (compiler-rt `FuzzerDriver.cpp`):
/// parses libFuzzer's flags from `argv` and calls `callback` on every input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
