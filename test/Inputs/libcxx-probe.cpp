// Compiled by CMake with -stdlib=libc++ to decide whether libc++ tests run.
#include <mutex>
#include <thread>
int main() {
  std::mutex M;
  std::lock_guard<std::mutex> G(M);
  return 0;
}
