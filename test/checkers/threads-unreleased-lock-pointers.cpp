// Lock identity through pointer variables, C++ (docs/engine.md): the lock
// the reaching assignment points to.
// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false}}"

#include <mutex>

void work();

struct Shard {
  std::mutex Mu;
  Shard *Next = nullptr;
};

void negativeAliasThenDirect(Shard &S) {
  std::mutex *M = &S.Mu;
  M->lock();
  work();
  S.Mu.unlock();
}

void negativeTwoTargets(Shard &A, Shard &B) {
  std::mutex *M = &A.Mu;
  M->lock();
  M = &B.Mu;
  M->lock();
  work();
  M->unlock();
  A.Mu.unlock();
}

void positiveWrongOneReleased(Shard &A, Shard &B, bool Early) {
  std::mutex *M = &A.Mu;
  M->lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'M' is locked here and not released on every path
  if (Early) {
    M->unlock();
    return;
  }
  M = &B.Mu;
  work();
  // B.Mu was not taken here: A.Mu stays locked on this path.
  M->unlock();
}
