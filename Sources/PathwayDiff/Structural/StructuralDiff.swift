// Structural diff of guideline documents: filled in by the structural-diff work.
