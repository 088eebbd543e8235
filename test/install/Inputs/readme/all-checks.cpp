// One finding of every threads-* check, for the README build test: a plugin
// that loads but cannot run a check (a GCC-built one stops clang-tidy with
// "symbol lookup error" on the first check that reads a bool option) or
// reports nothing fails there.
#include <mutex>
#include <thread>

std::mutex Mu;
int Counter;

int bump(bool Fail) {
  Mu.lock();
  if (Fail)
    return -1;
  ++Counter;
  Mu.unlock();
  return 0;
}

void spin() {
  std::thread Worker([] {
    for (;;)
      ++Counter;
  });
  Worker.join();
}

void serve() {
  for (;;)
    std::thread([] { ++Counter; }).detach();
}

void scratch(unsigned long N) {
  for (unsigned long I = 0; I < N; ++I)
    (void)__builtin_alloca(I);
}

void fail() {
  std::thread Failing([] { throw 1; });
  Failing.join();
}

void drain(std::thread &T) {
  std::lock_guard<std::mutex> Guard(Mu);
  T.join();
}

#include <future>
std::future<int> answer(bool Fail) {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  if (Fail)
    return F;
  P.set_value(42);
  return F;
}
