// RUN: %check_tidy -std=c++14,c++17 %s threads-unfulfilled-promise %t
// RUN: %check_tidy -check-suffix=ANY -std=c++17 %s threads-unfulfilled-promise %t.any -- \
// RUN:   -config="{CheckOptions: {threads-unfulfilled-promise.ExceptionPaths: Any, threads-unfulfilled-promise.NoThrowFunctions: 'log;consume'}}"
// RUN: %check_tidy -check-suffix=NONE -std=c++17 %s threads-unfulfilled-promise %t.none -- \
// RUN:   -config="{CheckOptions: {threads-unfulfilled-promise.ExceptionPaths: None}}"
// A file compiled without exceptions has no exception paths.
// RUN: %check_tidy -check-suffix=NONE -std=c++17 %s threads-unfulfilled-promise %t.noexc -- -- -fno-exceptions -DNO_EXCEPTIONS

// Exception paths (ExceptionPaths, as in threads-unreleased-lock): a call
// that may throw before the promise has a value destroys it unset during
// unwinding, and its future gets broken_promise. The try/catch idiom that
// sets the exception is clean.

#include <exception>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

void log(const char *Message);
void consume(std::future<int> F);
void unknownCallee();
bool cond();

#ifndef NO_EXCEPTIONS
int parse(const std::string &Text) {
  if (Text.empty())
    throw std::invalid_argument("empty");
  return static_cast<int>(Text.size());
}
#else
int parse(const std::string &Text);
#endif

void positiveKnownThrow(const std::string &Text) {
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' is destroyed without a value if an exception is thrown before it is set: the waiting future gets 'broken_promise' [threads-unfulfilled-promise]
  // CHECK-NOTES-ANY: :[[@LINE-2]]:21: warning: 'P' is destroyed without a value if an exception is thrown before it is set
  consume(P.get_future());
  P.set_value(parse(Text));
  // CHECK-NOTES: :[[@LINE-1]]:15: note: exception path: 'parse' may throw here while 'P' has no value
  // CHECK-NOTES-ANY: :[[@LINE-2]]:15: note: exception path: 'parse' may throw here while 'P' has no value
}

void positiveStdAt(const std::vector<int> &Values) {
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' is destroyed without a value if an exception is thrown
  // CHECK-NOTES-ANY: :[[@LINE-2]]:21: warning: 'P' is destroyed without a value if an exception is thrown
  consume(P.get_future());
  const int First = Values.at(0);
  // CHECK-NOTES: :[[@LINE-1]]:21: note: exception path: 'at' may throw here while 'P' has no value
  // CHECK-NOTES-ANY: :[[@LINE-2]]:21: note: exception path: 'at' may throw here while 'P' has no value
  P.set_value(First);
}

void positiveAnyOnly() {
  std::promise<int> P;
  // CHECK-NOTES-ANY: :[[@LINE-1]]:21: warning: 'P' is destroyed without a value if an exception is thrown
  consume(P.get_future());
  unknownCallee();
  // CHECK-NOTES-ANY: :[[@LINE-1]]:3: note: exception path: 'unknownCallee' may throw here while 'P' has no value
  P.set_value(1);
}

void positiveInLambda(const std::string &Text, std::promise<int> Reply) {
  std::thread T([Reply = std::move(Reply), &Text]() mutable {
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'Reply' is destroyed without a value if an exception is thrown
    // CHECK-NOTES-ANY: :[[@LINE-2]]:18: warning: 'Reply' is destroyed without a value if an exception is thrown
    Reply.set_value(parse(Text));
    // CHECK-NOTES: :[[@LINE-1]]:21: note: exception path: 'parse' may throw here while 'Reply' has no value
    // CHECK-NOTES-ANY: :[[@LINE-2]]:21: note: exception path: 'parse' may throw here while 'Reply' has no value
  });
  T.join();
}

void positiveLeakInEveryMode(const std::string &Text) {
  // A leak on a normal path is reported whatever the option says; the
  // call that may throw is a note of its own.
  std::promise<int> P;
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'P' may be destroyed without a value: the waiting future gets 'broken_promise'
  // CHECK-NOTES-ANY: :[[@LINE-2]]:21: warning: 'P' may be destroyed without a value
  // CHECK-NOTES-NONE: :[[@LINE-3]]:21: warning: 'P' may be destroyed without a value
  consume(P.get_future());
  const int Value = parse(Text);
  // CHECK-NOTES: :[[@LINE-1]]:21: note: exception path: 'parse' may throw here while 'P' has no value
  // CHECK-NOTES-ANY: :[[@LINE-2]]:21: note: exception path: 'parse' may throw here while 'P' has no value
  if (cond())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'P' is destroyed without a value when 'positiveLeakInEveryMode' returns here
  // CHECK-NOTES-ANY: :[[@LINE-2]]:5: note: 'P' is destroyed without a value when 'positiveLeakInEveryMode' returns here
  // CHECK-NOTES-NONE: :[[@LINE-3]]:5: note: 'P' is destroyed without a value when 'positiveLeakInEveryMode' returns here
  P.set_value(Value);
}

// --- Not flagged ------------------------------------------------------------

void negativeNoThrowFunctions() {
  std::promise<int> P;
  consume(P.get_future());
  log("started");
  P.set_value(1);
}

void negativeAfterValue(const std::string &Text) {
  std::promise<int> P;
  consume(P.get_future());
  P.set_value(1);
  parse(Text);
}

void negativeBeforeFuture(const std::string &Text) {
  // Before get_future() nobody can wait on it.
  std::promise<int> P;
  parse(Text);
  consume(P.get_future());
  P.set_value(1);
}

void negativeNoexceptFunction(const std::string &Text) noexcept {
  // A throw terminates here anyway.
  std::promise<int> P;
  consume(P.get_future());
  P.set_value(parse(Text));
}

#ifndef NO_EXCEPTIONS
void negativeTryCatchIdiom(const std::string &Text) {
  std::promise<int> P;
  consume(P.get_future());
  try {
    P.set_value(parse(Text));
  } catch (...) {
    P.set_exception(std::current_exception());
  }
}

void negativeTryCatchInLambda(const std::string &Text,
                              std::promise<int> Reply) {
  std::thread T([Reply = std::move(Reply), &Text]() mutable {
    try {
      Reply.set_value(parse(Text));
    } catch (...) {
      Reply.set_exception(std::current_exception());
    }
  });
  T.join();
}
#endif
