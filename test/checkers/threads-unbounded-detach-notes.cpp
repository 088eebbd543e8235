// Every note of diagnostic 1 in C++: where the thread is created, which loop
// has no bound, and the fix-it note (not applied here: no -fix-notes).
// RUN: %check_tidy -std=c++20 %s threads-unbounded-detach %t

#include <thread>

void work();
bool keepGoing();

void notesAssigned() {
  std::thread Worker;
  while (keepGoing()) {
    Worker = std::thread(work);
    Worker.detach();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'detach' inside a loop leaves one more detached thread running per iteration; nothing limits how many run at once or waits for them [threads-unbounded-detach]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is created here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: the trip count of this loop is not a compile-time constant
  }
}

void notesTemporary() {
  for (int I = 0; I < 4; ++I) {
    for (int J = 0; J < 5; ++J)
      std::thread(work).detach();
    // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'detach' inside a loop
    // CHECK-NOTES: :[[@LINE-4]]:3: note: this loop nest repeats 20 times, more than 'MaxBoundedIterations' (16)
    // CHECK-NOTES: :[[@LINE-3]]:7: note: keep the threads in a 'std::vector<std::jthread>' so each is joined when the scope ends; bound how many run at once with a semaphore or a thread pool
  }
}
