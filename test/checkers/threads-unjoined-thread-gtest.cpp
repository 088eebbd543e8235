// RUN: %check_tidy -std=c++14,c++17 %s threads-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: None}}"

// A googletest fatal assertion (ASSERT_*, FAIL(), also inside a macro of
// the user's) returns from the function only when the test has already
// failed: like a [[noreturn]] call, that path is not reported. Every other
// exit still is. Real <gtest/gtest.h>.

#include <gtest/gtest.h>
#include <thread>

bool cond();
void work();
int value();

#define ASSERT_VALUE_OK() ASSERT_GE(value(), 0) << "bad value"

void positivePlainReturn() {
  std::thread T(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed; std::terminate ends the process [threads-unjoined-thread]
  ASSERT_TRUE(cond());
  if (value() == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'T' is still joinable when 'positivePlainReturn' returns here
  T.join();
}

void positiveAssertAfterScope() {
  {
    std::thread T(work);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'T' may still be joinable when it is destroyed
    if (cond())
      T.join();
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'T' is still joinable when its scope ends here
  ASSERT_TRUE(cond());
}

// --- Not flagged ------------------------------------------------------------

TEST(Workers, FatalAssertionsBeforeJoin) {
  std::thread T(work);
  ASSERT_TRUE(cond());
  ASSERT_EQ(value(), 3) << "unexpected value";
  ASSERT_VALUE_OK();
  if (value() > 10)
    FAIL() << "too large";
  T.join();
}

void negativeHelperWithAssert() {
  std::thread T(work);
  ASSERT_FALSE(cond());
  ASSERT_NE(value(), 0);
  T.join();
}

TEST(Workers, NonFatalAssertionsDoNotLeave) {
  std::thread T(work);
  EXPECT_TRUE(cond());
  EXPECT_EQ(value(), 1);
  T.join();
}
