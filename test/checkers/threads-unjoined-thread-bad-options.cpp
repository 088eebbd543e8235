// Malformed option values: one configuration error each, naming the option,
// the value and the expected form; the check goes on with the defaults.
// RUN: %clang_tidy_plugin %s --checks='-*,threads-unjoined-thread' --config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: 'Sometimes', threads-unjoined-thread.NoThrowFunctions: 'log(int)'}}" -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// CHECK-DAG: warning: invalid value 'Sometimes' for option 'threads-unjoined-thread.ExceptionPaths': expected one of 'Known', 'Any' or 'None'; using the default 'Known' [clang-tidy-config]
// CHECK-DAG: warning: invalid value 'log(int)' for option 'threads-unjoined-thread.NoThrowFunctions': expected a semicolon-separated list of qualified names such as 'fclose;my::Pool::release'; using the default (none) [clang-tidy-config]
// CHECK-DAG: :[[@LINE+5]]:15: warning: 'T' may still be joinable when it is destroyed

#include <thread>
void work();
void stillChecked(bool Flag) {
  std::thread T(work);
  if (Flag)
    return;
  T.join();
}
