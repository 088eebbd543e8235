// Option ThreadTypes: more thread classes whose constructor takes the
// callable first.
// RUN: %check_tidy -std=c++17 %s threads-missing-stop-token %t -- \
// RUN:   -config="{CheckOptions: {threads-missing-stop-token.ThreadTypes: 'util::Thread;::other::Worker'}}"
// RUN: %check_tidy -std=c++17 -check-suffixes=DEFAULT %s threads-missing-stop-token %t.default

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
