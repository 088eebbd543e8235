// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false}}"

// Locks released under a local flag that records whether they are held
// (`bool Locked = true; ... if (Locked) M.unlock();`): the flag's value is
// followed along each path, so these are only reported when some path
// really keeps the lock.

#include <mutex>
#include <pthread.h>

std::mutex M;
pthread_mutex_t PM = PTHREAD_MUTEX_INITIALIZER;
bool cond();
void work();

// --- negative: the flag says exactly when the lock is held ------------------

// onetbb's market::try_destroy_arena.
void negativeClearedAfterEarlyUnlock(bool Early) {
  bool Locked = true;
  M.lock();
  if (Early) {
    M.unlock();
    Locked = false;
    work();
  }
  if (Locked)
    M.unlock();
}

void negativeSetAfterLock() {
  bool Held = false;
  if (cond()) {
    pthread_mutex_lock(&PM);
    Held = true;
  }
  work();
  if (Held)
    pthread_mutex_unlock(&PM);
}

// An int flag that is only ever 0 or 1: `State == 1` is false only at 0.
void negativeIntFlag(int N) {
  int State = 0;
  for (int I = 0; I < N; ++I) {
    if (cond()) {
      M.lock();
      State = 1;
      break;
    }
  }
  if (State == 1)
    M.unlock();
}

void negativeIntFlagEarlyReturn(int N) {
  int State = 0;
  for (int I = 0; I < N; ++I)
    if (cond()) {
      M.lock();
      State = 1;
      break;
    }
  if (State != 1)
    return;
  work();
  M.unlock();
}

// A parameter or a const member tested before the lock and before the
// unlock keeps its value in between (rocksdb's DBImpl).
int Value;
int negativeParameterFlag(bool Lock) {
  if (Lock)
    M.lock();
  int R = Value;
  if (Lock)
    M.unlock();
  return R;
}

struct Wal {
  std::mutex LogMu;
  const bool TwoQueues;
  int Last = 0;
  explicit Wal(bool Two) : TwoQueues(Two) {}
  int negativeConstMemberFlag() {
    if (TwoQueues)
      LogMu.lock();
    int S = ++Last;
    if (TwoQueues)
      LogMu.unlock();
    return S;
  }
  bool Mutable = false;
  // A non-const member re-tested with nothing in between that may write it
  // (work() does not get its address and is not a member call on *this):
  // the same value, so the same paths (threads-unreleased-lock-conditions).
  int negativeMutableMemberFlag() {
    if (Mutable)
      LogMu.lock();
    work();
    if (Mutable)
      LogMu.unlock();
    return Last;
  }
  void reconfigure();
  // A non-const member call on *this may change it: no longer correlated.
  int positiveMutableMemberFlagWritten() {
    if (Mutable)
      LogMu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'LogMu' is locked here and not released on every path
    reconfigure();
    if (Mutable)
      LogMu.unlock();
    return Last;
  }
};

// rocksdb's `if (UNLIKELY(needs_locking))`: the flag seen through
// __builtin_expect.
#define UNLIKELY(x) __builtin_expect((x), 0)
void negativeFlagUnderBuiltinExpect(int N) {
  const bool NeedsLocking = N > 3;
  if (UNLIKELY(NeedsLocking))
    M.lock();
  work();
  if (UNLIKELY(NeedsLocking))
    M.unlock();
}

// Caller holds M unless NeedLock: the lock is the caller's again on exit.
void persist();
void negativeNegatedParameterFlag(bool NeedLock) {
  if (NeedLock)
    M.lock();
  M.unlock();
  persist();
  if (!NeedLock)
    M.lock();
}

// rocksdb's WriteToWAL: a lock under one flag, inside a branch on another
// flag that is tested again later. The paths where NeedsLocking is false
// never held M, whatever Sync says.
void negativeFlagInsideFlaggedBranch(bool Sync) {
  if (cond() && Sync) {
    const bool NeedsLocking = cond();
    if (NeedsLocking)
      M.lock();
    work();
    if (NeedsLocking)
      M.unlock();
  }
  if (Sync)
    work();
}

// rocksdb's WriteOptionsFile: locked here or held by the caller, given back
// in the middle, retaken only for the caller; another flag tested between.
void negativeTwoParameterFlags(bool NeedLock, bool Enter) {
  if (NeedLock)
    M.lock();
  if (Enter)
    work();
  M.unlock();
  persist();
  if (!NeedLock)
    M.lock();
  if (Enter)
    work();
}

// rocksdb's MultiCFSnapshot: the last try takes the lock; only the other
// tries can ask for a retry, and the lock is released before leaving.
bool negativeRetryLoop(int N) {
  bool LastTry = false;
  for (int I = 0; I < 3; ++I) {
    LastTry = (I == 2);
    bool Retry = false;
    if (LastTry)
      M.lock();
    for (int J = 0; J < N; ++J) {
      if (LastTry)
        continue;
      if (cond()) {
        Retry = true;
        break;
      }
    }
    if (!Retry) {
      if (LastTry)
        M.unlock();
      break;
    }
  }
  return LastTry;
}

// rocksdb's FindObsoleteFiles: the caller holds M; it is given back and
// retaken on the path where the list is not empty, and the empty list
// returned before. Retaking M on a path that never gave it back would
// deadlock at once, so that path is taken to be impossible.
void negativeCallerLockRetakenAfterExclusiveTests(const int *First,
                                                  const int *Last) {
  if (First == Last)
    return;
  if (First != Last) {
    M.unlock();
    work();
  }
  M.lock();
}

void positiveParameterWritten(bool Lock) {
  if (Lock)
    M.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path
  Lock = cond();
  if (Lock)
    M.unlock();
}

// --- positive: the flag does not cover every path --------------------------

void positiveInvertedTest() {
  bool Held = false;
  if (cond()) {
    M.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
    Held = true;
  }
  if (!Held)
    return;
  work();
}

// The inner flag releases M only when Sync: narrowing the paths by one flag
// keeps the others' paths where they still leak.
void positiveNarrowedFlagStillLeaks(bool Sync) {
  const bool NeedsLocking = cond();
  if (NeedsLocking)
    M.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path
  work();
  if (Sync) {
    if (NeedsLocking)
      M.unlock();
  }
}

// Set again from a call: either value from there on.
void positiveFlagReassignedUnknown() {
  bool Held = false;
  if (cond()) {
    M.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path
    Held = true;
  }
  Held = cond();
  if (Held)
    M.unlock();
}

// Set to 2 where the lock is taken, then maybe overwritten with 1: a test
// for 2 misses that path.
void positiveOverwrittenFlag(int N) {
  int State = 0;
  if (cond()) {
    M.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path
    State = 2;
  }
  if (N)
    State = 1;
  if (State == 2)
    M.unlock();
}

// A lambda can change the flag whenever it runs: not followed, and the
// paths are joined as before (reported).
void positiveFlagWrittenByLambda() {
  bool Locked = true;
  M.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'M' is locked here and not released on every path
  // CHECK-FIXES: {{^}}  std::unique_lock lock(M);{{$}}
  auto Clear = [&] { Locked = false; };
  if (cond()) {
    M.unlock();
    // CHECK-FIXES: {{^}}    lock.unlock();{{$}}
    Clear();
  }
  if (Locked)
    M.unlock();
  // CHECK-FIXES: {{^}}    lock.unlock();{{$}}
}

// A flag whose address escapes is not followed either.
void setLater(bool *Flag);
void positiveFlagAddressTaken() {
  bool Locked = false;
  if (cond()) {
    M.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'M' is locked here and not released on every path
    Locked = true;
  }
  setLater(&Locked);
  if (Locked)
    M.unlock();
}
