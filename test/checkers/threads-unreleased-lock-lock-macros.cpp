// RUN: %check_tidy -std=c++11-or-later %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.LockMacros: 'APP_LOCK=APP_UNLOCK;GUARDED_LOCK=GUARDED_UNLOCK'}}"

// C++: LockMacros uses count where they are used, through a virtual call
// the check cannot see; no fix-it rewrites a macro use.

#include <mutex>

struct Locker {
  virtual void acquire(void *Resource) = 0;
  virtual void release(void *Resource) = 0;
  virtual ~Locker();
};
extern Locker *TheLocker;
#define APP_LOCK(Resource) TheLocker->acquire(Resource)
#define APP_UNLOCK(Resource) TheLocker->release(Resource)

struct Account {
  int Balance = 0;
};
Account Savings;

bool positiveVirtual(int Amount) {
  APP_LOCK(&Savings);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Savings' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (Savings.Balance < Amount)
    return false;
  Savings.Balance -= Amount;
  APP_UNLOCK(&Savings);
  return true;
}

void negativeVirtual(int Amount) {
  APP_LOCK(&Savings);
  Savings.Balance += Amount;
  APP_UNLOCK(&Savings);
}

// A named macro whose expansion calls lock(): the macro is the operation,
// and the warning has no fix-it.
std::mutex Mu;
bool Enabled;
#define GUARDED_LOCK(M)                                                        \
  do {                                                                         \
    if (Enabled)                                                               \
      (M).lock();                                                              \
  } while (false)
#define GUARDED_UNLOCK(M)                                                      \
  do {                                                                         \
    if (Enabled)                                                               \
      (M).unlock();                                                            \
  } while (false)

void positiveGuarded(bool Fail) {
  GUARDED_LOCK(Mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  // CHECK-FIXES: GUARDED_LOCK(Mu);
  if (Fail)
    return;
  GUARDED_UNLOCK(Mu);
  // CHECK-FIXES: GUARDED_UNLOCK(Mu);
}

void negativeGuarded() {
  GUARDED_LOCK(Mu);
  Savings.Balance = 0;
  GUARDED_UNLOCK(Mu);
}
