// The same matchers see through libc++'s std::__1 namespace.
// REQUIRES: libcxx
// libc++ ships std::jthread and std::stop_token as experimental before 20.
// RUN: %check_tidy -std=c++20 -stdlib=libc++ -fix-notes %s threads-missing-stop-token %t -- -- -fexperimental-library

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

void tick();

void jthreadWithoutToken() {
  std::jthread J([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'std::jthread' requests a stop when it is destroyed, but its callable takes no 'std::stop_token' and runs a loop that never exits; the destructor waits forever; take a 'std::stop_token' and check it in the loop [threads-missing-stop-token]
    // CHECK-FIXES: std::jthread J([](std::stop_token StopToken) {
    for (;;)
      // CHECK-FIXES: while (!StopToken.stop_requested())
      tick();
  });
}

void threadTemporary() {
  std::thread([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
    // Detached: no fix-it (threads-missing-stop-token.cpp, noFixJoined).
    // CHECK-FIXES: std::thread([] {
    while (true)
      // CHECK-FIXES: while (true)
      tick();
  }).detach();
}

struct Worker {
  void run() {
    while (true)
      tick();
  }
};
void containerAndBind(Worker &W) {
  std::vector<std::thread> Pool;
  Pool.emplace_back(std::bind(&Worker::run, &W));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
  Pool.emplace_back(&Worker::run, &W);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
  for (auto &T : Pool)
    T.join();
}

std::mutex Mu;
std::condition_variable_any Ready;
bool Flag;
void anyWait() {
  std::jthread T([](std::stop_token Token) {
    std::unique_lock<std::mutex> Lock(Mu);
    while (!Token.stop_requested())
      Ready.wait(Lock, [] { return Flag; });
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'wait' without a 'std::stop_token' cannot be interrupted by a stop request
    // No fix-it (threads-missing-stop-token-waits.cpp says why).
    // CHECK-FIXES: Ready.wait(Lock, [] { return Flag; });
  });
}
