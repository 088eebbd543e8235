// Unstoppable-loop classification and thread-entry resolution, before C++20
// (diagnostics only: std::stop_token does not exist yet).
// RUN: %check_tidy -std=c++11,c++17 %s threads-missing-stop-token %t

#include <atomic>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <thread>
#include <vector>

void tick();
bool poll();
[[noreturn]] void die();

// --- positive: loops that never exit ----------------------------------------

void positiveWhileTrue() {
  std::thread T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits and can never be stopped; joining it hangs and detaching it leaks it; exit the loop on a 'std::atomic<bool>' flag or another condition [threads-missing-stop-token]
    while (true)
      tick();
  });
  T.join();
}

void positiveForEver() {
  std::thread([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this thread runs a loop that never exits
    for (;;)
      tick();
  }).detach();
}

void positiveDoWhileOne() {
  std::thread T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    do {
      tick();
    } while (1);
  });
  T.detach();
}

static const bool RunForever = true;
void positiveConstantFlag() {
  std::thread T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    while (RunForever)
      tick();
  });
  T.detach();
}

// A break inside a nested loop or a switch leaves only that statement.
void positiveBreakInNestedLoop() {
  std::thread T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    while (true) {
      for (int I = 0; I < 10; ++I)
        if (poll())
          break;
      while (poll())
        break;
    }
  });
  T.detach();
}

void positiveBreakInSwitch(int Mode) {
  std::thread T([Mode] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    for (;;) {
      switch (Mode) {
      case 0:
        break;
      default:
        tick();
        break;
      }
    }
  });
  T.detach();
}

// A goto whose label is inside the loop stays in the loop.
void positiveGotoInside() {
  std::thread T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    while (true) {
      if (poll())
        goto next;
      tick();
    next:
      tick();
    }
  });
  T.detach();
}

// A return in a nested lambda returns from that lambda only.
void positiveReturnInNestedLambda() {
  std::thread T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
    while (true) {
      auto Check = [] { return poll(); };
      Check();
    }
  });
  T.detach();
}

// Functions, member functions, function objects and std::bind.
void workerFunction() {
  while (true)
    tick();
}
void positiveFunction() {
  std::thread T(workerFunction);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
  T.detach();
  std::thread U(&workerFunction);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
  U.detach();
}

struct Worker {
  void run() {
    for (;;)
      tick();
  }
  void start() {
    std::thread(&Worker::run, this).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this thread runs a loop that never exits
  }
  // The lambda only forwards; the loop is in the function it calls.
  void startForwarding() {
    std::thread([this] { run(); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this thread runs a loop that never exits
  }
};

struct Functor {
  void operator()() const {
    while (true)
      tick();
  }
};
void positiveFunctionObject() {
  std::thread T{Functor()};
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
  T.detach();
  Functor F;
  std::thread U(F);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
  U.detach();
}

void positiveBind(Worker &W) {
  std::thread T(std::bind(&Worker::run, &W));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
  T.detach();
}

void positiveLambdaVariable() {
  auto Body = [] {
    for (;;)
      tick();
  };
  std::thread T(Body);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this thread runs a loop that never exits
  T.detach();
}

void positiveContainer() {
  std::vector<std::thread> Pool;
  for (int I = 0; I < 4; ++I)
    Pool.emplace_back(workerFunction);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this thread runs a loop that never exits
  for (auto &T : Pool)
    T.join();
}

class Member {
  std::thread Thread;
public:
  Member() : Thread([] { while (true) tick(); }) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: this thread runs a loop that never exits
  ~Member() { Thread.join(); }
};

// --- negative: loops with an exit -------------------------------------------

void negativeBreak() {
  std::thread([] {
    while (true) {
      if (poll())
        break; // poison pill
      tick();
    }
  }).detach();
}

void negativeBreakInSwitchBody() {
  std::thread([] {
    for (;;) {
      if (poll())
        break;
      switch (0) {
      default:
        break;
      }
    }
  }).detach();
}

void negativeReturn() {
  std::thread([] {
    for (;;)
      if (poll())
        return;
  }).detach();
}

void negativeGotoOut() {
  std::thread([] {
    while (true)
      if (poll())
        goto done;
  done:
    tick();
  }).detach();
}

void negativeThrow() {
  std::thread([] {
    try {
      while (true)
        if (poll())
          throw std::runtime_error("stop");
    } catch (...) {
    }
  }).detach();
}

void negativeNoreturn() {
  std::thread([] {
    while (true) {
      if (poll())
        die();
      if (!poll())
        std::exit(0);
    }
  }).detach();
}

void negativeCondition() {
  std::thread([] {
    while (poll())
      tick();
  }).detach();
}

std::atomic<bool> Stopping{false};
void negativeAtomicFlag() {
  std::thread([] {
    while (!Stopping)
      tick();
  }).detach();
}

// Loops that no thread runs.
void negativeNotAThread() {
  while (true)
    tick();
}
void negativeLoopInNestedLambda() {
  std::thread([] {
    auto Later = [] {
      for (;;)
        tick();
    };
    (void)Later;
  }).detach();
}

// The entry's body is not visible in this translation unit.
void externalWorker();
void negativeInvisibleBody() { std::thread(externalWorker).detach(); }

// A function pointer that may be reassigned: unclear which function runs.
void negativeUnclearPointer(bool Which) {
  void (*Entry)() = workerFunction;
  if (Which)
    Entry = externalWorker;
  std::thread(Entry).detach();
}

// std::function hides its target.
void negativeStdFunction() {
  std::function<void()> F = workerFunction;
  std::thread(F).detach();
}

// Moves of thread objects start nothing.
void negativeMove(std::thread &Out) {
  std::thread T;
  Out = std::move(T);
  std::thread U(std::move(Out));
  U.join();
}

// --- macros -----------------------------------------------------------------

#define FOREVER for (;;)
#define START_SPINNER() std::thread([] { while (true) tick(); }).detach()
#define RUN(X) X

void negativeLoopInMacroBody() {
  std::thread([] {
    FOREVER tick();
  }).detach();
}
void negativeWholePatternInMacro() { START_SPINNER(); }
void positiveInMacroArgument() {
  RUN(std::thread([] { while (true) tick(); }).detach());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: this thread runs a loop that never exits
}

// --- trampolines --------------------------------------------------------------

// A static entry point that calls the loop on an object it is given (leveldb's
// PosixEnv::BackgroundThreadEntryPoint).
class Env {
public:
  void start() {
    std::thread Background(&Env::entryPoint, this);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: this thread runs a loop that never exits
    Background.detach();
  }

private:
  static void entryPoint(Env *E) { E->backgroundMain(); }
  void backgroundMain() {
    while (true)
      tick();
  }
};

// A virtual call may run another override: not followed.
struct Task {
  virtual void run() {
    for (;;)
      tick();
  }
  virtual ~Task() = default;
};
void negativeVirtual(Task *T) {
  std::thread([T] { T->run(); }).detach();
}
