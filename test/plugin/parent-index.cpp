// The checks ask ParentIndex, not ASTContext::getParents(), for parents.
// THREADS_TIDY_VERIFY_PARENTS=1 makes every answer be compared with clang's
// whole-translation-unit map and any difference printed; this file puts the
// nodes the checks ask about in the places where the index has to find the
// right declaration to map: out-of-line members of class templates, explicit
// instantiations, a template declared before it is defined, lambdas,
// range-for variables, constructor initializers, macros, nested and
// extern "C" blocks, and a declaration sharing its start with a struct.
// RUN: env THREADS_TIDY_VERIFY_PARENTS=1 %clang_tidy_plugin --checks='-*,threads-*' %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='threads-tidy: parent' --implicit-check-not='warning:'

#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

std::mutex Mu;
bool ready();

namespace outer::inner {
template <typename T> struct Box;

template <typename T> struct Box {
  void fill(std::size_t N);
  T take(bool Flag) {
    Mu.lock();
    // CHECK: :[[@LINE-1]]:5: warning: 'Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
    if (Flag)
      return T();
    Mu.unlock();
    return T();
  }
};

template <typename T> void Box<T>::fill(std::size_t N) {
  for (std::size_t I = 0; I < N; ++I)
    (void)__builtin_alloca(I);
  // CHECK: :[[@LINE-1]]:11: warning: '__builtin_alloca' inside a loop allocates on every iteration
}

template struct Box<int>;
} // namespace outer::inner

void useBox() {
  outer::inner::Box<long> B;
  B.fill(4);
  (void)B.take(true);
}

extern "C" {
void spawnForever() {
  while (ready())
    std::thread([] {}).detach();
  // CHECK: :[[@LINE-1]]:24: warning: 'detach' inside a loop leaves one more detached thread running per iteration
}
}

struct Worker {
  Worker()
      : Thread([] {
          for (;;) {
          }
        }) {}
  // CHECK: :[[@LINE-4]]:9: warning: this thread runs a loop that never exits and can never be stopped; {{.*}} [threads-missing-stop-token]
  std::thread Thread;
};

struct Point {
  int X;
} Origin = {[] {
  std::vector<std::unique_lock<std::mutex>> Held;
  for (int I : {1, 2, 3}) {
    std::unique_lock<std::mutex> Lock(Mu);
    Held.push_back(std::move(Lock));
    // CHECK: :[[@LINE-1]]:10: warning: lock added to 'Held' inside a loop is released only when 'Held' is destroyed; {{.*}} [threads-defer-in-loop]
    (void)I;
  }
  return 0;
}()};

#define SPAWN_ALL(N)                                                           \
  for (int I = 0; I < (N); ++I)                                                \
  std::thread([] {}).detach()

void spawnMacro(int N) {
  SPAWN_ALL(N);
  bool Same = N != 3;
  (void)Same;
}
