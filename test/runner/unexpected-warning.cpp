// The runner fails a test when clang-tidy warns where the test expects
// nothing: the implicit check-not catches the extra warning.
// RUN: not %check_tidy -std=c++17 %s modernize-use-nullptr %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: check_tidy.py: FAIL: CHECK-MESSAGES did not match clang-tidy's output (c++17)

void takePointer(int *P);

void caller() {
  takePointer(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: use nullptr [modernize-use-nullptr]
  // CHECK-FIXES: takePointer(nullptr);
  int *Unexpected = 0;
  (void)Unexpected;
}
