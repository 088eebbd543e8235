// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.AcquireFunctionsRegex: '^(::)?(Pool::grab|take_)'}}"
// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t.colons -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.AcquireFunctionsRegex: '^::(Pool::grab|take_)'}}"
// RUN: %check_tidy -std=c++17 -check-suffix=INNER %s threads-unreleased-lock %t.inner -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.AcquireFunctionsRegex: 'grab'}}"

// AcquireFunctionsRegex: the regex is searched for in the fully qualified
// name (anchored only by '^'/'$' the user writes), a leading '::' optional.
// Once it is set, the regex alone decides which functions acquire for their
// caller: the built-in name rule (a name that starts or ends with 'lock',
// 'acquire', 'enter') no longer applies.

#include <mutex>

std::mutex Global;
int Count;

struct Pool {
  std::mutex Mu;
  int Slot = 0;
  int *grab(bool Empty) {
    Mu.lock();
    if (Empty)
      return nullptr;
    return &Slot;
  }
  int *grabTwo() {
    Mu.lock();
    return &Slot;
  }
  // Inside the name: matched by the unanchored 'grab' only.
  int *regrab(bool Empty) {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path
    // CHECK-FIXES: std::unique_lock lock(Mu);
    if (Empty)
      return nullptr;
    Mu.unlock();
    // CHECK-FIXES: lock.unlock();
    return &Slot;
  }
};

void take_global() { Global.lock(); }

// Released on the failure path only: held for the caller on the other one
// when the regex names it, a leak when it does not (a lock every path holds
// and nothing releases is a hand-off whatever the regex says:
// threads-unreleased-lock-handoff.c).
int take_counted(bool Fail) {
  Global.lock();
  // CHECK-MESSAGES-INNER: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released on every path
  // CHECK-FIXES-INNER: std::unique_lock lock(Global);
  if (Fail) {
    Global.unlock();
    // CHECK-FIXES-INNER: lock.unlock();
    return -1;
  }
  ++Count;
  return Count;
}

// Names the built-in rule would take for acquire wrappers: with the option
// set, their leaks are reported.
int lockAndCount(bool Fail) {
  Global.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released on every path
  // CHECK-MESSAGES-INNER: :[[@LINE-2]]:3: warning: 'Global' is locked here and not released on every path
  // CHECK-FIXES: std::unique_lock lock(Global);
  // CHECK-FIXES-INNER: std::unique_lock lock(Global);
  if (Fail)
    return -1;
  ++Count;
  Global.unlock();
  return Count;
}

struct Table {
  std::mutex Mu;
  int Rows = 0;
  bool acquireRow(int Row) {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path
    // CHECK-MESSAGES-INNER: :[[@LINE-2]]:5: warning: 'Mu' is locked here and not released on every path
    // CHECK-FIXES: std::unique_lock lock(Mu);
    // CHECK-FIXES-INNER: std::unique_lock lock(Mu);
    if (Row > Rows)
      return false;
    Mu.unlock();
    return true;
  }
  void ReaderLock(bool Fast) {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path
    // CHECK-MESSAGES-INNER: :[[@LINE-2]]:5: warning: 'Mu' is locked here and not released on every path
    // CHECK-FIXES: std::scoped_lock lock(Mu);
    // CHECK-FIXES-INNER: std::scoped_lock lock(Mu);
    if (Fast)
      return;
    ++Rows;
    Mu.unlock();
  }
};
