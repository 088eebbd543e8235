// Invalid code must not crash the check, and a function with errors is not
// analysed.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++17 %s threads-unjoined-thread %t

#include <thread>

bool cond();
void work();

void brokenBody() {
  std::thread T(work);
  if (cond())
    return undeclared_value;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'undeclared_value' [clang-diagnostic-error]
  T.join();
}

void brokenCallable() {
  std::thread T(work, no_such_argument);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: error: use of undeclared identifier 'no_such_argument' [clang-diagnostic-error]
  if (cond())
    return;
  T.join();
}
