// Locks held on purpose (docs/threads-unreleased-lock.rst, "Not flagged"):
// a function whose every exit holds a lock it never releases hands it to
// its caller; an acquire whose result is compared with an error code is
// not held on the error branch. Locks released on some paths and not on
// others are still reported. Real <pthread.h> and <errno.h>.
// RUN: %check_tidy %s threads-unreleased-lock %t

#include <errno.h>
#include <pthread.h>

struct table {
  pthread_mutex_t mu;
  int size;
};
static pthread_mutex_t crash_latch = PTHREAD_MUTEX_INITIALIZER;
void dump_state(void);

// A "starts locked" init: the caller unlocks when the table is ready.
void negative_init_locked(struct table *t) {
  pthread_mutex_init(&t->mu, 0);
  pthread_mutex_lock(&t->mu);
  t->size = 0;
}

// A crash-handler latch: the second crashing thread blocks forever.
void negative_crash_latch(void) {
  pthread_mutex_lock(&crash_latch);
  dump_state();
}

static struct table global_table;
// Every path out holds it, none releases it: handed off.
int negative_lock_for_caller(int wait) {
  if (wait)
    pthread_mutex_lock(&global_table.mu);
  else if (pthread_mutex_trylock(&global_table.mu) != 0)
    pthread_mutex_lock(&global_table.mu);
  return global_table.size;
}

// Released on the early path only: a bug, reported.
int positive_released_on_one_path(int n) {
  pthread_mutex_lock(&global_table.mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'global_table.mu' is locked here and not released on every path
  if (n < 0) {
    pthread_mutex_unlock(&global_table.mu);
    return -1;
  }
  return global_table.size;
}

// Held on some exits only (no release, but not every exit holds it).
int positive_held_on_some_exits(int n) {
  if (n > 0)
    pthread_mutex_lock(&global_table.mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'global_table.mu' is locked here and not released on every path
  return n;
}

// The error code compared: not held on the error branch.
int negative_error_compared(void) {
  if (pthread_mutex_lock(&global_table.mu) == EDEADLK)
    return -1;
  global_table.size++;
  pthread_mutex_unlock(&global_table.mu);
  return 0;
}

int negative_error_stored(void) {
  int rc = pthread_mutex_lock(&global_table.mu);
  if (rc != 0)
    return rc;
  global_table.size++;
  pthread_mutex_unlock(&global_table.mu);
  return 0;
}

// A lock function that reports its own failure: every exit holds the lock
// except those on the branch where its own acquire failed, which return
// the error. Handed off.
static struct table jobs;
int negative_lock_or_error(void) {
  int rc = pthread_mutex_lock(&jobs.mu);
  if (rc != 0) {
    dump_state();
    return rc;
  }
  jobs.size++;
  return 0;
}

int negative_trylock_or_busy(void) {
  if (pthread_mutex_trylock(&jobs.mu) != 0)
    return EBUSY;
  return 0;
}

// An exit that never tried to take the lock is not a failure report.
int positive_exit_before_taking(int n) {
  if (n < 0)
    return -1;
  if (pthread_mutex_lock(&jobs.mu) != 0)
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'jobs.mu' is locked here and not released on every path
    return -2;
  return 0;
}

// Released on one path after the failure check: still a bug.
int positive_released_after_failure_check(int n) {
  if (pthread_mutex_lock(&jobs.mu) != 0)
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'jobs.mu' is locked here and not released on every path
    return -1;
  if (n < 0) {
    pthread_mutex_unlock(&jobs.mu);
    return -1;
  }
  return 0;
}
