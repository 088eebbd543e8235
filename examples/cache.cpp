// A cache behind a mutex.
//
// Bugs on purpose (threads-unreleased-lock): the early return leaves the
// mutex locked, the throw between lock() and unlock() does too, and a
// unique_lock is released into nowhere.
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace cache {

class Cache {
public:
  bool lookup(const std::string &Key, std::string &Value) {
    Mu.lock();
    auto It = Entries.find(Key);
    if (It == Entries.end())
      return false; // Still locked: the next caller deadlocks.
    Value = It->second;
    Mu.unlock();
    return true;
  }

  void insert(const std::string &Key, const std::string &Value) {
    Mu.lock();
    if (Value.size() > MaxValue)
      throw std::length_error("value too large"); // Still locked.
    Entries[Key] = Value;
    Mu.unlock();
  }

  void evictAll() {
    std::unique_lock<std::mutex> Lock(Mu);
    Entries.clear();
    Lock.release(); // The mutex stays locked with no owner.
  }

private:
  static constexpr std::size_t MaxValue = 1 << 20;
  std::mutex Mu;
  std::map<std::string, std::string> Entries;
};

} // namespace cache
