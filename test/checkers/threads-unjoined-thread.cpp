// RUN: %check_tidy -std=c++11,c++14,c++17 %s threads-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: None}}"

// Each way out of a local std::thread's scope while it may be joinable, and
// what discharges it: join, detach, moved away. Below C++20: no fix-it.

#include <thread>
#include <utility>
#include <vector>

bool cond();
void work();
void flushLoop();

struct Config {
  bool valid() const;
};

void positiveEarlyReturn(const Config &C) {
  std::thread Flusher(flushLoop);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'Flusher' may still be joinable when it is destroyed; std::terminate ends the process [threads-unjoined-thread]
  if (!C.valid())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Flusher' is still joinable when 'positiveEarlyReturn' returns here
  work();
  Flusher.join();
}

void positiveNeverJoined() {
  std::thread T(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed
  work();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'T' is still joinable when 'positiveNeverJoined' reaches its end here

void positiveNestedScope() {
  {
    std::thread T(work);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'T' may still be joinable when it is destroyed
    if (cond())
      T.join();
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'T' is still joinable when its scope ends here
  work();
}

void positiveBreak() {
  for (int I = 0; I < 4; ++I) {
    std::thread T(work);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'T' may still be joinable when it is destroyed
    if (cond())
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'T' is still joinable when 'break' leaves its scope here
    T.join();
  }
}

void positiveContinue() {
  while (cond()) {
    std::thread T(work);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'T' may still be joinable when it is destroyed
    if (cond())
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'T' is still joinable when 'continue' leaves its scope here
    T.detach();
  }
}

void positiveGoto() {
  {
    std::thread T(work);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'T' may still be joinable when it is destroyed
    if (cond())
      goto out;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'T' is still joinable when 'goto' leaves its scope here
    T.join();
  }
out:
  work();
}

void positiveThrow(int N) {
  std::thread T(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed
  if (N < 0)
    throw N;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'T' is still joinable when 'positiveThrow' throws here
  T.join();
}

void positiveLambda() {
  auto Run = [] {
    std::thread T(work);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'T' may still be joinable when it is destroyed
    if (cond())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'T' is still joinable when the lambda returns here
    T.join();
  };
  Run();
}

int positiveTwoBranches(int Count, int Max, bool Strict) {
  std::thread T(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed
  if (Count > Max) {
    // CHECK-NOTES: :[[@LINE-1]]:7: note: assuming 'Count > Max' is true
    if (Strict)
      // CHECK-NOTES: :[[@LINE-1]]:9: note: assuming 'Strict' is true
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'T' is still joinable when 'positiveTwoBranches' returns here
    Count = Max;
  }
  T.join();
  return Count;
}

void positiveConstThread() {
  const std::thread T(work);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'T' may still be joinable when it is destroyed
  work();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'T' is still joinable when 'positiveConstThread' reaches its end here

void positiveAssignedLater() {
  std::thread T;
  if (cond())
    T = std::thread(work);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'T' may still be joinable when it is destroyed
  if (cond())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'T' is still joinable when 'positiveAssignedLater' returns here
  if (T.joinable())
    T.join();
}

void positiveConstRefDoesNotJoin(const std::thread &Other);
void positiveLookedAtByConstRef() {
  std::thread T(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed
  positiveConstRefDoesNotJoin(T);
  if (cond())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'T' is still joinable when 'positiveLookedAtByConstRef' returns here
  T.join();
}

// Not flagged.

void negativeJoinedOnEveryPath(const Config &C) {
  std::thread Flusher(flushLoop);
  if (!C.valid()) {
    Flusher.join();
    return;
  }
  work();
  Flusher.join();
}

void negativeDetachedOnEveryPath() {
  std::thread T(work);
  if (cond()) {
    T.detach();
    return;
  }
  T.detach();
}

void negativeJoinableGuard() {
  std::thread T(work);
  if (cond())
    T.join();
  if (T.joinable())
    T.join();
}

void negativeJoinableGuardNegated() {
  std::thread T(work);
  if (cond())
    T.join();
  if (!T.joinable())
    return;
  T.join();
}

void negativeJoinableStored() {
  std::thread T(work);
  if (cond())
    T.detach();
  const bool Running = T.joinable();
  if (Running)
    T.join();
}

void negativeMovedIntoVector(std::vector<std::thread> &Pool) {
  std::thread T(work);
  Pool.push_back(std::move(T));
}

void negativeEmplacedIntoVector(std::vector<std::thread> &Pool) {
  std::thread T(work);
  if (cond())
    return T.join();
  Pool.emplace_back(std::move(T));
}

std::thread negativeReturned() {
  std::thread T(work);
  return T;
}

std::thread negativeReturnedMoved() {
  std::thread T(work);
  return std::move(T);
}

void consume(std::thread T);
void negativePassedByValue() {
  std::thread T(work);
  consume(std::move(T));
}

void negativeMovedToAnother() {
  std::thread T(work);
  std::thread U(std::move(T));
  U.join();
}

void negativeMoveAssigned() {
  std::thread T(work);
  std::thread U;
  U = std::move(T);
  U.join();
}

bool maybeJoin(std::thread &T);
void negativePassedByReference() {
  std::thread T(work);
  // The callee may join it: not this function's to judge.
  maybeJoin(T);
}

void negativeCapturedByReference() {
  std::thread T(work);
  auto Stop = [&] { T.join(); };
  if (cond())
    return Stop();
  Stop();
}

void negativeAddressTaken() {
  std::thread T(work);
  std::thread *P = &T;
  P->join();
}

void negativeReferenceBound() {
  std::thread T(work);
  std::thread &R = T;
  R.join();
}

void negativeVectorOfThreads() {
  // Threads in containers are not tracked.
  std::vector<std::thread> Workers;
  for (int I = 0; I < 4; ++I)
    Workers.emplace_back(work);
  for (std::thread &W : Workers)
    W.join();
}

void negativeDefaultConstructed() {
  std::thread T;
  std::thread U{};
  std::thread V = std::thread();
  if (cond())
    return;
  work();
}

void negativeSwapped(std::thread &Out) {
  std::thread T(work);
  T.swap(Out);
}

void negativeStdSwap(std::thread &Out) {
  std::thread T(work);
  std::swap(T, Out);
}

[[noreturn]] void fatal();
void negativeNoReturn() {
  std::thread T(work);
  if (cond())
    fatal();
  T.join();
}

void negativeLoopJoins() {
  for (int I = 0; I < 4; ++I) {
    std::thread T(work);
    if (cond()) {
      T.join();
      continue;
    }
    T.join();
  }
}

void negativeJThread() {
  // A std::jthread joins in its destructor (C++20; not a std::thread).
  work();
}

static std::thread Global(work);
void negativeStaticLocal() {
  static std::thread Forever(work);
  Forever.detach();
}
