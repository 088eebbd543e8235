// pthread_create in C++: the start routine is the thread entry.
// RUN: %check_tidy -std=c++17 %s threads-missing-stop-token %t

#include <pthread.h>
#include <unistd.h>

static void *spin(void *) {
  for (;;)
    sleep(1);
  return nullptr;
}

static bool Stop = false;
static void *poll(void *) {
  while (!Stop)
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop condition reads the plain 'bool' 'Stop' that other threads can write; this is a data race and the thread may never see the change; use 'std::atomic<bool>' [threads-missing-stop-token]
    sleep(1);
  return nullptr;
}

static void *finite(void *Arg) {
  while (true)
    if (Arg)
      pthread_exit(nullptr); // noreturn
  return nullptr;
}

extern "C" void *external(void *);

void start() {
  pthread_t T;
  pthread_create(&T, nullptr, spin, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits and can never be stopped; joining it hangs and detaching it leaks it; exit the loop on a 'std::atomic<bool>' flag or another condition [threads-missing-stop-token]
  pthread_create(&T, nullptr, &spin, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
  pthread_create(&T, nullptr, poll, nullptr);
  pthread_create(&T, nullptr, finite, nullptr);
  pthread_create(&T, nullptr, external, nullptr);
  pthread_create(&T, nullptr, [](void *) -> void * {
    // A captureless lambda converted to a function pointer: not resolved.
    for (;;)
      sleep(1);
  }, nullptr);
}
