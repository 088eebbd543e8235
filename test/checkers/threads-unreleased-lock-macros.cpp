// RUN: %check_tidy -std=c++11-or-later %s threads-unreleased-lock %t

// C++ lock macros: a function-like macro whose expansion is one acquire or
// release call counts where it is used. No fix-it rewrites a macro use.

#include <mutex>

std::mutex Global;
int Value;

#define LOCK_GLOBAL() Global.lock()
#define UNLOCK_GLOBAL() Global.unlock()
#define LOCK_OF(Obj) (Obj).Mu.lock()

void positiveMacroLeaks(bool Flag) {
  LOCK_GLOBAL();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-FIXES: LOCK_GLOBAL();
  if (Flag)
    return;
  Global.unlock();
}

void positiveMacroUnlockLeaks(bool Flag) {
  Global.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Global' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-FIXES: Global.lock();
  if (Flag)
    return;
  UNLOCK_GLOBAL();
  // CHECK-FIXES: UNLOCK_GLOBAL();
}

struct Shard {
  std::mutex Mu;
  int Hits = 0;
};
Shard Shards[4];

void positiveMemberMacro(int N) {
  LOCK_OF(Shards[1]);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (N > Shards[1].Hits)
    throw N;
  Shards[1].Mu.unlock();
}

void negativeBalancedMacros() {
  LOCK_GLOBAL();
  ++Value;
  UNLOCK_GLOBAL();
}

// The macro's author wrote the whole pattern: silent.
#define WITH_GLOBAL(Stmt)                                                      \
  do {                                                                         \
    Global.lock();                                                             \
    Stmt;                                                                      \
  } while (0)
void negativeMacroBody() { WITH_GLOBAL(++Value); }
