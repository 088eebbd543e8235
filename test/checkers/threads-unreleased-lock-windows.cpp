// REQUIRES: windows-headers
// RUN: %check_tidy -std=c++14,c++17 %s threads-unreleased-lock %t -- -config="{CheckOptions: {threads-unreleased-lock.ExceptionPaths: Any}}" -- %mingw_flags

// C++ on MinGW-w64's real <windows.h> (no C++ standard library needed):
// critical sections and SRW locks as class members, exception paths, lambdas.
// No fix-it: std::unique_lock cannot hold a CRITICAL_SECTION or an SRWLOCK.

#include <windows.h>

void mayThrow();

class Cache {
public:
  Cache() {
    InitializeCriticalSection(&Cs);
    InitializeSRWLock(&Rw);
  }
  ~Cache() { DeleteCriticalSection(&Cs); }

  int get(int Key) {
    EnterCriticalSection(&Cs);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Cs' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
    if (Key < 0)
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Cs' is still locked when 'get' returns here
    int Value = Values[Key % 8];
    LeaveCriticalSection(&Cs);
    return Value;
  }

  int read(int Key) {
    if (!TryAcquireSRWLockShared(&Rw))
      return 0;
    // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'Rw' is locked here and not released
    if (Key < 0)
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Rw' is still locked when 'read' returns here
    int Value = Values[Key % 8];
    ReleaseSRWLockShared(&Rw);
    return Value;
  }

  void refresh() {
    AcquireSRWLockExclusive(&Rw);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Rw' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
    mayThrow();
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mayThrow' may throw here while 'Rw' is held
    ReleaseSRWLockExclusive(&Rw);
  }

  void update(int Key) {
    auto Store = [this](int K) {
      EnterCriticalSection(&Cs);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'Cs' is locked here and not released
      if (K < 0)
        return;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: 'Cs' is still locked when the lambda returns here
      Values[K % 8] = K;
      LeaveCriticalSection(&Cs);
    };
    Store(Key);
  }

  // --- negative ---------------------------------------------------------------

  int size() {
    EnterCriticalSection(&Cs);
    int N = 8;
    LeaveCriticalSection(&Cs);
    return N;
  }

  void refreshNoexcept() noexcept {
    AcquireSRWLockExclusive(&Rw);
    mayThrow();
    ReleaseSRWLockExclusive(&Rw);
  }

  int peek() {
    if (TryEnterCriticalSection(&Cs)) {
      int Value = Values[0];
      LeaveCriticalSection(&Cs);
      return Value;
    }
    return -1;
  }

private:
  CRITICAL_SECTION Cs;
  SRWLOCK Rw;
  int Values[8] = {};
};
