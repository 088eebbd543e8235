// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- -config="{CheckOptions: {threads-unreleased-lock.AcquireFunctionsRegex: '^(Pool::grab|take_.*)$', threads-unreleased-lock.CheckExceptionPaths: false}}"

// Functions whose job is to leave the lock held, and code the check must not
// judge.

#include <mutex>

std::mutex Global;

// Thread-safety attributes say the function returns holding the lock.
void annotatedAcquire() __attribute__((exclusive_lock_function(Global)));
void annotatedAcquire() { Global.lock(); }

struct __attribute__((capability("mutex"))) Capability {
  void enter() __attribute__((acquire_capability())) { Impl.lock(); }
  void enterShared() __attribute__((acquire_shared_capability())) {
    Impl.lock();
  }
  bool tryEnter() __attribute__((try_acquire_capability(true))) {
    return Impl.try_lock();
  }
  void exit() __attribute__((release_capability())) { Impl.unlock(); }
  std::mutex Impl;
};

// AcquireFunctionsRegex: the caller releases.
struct Pool {
  std::mutex Mu;
  int *grab() {
    Mu.lock();
    return &Slot;
  }
  // Not matched by the regex, but every path out holds Mu and nothing here
  // releases it: a hand-off (threads-unreleased-lock-handoff.cpp).
  int *grabOther() {
    Mu.lock();
    return &Slot;
  }
  int *grabUnlessFull(bool Full) {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path
    // CHECK-FIXES: {{^}}    std::unique_lock lock(Mu);{{$}}
    if (Full) {
      Mu.unlock();
      // CHECK-FIXES: {{^}}      lock.unlock();{{$}}
      return nullptr;
    }
    return &Slot;
  }
  int Slot = 0;
};
void take_global() { Global.lock(); }

// Constructor locks, destructor of the same class unlocks: RAII.
class ScopedHold {
public:
  explicit ScopedHold(std::mutex *Mutex) : M(Mutex) { M->lock(); }
  ~ScopedHold() { M->unlock(); }

private:
  std::mutex *M;
};

// A constructor that locks without a matching destructor is a leak.
class LeakyCtor {
public:
  explicit LeakyCtor(std::mutex &M) { M.lock(); ++Count; }
  int Count = 0;
  // CHECK-MESSAGES: :[[@LINE-2]]:39: warning: 'M' is locked here and not released on every path
};

// Templates: one diagnostic in the template's spelling, none per
// instantiation.
template <typename Mutex> void positiveTemplate(Mutex &M, bool Flag) {
  M.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'M' is locked here and not released on every path
  if (Flag)
    return;
  M.unlock();
}
template void positiveTemplate<std::mutex>(std::mutex &, bool);
template void positiveTemplate<std::timed_mutex>(std::timed_mutex &, bool);

template <typename T> struct Box {
  std::mutex Mu;
  T Value;
  T get(bool Flag) {
    Mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path
    if (Flag)
      return T();
    T Copy = Value;
    Mu.unlock();
    return Copy;
  }
};
template struct Box<int>;
template struct Box<long>;

// Dependent release: cannot tell which lock it releases; stay silent.
template <typename Guard> void dependentRelease(Guard &G, bool Flag) {
  Global.lock();
  if (Flag) {
    G.unlock();
    return;
  }
  Global.unlock();
}

// Lambdas are functions of their own; a lock released inside a lambda does
// not count for the enclosing function, and vice versa. Here every path out
// still holds Global and the function releases it nowhere itself: a
// hand-off, not reported (threads-unreleased-lock-handoff.c).
void lambdaReleases() {
  Global.lock();
  auto Release = [] { Global.unlock(); };
  (void)Release;
}
void lambdaReleasesOnePath(bool Flag) {
  Global.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released on every path
  auto Release = [] { Global.unlock(); };
  if (Flag)
    Global.unlock();
  (void)Release;
}

// A non-lockable class with a lock() member is not a mutex.
struct Door {
  void lock();
  void open();
};
void notAMutex(Door &D, bool Flag) {
  D.lock();
  if (Flag)
    return;
  D.open();
}

// System headers are never reported (the standard library's own code).

// A body that is only the acquire is a wrapper: the caller releases.
std::mutex Crawler;
void pauseCrawler() { Crawler.lock(); }
void resumeCrawler() { Crawler.unlock(); }

// Called with the lock held: unlock for slow work, then take it back. The
// caller's lock is not this function's leak.
void workUnlocked(int N) {
  Crawler.unlock();
  for (int I = 0; I < N; ++I)
    Crawler.unlock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Crawler' is unlocked again after it was already released on every path
  Crawler.lock();
}

void relockCallers(bool Flag) {
  Crawler.unlock();
  if (Flag)
    Crawler.lock();
  else
    Crawler.lock();
}

void relockTwice() {
  Crawler.unlock();
  Crawler.lock();
  Crawler.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Crawler' is locked again while this thread already holds it
}
