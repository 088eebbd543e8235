// The note-level fix-it (C++20): collect the threads of a loop in a
// std::vector<std::jthread> declared before it; the fixed file compiles and
// is not reported again.
// RUN: %check_tidy -fix-notes -std=c++20-or-later %s threads-unbounded-detach %t

#include <string>
#include <thread>
// CHECK-FIXES: #include <thread>
// CHECK-FIXES-NEXT: #include <vector>

void serve(int Fd);
void log(const std::string &Line);
int acceptConnection();

void fixForever() {
  for (;;) {
    const int Fd = acceptConnection();
    std::thread(serve, Fd).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'detach' inside a loop leaves one more detached thread running per iteration
  }
}
// CHECK-FIXES: void fixForever() {
// CHECK-FIXES-NEXT:   std::vector<std::jthread> threads;
// CHECK-FIXES-NEXT:   for (;;) {
// CHECK-FIXES-NEXT:     const int Fd = acceptConnection();
// CHECK-FIXES-NEXT:     threads.emplace_back(serve, Fd);

void fixNameTaken(int threads) {
  while (threads-- > 0) {
    std::thread{[] { log("tick"); }}.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'detach' inside a loop
    std::thread(log, std::string("tock")).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 'detach' inside a loop
  }
}
// CHECK-FIXES: void fixNameTaken(int threads) {
// CHECK-FIXES-NEXT:   std::vector<std::jthread> threads2;
// CHECK-FIXES-NEXT:   while (threads-- > 0) {
// CHECK-FIXES-NEXT:     threads2.emplace_back([] { log("tick"); });
// CHECK-FIXES:     threads2.emplace_back(log, std::string("tock"));

void fixNested() {
  for (int I = 0; I < 100; ++I) {
    if (I % 2 == 0)
      for (int J = 0; J < 10; ++J) {
        std::thread(serve, J).detach();
        // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'detach' inside a loop
      }
  }
}
// No fix: the inner loop is the body of an 'if' without braces.
// CHECK-FIXES: void fixNested() {
// CHECK-FIXES-NEXT:   for (int I = 0; I < 100; ++I) {
// CHECK-FIXES-NEXT:     if (I % 2 == 0)
// CHECK-FIXES-NEXT:       for (int J = 0; J < 10; ++J) {
// CHECK-FIXES-NEXT:         std::thread(serve, J).detach();

void fixNamedThreadNotRewritten() {
  for (;;) {
    std::thread Worker(serve, 1);
    Worker.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'detach' inside a loop
  }
}
// CHECK-FIXES: void fixNamedThreadNotRewritten() {
// CHECK-FIXES-NEXT:   for (;;) {
// CHECK-FIXES-NEXT:     std::thread Worker(serve, 1);
// CHECK-FIXES-NEXT:     Worker.detach();
