// RUN: %check_tidy -std=c++17 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.ExceptionPaths: None}}"

// The exits of googletest's fatal assertions (ASSERT_*, FAIL()) exist only
// when the test has already failed: a lock held there is not reported (the
// path engine treats them like a [[noreturn]] call). Real <gtest/gtest.h>.

#include <gtest/gtest.h>
#include <mutex>

std::mutex M;
bool cond();
int value();

void positiveOtherReturn() {
  M.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'M' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-FIXES: {{^}}  std::scoped_lock lock(M);{{$}}
  ASSERT_TRUE(cond());
  if (value() < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'M' is still locked when 'positiveOtherReturn' returns here
  M.unlock();
}

// --- Not flagged ------------------------------------------------------------

TEST(Locks, FatalAssertionUnderLock) {
  M.lock();
  ASSERT_EQ(value(), 2) << "unexpected";
  if (value() > 3)
    FAIL();
  M.unlock();
}
