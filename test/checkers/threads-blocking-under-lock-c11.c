// RUN: %check_tidy -std=c11,c17 %s threads-blocking-under-lock %t

// C11 <threads.h>: mtx_lock, cnd_wait, thrd_join, thrd_sleep.

#include <threads.h>
#include <time.h>

mtx_t mu;
mtx_t other;
cnd_t ready;
int done;

void joinUnderLock(thrd_t worker) {
  mtx_lock(&mu);
  thrd_join(worker, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'thrd_join' blocks while 'mu' is held; every thread that needs 'mu' waits as long and deadlocks if the awaited thread needs 'mu' [threads-blocking-under-lock]
  mtx_unlock(&mu);
  thrd_join(worker, NULL);
}

void sleepUnderLock(void) {
  struct timespec ts = {0, 1000};
  mtx_lock(&mu);
  thrd_sleep(&ts, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'thrd_sleep' blocks while 'mu' is held; every thread that needs 'mu' waits as long [threads-blocking-under-lock]
  mtx_unlock(&mu);
}

void waits(const struct timespec *deadline) {
  mtx_lock(&mu);
  while (!done)
    cnd_wait(&ready, &mu);
  cnd_timedwait(&ready, &mu, deadline);
  mtx_unlock(&mu);

  mtx_lock(&other);
  mtx_lock(&mu);
  cnd_wait(&ready, &mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cnd_wait' blocks while 'other' is held
  mtx_unlock(&mu);
  mtx_unlock(&other);
}

int tryLock(void) {
  if (mtx_trylock(&mu) != thrd_success) {
    thrd_yield();
    return -1;
  }
  mtx_unlock(&mu);
  return 0;
}
