// CI gate: --warnings-as-errors='threads-*' turns threads-* findings into
// errors and exit status 1, leaves other checks' warnings at status 0, and a
// file without findings passes with 0.
// RUN: %python %S/expect_exit.py 1 -- %clang_tidy_plugin --checks='-*,threads-*,modernize-use-nullptr' \
// RUN:   --config={} --warnings-as-errors='threads-*' %s -- -std=c++17 > %t.bad 2>&1
// RUN: FileCheck %s --input-file=%t.bad --check-prefix=BAD
// RUN: %python %S/expect_exit.py 0 -- %clang_tidy_plugin --checks='-*,threads-*,modernize-use-nullptr' \
// RUN:   --config={} --warnings-as-errors='threads-*' %s -- -std=c++17 -DNO_THREADS_FINDING > %t.other 2>&1
// RUN: FileCheck %s --input-file=%t.other --check-prefix=OTHER
// RUN: %python %S/expect_exit.py 0 -- %clang_tidy_plugin --checks='-*,threads-*' \
// RUN:   --config={} --warnings-as-errors='threads-*' %s -- -std=c++17 -DNO_THREADS_FINDING -DNO_OTHER_FINDING

// BAD: warnings-as-errors.cpp:[[@LINE+12]]:{{[0-9]+}}: error: '__builtin_alloca' inside a loop {{.*}} [threads-defer-in-loop,-warnings-as-errors]
// BAD: warnings-as-errors.cpp:[[@LINE+16]]:{{[0-9]+}}: warning: use nullptr [modernize-use-nullptr]
// BAD: 1 warning treated as error
// OTHER-NOT: error:
// OTHER: warning: use nullptr [modernize-use-nullptr]
// OTHER-NOT: error:

void use(char *Buffer);

void perIteration(unsigned long N) {
#ifndef NO_THREADS_FINDING
  for (unsigned long I = 0; I < N; ++I)
    use(static_cast<char *>(__builtin_alloca(I)));
#endif
}

#ifndef NO_OTHER_FINDING
void nullInit() { use(0); }
#endif
