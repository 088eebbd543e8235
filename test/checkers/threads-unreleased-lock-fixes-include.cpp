// RUN: %check_tidy -check-suffixes=,CXX14 -std=c++14 %s threads-unreleased-lock %t
// RUN: %check_tidy -check-suffixes=,CXX17 -std=c++17 %s threads-unreleased-lock %t.17

// The guard's header is added when missing; lock_shared uses
// std::shared_lock.

#include <condition_variable>
#include <shared_mutex>
// CHECK-FIXES: #include <condition_variable>
// CHECK-FIXES-NEXT: #include <mutex>
// CHECK-FIXES-NEXT: #include <shared_mutex>

std::mutex Mu;
std::shared_timed_mutex *RW;
int Value;

int readValue(bool Flag) {
  RW->lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'RW' is locked here and not released on every path
  // CHECK-FIXES-CXX14: std::shared_lock<std::shared_timed_mutex> lock(*RW);
  // CHECK-FIXES-CXX17: std::shared_lock lock(*RW);
  if (Flag)
    return -1;
  const int Copy = Value;
  RW->unlock_shared();
  // CHECK-FIXES: lock.unlock();
  return Copy;
}

void writeValue(int X) {
  Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES-CXX14: std::lock_guard<std::mutex> lock(Mu);
  // CHECK-FIXES-CXX17: std::scoped_lock lock(Mu);
  if (X < 0)
    return;
  Value = X;
  Mu.unlock();
}
