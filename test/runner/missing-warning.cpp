// The runner fails a test whose expected warning does not appear.
// RUN: not %check_tidy -std=c++17 %s modernize-use-nullptr %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: check_tidy.py: FAIL: CHECK-MESSAGES did not match clang-tidy's output (c++17)

void takePointer(int *P);

void caller(int *Q) {
  takePointer(Q);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: use nullptr [modernize-use-nullptr]
}
