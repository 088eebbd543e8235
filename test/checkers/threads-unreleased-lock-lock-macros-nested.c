// RUN: %check_tidy -std=c99,c11 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.LockMacros: 'BASE_ACQUIRE_LOCK:2=BASE_RELEASE_LOCK:2;CTX_LOCK=CTX_UNLOCK'}}"

// Option LockMacros with named macros that nest, or a named macro used
// inside a macro nobody named: the innermost named use gives the operation
// and the lock, the outermost use in the user's code gives the location.

#include <pthread.h>

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
// Both named: the context is CTX_LOCK's first argument, the lock is what
// BASE_ACQUIRE_LOCK gets as its second.
#define CTX_LOCK(c) BASE_ACQUIRE_LOCK(c, &(c)->mu)
#define CTX_UNLOCK(c) BASE_RELEASE_LOCK(c, &(c)->mu)
// Not named: its use is where the named macro inside it is used.
#define QUIET_LOCK(c) BASE_ACQUIRE_LOCK(c, &(c)->mu)
#define QUIET_UNLOCK(c) BASE_RELEASE_LOCK(c, &(c)->mu)

int positive_nested(struct ctx *c) {
  CTX_LOCK(c);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (c->count < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' is still locked when 'positive_nested' returns here
  CTX_UNLOCK(c);
  return 0;
}

// The same lock whichever macro names it.
void negative_nested_mixed(struct ctx *c) {
  CTX_LOCK(c);
  c->count++;
  BASE_RELEASE_LOCK(c, &c->mu);
}

void negative_nested_balanced(struct ctx *c) {
  CTX_LOCK(c);
  c->count++;
  CTX_UNLOCK(c);
}

// Two contexts: two locks.
void positive_nested_other_context(struct ctx *a, struct ctx *b, int n) {
  CTX_LOCK(a);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  a->count++;
  if (n) {
    CTX_UNLOCK(b);
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' is still locked when 'positive_nested_other_context' returns here
  }
  CTX_UNLOCK(a);
}

int positive_inside_unnamed(struct ctx *c) {
  QUIET_LOCK(c);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (c->count < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'mu' is still locked when 'positive_inside_unnamed' returns here
  QUIET_UNLOCK(c);
  return 0;
}

void negative_inside_unnamed(struct ctx *c) {
  QUIET_LOCK(c);
  c->count++;
  QUIET_UNLOCK(c);
}
