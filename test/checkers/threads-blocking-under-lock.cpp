// RUN: %check_tidy -std=c++20 %s threads-blocking-under-lock %t

// Every blocking family of the check under a manual lock and under each kind
// of RAII holder (libstdc++).

#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <latch>
#include <mutex>
#include <poll.h>
#include <semaphore>
#include <shared_mutex>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

std::mutex Mu;
std::mutex Other;
std::shared_mutex RW;
std::condition_variable Cv;
bool Ready;

// Sleeps.
void sleeps() {
  std::lock_guard<std::mutex> Guard(Mu);
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long [threads-blocking-under-lock]
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_until' blocks while 'Mu' is held
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks while 'Mu' is held
  usleep(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks while 'Mu' is held
  timespec Ts{0, 1000};
  nanosleep(&Ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'nanosleep' blocks while 'Mu' is held
  clock_nanosleep(CLOCK_MONOTONIC, 0, &Ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'clock_nanosleep' blocks while 'Mu' is held
}

// Waiting for other threads: the deadlock is named.
void joins(std::thread &T, std::jthread &J) {
  Mu.lock();
  T.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'join' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks if the awaited thread needs 'Mu' [threads-blocking-under-lock]
  J.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'join' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks if the awaited thread needs 'Mu'
  Mu.unlock();
}

int futures(std::future<int> &F, std::shared_future<int> &S,
            std::future<void> &V) {
  std::unique_lock<std::mutex> Lock(Mu);
  int R = F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'get' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks if the awaited thread needs 'Mu'
  S.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks
  V.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks
  return R + S.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'get' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks
}

void syncPoints(std::latch &L, std::barrier<> &B,
                std::counting_semaphore<4> &Sem, std::binary_semaphore &Bin) {
  std::scoped_lock Both(Mu, Other);
  L.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks
  L.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'arrive_and_wait' blocks while 'Mu' is held
  B.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'arrive_and_wait' blocks while 'Mu' is held
  Sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acquire' blocks while 'Mu' is held
  Bin.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acquire' blocks while 'Mu' is held
}

// A condition wait gives back its own lock only: the other one stays held.
void conditionOnOther() {
  std::lock_guard<std::mutex> Outer(Other);
  std::unique_lock<std::mutex> Lock(Mu);
  Cv.wait(Lock, [] { return Ready; });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'Other' is held; every thread that needs 'Other' waits as long and deadlocks if the awaited thread needs 'Other'
}

void conditionAny(std::condition_variable_any &Any) {
  Other.lock();
  std::unique_lock<std::mutex> Lock(Mu);
  Any.wait(Lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'Other' is held
  Other.unlock();
}

// Blocking I/O and processes.
void io(int Fd, char *Buf, FILE *In, pollfd *Fds, int Timeout) {
  std::shared_lock<std::shared_mutex> Reader(RW);
  read(Fd, Buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' blocks while 'RW' is held; every thread that needs 'RW' waits as long [threads-blocking-under-lock]
  recv(Fd, Buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recv' blocks while 'RW' is held
  recvfrom(Fd, Buf, 16, 0, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recvfrom' blocks while 'RW' is held
  accept(Fd, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'accept' blocks while 'RW' is held
  connect(Fd, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'connect' blocks while 'RW' is held
  fgets(Buf, 16, In);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fgets' blocks while 'RW' is held
  fgetc(In);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fgetc' blocks while 'RW' is held
  fread(Buf, 1, 16, In);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fread' blocks while 'RW' is held
  poll(Fds, 1, Timeout);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll' blocks while 'RW' is held
  poll(Fds, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll' blocks while 'RW' is held
  std::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'system' blocks while 'RW' is held
  FILE *P = popen("ls", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'popen' blocks while 'RW' is held
  pclose(P);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pclose' blocks while 'RW' is held
  waitpid(-1, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'waitpid' blocks while 'RW' is held
  wait(nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'RW' is held
}

// unique_lock while it owns: from lock() to unlock(), again after lock().
void deferred(std::future<int> &F) {
  std::unique_lock<std::mutex> Lock(Mu, std::defer_lock);
  F.wait();
  Lock.lock();
  F.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'Mu' is held
  Lock.unlock();
  F.wait();
  Lock.lock();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks while 'Mu' is held
}

// std::lock on deferred holders locks them.
void stdLock() {
  std::unique_lock<std::mutex> A(Mu, std::defer_lock);
  std::unique_lock<std::mutex> B(Other, std::defer_lock);
  std::lock(A, B);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks while 'Mu' is held
}

// An adopting guard keeps the lock held until its scope ends.
void adopted() {
  Mu.lock();
  {
    std::lock_guard<std::mutex> Guard(Mu, std::adopt_lock);
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep' blocks while 'Mu' is held
  }
  sleep(1);
}

// After release() the mutex stays locked until it is unlocked.
void released() {
  std::unique_lock<std::mutex> Lock(Mu);
  Lock.release();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks while 'Mu' is held
  Mu.unlock();
  sleep(1);
}

// C++17 class template argument deduction and a try-lock on its success
// branch.
void deduced() {
  std::unique_lock Lock(Mu, std::try_to_lock);
  if (Lock.owns_lock()) {
    usleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'usleep' blocks while 'Mu' is held
  }
}

// A holder of one's own: its destructor releases.
class Guard {
public:
  explicit Guard(std::mutex &M) : M(M) { M.lock(); }
  ~Guard() { M.unlock(); }

private:
  std::mutex &M;
};

void ownGuard() {
  Guard G(Mu);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks while 'Mu' is held
}

// Lambdas are functions of their own.
void lambda() {
  auto F = [] {
    std::lock_guard<std::mutex> Guard(Mu);
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep' blocks while 'Mu' is held
  };
  F();
}
