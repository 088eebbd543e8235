// Option ThreadTypes: more thread classes whose constructor takes the
// callable first.
// RUN: %check_tidy -std=c++17 %s threads-missing-stop-token %t -- \
// RUN:   -config="{CheckOptions: {threads-missing-stop-token.ThreadTypes: 'util::Thread;::other::Worker;util::Task;util::Loop'}}"
// RUN: %check_tidy -std=c++17 -check-suffixes=DEFAULT %s threads-missing-stop-token %t.default

#include <functional>
#include <thread>
#include <utility>

void tick();

namespace util {
class Thread {
public:
  template <typename F> explicit Thread(F &&Body) : Impl(std::forward<F>(Body)) {}
  void join() { Impl.join(); }

private:
  std::thread Impl;
};
} // namespace util

namespace other {
struct Worker {
  template <typename F> Worker(F &&) {}
};
} // namespace other

void custom() {
  util::Thread T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: this thread runs a loop that never exits
    while (true)
      tick();
  });
  T.join();
  other::Worker W([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: this thread runs a loop that never exits
    for (;;)
      tick();
  });
  // Always a thread, with or without the option.
  std::thread([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
    // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: warning: this thread runs a loop that never exits
    for (;;)
      tick();
  }).detach();
}

// An in-house thread class whose constructor takes a std::function: the
// lambda it is given (through the conversion) is the thread's entry.
namespace util {
class Task {
public:
  explicit Task(std::function<void()> Body) : Impl(std::move(Body)) {}
  void join() { Impl.join(); }

private:
  std::thread Impl;
};
struct Loop {
  Loop(const std::function<void()> &Body, int Priority);
};
} // namespace util

void viaStdFunction(const std::function<void()> &Unseen) {
  util::Task T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: this thread runs a loop that never exits
    while (true)
      tick();
  });
  T.join();
  util::Loop L(
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: this thread runs a loop that never exits
      [] {
        for (;;)
          tick();
      },
      1);
  util::Task Explicit(std::function<void()>([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: this thread runs a loop that never exits
    for (;;)
      tick();
  }));
  Explicit.join();
  // A loop with an exit, and a std::function whose target is not visible.
  util::Task Bounded([] {
    for (int I = 0; I < 3; ++I)
      tick();
  });
  Bounded.join();
  util::Task Opaque(Unseen);
  Opaque.join();
}
