// RUN: %check_tidy -std=c++20 %s threads-blocking-under-lock %t

// What the check leaves alone: waits that give the held lock back, timed
// waits, calls after the lock is released, holders before they lock, the
// failure branch of a try-lock, calls that return at once, system headers,
// templates reported once, invalid and dependent code.

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <poll.h>
#include <semaphore>
#include <sys/select.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

std::mutex Mu;
std::timed_mutex Timed;
std::condition_variable Cv;
std::condition_variable_any AnyCv;
bool Ready;

// The wait gives the held lock back while it waits.
void givesBack() {
  std::unique_lock<std::mutex> Lock(Mu);
  Cv.wait(Lock);
  Cv.wait(Lock, [] { return Ready; });
  AnyCv.wait(Lock);
}

// Timed waits bound the wait.
void timed(std::future<int> &F, std::counting_semaphore<1> &Sem) {
  std::unique_lock<std::mutex> Lock(Mu);
  Cv.wait_for(Lock, 10ms);
  Cv.wait_until(Lock, std::chrono::steady_clock::now() + 1s);
  F.wait_for(1ms);
  (void)Timed.try_lock_for(1ms);
  (void)Sem.try_acquire_for(1ms);
}

// After the guard's scope, after unlock(), after a manual unlock.
void afterRelease(std::thread &T) {
  {
    std::lock_guard<std::mutex> Guard(Mu);
  }
  T.join();
  std::unique_lock<std::mutex> Lock(Mu);
  Lock.unlock();
  sleep(1);
  Mu.lock();
  Mu.unlock();
  sleep(1);
}

// A deferred holder holds nothing until it locks.
void deferred(std::future<void> &F) {
  std::unique_lock<std::mutex> Lock(Mu, std::defer_lock);
  F.wait();
  if (Lock.try_lock()) {
    Lock.unlock();
  }
  F.wait();
}

// The failure branch of a try-lock.
void tryLock() {
  std::unique_lock<std::mutex> Lock(Mu, std::try_to_lock);
  if (!Lock) {
    sleep(1);
    return;
  }
}

void manualTry() {
  if (!Mu.try_lock()) {
    usleep(10);
    return;
  }
  Mu.unlock();
  usleep(10);
}

void timedHolder() {
  std::unique_lock<std::timed_mutex> Lock(Timed, 10ms);
  if (!Lock.owns_lock())
    sleep(1);
}

// poll and epoll with a zero timeout, select with a zero timeval, return at
// once.
void nonBlockingPolls(pollfd *Fds, int N, fd_set *Set) {
  std::lock_guard<std::mutex> Guard(Mu);
  poll(Fds, 1, 0);
  constexpr int NoWait = 0;
  poll(Fds, 1, NoWait);
  timeval Zero = {0, 0};
  select(N, Set, nullptr, nullptr, &Zero);
}

// A receive whose constant flags have MSG_DONTWAIT returns at once.
void dontWait(int Fd, char *Buf, msghdr *Msg) {
  std::lock_guard<std::mutex> Guard(Mu);
  recv(Fd, Buf, 1, MSG_DONTWAIT);
  constexpr int Flags = MSG_DONTWAIT | MSG_NOSIGNAL;
  recvfrom(Fd, Buf, 1, Flags, nullptr, nullptr);
  recvmsg(Fd, Msg, MSG_PEEK | MSG_DONTWAIT);
}

// Nothing held: no lock in the function.
void noLock(std::thread &T) { T.join(); }

// A holder the engine does not follow (moved away) holds nothing for it.
std::unique_lock<std::mutex> handOff() {
  std::unique_lock<std::mutex> Lock(Mu);
  return Lock;
}

void moved() {
  std::unique_lock<std::mutex> Lock(Mu);
  std::unique_lock<std::mutex> Other(std::move(Lock));
  Other.unlock();
  sleep(1);
}

// Functions of one's own named like C library functions are not the C
// library's, and this one does not block.
namespace mine {
int read(int Fd) { return Fd; }
} // namespace mine

void ownNames() {
  std::lock_guard<std::mutex> Guard(Mu);
  mine::read(0);
}

// A template is reported once, in its spelling.
template <typename M> void generic(M &Lockable) {
  std::lock_guard<M> Guard(Lockable);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks while 'Lockable' is held
}
template void generic<std::mutex>(std::mutex &);
template void generic<std::timed_mutex>(std::timed_mutex &);

// A blocking call written in a macro's body is the macro's; a macro that is
// only the call is reported at its use.
#define NAP() usleep(1); usleep(2)
#define WAIT_A_BIT(N) usleep(N)
void macros() {
  std::lock_guard<std::mutex> Guard(Mu);
  NAP();
  WAIT_A_BIT(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks while 'Mu' is held
}
