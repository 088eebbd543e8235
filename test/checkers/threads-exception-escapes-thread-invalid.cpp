// Invalid code: nothing is reported from a body the compiler could not
// understand, and nothing crashes.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++17 %s threads-exception-escapes-thread %t

#include <stdexcept>
#include <thread>

void broken() {
  undeclaredCall();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: use of undeclared identifier 'undeclaredCall' [clang-diagnostic-error]
  throw std::runtime_error("x");
}

void callsBroken() { broken(); }

void start() {
  std::thread(broken).join();
  std::thread([] { throw UnknownType(); }).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: error: use of undeclared identifier 'UnknownType' [clang-diagnostic-error]
  std::thread([] { callsBroken(); }).join();
  std::thread(undeclaredFunction).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: error: use of undeclared identifier 'undeclaredFunction' [clang-diagnostic-error]
}
