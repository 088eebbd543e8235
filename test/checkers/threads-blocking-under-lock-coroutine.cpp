// RUN: %check_tidy -std=c++20 %s threads-blocking-under-lock %t

// co_await and co_yield while a manually acquired lock is held; under an
// RAII guard they are cppcoreguidelines-no-suspend-with-lock's.

#include <coroutine>
#include <mutex>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

std::mutex Mu;

Task manual() {
  Mu.lock();
  co_await std::suspend_always{};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_await' suspends the coroutine while 'Mu' is held; every thread that needs 'Mu' waits until it resumes, possibly on another thread [threads-blocking-under-lock]
  co_yield 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'co_yield' suspends the coroutine while 'Mu' is held
  Mu.unlock();
  co_await std::suspend_always{};
}

Task guarded() {
  std::lock_guard<std::mutex> Guard(Mu);
  co_await std::suspend_always{};
}
