// Diagnostic 1 (C++): threads detached inside a loop, the constant-trip-count
// exemption, macros, lambdas and templates.
// RUN: %check_tidy -std=c++11,c++17,c++20 %s threads-unbounded-detach %t

#include <array>
#include <cstddef>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

void work();
void serve(int Fd);
int acceptConnection();
bool keepGoing();

// --- positive: detach in a loop without a small constant bound ------------

void positiveForever() {
  for (;;) {
    std::thread(work).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'detach' inside a loop leaves one more detached thread running per iteration; nothing limits how many run at once or waits for them [threads-unbounded-detach]
  }
}

void positiveAcceptLoop() {
  int Fd;
  while ((Fd = acceptConnection()) >= 0)
    std::thread(serve, Fd).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'detach' inside a loop
}

void positiveRuntimeBound(std::size_t N) {
  for (std::size_t I = 0; I < N; ++I)
    std::thread{serve, static_cast<int>(I)}.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: 'detach' inside a loop
}

void positiveNamedThread() {
  while (keepGoing()) {
    std::thread Worker(work);
    Worker.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'detach' inside a loop
  }
}

void positiveAssignedThread() {
  std::thread Worker;
  do {
    Worker = std::thread(work);
    Worker.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'detach' inside a loop
  } while (keepGoing());
}

void positiveTooManyIterations() {
  for (int I = 0; I < 100; ++I)
    std::thread(work).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'detach' inside a loop
}

void positiveNestedProduct() {
  // 8 x 8 = 64 threads: each loop is small, the nest is not.
  for (int I = 0; I < 8; ++I)
    for (int J = 0; J < 8; ++J)
      std::thread(work).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'detach' inside a loop
}

void positiveConstantInsideUnbounded() {
  while (true)
    for (int I = 0; I < 4; ++I)
      std::thread(work).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'detach' inside a loop
}

void positiveLambdaBody() {
  std::thread([] {
    for (;;)
      std::thread(work).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'detach' inside a loop
  }).join();
}

void positiveLoopInLambda() {
  auto Spawn = [](int Count) {
    for (int I = 0; I < Count; ++I)
      std::thread(work).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'detach' inside a loop
  };
  Spawn(3);
}

#define SPAWN_ARG(Expr) Expr
void positiveMacroArgument() {
  for (;;)
    SPAWN_ARG(std::thread(work).detach());
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'detach' inside a loop
}

template <typename T> void positiveTemplate(T Value) {
  for (;;) {
    std::thread(work).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'detach' inside a loop
    (void)Value;
  }
}
template void positiveTemplate<int>(int);
template void positiveTemplate<double>(double);

// --- negative: bounded, not in a loop, not created in the loop ------------

void negativeBoundedPool() {
  for (int I = 0; I < 4; ++I)
    std::thread(work).detach();
}

void negativeAtTheLimit() {
  for (unsigned I = 16; I > 0; --I)
    std::thread(work).detach();
  for (int I = 0; I <= 15; I += 1)
    std::thread(work).detach();
}

void negativeNestedSmall() {
  for (int I = 0; I < 4; ++I)
    for (int J = 0; J < 4; ++J)
      std::thread(work).detach();
}

void negativeFixedArray() {
  int Ports[] = {1, 2, 3};
  for (int Port : Ports)
    std::thread(serve, Port).detach();
  std::array<int, 5> Shards{};
  for (int Shard : Shards)
    std::thread(serve, Shard).detach();
  for (int Fd : {4, 5})
    std::thread(serve, Fd).detach();
}

void negativeOnce() {
  do {
    std::thread(work).detach();
  } while (0);
}

void negativeNotInLoop() {
  std::thread(work).detach();
  std::thread Worker(work);
  Worker.detach();
}

void negativeLoopInsideThread() {
  // The loop runs inside the one detached thread.
  std::thread([] {
    for (;;)
      work();
  }).detach();
}

void negativeLambdaNotInLoop() {
  auto Spawn = [] { std::thread(work).detach(); };
  Spawn();
}

void negativeExistingThreads(std::vector<std::thread> &Pool) {
  // Detaching threads that exist already adds none.
  for (std::thread &T : Pool)
    T.detach();
  for (std::size_t I = 0; I < Pool.size(); ++I)
    Pool[I].detach();
}

void negativeRetryUntilStarted() {
  // The loop retries until one thread starts: one thread, not one per
  // iteration.
  for (;;) {
    try {
      std::thread(work).detach();
      break;
    } catch (const std::system_error &) {
    }
  }
  while (keepGoing()) {
    std::thread Worker(work);
    Worker.detach();
    return;
  }
}

void positiveBreakOnlyInSwitch(int Mode) {
  for (;;) {
    switch (Mode) {
    case 0: {
      std::thread(work).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'detach' inside a loop
      break;
    }
    default:
      return;
    }
  }
}

void positiveBreakLeavesOnlyInner() {
  while (keepGoing())
    for (int I = 0; I < 2; ++I) {
      std::thread(work).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'detach' inside a loop
      break;
    }
}

void negativeThreadsMadeElsewhere(std::vector<std::thread> &Pool) {
  // Retiring existing threads, one per iteration (RocksDB's thread pool).
  while (!Pool.empty()) {
    auto &Last = Pool.back();
    Last.detach();
    Pool.pop_back();
  }
  for (;;) {
    std::thread Moved = std::move(Pool.front());
    Moved.detach();
    std::thread Empty;
    Empty.detach();
  }
}

void negativeInductionWritten() {
  // The body changes the counter: no constant trip count, so this is not
  // treated as bounded...
  for (int I = 0; I < 4; ++I) {
    std::thread(work).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'detach' inside a loop
    I = I - 1;
  }
}

void readOnly(const int &Value);
void changes(int &Value);

void negativeCounterOnlyRead() {
  // The counter is passed by value, to a const reference, through the
  // thread's forwarding constructor and to sizeof: still 4 iterations.
  for (int I = 0; I < 4; ++I) {
    std::thread(serve, I).detach();
    readOnly(I);
    std::thread([I] { serve(I + static_cast<int>(sizeof(I))); }).detach();
  }
}

void positiveCounterWritten() {
  // Written through a non-const reference or a by-reference capture: the
  // count is not a constant any more.
  for (int I = 0; I < 4; ++I) {
    std::thread(work).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'detach' inside a loop
    changes(I);
  }
  for (int I = 0; I < 4; ++I) {
    std::thread(work).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'detach' inside a loop
    [&I] { ++I; }();
  }
  for (int I = 0; I < 4; ++I) {
    std::thread(work).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'detach' inside a loop
    int &Alias = I;
    Alias = 0;
  }
}

#define SPAWN_FOREVER() for (;;) std::thread(work).detach()
void negativeMacroBody() { SPAWN_FOREVER(); }

template <typename T> void positiveDependentArgument(T Callable) {
  for (;;)
    std::thread(Callable).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'detach' inside a loop
}
void instantiateDependent() {
  positiveDependentArgument(work);
  positiveDependentArgument([] {});
}
