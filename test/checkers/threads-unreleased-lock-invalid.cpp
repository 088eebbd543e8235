// Invalid code must not crash the check, and a function with errors is not
// analysed.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++17 %s threads-unreleased-lock %t

#include <mutex>

std::mutex Mu;

void broken(bool Flag) {
  Mu.lock();
  if (Flag)
    return undeclared_value;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'undeclared_value' [clang-diagnostic-error]
  Mu.unlock();
}

void brokenLock(NoSuchMutex &M) {
  // CHECK-MESSAGES: :[[@LINE-1]]:17: error: unknown type name 'NoSuchMutex' [clang-diagnostic-error]
  M.lock();
}

template <typename T> void brokenTemplate(T &M) {
  M.lock();
  M.no_such_member();
}
void instantiate() { brokenTemplate(Mu); }
// CHECK-MESSAGES: :24:5: error: no member named 'no_such_member' in 'std::mutex' [clang-diagnostic-error]
