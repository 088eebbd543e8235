// Smoke test: the plugin must produce a diagnostic. A plugin that loads but
// reports nothing (an ABI mismatch) fails here instead of passing silently.
// RUN: %clang_tidy_plugin --checks='-*,threads-*' %s -- -std=c++17 2>&1 | FileCheck %s
// RUN: not %clang_tidy_plugin --checks='-*,threads-*' --warnings-as-errors='threads-*' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GATE
// CHECK: smoke.cpp:[[@LINE+5]]:{{[0-9]+}}: warning: {{.*}} [threads-defer-in-loop]
// GATE: error: {{.*}} [threads-defer-in-loop,-warnings-as-errors]

void smoke(unsigned long N) {
  for (unsigned long I = 0; I < N; ++I)
    (void)__builtin_alloca(I);
}
