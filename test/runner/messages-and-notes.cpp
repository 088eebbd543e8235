// CHECK-MESSAGES and CHECK-NOTES for the same suffix is a test error.
// RUN: not %check_tidy -std=c++17 %s modernize-use-nullptr %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: check_tidy.py: FAIL: both CHECK-MESSAGES and CHECK-NOTES are used; use one of them

void takePointer(int *P);
void caller() { takePointer(0); }
// CHECK-MESSAGES: :[[@LINE-1]]:29: warning: use nullptr [modernize-use-nullptr]
// CHECK-NOTES: :[[@LINE-2]]:29: warning: use nullptr [modernize-use-nullptr]
