// Waits a stop request cannot interrupt, in callables that have a stop token.
// No fix-it, even with --fix-notes: with the token, 'wait(Lock, Token, Pred)'
// returns false on a stop with the predicate unmet, and the code after it
// was written for a met one ('Items.pop_front()' below on an empty deque).
// RUN: %check_tidy -std=c++20 -fix-notes %s threads-missing-stop-token %t

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

class Queue {
public:
  void start() {
    Consumer = std::jthread([this](std::stop_token Token) {
      while (!Token.stop_requested()) {
        std::unique_lock<std::mutex> Lock(Mu);
        Ready.wait(Lock, [this] { return !Items.empty(); });
        // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'wait' on a 'std::condition_variable' cannot be interrupted by a stop request; the thread keeps waiting after a stop is requested and joining it hangs until someone notifies [threads-missing-stop-token]
        // CHECK-NOTES: :[[@LINE+17]]:27: note: make 'Ready' a 'std::condition_variable_any', pass the stop token to 'wait' and leave when it returns false: it then returns on a stop request with the predicate unmet
        // CHECK-FIXES: Ready.wait(Lock, [this] { return !Items.empty(); });
        Items.pop_front();
      }
    });
  }
  void push(int V) {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Items.push_back(V);
    }
    Ready.notify_one();
  }

private:
  std::mutex Mu;
  std::deque<int> Items;
  std::condition_variable Ready;
  // CHECK-FIXES: std::condition_variable Ready;
  std::jthread Consumer;
};

std::mutex GlobalMu;
std::condition_variable_any AnyReady;
std::condition_variable GlobalReady;
bool Flag;

void anyWithoutToken() {
  std::jthread T([](std::stop_token Token) {
    while (!Token.stop_requested()) {
      std::unique_lock<std::mutex> Lock(GlobalMu);
      AnyReady.wait_for(Lock, std::chrono::seconds(1), [] { return Flag; });
      // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'wait_for' without a 'std::stop_token' cannot be interrupted by a stop request; the thread keeps waiting after a stop is requested and joining it hangs until someone notifies [threads-missing-stop-token]
      // CHECK-FIXES: AnyReady.wait_for(Lock, std::chrono::seconds(1), [] { return Flag; });
      AnyReady.wait(Lock);
      // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'wait' without a 'std::stop_token'
      // CHECK-FIXES: AnyReady.wait(Lock);
      GlobalReady.wait(Lock);
      // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'wait' on a 'std::condition_variable' cannot be interrupted
    }
  });
}

// --- negative ---------------------------------------------------------------

void anyWithToken() {
  std::jthread T([](std::stop_token Token) {
    std::unique_lock<std::mutex> Lock(GlobalMu);
    while (AnyReady.wait(Lock, Token, [] { return Flag; }))
      Flag = false;
  });
}

// No stop token: nothing could interrupt the wait anyway (diagnostic 1 covers
// threads that cannot be stopped at all).
void noToken() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(GlobalMu);
    GlobalReady.wait(Lock, [] { return Flag; });
  });
  T.join();
}

// A wait outside any thread entry.
void notAThread(std::stop_token) {
  std::unique_lock<std::mutex> Lock(GlobalMu);
  GlobalReady.wait(Lock);
}
