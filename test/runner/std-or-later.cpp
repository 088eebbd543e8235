// -std=c++17-or-later runs every later standard too: the c++20 run fails
// here because the expected message exists only for the CXX17 suffix.
// RUN: %check_tidy -std=c++17 -check-suffix=CXX17 %s modernize-use-nullptr %t
// RUN: not %check_tidy -std=c++17-or-later -check-suffix=CXX17 %s modernize-use-nullptr,modernize-use-std-print %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: === -std=c++17 ===
// RUNNER: === -std=c++20 ===
// RUNNER: === -std=c++23 ===
// RUNNER: check_tidy.py: FAIL: {{.*}}(c++23)

#include <cstdio>

void takePointer(int *P);
void caller() {
  takePointer(0);
  // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:15: warning: use nullptr [modernize-use-nullptr]
  // CHECK-FIXES-CXX17: takePointer(nullptr);
  std::printf("%d\n", 1);
}
