// RUN: %check_tidy -std=c11,c17 %s threads-unreleased-lock %t

// C11 <threads.h> mutexes.

#include <threads.h>

static mtx_t lock;

int positive_leak(int x) {
  mtx_lock(&lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lock' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (x)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'lock' is still locked when 'positive_leak' returns here
  mtx_unlock(&lock);
  return 0;
}

int negative_checked(void) {
  if (mtx_lock(&lock) != thrd_success)
    return -1;
  mtx_unlock(&lock);
  return 0;
}

int negative_trylock(void) {
  if (mtx_trylock(&lock) == thrd_success) {
    mtx_unlock(&lock);
    return 1;
  }
  return 0;
}

int positive_try_then_leak(int x) {
  if (mtx_trylock(&lock) != thrd_success)
    return 0;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'lock' is locked here and not released
  if (x)
    return 2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'lock' is still locked when 'positive_try_then_leak' returns here
  mtx_unlock(&lock);
  return 1;
}
