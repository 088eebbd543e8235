// Macros: a thread started inside a macro's body is the macro author's code
// (silent); a throw written in a macro (an assertion macro that throws) still
// leaves the thread, and its note points at the macro's use.
// RUN: %check_tidy -std=c++17 %s threads-exception-escapes-thread %t

#include <stdexcept>
#include <thread>

#define REQUIRE(Cond)                                                          \
  do {                                                                         \
    if (!(Cond))                                                               \
      throw std::logic_error(#Cond);                                           \
  } while (0)

#define SPAWN(Fn) std::thread(Fn).detach()

void handle(int);

void checked(int V) {
  REQUIRE(V > 0);
  handle(V);
}

void throwsPlainly() { throw 1; }

void start() {
  std::thread T(checked, 3);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: exception of type 'std::logic_error' escapes the thread entry 'checked'; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-NOTES: :[[@LINE-9]]:3: note: exception of type 'std::logic_error' thrown here
  T.join();
  SPAWN(throwsPlainly);
}

// The whole thread creation in a macro argument is the user's code.
#define RUN_AND_JOIN(Expr) (Expr).join()

void inArgument() {
  RUN_AND_JOIN(std::thread(throwsPlainly));
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: exception of type 'int' escapes the thread entry 'throwsPlainly'; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-NOTES: :[[@LINE-16]]:24: note: exception of type 'int' thrown here
}
