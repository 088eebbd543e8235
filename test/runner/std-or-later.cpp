// -std=c++17-or-later runs every later standard too: the c++23 run fails here
// because C++23 (P2266) makes 'X' an xvalue in 'return X;', which cannot bind
// to 'int &' (a compile error in every supported LLVM major, 16 to 22).
// RUN: %check_tidy -std=c++17 -check-suffix=CXX17 %s modernize-use-nullptr %t
// RUN: not %check_tidy -std=c++17-or-later -check-suffix=CXX17 %s modernize-use-nullptr %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: === -std=c++17 ===
// RUNNER: === -std=c++20 ===
// RUNNER: === -std=c++23 ===
// RUNNER-NOT: === -std=c++26 ===
// RUNNER: check_tidy.py: FAIL: clang-tidy exited with 1

void takePointer(int *P);
void caller() {
  takePointer(0);
  // CHECK-MESSAGES-CXX17: :[[@LINE-1]]:15: warning: use nullptr [modernize-use-nullptr]
  // CHECK-FIXES-CXX17: takePointer(nullptr);
}

int &passThrough(int &&X) { return X; }
