// REQUIRES: libcxx
// RUN: %check_tidy -std=c++20 -stdlib=libc++ %s threads-blocking-under-lock %t

// libc++ (std::__1): the same families, holders and exemptions.

#include <chrono>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <semaphore>
#include <shared_mutex>
#include <thread>

using namespace std::chrono_literals;

std::mutex Mu;
std::mutex Other;
std::shared_mutex RW;
std::condition_variable Cv;
bool Ready;

void sleeps() {
  std::lock_guard<std::mutex> Guard(Mu);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long [threads-blocking-under-lock]
}

int waits(std::thread &T, std::future<int> &F, std::latch &L,
          std::counting_semaphore<2> &Sem) {
  std::scoped_lock Lock(Mu);
  T.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'join' blocks while 'Mu' is held; every thread that needs 'Mu' waits as long and deadlocks if the awaited thread needs 'Mu'
  L.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'Mu' is held
  Sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acquire' blocks while 'Mu' is held
  F.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'Mu' is held
  return F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'get' blocks while 'Mu' is held
}

void conditions() {
  std::unique_lock<std::mutex> Lock(Mu);
  Cv.wait(Lock, [] { return Ready; });
  Cv.wait_for(Lock, 1ms);
  std::shared_lock<std::shared_mutex> Reader(RW);
  Cv.wait(Lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 'RW' is held
}

void deferred(std::thread &T) {
  std::unique_lock<std::mutex> Lock(Mu, std::defer_lock);
  T.join();
  Lock.lock();
  Lock.unlock();
  T.join();
}
