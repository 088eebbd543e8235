// RUN: %check_tidy -std=c++14,c++17 %s threads-unjoined-thread %t

// Assigning a new thread to one that may still be joinable calls
// std::terminate, like destroying it: reported at the assignment, with a
// note where the thread that may still run was started.

#include <thread>
#include <utility>

bool cond();
void work();

void positiveAssignOverJoinable() {
  std::thread T(work);
  T = std::thread(work);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'T' is still joinable when it is assigned here; std::terminate ends the process [threads-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: 'T' was started here
  T.join();
}

void positiveAssignMaybeJoinable() {
  std::thread T(work);
  if (cond())
    T.join();
  T = std::thread(work);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'T' may still be joinable when it is assigned here; std::terminate ends the process
  // CHECK-NOTES: :[[@LINE-5]]:15: note: 'T' was started here
  T.join();
}

void positiveAssignInLoop() {
  std::thread T;
  for (int I = 0; I < 3; ++I) {
    T = std::thread(work);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'T' may still be joinable when it is assigned here
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the previous loop iteration started 'T' here
    if (cond())
      T.join();
  }
  if (T.joinable())
    T.join();
}

void positiveAssignEmpty() {
  std::thread T(work);
  T = std::thread();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'T' is still joinable when it is assigned here
  // CHECK-NOTES: :[[@LINE-3]]:15: note: 'T' was started here
}

void positiveMoveAssign(std::thread &&Other) {
  std::thread T(work);
  T = std::move(Other);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'T' is still joinable when it is assigned here
  // CHECK-NOTES: :[[@LINE-3]]:15: note: 'T' was started here
  T.join();
}

void negativeJoinThenAssign() {
  std::thread T(work);
  T.join();
  T = std::thread(work);
  T.join();
}

void negativeDetachThenAssign() {
  std::thread T(work);
  T.detach();
  T = std::thread(work);
  T.detach();
}

void negativeJoinableGuardThenAssign() {
  std::thread T(work);
  if (cond())
    T.join();
  if (T.joinable())
    T.join();
  T = std::thread(work);
  T.join();
}

void negativeAssignInLoopJoined() {
  std::thread T;
  for (int I = 0; I < 3; ++I) {
    T = std::thread(work);
    T.join();
  }
}

void negativeMovedAwayThenAssign(std::thread &Out) {
  std::thread T(work);
  Out = std::move(T);
  T = std::thread(work);
  T.join();
}
