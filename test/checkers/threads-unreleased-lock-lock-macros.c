// RUN: %check_tidy -std=c99,c11 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.LockMacros: 'LIB_LOCK=LIB_UNLOCK;BASE_ACQUIRE_LOCK:2=BASE_RELEASE_LOCK:2;TRACED_LOCK=TRACED_UNLOCK'}}"
// Without the option the same code is silent: nothing in it is a known lock.
// RUN: %check_tidy -check-suffix=NONE -std=c11 %s threads-unreleased-lock %t.none

// Option LockMacros: a use of a named function-like macro is that acquire
// or release where it is used, whatever it expands to (a call through a
// callback table the application fills in, a test of the lock first). The
// lock is the macro's first argument, or argument N for 'MACRO:N'.

#define _XOPEN_SOURCE 700
#include <pthread.h>
#include <stddef.h>

struct lock_fns {
  void (*lock)(int mode, void *lock);
  void (*unlock)(int mode, void *lock);
};
extern struct lock_fns lib_lock_fns;

#define LIB_LOCK(lk, mode)                                                     \
  if (lk)                                                                      \
  lib_lock_fns.lock(mode, lk)
#define LIB_UNLOCK(lk, mode)                                                   \
  if (lk)                                                                      \
  lib_lock_fns.unlock(mode, lk)

struct table {
  void *lock;
  int rows;
};

int positive_callback_table(struct table *t, int row) {
  LIB_LOCK(t->lock, 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 't->lock' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (row > t->rows)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't->lock' is still locked when 'positive_callback_table' returns here
  t->rows++;
  LIB_UNLOCK(t->lock, 1);
  return 0;
}

int negative_balanced(struct table *t, int row) {
  LIB_LOCK(t->lock, 2);
  if (row > t->rows) {
    LIB_UNLOCK(t->lock, 2);
    return -1;
  }
  t->rows = row;
  LIB_UNLOCK(t->lock, 2);
  return 0;
}

// The lock is the second argument; the expansion wraps a pthread call in a
// test of the context and a do/while.
struct ctx {
  int threaded;
  pthread_mutex_t mu;
  int count;
};
#define BASE_ACQUIRE_LOCK(c, lk)                                               \
  do {                                                                         \
    if ((c)->threaded)                                                         \
      pthread_mutex_lock(lk);                                                  \
  } while (0)
#define BASE_RELEASE_LOCK(c, lk)                                               \
  do {                                                                         \
    if ((c)->threaded)                                                         \
      pthread_mutex_unlock(lk);                                                \
  } while (0)

void positive_second_argument(struct ctx *c, int n) {
  BASE_ACQUIRE_LOCK(c, &c->mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'c->mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  for (int i = 0; i < n; ++i)
    // CHECK-NOTES: :[[@LINE-1]]:19: note: assuming 'i < n' is true
    if (c->count == i)
      // CHECK-NOTES: :[[@LINE-1]]:9: note: assuming 'c->count == i' is true
      return;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'c->mu' is still locked when 'positive_second_argument' returns here
  BASE_RELEASE_LOCK(c, &c->mu);
}

void negative_second_argument(struct ctx *c) {
  BASE_ACQUIRE_LOCK(c, &c->mu);
  c->count++;
  BASE_RELEASE_LOCK(c, &c->mu);
}

// Locked by the macro, released by a direct call on the same lock.
pthread_mutex_t global_mu;
struct ctx global_ctx;
void negative_mixed(void) {
  BASE_ACQUIRE_LOCK(&global_ctx, &global_mu);
  global_ctx.count++;
  pthread_mutex_unlock(&global_mu);
}

// The calls inside a use are part of its one operation: the lock passed to
// them is not handed on (which would forget that it is held).
void trace_lock(pthread_mutex_t *m);
#define TRACED_LOCK(m)                                                         \
  do {                                                                         \
    trace_lock(m);                                                             \
    pthread_mutex_lock(m);                                                     \
  } while (0)
#define TRACED_UNLOCK(m)                                                       \
  do {                                                                         \
    pthread_mutex_unlock(m);                                                   \
    trace_lock(m);                                                             \
  } while (0)

int positive_traced(struct ctx *c) {
  TRACED_LOCK(&c->mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'c->mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (c->count < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'c->mu' is still locked when 'positive_traced' returns here
  TRACED_UNLOCK(&c->mu);
  return 0;
}

void negative_traced(struct ctx *c) {
  TRACED_LOCK(&c->mu);
  c->count++;
  TRACED_UNLOCK(&c->mu);
}
