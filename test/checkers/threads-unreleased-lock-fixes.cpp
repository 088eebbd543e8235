// RUN: %check_tidy -check-suffixes=,CXX11 -std=c++11 %s threads-unreleased-lock %t
// RUN: %check_tidy -check-suffixes=,CXX17 -std=c++17,c++20 %s threads-unreleased-lock %t.17

// Fix-its: a manual lock becomes a RAII guard.

#include <mutex>

int compute(int) noexcept;
std::mutex Mu;
int Value;

int generalForm(int X) {
  Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES-CXX11: std::unique_lock<std::mutex> lock(Mu);
  // CHECK-FIXES-CXX17: std::unique_lock lock(Mu);
  if (X < 0)
    return -1;
  Value = X;
  Mu.unlock();
  // CHECK-FIXES: lock.unlock();
  return compute(X);
}

void scopeGuardForm(int X) {
  Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES-CXX11: std::lock_guard<std::mutex> lock(Mu);
  // CHECK-FIXES-CXX17: std::scoped_lock lock(Mu);
  if (X < 0)
    return;
  Value = X;
  Mu.unlock();
}
// CHECK-FIXES: Value = X;
// CHECK-FIXES-NEXT: }

struct Counter {
  std::mutex Guard;
  int N = 0;
  int bump(int By) {
    Guard.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Guard' is locked here and not released on every path
    // CHECK-FIXES-CXX11: std::unique_lock<std::mutex> lock(Guard);
    // CHECK-FIXES-CXX17: std::unique_lock lock(Guard);
    if (By == 0)
      return N;
    N += By;
    Guard.unlock();
    // CHECK-FIXES: lock.unlock();
    return 0;
  }
};

int nameClash(int lock) {
  Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES-CXX11: std::unique_lock<std::mutex> Mu_lock(Mu);
  // CHECK-FIXES-CXX17: std::unique_lock Mu_lock(Mu);
  if (lock)
    return lock;
  Mu.unlock();
  // CHECK-FIXES: Mu_lock.unlock();
  return 0;
}

void loopBody(int N) {
  for (int I = 0; I < N; ++I) {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path
    // CHECK-FIXES-CXX11: std::lock_guard<std::mutex> lock(Mu);
    // CHECK-FIXES-CXX17: std::scoped_lock lock(Mu);
    if (compute(I))
      continue;
    Mu.unlock();
  }
}
// CHECK-FIXES: continue;
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: }

// --- no fix-it ----------------------------------------------------------------

void releaseInOuterScope(int X) {
  {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path
    // CHECK-FIXES: Mu.lock();
    if (X)
      return;
  }
  Mu.unlock();
}

void withGoto(int X) {
  Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES: Mu.lock();
  if (X)
    goto done;
  Mu.unlock();
done:
  return;
}

std::mutex &pickMutex();
std::mutex *MuPtr;
void sideEffectFree(int X) {
  MuPtr->lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'MuPtr' is locked here and not released on every path
  // CHECK-FIXES-CXX11: std::unique_lock<std::mutex> lock(*MuPtr);
  // CHECK-FIXES-CXX17: std::unique_lock lock(*MuPtr);
  if (X)
    return;
  MuPtr->unlock();
  // CHECK-FIXES: lock.unlock();
  Value = 0;
}

#define RELEASE() Mu.unlock()
void releaseInMacro(int X) {
  Mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES: Mu.lock();
  if (X)
    return;
  RELEASE();
}
