// Malformed option values: one configuration error each, naming the option,
// the value and the expected form; the check goes on with the defaults.
// RUN: %clang_tidy_plugin %s --checks='-*,threads-blocking-under-lock' --config="{CheckOptions: {threads-blocking-under-lock.MaxCallDepth: '-3', threads-blocking-under-lock.BlockingFunctions: 'not a name'}}" -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// CHECK-DAG: warning: invalid value '-3' for option 'threads-blocking-under-lock.MaxCallDepth': expected a non-negative integer; using the default '2' [clang-tidy-config]
// CHECK-DAG: warning: invalid value 'not a name' for option 'threads-blocking-under-lock.BlockingFunctions'
// The default depth still follows one callee:
// CHECK-DAG: :[[@LINE+8]]:3: warning: 'nap' blocks while 'Mu' is held

#include <mutex>
#include <unistd.h>
std::mutex Mu;
void nap() { sleep(1); }
void stillChecked() {
  std::lock_guard<std::mutex> Guard(Mu);
  nap();
}
