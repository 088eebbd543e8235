// REQUIRES: libcxx
// RUN: %check_tidy -std=c++17,c++20 -stdlib=libc++ %s threads-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: None}}"

// libc++ (std::__1): the same findings, exemptions and (C++20) fix-it.

#include <thread>
#include <utility>
#include <vector>

bool cond();
void work();

void positiveEarlyReturn() {
  std::thread T(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed; std::terminate ends the process [threads-unjoined-thread]
  // CHECK-FIXES: {{^}}  std::{{j?}}thread T(work);{{$}}
  if (cond())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'T' is still joinable when 'positiveEarlyReturn' returns here
  T.join();
}

void positiveReassigned() {
  std::thread T(work);
  T = std::thread(work);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'T' is still joinable when it is assigned here
  // CHECK-NOTES: :[[@LINE-3]]:15: note: 'T' was started here
  T.join();
}

void negativeJoinableGuard() {
  std::thread T(work);
  if (cond())
    T.join();
  if (T.joinable())
    T.join();
}

void negativeMovedIntoVector(std::vector<std::thread> &Pool) {
  std::thread T(work);
  if (cond())
    return Pool.push_back(std::move(T));
  Pool.emplace_back(std::move(T));
}

std::thread negativeReturned() {
  std::thread T(work);
  return T;
}
