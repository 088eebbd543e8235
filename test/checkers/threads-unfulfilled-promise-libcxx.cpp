// REQUIRES: libcxx
// RUN: %check_tidy -std=c++14,c++17,c++20 -stdlib=libc++ %s threads-unfulfilled-promise %t -- \
// RUN:   -config="{CheckOptions: {threads-unfulfilled-promise.ExceptionPaths: None}}"

// libc++ (std::__1): the same findings and exemptions.

#include <exception>
#include <future>
#include <thread>
#include <utility>
#include <vector>

bool cond();
int compute();
void hand(std::promise<int> P);
void consume(std::future<int> F);

std::future<int> positiveEarlyReturn() {
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' may be destroyed without a value: the waiting future gets 'broken_promise' [threads-unfulfilled-promise]
  std::future<int> F = P.get_future();
  if (cond())
    return F;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'P' is destroyed without a value when 'positiveEarlyReturn' returns here
  P.set_value(compute());
  return F;
}

std::future<void> positiveCaptured() {
  std::promise<void> Done;
  std::future<void> F = Done.get_future();
  std::thread([Done = std::move(Done)]() mutable {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'Done' may be destroyed without a value
    if (cond())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Done' has no value when the lambda returns here
    Done.set_value_at_thread_exit();
  }).detach();
  return F;
}

void positiveSecondValue() {
  std::promise<int> P;
  consume(P.get_future());
  P.set_value(1);
  P.set_exception(std::make_exception_ptr(2));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'P' is already satisfied on every path here: this 'set_exception' throws 'promise_already_satisfied'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'P' is satisfied here by 'set_value'
}

void negativeTryCatchIdiom() {
  std::promise<int> P;
  consume(P.get_future());
  try {
    P.set_value(compute());
  } catch (...) {
    P.set_exception(std::current_exception());
  }
}

void negativeMovedAway(std::vector<std::promise<int>> &Queue) {
  std::promise<int> P;
  consume(P.get_future());
  if (cond())
    return hand(std::move(P));
  Queue.push_back(std::move(P));
}
