// Invalid code must not crash the check; entries with errors are skipped.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++20 %s threads-missing-stop-token %t

#include <thread>

void tick();

void brokenCallable() {
  // The lambda's body is invalid: nothing is reported about it.
  std::thread T([] {
    while (true)
      undeclared();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  });
  T.join();
}

void brokenCondition() {
  std::jthread([] {
    while (missing_flag)
      // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'missing_flag' [clang-diagnostic-error]
      tick();
  });
}

