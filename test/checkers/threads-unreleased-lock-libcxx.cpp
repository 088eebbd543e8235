// REQUIRES: libcxx
// RUN: %check_tidy -std=c++17,c++20 -stdlib=libc++ %s threads-unreleased-lock %t

// libc++ (std::__1): the same findings and fix-its.

#include <mutex>
#include <shared_mutex>

std::mutex Mu;
std::shared_mutex RW;
int Value;

int leak(int X) {
  Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES: std::unique_lock lock(Mu);
  if (X < 0)
    return -1;
  Value = X;
  Mu.unlock();
  // CHECK-FIXES: lock.unlock();
  return 0;
}

int sharedLeak(int X) {
  RW.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'RW' is locked here and not released on every path
  // CHECK-FIXES: std::shared_lock lock(RW);
  if (X < 0)
    return -1;
  const int Copy = Value;
  RW.unlock_shared();
  // CHECK-FIXES: lock.unlock();
  return Copy;
}

bool tryLock() {
  if (!Mu.try_lock())
    return false;
  Mu.unlock();
  return true;
}

void adopt() {
  Mu.lock();
  std::lock_guard<std::mutex> Guard(Mu, std::adopt_lock);
}

void discarded() {
  std::unique_lock<std::mutex> Lock(Mu);
  Lock.release();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'std::unique_lock::release' is discarded
}
