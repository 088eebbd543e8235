// RUN: %check_tidy -std=c99,c11 %s threads-unreleased-lock %t

// C: pthread mutexes, rwlocks and spin locks with real <pthread.h>.

#define _XOPEN_SOURCE 700
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct stats {
  pthread_mutex_t mu;
  pthread_rwlock_t rw;
  pthread_spinlock_t spin;
  long count;
};

static pthread_mutex_t global_mu = PTHREAD_MUTEX_INITIALIZER;

int positive_early_return(struct stats *s, int status) {
  pthread_mutex_lock(&s->mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's->mu' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (status < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 's->mu' is still locked when 'positive_early_return' returns here
  s->count++;
  pthread_mutex_unlock(&s->mu);
  return 0;
}

void positive_pointer_param(pthread_mutex_t *m, int x) {
  pthread_mutex_lock(m);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' is locked here and not released
  if (x)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'm' is still locked when 'positive_pointer_param' returns here
  pthread_mutex_unlock(m);
}

void positive_rwlock_leak(struct stats *s, int x) {
  pthread_rwlock_wrlock(&s->rw);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's->rw' is locked here and not released
  if (x)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 's->rw' is still locked when 'positive_rwlock_leak' returns here
  pthread_rwlock_unlock(&s->rw);
}

void positive_spin(struct stats *s, int x) {
  pthread_spin_lock(&s->spin);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's->spin' is locked here and not released
  if (x)
    goto out;
  pthread_spin_unlock(&s->spin);
out:
  s->count = 0;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 's->spin' is still locked when 'positive_spin' reaches its end here

int positive_trylock_leak(int x) {
  if (pthread_mutex_trylock(&global_mu) != 0)
    return EBUSY;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'global_mu' is locked here and not released
  if (x)
    return 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'global_mu' is still locked when 'positive_trylock_leak' returns here
  pthread_mutex_unlock(&global_mu);
  return 0;
}

void positive_double_lock(void) {
  pthread_mutex_lock(&global_mu);
  pthread_mutex_lock(&global_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'global_mu' is locked again while this thread already holds it; a non-recursive lock deadlocks
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'global_mu' was locked here
  pthread_mutex_unlock(&global_mu);
}

void positive_double_unlock(void) {
  pthread_mutex_lock(&global_mu);
  pthread_mutex_unlock(&global_mu);
  pthread_mutex_unlock(&global_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'global_mu' is unlocked again after it was already released on every path
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'global_mu' was released here
}

void positive_loop(int n) {
  for (int i = 0; i < n; ++i) {
    pthread_mutex_lock(&global_mu);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'global_mu' is locked here and not released
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the next loop iteration locks 'global_mu' again here while it is still held
    if (i == 3)
      continue;
    pthread_mutex_unlock(&global_mu);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'global_mu' is still locked when 'positive_loop' reaches its end here

/* --- negative ------------------------------------------------------------ */

int negative_checked_lock(struct stats *s) {
  if (pthread_mutex_lock(&s->mu) != 0)
    return -1;
  s->count++;
  pthread_mutex_unlock(&s->mu);
  return 0;
}

int negative_checked_lock_stored(struct stats *s) {
  int rc = pthread_mutex_lock(&s->mu);
  if (rc)
    return rc;
  s->count++;
  pthread_mutex_unlock(&s->mu);
  return 0;
}

int negative_checked_lock_in_init(struct stats *s) {
  int rc;
  if ((rc = pthread_mutex_lock(&s->mu)) != 0)
    return rc;
  pthread_mutex_unlock(&s->mu);
  return 0;
}

int negative_trylock(void) {
  if (pthread_mutex_trylock(&global_mu) == 0) {
    pthread_mutex_unlock(&global_mu);
    return 1;
  }
  return 0;
}

int negative_trylock_not(void) {
  if (!pthread_mutex_trylock(&global_mu)) {
    pthread_mutex_unlock(&global_mu);
    return 1;
  }
  return 0;
}

void negative_rdlock_twice(struct stats *s) {
  /* A thread may hold several read locks. */
  pthread_rwlock_rdlock(&s->rw);
  pthread_rwlock_rdlock(&s->rw);
  pthread_rwlock_unlock(&s->rw);
  pthread_rwlock_unlock(&s->rw);
}

void negative_abort(struct stats *s) {
  pthread_mutex_lock(&s->mu);
  if (s->count < 0)
    abort();
  pthread_mutex_unlock(&s->mu);
}

void negative_callers_lock(struct stats *s) { pthread_mutex_unlock(&s->mu); }

/* Lock wrappers: their job is to return holding the lock. */
void stats_lock(struct stats *s) { pthread_mutex_lock(&s->mu); }
int lock_stats(struct stats *s) { return pthread_mutex_lock(&s->mu); }

void negative_cond_wait(pthread_cond_t *cv, struct stats *s) {
  pthread_mutex_lock(&s->mu);
  while (s->count == 0)
    pthread_cond_wait(cv, &s->mu);
  pthread_mutex_unlock(&s->mu);
}

void release_elsewhere(pthread_mutex_t *m);
void negative_handed_off(struct stats *s) {
  pthread_mutex_lock(&s->mu);
  release_elsewhere(&s->mu);
}

void negative_variable_index(pthread_mutex_t *locks, int i) {
  pthread_mutex_lock(&locks[i]);
  if (i)
    return;
  pthread_mutex_unlock(&locks[i]);
}

