// Included by three translation units that land in different shards: its
// finding and fix-it must come out once, as in one unsharded run.
#include <mutex>

inline std::mutex HeaderMu;
inline int HeaderCount;

inline int headerBump(bool Fail) {
  HeaderMu.lock();
  if (Fail)
    return -1;
  ++HeaderCount;
  HeaderMu.unlock();
  return 0;
}
