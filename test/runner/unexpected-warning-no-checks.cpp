// A test without CHECK lines demands no output at all.
// RUN: not %check_tidy -std=c++17 %s modernize-use-nullptr %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: check_tidy.py: FAIL: expected no diagnostics for c++17, got:

void takePointer(int *P);

void caller() { takePointer(0); }
