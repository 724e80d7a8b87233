// The region engine: patients partitioned into finitely many regions by the conditions of one or two
// versions of a guideline, for static analysis (`pathway check --analyze`) and behavioural diff.
