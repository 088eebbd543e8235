// RUN: %check_tidy -std=c99,c11 %s threads-unreleased-lock %t

// C lock macros: a function-like macro whose expansion is one acquire or
// release call is that acquire or release where it is used. Code written
// entirely inside a macro's body (a macro that locks and unlocks, a macro
// that defines a whole function) is the macro author's: silent.

#define _XOPEN_SOURCE 700
#include <pthread.h>

struct stats {
  pthread_mutex_t mu;
  pthread_rwlock_t rw;
  int hits;
};

#define LOCK(m) pthread_mutex_lock(m)
#define UNLOCK(m) pthread_mutex_unlock(m)

void positive_macro(struct stats *s, int x) {
  LOCK(&s->mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's->mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (x)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 's->mu' is still locked when 'positive_macro' returns here
  UNLOCK(&s->mu);
}

// Wrappers that take the object and name the field, through nested macros.
#define STATS_LOCK(s) LOCK(&(s)->mu)
#define STATS_UNLOCK(s) UNLOCK(&(s)->mu)
pthread_rwlock_t table_lock;
#define TABLE_WRLOCK() pthread_rwlock_wrlock(&table_lock)
#define TABLE_UNLOCK() pthread_rwlock_unlock(&table_lock)

int positive_nested(struct stats *s, int n) {
  STATS_LOCK(s);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  for (int i = 0; i < n; ++i) {
    // CHECK-NOTES: :[[@LINE-1]]:19: note: assuming 'i < n' is true
    if (s->hits > i)
      // CHECK-NOTES: :[[@LINE-1]]:9: note: assuming 's->hits > i' is true
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'mu' is still locked when 'positive_nested' returns here
  }
  STATS_UNLOCK(s);
  return 0;
}

int positive_no_arguments(int x) {
  TABLE_WRLOCK();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'table_lock' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (x < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'table_lock' is still locked when 'positive_no_arguments' returns here
  TABLE_UNLOCK();
  return 0;
}

// A checked acquire through the macro: not held on the failure branch.
int negative_checked_macro(struct stats *s) {
  if (LOCK(&s->mu) != 0)
    return -1;
  s->hits++;
  UNLOCK(&s->mu);
  return 0;
}

// Double unlock through the macro, reported at the second use.
void positive_double_unlock(struct stats *s) {
  LOCK(&s->mu);
  UNLOCK(&s->mu);
  UNLOCK(&s->mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's->mu' is unlocked again after it was already released on every path; unlocking a lock this thread does not hold is undefined behavior [threads-unreleased-lock]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 's->mu' was released here
}

void negative_balanced_macro(struct stats *s) {
  LOCK(&s->mu);
  s->hits++;
  UNLOCK(&s->mu);
}

// A macro whose expansion is more than the call: the macro author's code.
#define LOCKED_BUMP(s, x)                                                     \
  do {                                                                         \
    pthread_mutex_lock(&(s)->mu);                                              \
    if (x)                                                                     \
      return;                                                                  \
    pthread_mutex_unlock(&(s)->mu);                                            \
  } while (0)
void negative_macro_locks_and_returns(struct stats *s, int x) {
  LOCKED_BUMP(s, x);
}

#define LOCK_OR_FAIL(m)                                                        \
  if (pthread_mutex_lock(m) != 0)                                              \
  return -1
int negative_macro_with_more(struct stats *s, int x) {
  LOCK_OR_FAIL(&s->mu);
  if (x)
    return 1;
  UNLOCK(&s->mu);
  return 0;
}

// A whole function defined by a macro, wrappers used inside it.
#define DEFINE_BUMP(name)                                                      \
  void name(struct stats *s, int x) {                                          \
    LOCK(&s->mu);                                                              \
    if (x)                                                                     \
      return;                                                                  \
    UNLOCK(&s->mu);                                                            \
  }
DEFINE_BUMP(negative_defined_by_macro)

// An object-like macro is not a wrapper with a place of use of its own.
pthread_mutex_t global_mu;
#define LOCK_GLOBAL pthread_mutex_lock(&global_mu)
void negative_object_like(int x) {
  LOCK_GLOBAL;
  if (x)
    return;
  pthread_mutex_unlock(&global_mu);
}
