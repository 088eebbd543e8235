// Malformed option values: one configuration error each, naming the option,
// the value and the expected form; the check goes on with the defaults.
// RUN: %clang_tidy_plugin %s --checks='-*,threads-unreleased-lock' --config="{CheckOptions: {threads-unreleased-lock.ExtraLockPairs: 'foo', threads-unreleased-lock.AcquireFunctionsRegex: '(unclosed', threads-unreleased-lock.ExceptionPaths: 'Sometimes', threads-unreleased-lock.LockMacros: 'LOCK:0=UNLOCK'}}" -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=error:
// CHECK-DAG: warning: invalid value 'foo' for option 'threads-unreleased-lock.ExtraLockPairs': expected 'acquire=release;...' with qualified function names such as 'MyMutex::Acquire=MyMutex::Release'; using the default (none) [clang-tidy-config]
// CHECK-DAG: warning: invalid value '(unclosed' for option 'threads-unreleased-lock.AcquireFunctionsRegex': expected a regular expression (parentheses not balanced); using the default (none) [clang-tidy-config]
// CHECK-DAG: warning: invalid value 'Sometimes' for option 'threads-unreleased-lock.ExceptionPaths': expected one of 'Known', 'Any' or 'None'; using the default 'Known' [clang-tidy-config]
// CHECK-DAG: warning: invalid value 'LOCK:0=UNLOCK' for option 'threads-unreleased-lock.LockMacros': expected 'ACQUIRE=RELEASE;...' with macro names, each optionally followed by ':N' for the lock's argument, such as 'LIB_LOCK=LIB_UNLOCK;BASE_ACQUIRE_LOCK:2=BASE_RELEASE_LOCK:2'; using the default (none) [clang-tidy-config]
// CHECK-DAG: :[[@LINE+5]]:3: warning: 'Mu' is locked here and not released on every path

#include <mutex>
std::mutex Mu;
void stillChecked(bool Flag) {
  Mu.lock();
  if (Flag)
    return;
  Mu.unlock();
}
