// Invalid code must not crash the check; calls with invalid arguments are not
// reported.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++20 %s threads-unbounded-detach %t

#include <future>
#include <thread>
#include <vector>

void work();

void broken() {
  for (;;)
    std::thread(undeclared_callable).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: error: use of undeclared identifier 'undeclared_callable' [clang-diagnostic-error]
  std::vector<std::thread> Workers;
  while (true)
    Workers.emplace_back(work, missing_argument);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: error: use of undeclared identifier 'missing_argument' [clang-diagnostic-error]
  std::async(std::launch::async, undeclared_task);
  // CHECK-MESSAGES: :[[@LINE-1]]:34: error: use of undeclared identifier 'undeclared_task' [clang-diagnostic-error]
  for (int I = 0; I < undeclared_bound; ++I)
    std::thread(work).detach();
  // CHECK-MESSAGES: :[[@LINE-2]]:23: error: use of undeclared identifier 'undeclared_bound' [clang-diagnostic-error]
}
