// RUN: %check_tidy -std=c++17 %s threads-unjoined-thread %t
// RUN: %check_tidy -check-suffix=ANY -std=c++17 %s threads-unjoined-thread %t.any -- \
// RUN:   -config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: Any, threads-unjoined-thread.NoThrowFunctions: 'log'}}"
// RUN: %check_tidy -check-suffix=NONE -std=c++17 %s threads-unjoined-thread %t.none -- \
// RUN:   -config="{CheckOptions: {threads-unjoined-thread.ExceptionPaths: None}}"
// A file compiled without exceptions has no exception paths.
// RUN: %check_tidy -check-suffix=NONE -std=c++17 %s threads-unjoined-thread %t.noexc -- -- -fno-exceptions -DNO_EXCEPTIONS

// Exception paths (ExceptionPaths, as in threads-unreleased-lock): a call
// that may throw while a thread is joinable destroys the thread during
// unwinding, and std::terminate ends the process.

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

void work();
void log(const char *Message);

#ifndef NO_EXCEPTIONS
void parse(const std::string &Text) {
  if (Text.empty())
    throw std::invalid_argument("empty");
}
#else
void parse(const std::string &Text);
#endif

#ifndef NO_EXCEPTIONS
struct Endpoint {
  explicit Endpoint(const std::string &Url) {
    if (Url.compare(0, 4, "http") != 0)
      throw std::invalid_argument(Url);
  }
};
int parsePort(const char *Text, int Base = 10) {
  if (!Text || !*Text || Base != 10)
    throw std::out_of_range("port");
  return 80;
}
struct ConfigFile {
  explicit ConfigFile(const char *Path) {
    if (!openable(Path))
      throw std::runtime_error(Path);
  }
  static bool openable(const char *Path);
};
#else
struct Endpoint {
  explicit Endpoint(const std::string &Url);
};
int parsePort(const char *Text, int Base = 10);
struct ConfigFile {
  explicit ConfigFile(const char *Path);
};
#endif

// Known: a callee that throws only std::logic_error classes (a precondition
// check) given input fixed by the program text fails on every run or on
// none; such a call is no exception path. Input that can vary, or a
// runtime_error (the state of the world), still is.
void negativeFixedInput() {
  std::thread T(work);
  // CHECK-MESSAGES-ANY: :[[@LINE-1]]:15: warning: 'T' is still joinable if an exception is thrown
  Endpoint E("http://localhost:8080");
  const int Port = parsePort("8080");
  (void)Port;
  T.join();
}

void positiveVariableInput(const std::string &Url) {
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' is still joinable if an exception is thrown
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:15: warning: 'T' is still joinable if an exception is thrown
  Endpoint E(Url);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: note: the constructor of 'Endpoint' may throw here while 'T' is joinable
  T.join();
}

void positiveRuntimeErrorWithFixedInput() {
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' is still joinable if an exception is thrown
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:15: warning: 'T' is still joinable if an exception is thrown
  ConfigFile Config("/etc/app.conf");
  // CHECK-MESSAGES: :[[@LINE-1]]:14: note: the constructor of 'ConfigFile' may throw here while 'T' is joinable
  T.join();
}

void positiveKnownThrow(const std::string &Text) {
  std::thread Flusher(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'Flusher' is still joinable if an exception is thrown before it is joined; std::terminate ends the process [threads-unjoined-thread]
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:15: warning: 'Flusher' is still joinable if an exception is thrown before it is joined
  parse(Text);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'parse' may throw here while 'Flusher' is joinable
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:3: note: 'parse' may throw here while 'Flusher' is joinable
  Flusher.join();
}

int positiveStdAt(const std::vector<int> &Values) {
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' is still joinable if an exception is thrown
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:15: warning: 'T' is still joinable if an exception is thrown
  const int First = Values.at(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: note: 'at' may throw here while 'T' is joinable
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:21: note: 'at' may throw here while 'T' is joinable
  T.join();
  return First;
}

void unknownCallee();
void positiveAnyOnly() {
  std::thread T(work);
  // CHECK-MESSAGES-ANY: :[[@LINE-1]]:15: warning: 'T' is still joinable if an exception is thrown
  unknownCallee();
  // CHECK-MESSAGES-ANY: :[[@LINE-1]]:3: note: 'unknownCallee' may throw here while 'T' is joinable
  T.join();
}

void negativeNoThrowFunctions() {
  std::thread T(work);
  log("started");
  T.join();
}

void negativeAfterJoin(const std::string &Text) {
  std::thread T(work);
  T.join();
  parse(Text);
}

void negativeNoexceptFunction(const std::string &Text) noexcept {
  // A throw terminates here anyway.
  std::thread T(work);
  parse(Text);
  T.join();
}

#ifndef NO_EXCEPTIONS
void negativeTryBlock(const std::string &Text) {
  std::thread T(work);
  try {
    parse(Text);
  } catch (...) {
    T.join();
    throw;
  }
  T.join();
}
#endif

void negativeDetached(const std::string &Text) {
  std::thread T(work);
  T.detach();
  parse(Text);
}

bool cond();
void positiveLeakInEveryMode(const std::string &Text) {
  // A leak on a normal path is reported whatever the option says; the
  // call that may throw is a note of its own.
  std::thread T(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'T' may still be joinable when it is destroyed
  // CHECK-MESSAGES-ANY: :[[@LINE-2]]:15: warning: 'T' may still be joinable when it is destroyed
  // CHECK-MESSAGES-NONE: :[[@LINE-3]]:15: warning: 'T' may still be joinable when it is destroyed
  parse(Text);
  if (cond())
    return;
  T.join();
}
