#include <mutex>

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
