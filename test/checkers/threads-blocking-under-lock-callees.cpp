// RUN: %check_tidy -std=c++17 %s threads-blocking-under-lock %t
// RUN: %check_tidy -std=c++17 -check-suffix=DEPTH1 %s threads-blocking-under-lock %t.depth1 -- \
// RUN:   -config="{CheckOptions: {threads-blocking-under-lock.MaxCallDepth: 1}}"
// RUN: %check_tidy -std=c++17 -check-suffix=DEPTH0 %s threads-blocking-under-lock %t.depth0 -- \
// RUN:   -config="{CheckOptions: {threads-blocking-under-lock.MaxCallDepth: 0}}"

// Visible callees that block, up to MaxCallDepth levels, with a note per
// step of the chain; callees that give the caller's lock back, or block
// under a lock of their own, are not followed.

#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <pthread.h>
#include <unistd.h>

std::mutex Mu;
std::mutex Own;
std::condition_variable Cv;
bool Ready;
char Line[128];

void readLine(FILE *In) { fgets(Line, sizeof Line, In); }
void reloadConfig(FILE *In) { readLine(In); }

void oneLevel(FILE *In) {
  std::lock_guard<std::mutex> Guard(Mu);
  readLine(In);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'readLine' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long [threads-blocking-under-lock]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'Mu' was locked here
  // CHECK-NOTES: :24:27: note: 'fgets' blocks here, in 'readLine'
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:3: warning: 'readLine' blocks while 'Mu' is held
}

void twoLevels(FILE *In) {
  Mu.lock();
  reloadConfig(In);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'reloadConfig' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long [threads-blocking-under-lock]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'Mu' was locked here
  // CHECK-NOTES: :25:31: note: 'reloadConfig' calls 'readLine' here
  // CHECK-NOTES: :24:27: note: 'fgets' blocks here, in 'readLine'
  Mu.unlock();
}

// Three levels are past the default depth.
void outer(FILE *In) { reloadConfig(In); }
void threeLevels(FILE *In) {
  std::lock_guard<std::mutex> Guard(Mu);
  outer(In);
}

// A wait for another thread through a callee names the deadlock.
int waitForPeer(std::future<int> &F) { return F.get(); }
int peer(std::future<int> &F) {
  std::lock_guard<std::mutex> Guard(Mu);
  return waitForPeer(F);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'waitForPeer' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks if the awaited thread needs 'Mu' [threads-blocking-under-lock]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'Mu' was locked here
  // CHECK-NOTES: :[[@LINE-6]]:47: note: 'get' blocks here, in 'waitForPeer'
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:10: warning: 'waitForPeer' blocks while 'Mu' is held
}

// A callee that gives the caller's lock back around its slow work.
void flushUnlocked() {
  Mu.unlock();
  sleep(1);
  Mu.lock();
}
void relock() {
  std::unique_lock<std::mutex> Lock(Mu);
  flushUnlocked();
}

// A callee that blocks under a lock of its own is reported there, once.
void ownCriticalSection() {
  std::lock_guard<std::mutex> Guard(Own);
  usleep(10);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'usleep' blocks while 'Own' is held; every thread that needs 'Own' waits as long [threads-blocking-under-lock]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'Own' was locked here
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-3]]:3: warning: 'usleep' blocks while 'Own' is held
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-4]]:3: warning: 'usleep' blocks while 'Own' is held
}
void callsOwn() {
  std::lock_guard<std::mutex> Guard(Mu);
  ownCriticalSection();
}

// A callee whose own critical section ends before it blocks is followed.
void countThenNap() {
  Own.lock();
  Ready = true;
  Own.unlock();
  usleep(5);
}
void callsCountThenNap() {
  std::lock_guard<std::mutex> Guard(Mu);
  countThenNap();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'countThenNap' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long [threads-blocking-under-lock]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'Mu' was locked here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: 'usleep' blocks here, in 'countThenNap'
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:3: warning: 'countThenNap' blocks while 'Mu' is held
}

// A callee that waits on its own condition gives back only its own lock:
// the caller's stays held while it waits.
void waitReady() {
  std::unique_lock<std::mutex> Lock(Own);
  Cv.wait(Lock, [] { return Ready; });
}
void callsWait() {
  std::lock_guard<std::mutex> Guard(Mu);
  waitReady();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'waitReady' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks if the awaited thread needs 'Mu' [threads-blocking-under-lock]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'Mu' was locked here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: 'wait' blocks here, in 'waitReady'
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:3: warning: 'waitReady' blocks while 'Mu' is held
}

// A callee that waits on a lock it has not taken itself is called with that
// lock held: it gives its caller's lock back. A condition-variable wrapper
// built on the caller's mutex (adopted, a member pointer, a global):
struct CondVarOn {
  std::mutex *M;
  std::condition_variable C;
  void Wait() {
    std::unique_lock<std::mutex> L(*M, std::adopt_lock);
    C.wait(L);
    L.release();
  }
};
struct PthreadCond {
  pthread_mutex_t *M;
  pthread_cond_t C;
  void await() { pthread_cond_wait(&C, M); }
};
pthread_mutex_t GlobalM = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t GlobalC = PTHREAD_COND_INITIALIZER;
void awaitGlobal() { pthread_cond_wait(&GlobalC, &GlobalM); }
void callsWrapperWaits(CondVarOn &Signal, PthreadCond &Done) {
  Mu.lock();
  Signal.Wait();
  Mu.unlock();
  pthread_mutex_lock(Done.M);
  Done.await();
  pthread_mutex_unlock(Done.M);
  pthread_mutex_lock(&GlobalM);
  awaitGlobal();
  pthread_mutex_unlock(&GlobalM);
}

// Virtual functions may be overridden: the body seen is not followed.
struct Base {
  virtual void run() { sleep(1); }
  virtual ~Base() = default;
};
void callsVirtual(Base &B) {
  std::lock_guard<std::mutex> Guard(Mu);
  B.run();
}

// Recursion ends.
void recurse(int N) {
  if (N > 0)
    recurse(N - 1);
}
void callsRecursive() {
  std::lock_guard<std::mutex> Guard(Mu);
  recurse(3);
}

// A constructor whose body blocks.
struct Connection {
  explicit Connection(int Fd) { read(Fd, Line, 1); }
};
void construct() {
  std::lock_guard<std::mutex> Guard(Mu);
  Connection C(3);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'Connection' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long [threads-blocking-under-lock]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'Mu' was locked here
  // CHECK-NOTES: :[[@LINE-7]]:33: note: 'read' blocks here, in 'Connection'
  // CHECK-MESSAGES-DEPTH1: :[[@LINE-4]]:14: warning: 'Connection' blocks while 'Mu' is held
}
