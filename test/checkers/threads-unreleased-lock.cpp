// RUN: %check_tidy -std=c++17,c++20 %s threads-unreleased-lock %t -- -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false}}"

// Core path analysis on std::mutex and friends (libstdc++). Exception paths
// are switched off here; threads-unreleased-lock-exceptions.cpp covers them.

#include <mutex>
#include <shared_mutex>

int compute(int) noexcept;

std::mutex Global;

// --- leak paths -------------------------------------------------------------

int positiveEarlyReturn(int X) {
  Global.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-FIXES: std::unique_lock lock(Global);
  if (X < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Global' is still locked when 'positiveEarlyReturn' returns here
  Global.unlock();
  // CHECK-FIXES: lock.unlock();
  return X;
}

void positiveEndOfBody(bool Flag) {
  Global.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released
  // CHECK-FIXES: std::unique_lock lock(Global);
  if (Flag)
    Global.unlock();
    // CHECK-FIXES: lock.unlock();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'Global' is still locked when 'positiveEndOfBody' reaches its end here

void positiveThrow(int X) {
  Global.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released
  // CHECK-FIXES: std::scoped_lock lock(Global);
  if (X > 10)
    throw X;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Global' is still locked when 'positiveThrow' throws here
  Global.unlock();
}

struct Account {
  std::mutex Mu;
  int Balance = 0;

  bool withdraw(int Amount) {
    Mu.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released
    // CHECK-FIXES: std::unique_lock lock(Mu);
    if (Balance < Amount)
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Mu' is still locked when 'withdraw' returns here
    Balance -= Amount;
    Mu.unlock();
    // CHECK-FIXES: lock.unlock();
    return true;
  }

  bool explicitThis(int Amount) {
    this->Mu.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'this->Mu' is locked here and not released
    // CHECK-FIXES: std::unique_lock lock(this->Mu);
    if (Amount == 0)
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'this->Mu' is still locked when 'explicitThis' returns here
    Mu.unlock(); // The same field reached through implicit 'this'.
    // CHECK-FIXES: lock.unlock(); // The same field reached through implicit 'this'.
    return true;
  }
};

int positiveThroughPointer(Account *A, int X) {
  A->Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'A->Mu' is locked here and not released
  // CHECK-FIXES: std::unique_lock lock(A->Mu);
  if (X == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'A->Mu' is still locked when 'positiveThroughPointer' returns here
  (*A).Mu.unlock(); // The same lock, spelled differently.
  // CHECK-FIXES: lock.unlock(); // The same lock, spelled differently.
  return X;
}

int positiveBreakOutOfLoop(int N) {
  int Sum = 0;
  for (int I = 0; I < N; ++I) {
    Global.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Global' is locked here and not released
    // CHECK-FIXES: std::scoped_lock lock(Global);
    if (I == 42)
      break;
    Sum += compute(I);
    Global.unlock();
  }
  return Sum;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'Global' is still locked when 'positiveBreakOutOfLoop' returns here
}

void positiveLoopReacquires(int N) {
  for (int I = 0; I < N; ++I) {
    Global.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Global' is locked here and not released
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the next loop iteration locks 'Global' again here while it is still held
    // CHECK-FIXES: std::scoped_lock lock(Global);
    if (compute(I) == 0)
      continue;
    Global.unlock();
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'Global' is still locked when 'positiveLoopReacquires' reaches its end here

void positiveGoto(int X) {
  Global.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released
  if (X)
    goto out;
  Global.unlock();
out:
  return;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'Global' is still locked when 'positiveGoto' returns here
}

void positiveSharedMutex(std::shared_mutex &RW, bool Flag) {
  RW.lock_shared();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'RW' is locked here and not released
  // CHECK-FIXES: std::shared_lock lock(RW);
  if (Flag)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'RW' is still locked when 'positiveSharedMutex' returns here
  RW.unlock_shared();
}

void positiveLambda() {
  auto Work = [](int X) {
    Global.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Global' is locked here and not released
    // CHECK-FIXES: std::scoped_lock lock(Global);
    if (X)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Global' is still locked when the lambda returns here
    Global.unlock();
  };
  Work(1);
}

// --- try_lock: held only on the success branch -----------------------------

bool positiveTryLockLeak(std::timed_mutex &M, int X) {
  if (!M.try_lock())
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: 'M' is locked here and not released
  if (X)
    return true;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'M' is still locked when 'positiveTryLockLeak' returns here
  M.unlock();
  return false;
}

bool negativeTryLock(std::mutex &M) {
  if (!M.try_lock())
    return false;
  M.unlock();
  return true;
}

bool negativeTryLockPositiveBranch(std::mutex &M) {
  if (M.try_lock()) {
    M.unlock();
    return true;
  }
  return false;
}

bool negativeTryLockStored(std::timed_mutex &M) {
  const bool Locked = M.try_lock_for(std::chrono::milliseconds(10));
  if (!Locked)
    return false;
  M.unlock();
  return true;
}

void negativeSpin(std::mutex &M) {
  while (!M.try_lock()) {
  }
  M.unlock();
}

// --- double lock / double unlock --------------------------------------------

void positiveDoubleLock() {
  Global.lock();
  Global.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Global' is locked again while this thread already holds it; a non-recursive lock deadlocks
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'Global' was locked here
  Global.unlock();
}

void positiveDoubleUnlock() {
  Global.lock();
  Global.unlock();
  Global.unlock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Global' is unlocked again after it was already released on every path; unlocking a lock this thread does not hold is undefined behavior
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'Global' was released here
}

std::recursive_mutex Recursive;
void negativeRecursive() {
  Recursive.lock();
  Recursive.lock();
  Recursive.unlock();
  Recursive.unlock();
}

void positiveRecursiveMissingRelease(bool Flag) {
  Recursive.lock();
  Recursive.lock();
  Recursive.unlock();
  if (Flag)
    Recursive.unlock();
}
// Either acquire may be the one left held.
// CHECK-NOTES: :[[@LINE-7]]:3: warning: 'Recursive' is locked here and not released
// CHECK-NOTES: :[[@LINE-3]]:1: note: 'Recursive' is still locked when 'positiveRecursiveMissingRelease' reaches its end here
// CHECK-NOTES: :[[@LINE-8]]:3: warning: 'Recursive' is locked here and not released
// CHECK-NOTES: :[[@LINE-5]]:1: note: 'Recursive' is still locked when 'positiveRecursiveMissingRelease' reaches its end here

void negativeMaybeDoubleUnlock(bool Flag) {
  Global.lock();
  if (Flag)
    Global.unlock();
  else
    Global.unlock();
}

// --- negative: released on every path ----------------------------------------

int negativeBalanced(int X) {
  Global.lock();
  if (X < 0) {
    Global.unlock();
    return -1;
  }
  Global.unlock();
  return X;
}

void negativeCallersLock() {
  // The caller locked it: an unlock with no acquire here is not ours to judge.
  Global.unlock();
}

void negativeAdoptLockGuard() {
  Global.lock();
  std::lock_guard<std::mutex> Guard(Global, std::adopt_lock);
}

void negativeAdoptUniqueLock(bool Flag) {
  Global.lock();
  if (Flag) {
    std::unique_lock<std::mutex> Owner(Global, std::adopt_lock);
    return;
  }
  Global.unlock();
}

void negativeStdLockThenAdopt(std::mutex &A, std::mutex &B) {
  std::lock(A, B);
  std::lock_guard<std::mutex> GA(A, std::adopt_lock);
  std::lock_guard<std::mutex> GB(B, std::adopt_lock);
}

// std::lock takes each of its locks: each one that leaks is reported.
std::mutex LockA, LockB;
void positiveStdLockLeaksBoth(bool Flag) {
  std::lock(LockA, LockB);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'LockA' is locked here and not released on every path
  // CHECK-NOTES: :[[@LINE+4]]:5: note: 'LockA' is still locked when 'positiveStdLockLeaksBoth' returns here
  // CHECK-NOTES: :[[@LINE-3]]:3: warning: 'LockB' is locked here and not released on every path
  // CHECK-NOTES: :[[@LINE+2]]:5: note: 'LockB' is still locked when 'positiveStdLockLeaksBoth' returns here
  if (Flag)
    return;
  LockA.unlock();
  LockB.unlock();
}

void positiveStdLockLeaksSecond(bool Flag) {
  std::lock(LockA, LockB);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'LockB' is locked here and not released on every path
  LockA.unlock();
  if (Flag)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'LockB' is still locked when 'positiveStdLockLeaksSecond' returns here
  LockB.unlock();
}

void negativeRaiiHolder(std::mutex &M, bool Flag) {
  // unique_lock is an owner: its destructor releases.
  std::unique_lock<std::mutex> Lock(M, std::defer_lock);
  Lock.lock();
  if (Flag)
    return;
  Lock.unlock();
}

void handOff(std::mutex &M);
void negativeEscapes(std::mutex &M) {
  M.lock();
  handOff(M); // May release it.
}

void negativeUnclearIdentity(std::mutex *Mutexes, int I) {
  Mutexes[I].lock();
  if (I)
    return;
  Mutexes[I].unlock();
}

std::mutex &pick(int I);
void negativeMutexFromCall(int I) {
  pick(I).lock();
  if (I)
    return;
  pick(I).unlock();
}

[[noreturn]] void fatal();
void negativeNoReturn(int X) {
  Global.lock();
  if (X)
    fatal();
  Global.unlock();
}

// Lock wrappers return holding the lock on purpose.
struct Wrapper {
  std::mutex Impl;
  void lock() { Impl.lock(); }
  void unlock() { Impl.unlock(); }
  void lockForWriting() { Impl.lock(); }
};

void negativeWrapperUser(Wrapper &W, bool Flag) {
  W.lock();
  if (Flag) {
    W.unlock();
    return;
  }
  W.unlock();
}

// A lock taken in the constructor and released in the destructor is RAII.
class Holder {
public:
  explicit Holder(std::mutex &M) : M(M) { this->M.lock(); }
  ~Holder() { M.unlock(); }

private:
  std::mutex &M;
};

