// Lock identity is the lock, not the variable's name (docs/engine.md): a
// lock reached through a pointer variable is the lock the variable's
// reaching assignment points to. Real <pthread.h>.
// RUN: %check_tidy %s threads-unreleased-lock %t

#include <pthread.h>
#include <stddef.h>

struct obj {
  pthread_mutex_t mu;
  struct obj *parent;
};

void work(void);

// Two assignments of two different locks: two locks, each released.
void negative_reassigned_pointer(struct obj *self) {
  pthread_mutex_t *m = &self->mu;
  pthread_mutex_lock(m);
  if (self->parent) {
    m = &self->parent->mu;
    pthread_mutex_lock(m);
    work();
    pthread_mutex_unlock(m);
  }
  pthread_mutex_unlock(&self->mu);
}

// The pointer and the lock spelled directly are one lock.
void negative_alias_and_direct_spelling(struct obj *self) {
  pthread_mutex_t *m = &self->mu;
  pthread_mutex_lock(m);
  work();
  pthread_mutex_unlock(&self->mu);
}

// The same variable, two locks: the second one leaks.
void positive_second_lock_leaks(struct obj *a, struct obj *b, int fail) {
  pthread_mutex_t *m = &a->mu;
  pthread_mutex_lock(m);
  pthread_mutex_unlock(m);
  m = &b->mu;
  pthread_mutex_lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' is locked here and not released on every path
  if (fail)
    return;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'm' is still locked when 'positive_second_lock_leaks' returns here
  pthread_mutex_unlock(m);
}

// A pointer parameter reassigned in a loop walking up a chain: each
// iteration's lock is released before the pointer moves on.
void negative_walk_up(struct obj *o) {
  while (o) {
    pthread_mutex_lock(&o->mu);
    work();
    pthread_mutex_unlock(&o->mu);
    o = o->parent;
  }
}

// Where two different locks may reach one release, the release is unclear:
// the function is not analysed (no guess, no report).
void negative_unclear_release(struct obj *a, struct obj *b, int which) {
  pthread_mutex_t *m = which ? &a->mu : &b->mu;
  pthread_mutex_lock(m);
  pthread_mutex_t *n = &a->mu;
  if (which)
    n = &b->mu;
  pthread_mutex_unlock(n);
}
