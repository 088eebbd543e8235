// Lock functions that report their own failure by throwing or by a result
// (docs/threads-unreleased-lock.rst, "Not flagged"): the exits on the branch
// where the function's own acquire failed do not count against the hand-off.
// RUN: %check_tidy %s threads-unreleased-lock %t

#include <mutex>
#include <pthread.h>
#include <stdexcept>
#include <system_error>

class ReadWriteLock {
public:
  // A wrapper's reader side: acquire or throw (names that do not read like
  // an acquire, so that only the failure rule exempts them).
  void readSide() {
    if (pthread_rwlock_rdlock(&Rw))
      throw std::runtime_error("cannot lock reader/writer lock");
  }
  void writeSide() {
    int Rc = pthread_rwlock_wrlock(&Rw);
    if (Rc != 0)
      throw std::system_error(Rc, std::generic_category());
  }
  bool tryReadSide() {
    if (pthread_rwlock_tryrdlock(&Rw) != 0)
      return false;
    return true;
  }
  void done() { pthread_rwlock_unlock(&Rw); }

private:
  pthread_rwlock_t Rw = PTHREAD_RWLOCK_INITIALIZER;
};

struct Busy {};
class Gate {
public:
  void admitOrThrow() {
    if (!Mu.try_lock())
      throw Busy();
  }
  void done() { Mu.unlock(); }

  // An exit before any attempt to lock is not a failure report: reported.
  void admitIfOpen(bool Open) {
    if (!Open)
      return;
    if (!Mu.try_lock())
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'Mu' is locked here and not released on every path
      throw Busy();
  }

private:
  std::mutex Mu;
};
