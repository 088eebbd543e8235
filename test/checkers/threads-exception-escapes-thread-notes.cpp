// Notes: one at every call the exception leaves through, one where it is
// thrown.
// RUN: %check_tidy -std=c++17 %s threads-exception-escapes-thread %t

#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

struct Frame {
  std::string Body;
};

Frame readFrame(int Fd) {
  if (Fd < 0)
    throw std::invalid_argument("bad descriptor");
  return Frame{"x"};
}

Frame nextFrame(int Fd) { return readFrame(Fd); }

class Connection {
public:
  explicit Connection(int Fd) : Fd(Fd) {}
  void serve() {
    for (int I = 0; I < 3; ++I)
      consume(nextFrame(Fd));
  }

private:
  void consume(const Frame &);
  int Fd;
};

void serveAll(Connection &C) {
  std::thread T([&C] { C.serve(); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: exception of type 'std::invalid_argument' thrown in 'readFrame' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-NOTES: :[[@LINE-2]]:26: note: the exception leaves this call to 'Connection::serve'
  // CHECK-NOTES: :[[@LINE-12]]:15: note: the exception leaves this call to 'nextFrame'
  // CHECK-NOTES: :[[@LINE-20]]:34: note: the exception leaves this call to 'readFrame'
  // CHECK-NOTES: :[[@LINE-25]]:5: note: exception of type 'std::invalid_argument' thrown here
  T.join();
}

// A call known to throw: the note says what it throws.
void lookup(std::optional<int> Limit) {
  std::thread([Limit] { (void)Limit.value(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown by 'optional::value' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-NOTES: :[[@LINE-2]]:37: note: 'optional::value' throws 'std::bad_optional_access'
}

// `value()` on an optional its function tests or stores into is guarded by
// that test: no evidence of a throw (whatever the test's outcome on a path).
void lookupChecked(std::optional<int> Limit, std::optional<int> Other) {
  std::thread([Limit] {
    if (Limit.has_value())
      (void)Limit.value();
  }).join();
  std::thread([] {
    std::optional<int> Local;
    Local = 3;
    (void)Local.value();
  }).join();
  std::thread([Other] {
    if (Other != std::nullopt)
      (void)Other.value();
  }).join();
  std::thread([Other] {
    if (Other)
      (void)Other.value();
  }).join();
}

// A test of another optional guards nothing.
void lookupWrongGuard(std::optional<int> Limit, std::optional<int> Other) {
  std::thread([Limit, Other] {
    if (Other.has_value())
      (void)Limit.value();
  }).join();
  // CHECK-NOTES: :[[@LINE-4]]:3: warning: exception thrown by 'optional::value' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'optional::value' throws 'std::bad_optional_access'
}

// A rethrow: the note is at the 'throw;'.
void retry() {
  std::thread T([] {
    try {
      (void)nextFrame(-1);
    } catch (const std::invalid_argument &) {
      throw;
    }
  });
  // CHECK-NOTES: :[[@LINE-7]]:15: warning: exception rethrown by a handler escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: the handler rethrows the exception here
  T.join();
}

// An explicit throw is reported before a call known to throw, whatever the
// order.
void preferThrow(std::optional<int> Limit) {
  std::thread([Limit] {
    (void)Limit.value();
    throw 1;
  }).join();
  // CHECK-NOTES: :[[@LINE-4]]:3: warning: exception of type 'int' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: exception of type 'int' thrown here
}

// A call of a function declared to throw; a declared-only entry is not seen.
void legacy() noexcept(false);

void callsLegacy() {
  std::thread(legacy).join();
}

void wrapsLegacy() {
  std::thread([] { legacy(); }).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown by 'legacy' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: 'legacy' is declared to throw
}
