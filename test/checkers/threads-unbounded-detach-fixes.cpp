// No fix-it, on the warning or on the note, even with --fix-notes (which
// `run-clang-tidy -fix` applies unasked): the rewrite the note once carried,
// `std::thread(ARGS).detach()` -> `NAME.emplace_back(ARGS)` into a
// `std::vector<std::jthread>` declared before the loop, makes the function
// wait for every thread at the end of the scope (a behaviour change) and, in
// a loop without bound, still piles up threads, now silently. The code stays
// as written, and that hand-written shape is reported (positiveJThreads).
// RUN: %check_tidy -fix-notes -std=c++20-or-later %s threads-unbounded-detach %t

#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

void serve(int Fd);
void *serveC(void *Arg);
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
// CHECK-FIXES-NEXT:   for (;;) {
// CHECK-FIXES-NEXT:     const int Fd = acceptConnection();
// CHECK-FIXES-NEXT:     std::thread(serve, Fd).detach();

void fixBounded(int threads) {
  while (threads-- > 0) {
    std::thread{[] { log("tick"); }}.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'detach' inside a loop
    std::thread(log, std::string("tock")).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 'detach' inside a loop
  }
}
// CHECK-FIXES: void fixBounded(int threads) {
// CHECK-FIXES-NEXT:   while (threads-- > 0) {
// CHECK-FIXES-NEXT:     std::thread{[] { log("tick"); }}.detach();

// What the old fix-it wrote, by hand: still one more thread per iteration,
// reported like a std::vector<std::thread>.
void positiveJThreads() {
  std::vector<std::jthread> threads;
  for (;;) {
    const int Fd = acceptConnection();
    threads.emplace_back(serve, Fd);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'emplace_back' adds a thread to 'threads' on every iteration of a loop without bound, and nothing in the loop removes one; the number of threads grows without limit [threads-unbounded-detach]
  }
}

// pthread handles kept for a later join: the same growth.
void positivePthreadHandles() {
  std::vector<pthread_t> Handles;
  while (true) {
    pthread_t Thread;
    pthread_create(&Thread, nullptr, serveC, nullptr);
    Handles.push_back(Thread);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'push_back' adds a thread to 'Handles'
  }
}

// Another library's thread class.
namespace mylib {
struct thread {
  template <typename F, typename... A> explicit thread(F &&, A &&...) {}
};
} // namespace mylib

void positiveOtherThreadType() {
  std::vector<mylib::thread> Workers;
  for (;;)
    Workers.emplace_back(serve, acceptConnection());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'emplace_back' adds a thread to 'Workers'
}

// Bounded by a drain inside the loop: not reported.
void negativeJThreadsDrained() {
  std::vector<std::jthread> threads;
  for (;;) {
    threads.emplace_back(serve, acceptConnection());
    if (threads.size() > 8)
      threads.clear();
  }
}

// Not a thread: a vector of ids.
void negativeIds() {
  std::vector<std::thread::id> Ids;
  for (;;)
    Ids.push_back(std::this_thread::get_id());
}
