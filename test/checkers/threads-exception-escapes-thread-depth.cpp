// MaxCallDepth: how many calls deep visible callees are followed (default 3).
// RUN: %check_tidy -std=c++17 %s threads-exception-escapes-thread %t
// RUN: %check_tidy -std=c++17 -check-suffixes=,DEEP %s threads-exception-escapes-thread %t.deep -- \
// RUN:   -config="{CheckOptions: {threads-exception-escapes-thread.MaxCallDepth: 4}}"
// RUN: %check_tidy -std=c++17 -check-suffixes=ZERO %s threads-exception-escapes-thread %t.zero -- \
// RUN:   -config="{CheckOptions: {threads-exception-escapes-thread.MaxCallDepth: 0}}"

#include <stdexcept>
#include <thread>

void fail() { throw std::runtime_error("fail"); }

// Three calls deep: threeDeep -> depth1 -> depth2 -> fail.
void depth2() { fail(); }
void depth1() { depth2(); }
void threeDeep() { depth1(); }

// Four calls deep: fiveLevels -> fourDeep -> depth3 -> depth2 -> fail.
void depth3() { depth2(); }
void fourDeep() { depth3(); }
void fiveLevels() { fourDeep(); }

void start() {
  std::thread A([] { throw std::logic_error("here"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'std::logic_error' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-MESSAGES-ZERO: :[[@LINE-2]]:15: warning: exception of type 'std::logic_error' escapes the thread's lambda
  std::thread B(threeDeep);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'std::runtime_error' thrown in 'fail' escapes the thread entry 'threeDeep'; std::terminate ends the process [threads-exception-escapes-thread]
  std::thread C(fiveLevels);
  // CHECK-MESSAGES-DEEP: :[[@LINE-1]]:15: warning: exception of type 'std::runtime_error' thrown in 'fail' escapes the thread entry 'fiveLevels'
  std::thread D(fail);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'std::runtime_error' escapes the thread entry 'fail'
  // CHECK-MESSAGES-ZERO: :[[@LINE-2]]:15: warning: exception of type 'std::runtime_error' escapes the thread entry 'fail'
  A.join();
  B.join();
  C.join();
  D.join();
}
