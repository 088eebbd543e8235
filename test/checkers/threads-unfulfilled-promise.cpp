// RUN: %check_tidy -std=c++11,c++14,c++17 %s threads-unfulfilled-promise %t -- \
// RUN:   -config="{CheckOptions: {threads-unfulfilled-promise.ExceptionPaths: None}}"

// A local std::promise whose future has been taken must get a value (or an
// exception) on every path to its destruction; each exit where it has none
// is a note. What hands the promise on (a move, a reference or pointer
// given to a function) ends this function's obligation.

#include <chrono>
#include <exception>
#include <future>
#include <utility>
#include <vector>

bool cond();
int compute();
void hand(std::promise<int> P);
void handRef(std::promise<int> &P);
void handPtr(std::promise<int> *P);
void inspect(const std::promise<int> &P);
void consume(std::future<int> F);
void consumeVoid(std::future<void> F);
void consumeRef(std::future<int &> F);
int Shared;

std::future<int> positiveEarlyReturn() {
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' may be destroyed without a value: the waiting future gets 'broken_promise' [threads-unfulfilled-promise]
  std::future<int> F = P.get_future();
  if (cond())
    return F;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'P' is destroyed without a value when 'positiveEarlyReturn' returns here
  P.set_value(compute());
  return F;
}

void positiveVoidEndOfFunction() {
  std::promise<void> Done;
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'Done' may be destroyed without a value
  consumeVoid(Done.get_future());
  if (cond())
    Done.set_value();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'Done' is destroyed without a value when 'positiveVoidEndOfFunction' reaches its end here

void positiveReference() {
  std::promise<int &> R;
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'R' may be destroyed without a value
  consumeRef(R.get_future());
  if (cond())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'R' is destroyed without a value when 'positiveReference' returns here
  R.set_value(Shared);
}

void positiveEveryExitNoted(int Mode) {
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' may be destroyed without a value
  consume(P.get_future());
  if (Mode == 1)
    return;
  // CHECK-NOTES: :[[@LINE-2]]:7: note: assuming 'Mode == 1' is false
  // CHECK-NOTES: :[[@LINE-2]]:5: note: 'P' is destroyed without a value when 'positiveEveryExitNoted' returns here
  if (Mode == 2) {
    // CHECK-NOTES: :[[@LINE-1]]:7: note: assuming 'Mode == 2' is false
    P.set_value(2);
    return;
  }
  if (Mode == 3)
    return;
  // CHECK-NOTES: :[[@LINE-2]]:7: note: assuming 'Mode == 3' is true
  // CHECK-NOTES: :[[@LINE-2]]:5: note: 'P' is destroyed without a value when 'positiveEveryExitNoted' returns here
  P.set_value(Mode);
}

void positiveScopeAndLoop(std::vector<std::future<int>> &Out) {
  for (int I = 0; I < 3; ++I) {
    std::promise<int> P;
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'P' may be destroyed without a value
    Out.push_back(P.get_future());
    if (cond())
      continue;
    // CHECK-NOTES: :[[@LINE-2]]:9: note: assuming 'cond()' is false
    // CHECK-NOTES: :[[@LINE-2]]:7: note: 'P' is destroyed without a value when 'continue' leaves its scope here
    if (I == 2)
      break;
    // CHECK-NOTES: :[[@LINE-2]]:9: note: assuming 'I == 2' is true
    // CHECK-NOTES: :[[@LINE-2]]:7: note: 'P' is destroyed without a value when 'break' leaves its scope here
    P.set_value(I);
  }
  {
    std::promise<int> Q;
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'Q' may be destroyed without a value
    Out.push_back(Q.get_future());
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'Q' is destroyed without a value when its scope ends here
}

void positiveConstReferenceKeepsIt() {
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' may be destroyed without a value
  consume(P.get_future());
  inspect(P);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'P' is destroyed without a value when 'positiveConstReferenceKeepsIt' reaches its end here

std::future<int> positiveReturnOwnFuture() {
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' may be destroyed without a value
  return P.get_future();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'P' is destroyed without a value when 'positiveReturnOwnFuture' returns here
}

void positiveSecondValue() {
  std::promise<int> P;
  consume(P.get_future());
  P.set_value(1);
  P.set_value(2);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'P' is already satisfied on every path here: this 'set_value' throws 'promise_already_satisfied' [threads-unfulfilled-promise]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'P' is satisfied here by 'set_value'
}

void positiveSecondValueWithoutFuture(bool Failed) {
  // Whether or not anyone waits, the second set_* throws.
  std::promise<void> P;
  if (Failed)
    P.set_exception(std::make_exception_ptr(1));
  else
    P.set_value();
  P.set_value_at_thread_exit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'P' is already satisfied on every path here: this 'set_value_at_thread_exit' throws 'promise_already_satisfied'
  // CHECK-NOTES: :[[@LINE-5]]:5: note: 'P' is satisfied here by 'set_exception'
  // CHECK-NOTES: :[[@LINE-4]]:5: note: 'P' is satisfied here by 'set_value'
}

// --- Not flagged ------------------------------------------------------------

void negativeEveryPath() {
  std::promise<int> P;
  consume(P.get_future());
  if (cond()) {
    P.set_exception(std::make_exception_ptr(std::exception()));
    return;
  }
  P.set_value(compute());
}

void negativeTryCatchIdiom() {
  std::promise<int> P;
  consume(P.get_future());
  try {
    P.set_value(compute());
  } catch (...) {
    P.set_exception(std::current_exception());
  }
}

void negativeAtThreadExit() {
  std::promise<int> P;
  std::promise<void> Q;
  consume(P.get_future());
  consumeVoid(Q.get_future());
  P.set_value_at_thread_exit(1);
  if (cond())
    Q.set_exception_at_thread_exit(std::make_exception_ptr(1));
  else
    Q.set_value_at_thread_exit();
}

void negativeMovedAway(std::vector<std::promise<int>> &Queue) {
  std::promise<int> P;
  consume(P.get_future());
  if (cond()) {
    hand(std::move(P));
    return;
  }
  Queue.push_back(std::move(P));
}

void negativeMovedIntoAnotherPromise() {
  std::promise<int> P;
  consume(P.get_future());
  std::promise<int> Q(std::move(P));
  Q.set_value(1);
}

std::promise<int> negativeReturned() {
  std::promise<int> P;
  consume(P.get_future());
  return P;
}

void negativeByReference() {
  std::promise<int> P;
  consume(P.get_future());
  handRef(P);
}

void negativeByPointer() {
  std::promise<int> P;
  consume(P.get_future());
  if (cond())
    return handPtr(&P);
  P.set_value(0);
}

void negativeCapturedByReference() {
  std::promise<int> P;
  consume(P.get_future());
  auto Finish = [&P] { P.set_value(1); };
  Finish();
}

void negativeReferenceAlias() {
  std::promise<int> P;
  consume(P.get_future());
  std::promise<int> &Alias = P;
  Alias.set_value(1);
}

void negativeNoFutureTaken() {
  // Nobody can wait on a promise whose future is never taken.
  std::promise<int> P;
  if (cond())
    return;
  P.set_value(1);
}

int negativeFutureWaitedOnHere() {
  // The future stays in a local this function only waits on: both die
  // together, nobody else can wait on it.
  std::promise<int> P;
  std::future<int> F = P.get_future();
  if (cond())
    return -1;
  P.set_value(compute());
  if (F.valid() && F.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    return F.get();
  return 0;
}

std::future<int> positiveFutureLeavesLater() {
  // The same local future, returned on one path: it may outlive 'P'.
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' may be destroyed without a value
  std::future<int> F = P.get_future();
  if (cond())
    return F;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'P' is destroyed without a value when 'positiveFutureLeavesLater' returns here
  P.set_value(1);
  F.wait();
  return std::future<int>();
}

void negativeBeforeFuture() {
  // The obligation starts when the future is taken.
  std::promise<int> P;
  if (cond())
    return;
  consume(P.get_future());
  P.set_value(1);
}

void negativeSecondValueOnSomePaths() {
  // Reported only when every path has set it already.
  std::promise<int> P;
  consume(P.get_future());
  if (cond())
    P.set_value(1);
  P.set_value(2);
}

void negativeSetAfterMove() {
  // A use after a move, not a second value.
  std::promise<int> P;
  consume(P.get_future());
  hand(std::move(P));
  P.set_value(1);
}

void negativeSwapped(std::promise<int> &Other) {
  std::promise<int> P;
  consume(P.get_future());
  P.swap(Other);
}

void negativeAssigned() {
  std::promise<int> P;
  consume(P.get_future());
  P = std::promise<int>();
}

struct Holder {
  std::promise<int> Member;
  void negativeMember() {
    // Members are not tracked.
    consume(Member.get_future());
  }
};
