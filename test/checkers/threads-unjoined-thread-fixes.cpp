// RUN: %check_tidy -std=c++20-or-later %s threads-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: None}}"
// RUN: %check_tidy -check-suffix=OLD -std=c++17 %s threads-unjoined-thread %t.17 -- \
// RUN:   -config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: None}}"

// C++20: `std::thread` becomes `std::jthread`, whose destructor joins, when
// the variable is only ever joined or asked (never detached, moved,
// assigned or passed on) and its callable cannot take a std::stop_token
// first. Below C++20: no fix-it.

#include <thread>
#include <utility>
#include <vector>

bool cond();
void work();
void process(int Id);

void fixEarlyReturn() {
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed; std::terminate ends the process [threads-unjoined-thread]
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:15: warning: 'T' may still be joinable when it is destroyed
  // CHECK-FIXES: {{^}}  std::jthread T(work);{{$}}
  // CHECK-FIXES-OLD: {{^}}  std::thread T(work);{{$}}
  if (cond())
    return;
  T.join();
}

void fixLambdaWithArgument(int Id) {
  std::thread Worker([](int N) { process(N); }, Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'Worker' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:15: warning: 'Worker' may still be joinable
  // CHECK-FIXES: {{^}}  std::jthread Worker([](int N) { process(N); }, Id);{{$}}
  if (Worker.joinable() && cond())
    Worker.join();
}

struct Task {
  void run(int Times);
};
void fixMemberFunction(Task &Job) {
  const ::std::thread T(&Task::run, &Job, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'T' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:23: warning: 'T' may still be joinable
  // CHECK-FIXES: {{^}}  const ::std::jthread T(&Task::run, &Job, 3);{{$}}
}

void noFixDetached() {
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:15: warning: 'T' may still be joinable
  // CHECK-FIXES: {{^}}  std::thread T(work);{{$}}
  if (cond())
    return;
  T.detach();
}

void noFixMoved(std::vector<std::thread> &Pool) {
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:15: warning: 'T' may still be joinable
  // CHECK-FIXES: {{^}}  std::thread T(work);{{$}}
  if (cond())
    return;
  Pool.push_back(std::move(T));
}

void noFixAssigned() {
  // std::jthread is assignable from a std::jthread only.
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:15: warning: 'T' may still be joinable
  // CHECK-FIXES: {{^}}  std::thread T(work);{{$}}
  if (cond())
    return;
  T.join();
  T = std::thread(work);
  T.join();
}

void noFixGenericLambda() {
  // A std::jthread would pass a std::stop_token to `auto...`.
  std::thread T([](auto... Args) { work(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:15: warning: 'T' may still be joinable
  // CHECK-FIXES: {{^}}  std::thread T([](auto... Args) { work(); });{{$}}
  if (cond())
    return;
  T.join();
}

void noFixAuto() {
  auto T = std::thread(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'T' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:8: warning: 'T' may still be joinable
  // CHECK-FIXES: {{^}}  auto T = std::thread(work);{{$}}
  if (cond())
    return;
  T.join();
}

void noFixTwoDeclarators() {
  std::thread A(work), B(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'A' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:15: warning: 'A' may still be joinable
  // CHECK-FIXES: {{^}}  std::thread A(work), B(work);{{$}}
  B.join();
  if (cond())
    return;
  A.join();
}

void takesThread(std::thread &T);
void noFixPassedOn() {
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' may still be joinable
  // CHECK-MESSAGES-OLD: :[[@LINE-2]]:15: warning: 'T' may still be joinable
  // CHECK-FIXES: {{^}}  std::thread T(work);{{$}}
  if (cond())
    return;
  takesThread(T);
}
