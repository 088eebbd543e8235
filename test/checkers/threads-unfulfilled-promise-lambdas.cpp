// RUN: %check_tidy -std=c++14,c++17 %s threads-unfulfilled-promise %t -- \
// RUN:   -config="{CheckOptions: {threads-unfulfilled-promise.ExceptionPaths: None}}"

// A promise moved into a lambda's init-capture is the lambda's to satisfy,
// on every path of its body, whoever runs it (a std::thread, a pool); a
// by-value parameter is the function's. The warning is at the capture (or
// the parameter), a note at each exit where it has no value.

#include <functional>
#include <future>
#include <memory>
#include <thread>
#include <utility>

bool cond();
int compute();
void hand(std::promise<int> P);

struct Request {
  bool valid() const;
};
int call(const Request &Req);

struct Pool {
  template <class F> void post(F &&Task) { Task(); }
  void postFunction(std::function<void()> Task);
};

std::future<int> positivePool(Pool &Workers, Request Req) {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  Workers.post([P = std::move(P), Req]() mutable {
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'P' may be destroyed without a value: the waiting future gets 'broken_promise' [threads-unfulfilled-promise]
    if (!Req.valid())
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'P' has no value when the lambda returns here
    P.set_value(call(Req));
  });
  return F;
}

std::future<void> positiveThread() {
  std::promise<void> Done;
  std::future<void> F = Done.get_future();
  std::thread([Done = std::move(Done)]() mutable {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'Done' may be destroyed without a value
    if (cond())
      Done.set_value();
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'Done' has no value when the lambda reaches its end here
  return F;
}

void positiveNeverSet(Pool &Workers, std::promise<int> Reply) {
  Workers.post([Reply = std::move(Reply)]() mutable { compute(); });
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'Reply' may be destroyed without a value
  // CHECK-NOTES: :[[@LINE-2]]:66: note: 'Reply' has no value when the lambda reaches its end here
}

void positiveWorker(std::promise<int> Result, int Input) {
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: 'Result' may be destroyed without a value
  if (Input < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Result' has no value when 'positiveWorker' returns here
  Result.set_value(Input * 2);
}

void positiveSecondValueInLambda(Pool &Workers, std::promise<int> Reply) {
  Workers.post([Reply = std::move(Reply)]() mutable {
    Reply.set_value(1);
    Reply.set_value(2);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Reply' is already satisfied on every path here: this 'set_value' throws 'promise_already_satisfied'
    // CHECK-NOTES: :[[@LINE-3]]:5: note: 'Reply' is satisfied here by 'set_value'
  });
}

// Held from the start, whatever the body evaluates first (nothing, a loop).
void positiveEmptyBody(Pool &Workers, std::promise<int> Reply) {
  Workers.post([Reply = std::move(Reply)]() mutable {});
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'Reply' may be destroyed without a value
  // CHECK-NOTES: :[[@LINE-2]]:54: note: 'Reply' has no value when the lambda reaches its end here
}

void positiveLeadingLoop(std::promise<int> Result) {
  // CHECK-NOTES: :[[@LINE-1]]:44: warning: 'Result' may be destroyed without a value
  while (cond()) {
    if (compute() == 0) {
      Result.set_value(1);
      return;
    }
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'Result' has no value when 'positiveLeadingLoop' reaches its end here

// --- Not flagged ------------------------------------------------------------

std::future<int> negativeEveryPath(Pool &Workers, Request Req) {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  Workers.post([P = std::move(P), Req]() mutable {
    if (!Req.valid()) {
      P.set_exception(std::make_exception_ptr(Req));
      return;
    }
    P.set_value(call(Req));
  });
  return F;
}

std::future<int> negativeTryCatchIdiom(Pool &Workers, Request Req) {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::thread T([P = std::move(P), Req]() mutable {
    try {
      P.set_value(call(Req));
    } catch (...) {
      P.set_exception(std::current_exception());
    }
  });
  T.join();
  return F;
}

void negativeHandedOn(Pool &Workers, std::promise<int> Reply) {
  Workers.post([Reply = std::move(Reply)]() mutable {
    if (cond())
      return hand(std::move(Reply));
    Reply.set_value(1);
  });
}

void negativeNestedByReference(Pool &Workers, std::promise<int> Reply) {
  Workers.post([Reply = std::move(Reply)]() mutable {
    auto Finish = [&Reply] { Reply.set_value(1); };
    Finish();
  });
}

void fill(std::promise<int> &P);

void negativeFirstCallFills(std::promise<int> Result) {
  // The callee may satisfy it: no longer followed.
  fill(Result);
}

void negativeWorkerMovesOn(std::promise<int> Result) {
  std::thread(hand, std::move(Result)).detach();
}

void negativeWorkerByReference(std::promise<int> &Result, int Input) {
  // A reference parameter: the caller's promise.
  if (Input < 0)
    return;
  Result.set_value(Input);
}

void negativeSharedPromise(Pool &Workers) {
  // A promise shared through std::shared_ptr is not followed.
  auto P = std::make_shared<std::promise<int>>();
  Workers.postFunction([P] {
    if (cond())
      return;
    P->set_value(1);
  });
}

struct Server {
  Server(std::promise<int> Ready) : Ready(std::move(Ready)) {}
  std::promise<int> Ready;
};
