// The runner reruns clang-tidy on the fixed file: modernize-loop-convert
// converts only the outer of two nested loops per run, so the second run
// changes the file again and the test fails.
// RUN: not %check_tidy -std=c++17 %s modernize-loop-convert %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: check_tidy.py: FAIL: fix-its are not idempotent: a second -fix run changed the fixed file again (c++17)

int sum(int (&Matrix)[3][4]) {
  int Sum = 0;
  for (int I = 0; I < 3; ++I)
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: use range-based for loop instead [modernize-loop-convert]
    // CHECK-FIXES: for (auto & I : Matrix)
    for (int J = 0; J < 4; ++J)
      // CHECK-FIXES: for (int J = 0; J < 4; ++J)
      Sum += Matrix[I][J];
  return Sum;
}
