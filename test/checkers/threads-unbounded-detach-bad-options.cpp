// A malformed MaxBoundedIterations or HandlerFunctionsRegex gets one
// configuration error naming the option, the value and the expected form;
// the check goes on with the default.
// RUN: %clang_tidy_plugin --checks='-*,threads-unbounded-detach' %s \
// RUN:   -config="{CheckOptions: {threads-unbounded-detach.MaxBoundedIterations: -3, threads-unbounded-detach.HandlerFunctionsRegex: 'handle_(['}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not='{{warning|error}}:'

#include <thread>

void work();

void handle_request() {
  std::thread(work).detach();
  for (int I = 0; I < 16; ++I)
    std::thread(work).detach();
  for (int I = 0; I < 17; ++I)
    std::thread(work).detach();
}

// CHECK-DAG: warning: invalid value '-3' for option 'threads-unbounded-detach.MaxBoundedIterations': expected a non-negative integer; using the default '16' [clang-tidy-config]
// CHECK-DAG: warning: invalid value 'handle_([' for option 'threads-unbounded-detach.HandlerFunctionsRegex': expected a regular expression ({{.*}}); using the default (none) [clang-tidy-config]
// CHECK-DAG: :17:23: warning: 'detach' inside a loop
