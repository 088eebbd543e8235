#include "common.h"
std::mutex BMu;
int b(bool Fail) {
  BMu.lock();
  if (Fail)
    return 1;
  BMu.unlock();
  return 0;
}
