// Diagnostic 3: a discarded std::async future makes the call synchronous.
// RUN: %check_tidy -std=c++11,c++20 %s threads-unbounded-detach %t

#include <future>
#include <vector>

int compute(int X);
void audit();
bool keepGoing();

// --- positive -------------------------------------------------------------

void positiveStatement() {
  std::async(std::launch::async, audit);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the future returned by 'std::async' is discarded; its destructor waits for the task, so the call runs synchronously [threads-unbounded-detach]
}

void positiveVoidCast() {
  (void)std::async(compute, 1);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: the future returned by 'std::async' is discarded; its destructor waits for the task, so the call runs synchronously [threads-unbounded-detach]
  static_cast<void>(std::async(std::launch::async, [] { audit(); }));
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: the future returned by 'std::async' is discarded
}

void positiveInLoop(const std::vector<int> &Items) {
  for (int Item : Items) {
    std::async(std::launch::async, compute, Item);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the future returned by 'std::async' is discarded; its destructor waits for the task, so the call runs synchronously and the tasks of this loop run one after another [threads-unbounded-detach]
    // CHECK-NOTES: :[[@LINE-3]]:3: note: each iteration of this loop waits for its task before the next one starts
  }
}

void positiveIfBody(bool Flag) {
  if (Flag)
    std::async(std::launch::async, audit);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: the future returned by 'std::async' is discarded
}

void positiveDeferred() {
  std::async(std::launch::deferred, audit);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the future returned by 'std::async' with 'std::launch::deferred' is discarded; the task never runs [threads-unbounded-detach]
}

template <typename T> void positiveTemplate(T Value) {
  std::async(std::launch::async, audit);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the future returned by 'std::async' is discarded
  (void)Value;
}
template void positiveTemplate<int>(int);
template void positiveTemplate<char>(char);

#define LOG_ASYNC(Call) Call
void positiveMacroArgument() {
  LOG_ASYNC(std::async(std::launch::async, audit));
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: the future returned by 'std::async' is discarded
}

// --- negative: the future is kept -----------------------------------------

std::future<int> negativeReturned() {
  return std::async(std::launch::async, compute, 2);
}

void negativeKept(const std::vector<int> &Items) {
  std::vector<std::future<int>> Results;
  for (int Item : Items)
    Results.push_back(std::async(std::launch::async, compute, Item));
  for (std::future<int> &Result : Results)
    Result.get();
  auto Pending = std::async(std::launch::async, audit);
  std::future<int> Value = std::async(compute, 3);
  Value = std::async(compute, 4);
  const int Now = std::async(compute, 5).get();
  (void)Now;
  while (keepGoing())
    Pending = std::async(std::launch::async, audit);
}

template <typename F> void negativeDependent(F Callable) {
  // Which overload runs depends on F: stay silent.
  std::async(std::launch::async, Callable);
}

#define FIRE_AND_WAIT() std::async(std::launch::async, audit)
void negativeMacroBody() { FIRE_AND_WAIT(); }
