// Option keys round-trip through --dump-config, with their defaults.
// RUN: %clang_tidy_plugin --checks='-*,threads-missing-stop-token' --dump-config -- | FileCheck %s
// CHECK-DAG: threads-missing-stop-token.CheckNonAtomicFlags: 'true'
// CHECK-DAG: threads-missing-stop-token.IncludeStyle: llvm
// CHECK-DAG: threads-missing-stop-token.ThreadTypes: ''
//
// A value that is not a list of qualified names is reported once, naming the
// option, the value and the expected form; the check goes on with std::thread
// and std::jthread only.
// RUN: %clang_tidy_plugin --checks='-*,threads-missing-stop-token' %s \
// RUN:   -config="{CheckOptions: {threads-missing-stop-token.ThreadTypes: 'util::Thread;not a type'}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: {{warning|error}}: invalid value 'util::Thread;not a type' for option 'threads-missing-stop-token.ThreadTypes': expected a semicolon-separated list of qualified names such as 'fclose;my::Pool::release'; using the default (none) [clang-tidy-config]
// BAD-NOT: invalid value
// BAD: :[[@LINE+6]]:3: warning: this thread runs a loop that never exits
// BAD-NOT: invalid value

#include <thread>
void tick();
void run() {
  std::thread([] {
    for (;;)
      tick();
  }).detach();
}
