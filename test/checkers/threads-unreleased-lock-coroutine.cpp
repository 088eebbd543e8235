// RUN: %check_tidy -std=c++20 %s threads-unreleased-lock %t -- -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false}}"

// Coroutines: analysed like functions, co_return holding a lock leaks like a
// return, and nothing crashes.

#include <coroutine>
#include <mutex>

struct Task {
  struct promise_type {
    Task get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};

std::mutex Mu;

Task positiveCoReturn(bool Flag) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES: std::unique_lock lock(Mu);
  if (Flag)
    co_return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Mu' is still locked when 'positiveCoReturn' returns here
  Mu.unlock();
  // CHECK-FIXES: lock.unlock();
  co_await std::suspend_never{};
}

Task negativeBalanced() {
  Mu.lock();
  Mu.unlock();
  co_await std::suspend_never{};
}
