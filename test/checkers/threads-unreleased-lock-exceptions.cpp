// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- -config="{CheckOptions: {threads-unreleased-lock.ExceptionPaths: Any, threads-unreleased-lock.NoThrowFunctions: 'audit;Log::write'}}"
// The older boolean still works: true is Known, false is None; and
// ExceptionPaths wins over it.
// RUN: %check_tidy -check-suffix=OFF -std=c++17 %s threads-unreleased-lock %t.off -- -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false}}"
// RUN: %check_tidy -check-suffix=OFF -std=c++17 %s threads-unreleased-lock %t.none -- -config="{CheckOptions: {threads-unreleased-lock.ExceptionPaths: none}}"
// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t.both -- -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false, threads-unreleased-lock.ExceptionPaths: Any, threads-unreleased-lock.NoThrowFunctions: 'audit;Log::write'}}"

// Exception paths under ExceptionPaths: Any (the behaviour before the option
// existed): a call that may throw between lock() and unlock() leaves the
// lock held when it throws. And discarded unique_lock::release(). The
// default, Known, is tested in -exceptions-known.cpp.

#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

std::mutex Mu;
std::vector<std::string> Names;

void mayThrow();
void noThrow() noexcept;
void audit();
struct Log {
  static void write(const char *);
};
extern "C" void cFunction(void);

void positiveThrowingCall(const std::string &Name) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' stays locked if an exception is thrown before it is released; use a RAII guard [threads-unreleased-lock]
  // CHECK-FIXES: std::scoped_lock lock(Mu);
  Names.push_back(Name);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'push_back' may throw here while 'Mu' is held
  Mu.unlock();
}

void positiveLeakAndThrow(bool Flag) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-NOTES-OFF: :[[@LINE-2]]:3: warning: 'Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-FIXES: std::scoped_lock lock(Mu);
  // CHECK-FIXES-OFF: std::scoped_lock lock(Mu);
  mayThrow();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'mayThrow' may throw here while 'Mu' is held
  if (Flag)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Mu' is still locked when 'positiveLeakAndThrow' returns here
  // CHECK-NOTES-OFF: :[[@LINE-2]]:5: note: 'Mu' is still locked when 'positiveLeakAndThrow' returns here
  Mu.unlock();
}

void negativeNoexceptCalls() {
  Mu.lock();
  noThrow();
  cFunction();
  audit();
  Log::write("x");
  int X = __builtin_abs(-1);
  (void)X;
  Mu.unlock();
}

// Not declared noexcept, but its body provably throws nothing.
inline unsigned long hidePtr(const void *P) {
  return reinterpret_cast<unsigned long>(P) ^ 0xF03A5F7BUL;
}
void negativeBodyDoesNotThrow() {
  Mu.lock();
  Names.size();
  (void)hidePtr(&Mu);
  Mu.unlock();
}

void negativeNoexceptFunction() noexcept {
  // An exception terminates the program here anyway.
  Mu.lock();
  mayThrow();
  Mu.unlock();
}

void negativeTryCatch() {
  Mu.lock();
  try {
    mayThrow();
  } catch (...) {
    Mu.unlock();
    throw;
  }
  Mu.unlock();
}

void negativeAfterRelease() {
  Mu.lock();
  Mu.unlock();
  mayThrow();
}

// --- discarded release() ----------------------------------------------------

void positiveDiscardedRelease() {
  std::unique_lock<std::mutex> Lock(Mu);
  Lock.release();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of 'std::unique_lock::release' is discarded; the mutex stays locked and no owner is left to unlock it [threads-unreleased-lock]
  // CHECK-NOTES-OFF: :[[@LINE-2]]:3: warning: the result of 'std::unique_lock::release' is discarded
}

void positiveDiscardedSharedRelease(std::shared_mutex &RW) {
  std::shared_lock<std::shared_mutex> Lock(RW);
  Lock.release();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of 'std::shared_lock::release' is discarded
  // CHECK-NOTES-OFF: :[[@LINE-2]]:3: warning: the result of 'std::shared_lock::release' is discarded
}

std::mutex *negativeReleaseHandedOn() {
  std::unique_lock<std::mutex> Lock(Mu);
  return Lock.release();
}

void negativeReleaseUsed() {
  std::unique_lock<std::mutex> Lock(Mu);
  std::mutex *M = Lock.release();
  M->unlock();
}

// leveldb's CondVar::Wait: the holder adopts the caller's lock and hands it
// back; the mutex stays locked on purpose, owned by the caller.
std::condition_variable AdoptCv;
void negativeReleaseAfterAdopt() {
  std::unique_lock<std::mutex> Lock(Mu, std::adopt_lock);
  AdoptCv.wait(Lock);
  Lock.release();
}

// A function whose job is to acquire (named like one) leaves the lock held
// for its caller; a call that may throw after the acquire is not a leak of
// its own (zeromq's mutex_t::lock() { pthread_mutex_lock(); posix_assert(); }).
struct WrapperMutex {
  void lock() {
    Inner.lock();
    mayThrow();
  }
  std::mutex Inner;
};
