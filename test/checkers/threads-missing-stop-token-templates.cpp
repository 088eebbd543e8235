// Templates: one diagnostic per spelling, however many instantiations.
// RUN: %check_tidy -std=c++20 %s threads-missing-stop-token %t

#include <thread>
#include <utility>

void tick();

template <typename T> struct Pool {
  void start() {
    std::jthread([](T Value) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread' requests a stop when it is destroyed, but its callable takes no 'std::stop_token' and runs a loop that never exits; the destructor waits forever; take a 'std::stop_token' and check it in the loop [threads-missing-stop-token]
      // Detached: no fix-it (threads-missing-stop-token.cpp, noFixJoined).
      // CHECK-FIXES: std::jthread([](T Value) {
      while (true)
        // CHECK-FIXES: while (true)
        tick(), (void)Value;
    }, T()).detach();
  }
};

// A wrapper that forwards its callable: each caller passes another one, and
// the wrapper is not where the loop is written. Silent.
template <typename F> void launch(F Body) { std::thread(Body).detach(); }
template <typename F> void launchForwarded(F &&Body) {
  std::thread(std::forward<F>(Body)).detach();
}

void spinForever() {
  for (;;)
    tick();
}

// Depends on the template argument: one instantiation loops forever, the
// code as written does not. Silent.
template <bool Forever> void maybe() {
  std::thread([] {
    while (Forever)
      tick();
  }).detach();
}

void instantiate() {
  Pool<int>().start();
  Pool<long>().start();
  launch(spinForever);
  launch(&spinForever);
  launchForwarded(spinForever);
  launchForwarded([] { while (true) tick(); });
  maybe<false>();
  maybe<true>();
}
