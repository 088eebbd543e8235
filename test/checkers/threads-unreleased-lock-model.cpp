// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- -config="{CheckOptions: {threads-unreleased-lock.ExtraLockPairs: 'stdThreadLockAcquire=stdThreadLockRelease;Spin::Acquire=Spin::Release', threads-unreleased-lock.CheckExceptionPaths: false}}"

// The acquire/release model beyond std::mutex: Abseil-style capitalised
// members found by duck typing, and ExtraLockPairs.

// Abseil's absl::Mutex shape (not the real header: Abseil is not installed).
class Mutex {
public:
  void Lock();
  void Unlock();
  bool TryLock();
  void ReaderLock();
  void ReaderUnlock();
};

Mutex Mu;

int positiveAbseil(int X) {
  Mu.Lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  if (X)
    return 1;
  Mu.Unlock();
  return 0;
}

int positiveReader(int X) {
  Mu.ReaderLock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  if (X)
    return 1;
  Mu.ReaderUnlock();
  return 0;
}

bool negativeTryLock() {
  if (!Mu.TryLock())
    return false;
  Mu.Unlock();
  return true;
}

// ExtraLockPairs: free functions and methods.
struct Handle {};
void stdThreadLockAcquire(Handle *);
void stdThreadLockRelease(Handle *);

void positiveExtraFree(Handle *H, int X) {
  stdThreadLockAcquire(H);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'H' is locked here and not released on every path
  if (X)
    return;
  stdThreadLockRelease(H);
}

struct Spin {
  void Acquire();
  void Release();
};

void positiveExtraMethod(Spin &S, int X) {
  S.Acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'S' is locked here and not released on every path
  if (X)
    return;
  S.Release();
}

void negativeExtraBalanced(Spin &S) {
  S.Acquire();
  S.Release();
}

// A class with lock() but no unlock() is not BasicLockable.
struct OneWay {
  void lock();
};
void negativeNotLockable(OneWay &O, int X) {
  O.lock();
  if (X)
    return;
}
