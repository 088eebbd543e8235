// REQUIRES: absl
// RUN: %check_tidy -std=c++17,c++20 %s threads-unreleased-lock %t

// Abseil's real absl::Mutex (libabsl-dev): the capitalised member pairs are
// manual locks; absl::MutexLock and its reader, writer and releasable forms
// are RAII holders (their destructors unlock) and never reported.

#include <absl/synchronization/mutex.h>

class Counter {
public:
  int add(int N) {
    Mu.Lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
    if (N < 0)
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Mu' is still locked when 'add' returns here
    Value += N;
    Mu.Unlock();
    return Value;
  }

  int read(bool Fast) {
    Mu.ReaderLock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released
    if (Fast)
      return Value;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Mu' is still locked when 'read' returns here
    int V = Value;
    Mu.ReaderUnlock();
    return V;
  }

  void reset(bool Skip) {
    Mu.WriterLock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released
    if (Skip)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Mu' is still locked when 'reset' returns here
    Value = 0;
    Mu.WriterUnlock();
  }

  bool tryAdd(int N) {
    if (!Mu.TryLock())
      return false;
    // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'Mu' is locked here and not released
    if (N < 0)
      return false;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Mu' is still locked when 'tryAdd' returns here
    Value += N;
    Mu.Unlock();
    return true;
  }

  int tryRead(bool Fast) {
    if (Mu.ReaderTryLock()) {
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'Mu' is locked here and not released
      if (Fast)
        return Value;
      // CHECK-NOTES: :[[@LINE-1]]:9: note: 'Mu' is still locked when 'tryRead' returns here
      int V = Value;
      Mu.ReaderUnlock();
      return V;
    }
    return -1;
  }

  // --- negative ---------------------------------------------------------------

  int get() {
    Mu.ReaderLock();
    int V = Value;
    Mu.ReaderUnlock();
    return V;
  }

  bool tryReset() {
    if (Mu.TryLock()) {
      Value = 0;
      Mu.Unlock();
      return true;
    }
    return false;
  }

  int guarded(int N) {
    absl::MutexLock Hold(&Mu);
    if (N < 0)
      return -1;
    Value += N;
    return Value;
  }

  int guardedRead(bool Fast) {
    absl::ReaderMutexLock Hold(&Mu);
    if (Fast)
      return Value;
    return Value + 1;
  }

  void guardedWrite(int N) {
    absl::WriterMutexLock Hold(&Mu);
    if (N < 0)
      return;
    Value = N;
  }

  // ReleasableMutexLock::Release() gives the lock back early; either way the
  // holder's destructor handles it.
  int releasable(int N) {
    absl::ReleasableMutexLock Hold(&Mu);
    if (N < 0)
      return -1;
    int V = Value + N;
    Hold.Release();
    return V;
  }

private:
  absl::Mutex Mu;
  int Value = 0;
};
