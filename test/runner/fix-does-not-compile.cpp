// The runner compiles the fixed file: google-explicit-constructor's fix makes
// the implicit conversion in 'caller' ill-formed, so the test fails.
// RUN: not %check_tidy -std=c++17 %s google-explicit-constructor %t 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER: check_tidy.py: FAIL: fix-it produced code that does not compile (c++17):

struct Widget {
  Widget(int Size);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: single-argument constructors must be marked explicit to avoid unintentional implicit conversions [google-explicit-constructor]
  // CHECK-FIXES: explicit Widget(int Size);
};

void takeWidget(Widget W);
void caller() { takeWidget(42); }
