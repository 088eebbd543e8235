// An exception that leaves a thread's entry calls std::terminate: each kind of
// thread entry, and what keeps the check silent.
// RUN: %check_tidy -std=c++17-or-later %s threads-exception-escapes-thread %t

#include <cstddef>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <new>
#include <pthread.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int parse(const std::string &Text) {
  if (Text.empty())
    throw ParseError("empty input");
  return 1;
}

void handle(int);

// --- Each kind of entry --------------------------------------------------------

void lambdaEntry(std::string Input) {
  std::thread T([Input] { handle(parse(Input)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'ParseError' thrown in 'parse' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  T.join();
}

void worker() { handle(parse("")); }

void freeFunctionEntry() {
  std::thread T(worker);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'ParseError' thrown in 'parse' escapes the thread entry 'worker'; std::terminate ends the process [threads-exception-escapes-thread]
  T.join();
  std::thread(&worker).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type 'ParseError' thrown in 'parse' escapes the thread entry 'worker'
}

class Server {
public:
  void start() {
    Thread = std::thread(&Server::serve, this);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: exception of type 'std::out_of_range' escapes the thread entry 'Server::serve'; std::terminate ends the process [threads-exception-escapes-thread]
  }

private:
  void serve() {
    if (Port < 0)
      throw std::out_of_range("port");
  }
  int Port = -1;
  std::thread Thread;
};

struct Task {
  std::string Input;
  void operator()() const { handle(parse(Input)); }
};

void functionObjectEntry() {
  std::thread T{Task{""}};
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'ParseError' thrown in 'parse' escapes the thread entry 'Task::operator()'
  T.join();
  std::vector<std::thread> Pool;
  Pool.emplace_back(Task{"x"});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type 'ParseError' thrown in 'parse' escapes the thread entry 'Task::operator()'
  for (std::thread &Each : Pool)
    Each.join();
}

static void *routine(void *Arg) {
  handle(parse(*static_cast<std::string *>(Arg)));
  return nullptr;
}

void pthreadEntry(std::string *Input) {
  pthread_t T;
  pthread_create(&T, nullptr, routine, Input);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type 'ParseError' thrown in 'parse' escapes the thread entry 'routine'; std::terminate ends the process [threads-exception-escapes-thread]
  pthread_join(T, nullptr);
}

void bindEntry() {
  std::thread T(std::bind(parse, std::string()));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception of type 'ParseError' escapes the thread entry 'parse'
  T.join();
}

// --- Calls known to throw ------------------------------------------------------

void knownCalls(std::vector<int> &Values, std::string Text) {
  std::thread A([&Values] { handle(Values.at(3)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception thrown by 'vector::at' escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  std::thread B([Text] { handle(std::stoi(Text)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: exception thrown by 'stoi' escapes the thread's lambda
  A.join();
  B.join();
}

void declaredToThrow() noexcept(false);

void declaredCall() {
  std::thread([] { declaredToThrow(); }).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception thrown by 'declaredToThrow' escapes the thread's lambda
}

// A condition that happens to be false is no declaration that it throws
// (the standard library writes 'noexcept(is_nothrow_...)' everywhere).
template <typename T> void maybeThrows(T) noexcept(sizeof(T) < 1);
template <typename T> void maybeThrows(T) noexcept(sizeof(T) < 1) {}

void conditionalNoexcept(std::function<void()> &Slot) {
  std::thread([] { maybeThrows(1); }).join();
  std::thread([&Slot] {
    std::string Big(100, 'x');
    Slot = [Big] { (void)Big; };
  }).join();
}

// --- Rethrown by a handler -----------------------------------------------------

void log(const char *);

void rethrows() {
  std::thread([] {
    try {
      handle(parse(""));
    } catch (const ParseError &) {
      log("bad input");
      throw;
    }
  }).join();
  // CHECK-MESSAGES: :[[@LINE-8]]:3: warning: exception rethrown by a handler escapes the thread's lambda; std::terminate ends the process [threads-exception-escapes-thread]
  std::thread([] {
    try {
      handle(1);
    } catch (...) {
      throw;
    }
  }).join();
  // CHECK-MESSAGES: :[[@LINE-7]]:3: warning: exception rethrown by a handler escapes the thread's lambda
}

// A rethrow caught further out, by a handler of a base class.
void rethrowCaughtOutside() {
  std::thread([] {
    try {
      try {
        handle(parse(""));
      } catch (const ParseError &) {
        throw;
      }
    } catch (const std::exception &) {
    }
  }).join();
}

// A throw in a handler is not caught by that handler's own try.
void throwInHandler() {
  std::thread([] {
    try {
      handle(1);
    } catch (const std::runtime_error &Error) {
      throw std::logic_error(Error.what());
    }
  }).join();
  // CHECK-MESSAGES: :[[@LINE-7]]:3: warning: exception of type 'std::logic_error' escapes the thread's lambda
}

// --- noexcept entries ----------------------------------------------------------

void noexceptWorker() noexcept { handle(parse("")); }

void noexceptEntries() {
  std::thread(noexceptWorker).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type 'ParseError' thrown in 'parse' escapes the thread entry 'noexceptWorker', which is noexcept; std::terminate ends the process either way [threads-exception-escapes-thread]
  std::thread([]() noexcept { throw 1; }).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type 'int' escapes the thread's lambda, which is noexcept; std::terminate ends the process either way
}

// A noexcept callee lets nothing out: what is thrown in it terminates inside
// it (bugprone-exception-escape reports that function).
void noexceptCallee() noexcept { parse(""); }

void callsNoexcept() {
  std::thread([] { noexceptCallee(); }).detach();
}

// --- Caught on the way: silent -------------------------------------------------

void caughtByExactType() {
  std::thread([] {
    try {
      handle(parse(""));
    } catch (const ParseError &) {
    }
  }).join();
}

void caughtByBase() {
  std::thread([] {
    try {
      handle(parse(""));
    } catch (std::exception &) {
    }
  }).join();
}

void caughtByEllipsis() {
  std::thread([] {
    try {
      handle(parse(""));
    } catch (...) {
    }
  }).join();
}

int parseOrZero(const std::string &Text) {
  try {
    return parse(Text);
  } catch (const std::runtime_error &) {
    return 0;
  }
}

void caughtInCallee() {
  std::thread([] { handle(parseOrZero("")); }).join();
}

void functionTryBlock() try {
  handle(parse(""));
} catch (...) {
}

void caughtByFunctionTryBlock() { std::thread(functionTryBlock).join(); }

// A library call caught by the class it throws, or one of its bases.
void libraryCaught(std::vector<int> &Values) {
  std::thread([&Values] {
    try {
      handle(Values.at(3));
    } catch (const std::logic_error &) {
    }
  }).join();
}

// The wrong handler does not catch: 'int' is no 'std::exception', and
// 'out_of_range' is no 'runtime_error'.
void wrongHandler(std::vector<int> &Values) {
  std::thread([] {
    try {
      throw 42;
    } catch (const std::exception &) {
    }
  }).join();
  // CHECK-MESSAGES: :[[@LINE-6]]:3: warning: exception of type 'int' escapes the thread's lambda
  std::thread([&Values] {
    try {
      handle(Values.at(3));
    } catch (const std::runtime_error &) {
    }
  }).join();
  // CHECK-MESSAGES: :[[@LINE-6]]:3: warning: exception thrown by 'vector::at' escapes the thread's lambda
}

// A callee declared to throw may throw anything: any handler is taken to catch
// it.
void declaredCaught() {
  std::thread([] {
    try {
      declaredToThrow();
    } catch (const std::runtime_error &) {
    }
  }).join();
}

// --- Not thread entries: the future keeps the exception --------------------------

void futures() {
  auto Result = std::async(std::launch::async, [] { return parse(""); });
  std::packaged_task<int()> Job([] { return parse(""); });
  std::future<int> Later = Job.get_future();
  std::thread(std::move(Job)).detach();
  std::packaged_task<int()> Other([] { return parse(""); });
  std::thread([&Other] { Other(); }).join();
}

// --- Allocation failures are no finding ------------------------------------------

void allocationOnly() {
  std::thread([] {
    std::vector<std::string> Lines;
    std::map<int, std::string> ById;
    for (int I = 0; I < 100; ++I) {
      Lines.push_back(std::string(100, 'x'));
      ById[I] = Lines.back();
    }
    auto Buffer = std::make_unique<char[]>(1 << 20);
    int *Raw = new int[100];
    delete[] Raw;
  }).join();
  std::thread([] { throw std::bad_alloc(); }).join();
}

// --- Code that cannot be seen is no evidence --------------------------------------

void declaredOnly();
struct Base {
  virtual void run();
};

void unseen(Base &B, std::function<void()> Callback, void (*Pointer)()) {
  std::thread([] { declaredOnly(); }).join();
  std::thread([&B] { B.run(); }).join();
  std::thread([Callback] { Callback(); }).join();
  std::thread([Pointer] { Pointer(); }).join();
  std::thread(declaredOnly).join();
}

struct Derived : Base {
  void run() override { throw 1; }
};

// A virtual entry may run another override.
void virtualEntry(Derived &D) { std::thread(&Derived::run, &D).join(); }

// --- Code that never runs here -----------------------------------------------------

void unevaluated() {
  std::thread([] {
    auto Later = [] { throw 1; };
    (void)Later;
    handle(sizeof(parse("")));
    handle(noexcept(parse("")));
  }).join();
}

// --- Recursion in the call graph ----------------------------------------------------

void pong(int N);
void ping(int N) {
  if (N > 0)
    pong(N - 1);
}
void pong(int N) {
  if (N > 0)
    ping(N - 1);
}
void self(int N) {
  if (N > 0)
    self(N - 1);
}

void recursion() {
  std::thread(ping, 10).join();
  std::thread(self, 10).join();
}

void throwingPing(int N);
void throwingPong(int N) {
  if (N == 0)
    throw std::runtime_error("done");
  throwingPing(N - 1);
}
void throwingPing(int N) { throwingPong(N); }

void recursionThatThrows() {
  std::thread(throwingPing, 10).join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: exception of type 'std::runtime_error' thrown in 'throwingPong' escapes the thread entry 'throwingPing'
}
