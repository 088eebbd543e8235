// Malformed option values: one configuration error each, naming the option,
// the value and the expected form; the check goes on with the defaults.
// RUN: %clang_tidy_plugin %s --checks='-*,threads-unfulfilled-promise' --config="{CheckOptions: {threads-unfulfilled-promise.ExceptionPaths: 'Sometimes', threads-unfulfilled-promise.NoThrowFunctions: 'log(int)'}}" -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// CHECK-DAG: warning: invalid value 'Sometimes' for option 'threads-unfulfilled-promise.ExceptionPaths': expected one of 'Known', 'Any' or 'None'; using the default 'Known' [clang-tidy-config]
// CHECK-DAG: warning: invalid value 'log(int)' for option 'threads-unfulfilled-promise.NoThrowFunctions': expected a semicolon-separated list of qualified names such as 'fclose;my::Pool::release'; using the default (none) [clang-tidy-config]
// CHECK-DAG: :[[@LINE+6]]:21: warning: 'P' may be destroyed without a value

#include <future>
bool cond();
void consume(std::future<int> F);
void stillChecked() {
  std::promise<int> P;
  consume(P.get_future());
  if (cond())
    return;
  P.set_value(1);
}
