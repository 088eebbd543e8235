// The runner fails a test whose expected fix differs from the applied one.
// RUN: not %check_tidy -std=c++17 %s modernize-use-nullptr %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: check_tidy.py: FAIL: CHECK-FIXES did not match the fixed file (c++17)

void takePointer(int *P);

void caller() {
  takePointer(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: use nullptr [modernize-use-nullptr]
  // CHECK-FIXES: takePointer(NULL);
}
