// Path notes: when a leak needs two or more branches, one note per branch
// of the path names it ("assuming 'Count > Max' is true"), as the Static
// Analyzer does; a leak behind a single branch needs none (the exit note
// says where). Tests of the acquire's own result are not named.
// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.CheckExceptionPaths: false}}"

#include <mutex>

std::mutex Mu;
void work();

int positiveTwoBranches(int Count, int Max, bool Strict) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES: {{^}}  std::unique_lock lock(Mu);{{$}}
  if (Count > Max) {
    // CHECK-NOTES: :[[@LINE-1]]:7: note: assuming 'Count > Max' is true
    if (Strict)
      // CHECK-NOTES: :[[@LINE-1]]:9: note: assuming 'Strict' is true
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'Mu' is still locked when 'positiveTwoBranches' returns here
    Count = Max;
  }
  work();
  Mu.unlock();
  // CHECK-FIXES: {{^}}  lock.unlock();{{$}}
  return Count;
}

int positiveOneBranch(bool Early) {
  Mu.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path
  // CHECK-FIXES: {{^}}  std::unique_lock lock(Mu);{{$}}
  if (Early)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Mu' is still locked when 'positiveOneBranch' returns here
  Mu.unlock();
  return 1;
}

int positiveTryLockThenBranch(bool Fast) {
  if (!Mu.try_lock())
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: 'Mu' is locked here and not released on every path
  if (Fast)
    return 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Mu' is still locked when 'positiveTryLockThenBranch' returns here
  Mu.unlock();
  return 0;
}
