// Option ThreadTypes: more thread classes whose constructor takes the
// callable first (the same option, with the same meaning, as
// threads-missing-stop-token's).
// RUN: %check_tidy -std=c++17 %s threads-exception-escapes-thread %t -- \
// RUN:   -config="{CheckOptions: {threads-exception-escapes-thread.ThreadTypes: 'util::Thread;::util::Task'}}"
// RUN: %check_tidy -std=c++17 -check-suffixes=DEFAULT %s threads-exception-escapes-thread %t.default

#include <functional>
#include <stdexcept>
#include <thread>
#include <utility>

namespace util {
class Thread {
public:
  template <typename F> explicit Thread(F &&Body) : Impl(std::forward<F>(Body)) {}
  void join() { Impl.join(); }

private:
  std::thread Impl;
};

// Takes a std::function: the lambda it is given is the thread's entry.
class Task {
public:
  explicit Task(std::function<void()> Body) : Impl(std::move(Body)) {}
  void join() { Impl.join(); }

private:
  std::thread Impl;
};

// Not listed: not a thread.
struct Later {
  explicit Later(std::function<void()> Body);
};
} // namespace util

void fail() { throw std::runtime_error("fail"); }

void custom() {
  util::Thread T([] { fail(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: exception of type 'std::runtime_error' thrown in 'fail' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  T.join();
  util::Task K([] { fail(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: exception of type 'std::runtime_error' thrown in 'fail' escapes the thread's lambda
  K.join();
  util::Later L([] { fail(); });
  // Always a thread, with or without the option.
  std::thread(fail).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type 'std::runtime_error' escapes the thread entry 'fail'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: warning: exception of type 'std::runtime_error' escapes the thread entry 'fail'
}
