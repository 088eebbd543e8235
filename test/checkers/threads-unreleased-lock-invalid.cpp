// Invalid code must not crash the check, and a function with errors is not
// analysed.
// RUN: %check_tidy -expect-clang-tidy-error -std=c++17 %s threads-unreleased-lock %t
// RUN: %check_tidy -expect-clang-tidy-error -std=c++17 %s threads-unreleased-lock %t.macros -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.LockMacros: 'APP_LOCK=APP_UNLOCK'}}"

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
// CHECK-MESSAGES: :26:5: error: no member named 'no_such_member' in 'std::mutex' [clang-diagnostic-error]

// LockMacros uses in invalid code and in lambdas.
void app_lock(void *);
void app_unlock(void *);
#define APP_LOCK(R) app_lock(R)
#define APP_UNLOCK(R) app_unlock(R)
void brokenMacroUse(bool Flag) {
  APP_LOCK(&no_such_thing);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: error: use of undeclared identifier 'no_such_thing' [clang-diagnostic-error]
  if (Flag)
    return;
  APP_UNLOCK(&Mu);
}
auto InLambda = [] {
  APP_LOCK(&Mu);
  APP_UNLOCK(&Mu);
};
