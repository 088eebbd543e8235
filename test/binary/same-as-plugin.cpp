// The binary and the plugin report the same findings, byte for byte, and the
// binary finds clang's builtin headers (<stddef.h>) from a build tree.
// REQUIRES: threads-tidy-binary
// RUN: %clang_tidy --load=%plugin --checks='-*,threads-*' %s -- -std=c++17 > %t.plugin 2>&1
// RUN: %threads_tidy --checks='-*,threads-*' %s -- -std=c++17 > %t.binary 2>&1
// RUN: diff %t.plugin %t.binary
// RUN: FileCheck %s --input-file=%t.binary
// CHECK: same-as-plugin.cpp:[[@LINE+7]]:{{[0-9]+}}: warning: '__builtin_alloca' inside a loop {{.*}} [threads-defer-in-loop]

#include <stddef.h>
#include <stdint.h>

void perIteration(size_t N) {
  for (size_t I = 0; I < N; ++I)
    (void)__builtin_alloca(I);
}
