// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false}}"

// Acquires that are the caller's to release: a lock reached through a
// parameter and released nowhere in the function (an acquire wrapper, a
// guard's constructor), and the null mutex, whose members do nothing.

#include <cassert>
#include <mutex>
#include <pthread.h>

void work();

// --- negative ----------------------------------------------------------------

// rocksdb's toku_mutex_lock_with_source_location.
struct toku_mutex_t {
  pthread_mutex_t pmutex;
};
inline void toku_mutex_lock_with_source_location(toku_mutex_t *mutex,
                                                 const char *file, int line) {
  const int r = pthread_mutex_lock(&mutex->pmutex);
  (void)file, (void)line;
  assert(r == 0);
}

// A guard that locks through its constructor's parameter and unlocks through
// the member bound to it (onetbb's Synchronize.h).
class Guard {
  std::mutex &M;
  int Depth;

public:
  explicit Guard(std::mutex &m) : M(m) {
    m.lock();
    Depth = 1;
  }
  ~Guard() { M.unlock(); }
};

struct Logger {
  std::mutex Mu;
};
class FileOpGuard {
  Logger &L;

public:
  explicit FileOpGuard(Logger &l) : L(l) {
    l.Mu.lock();
    work();
  }
  ~FileOpGuard() { L.Mu.unlock(); }
};

// tbb::null_rw_mutex: every member is empty.
struct null_rw_mutex {
  void lock() {}
  bool try_lock() { return true; }
  void unlock() {}
  void lock_shared() {}
  bool try_lock_shared() { return true; }
  void unlock_shared() {}
};
bool negativeNullMutex() {
  null_rw_mutex m;
  m.lock();
  bool A = m.try_lock();
  m.lock_shared();
  bool B = m.try_lock_shared();
  m.unlock_shared();
  m.unlock();
  return A && B;
}

// --- positive ----------------------------------------------------------------

// Released on one path only: not a wrapper.
void positiveParameterReleasedOnOnePath(std::mutex &m, bool Early) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' is locked here and not released on every path
  // CHECK-FIXES: {{^}}  std::scoped_lock lock(m);{{$}}
  if (Early)
    return;
  work();
  m.unlock();
  // CHECK-FIXES-NOT: {{^}}  m.unlock();{{$}}
}

// A global locked on every path out and released nowhere here: handed to
// the caller on purpose (threads-unreleased-lock-handoff.cpp).
std::mutex Global;
void negativeGlobalNeverReleased() {
  Global.lock();
  work();
}
// Released on one path, not on the other: reported.
void positiveGlobalReleasedOnOnePath(bool Done) {
  Global.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released on every path
  if (Done)
    Global.unlock();
}

// A mutex whose members have bodies that do something is a lock.
struct Counting {
  int Held = 0;
  void lock() { ++Held; }
  void unlock() { --Held; }
};
void positiveCountingMutex(bool Early) {
  Counting C;
  C.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'C' is locked here and not released on every path
  // CHECK-FIXES: {{^}}  std::scoped_lock lock(C);{{$}}
  if (Early)
    return;
  C.unlock();
  // CHECK-FIXES-NOT: {{^}}  C.unlock();{{$}}
}
