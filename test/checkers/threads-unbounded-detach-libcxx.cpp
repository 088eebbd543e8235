// The same findings through libc++'s inline namespace (std::__1::thread,
// std::__1::async, std::__1::array), with and without std::jthread (libc++
// declares it only with -fexperimental-library before libc++ 20); no fix-it
// in either (threads-unbounded-detach-fix.cpp says why).
// REQUIRES: libcxx
// RUN: %check_tidy -fix-notes -std=c++20 -stdlib=libc++ %s threads-unbounded-detach %t
// RUN: %check_tidy -fix-notes -std=c++20 -stdlib=libc++ %s threads-unbounded-detach %t.jthread -- -- -fexperimental-library

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
// CHECK-FIXES: void positiveDetach() {
// CHECK-FIXES-NEXT: while (true) {
// CHECK-FIXES-NEXT: std::thread(serve, acceptConnection()).detach();

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
