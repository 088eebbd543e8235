// The same findings through libc++'s inline namespace (std::__1::thread,
// std::__1::async, std::__1::array), and the C++20 fix-it with libc++, which
// declares std::jthread only with -fexperimental-library (before libc++ 20).
// REQUIRES: libcxx
// RUN: %check_tidy -fix-notes -std=c++20 -stdlib=libc++ -check-suffixes=,NOJTHREAD %s threads-unbounded-detach %t
// RUN: %check_tidy -fix-notes -std=c++20 -stdlib=libc++ -check-suffixes=,JTHREAD %s threads-unbounded-detach %t.jthread -- -- -fexperimental-library

#include <array>
#include <future>
#include <thread>
#include <vector>

void serve(int Fd);
int acceptConnection();
void audit();

void positiveDetach() {
  while (true) {
    std::thread(serve, acceptConnection()).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'detach' inside a loop leaves one more detached thread running per iteration
  }
}
// CHECK-FIXES-JTHREAD: std::vector<std::jthread> threads;
// CHECK-FIXES-JTHREAD-NEXT: while (true) {
// CHECK-FIXES-JTHREAD-NEXT: threads.emplace_back(serve, acceptConnection());
// CHECK-FIXES-NOJTHREAD: void positiveDetach() {
// CHECK-FIXES-NOJTHREAD-NEXT: while (true) {
// CHECK-FIXES-NOJTHREAD-NEXT: std::thread(serve, acceptConnection()).detach();

void positiveAccumulate() {
  std::vector<std::thread> Workers;
  for (;;)
    Workers.emplace_back(serve, acceptConnection());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'emplace_back' adds a thread to 'Workers'
}

void positiveAsync() {
  std::async(std::launch::async, audit);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the future returned by 'std::async' is discarded
}

void negativeBounded() {
  std::array<int, 4> Shards{};
  for (int Shard : Shards)
    std::thread(serve, Shard).detach();
  auto Kept = std::async(std::launch::async, audit);
}
