// A malformed MaxCallDepth or ThreadTypes gets one configuration error naming
// the option, the value and the expected form; the check goes on with the
// default (depth 3, std::thread and std::jthread only).
// RUN: %clang_tidy_plugin --checks='-*,threads-exception-escapes-thread' %s \
// RUN:   -config="{CheckOptions: {threads-exception-escapes-thread.MaxCallDepth: -3, threads-exception-escapes-thread.ThreadTypes: 'util::Thread;not a type'}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy_plugin --checks='-*,threads-exception-escapes-thread' %s \
// RUN:   -config="{CheckOptions: {threads-exception-escapes-thread.MaxCallDepth: 'deep'}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --check-prefix=WORD --implicit-check-not='{{warning|error}}:'

#include <stdexcept>
#include <thread>

void fail() { throw std::runtime_error("fail"); }
void depth2() { fail(); }
void depth1() { depth2(); }
void threeDeep() { depth1(); }
void fourDeep() { threeDeep(); }

void start() {
  std::thread(threeDeep).join();
  std::thread(fourDeep).join();
}

// CHECK-DAG: warning: invalid value '-3' for option 'threads-exception-escapes-thread.MaxCallDepth': expected a non-negative integer; using the default '3' [clang-tidy-config]
// CHECK-DAG: warning: invalid value 'util::Thread;not a type' for option 'threads-exception-escapes-thread.ThreadTypes': expected a semicolon-separated list of qualified names such as 'fclose;my::Pool::release'; using the default (none) [clang-tidy-config]
// CHECK-DAG: :21:3: warning: exception of type 'std::runtime_error' thrown in 'fail' escapes the thread entry 'threeDeep'
// WORD-DAG: warning: invalid value 'deep' for option 'threads-exception-escapes-thread.MaxCallDepth': expected a non-negative integer; using the default '3' [clang-tidy-config]
// WORD-DAG: :21:3: warning: exception of type 'std::runtime_error' thrown in 'fail' escapes the thread entry 'threeDeep'
