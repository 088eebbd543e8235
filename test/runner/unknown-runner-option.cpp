// A misspelt runner option fails loudly instead of reaching clang-tidy.
// RUN: not %check_tidy -check-sufix=X %s modernize-use-nullptr %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: unrecognized arguments: -check-sufix=X

void caller() {}
