// Diagnostic 1 in C: pthread_detach, thrd_detach and pthread_create with a
// detached attribute inside loops, with real <pthread.h> and <threads.h>.
// RUN: %check_tidy -std=c11,c17 %s threads-unbounded-detach %t

#include <pthread.h>
#include <stddef.h>
#include <threads.h>

void *serve(void *Arg);
int serveC11(void *Arg);
int next_job(void);

/* --- positive ---------------------------------------------------------- */

void positive_pthread_detach(void) {
  for (;;) {
    pthread_t t;
    if (pthread_create(&t, NULL, serve, NULL) != 0)
      continue;
    pthread_detach(t);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_detach' inside a loop leaves one more detached thread running per iteration; nothing limits how many run at once or waits for them [threads-unbounded-detach]
    // CHECK-NOTES: :[[@LINE-4]]:9: note: the thread is created here
    // CHECK-NOTES: :[[@LINE-7]]:3: note: this loop has no iteration bound
  }
}

void positive_thrd_detach(void) {
  int job;
  while ((job = next_job()) >= 0) {
    thrd_t t;
    thrd_create(&t, serveC11, NULL);
    thrd_detach(t);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'thrd_detach' inside a loop leaves one more detached thread running per iteration
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is created here
    // CHECK-NOTES: :[[@LINE-6]]:3: note: the trip count of this loop is not a compile-time constant
  }
}

void positive_detached_attribute(int n) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (int i = 0; i < n; ++i) {
    pthread_t t;
    pthread_create(&t, &attr, serve, NULL);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_create' with a detached attribute inside a loop leaves one more detached thread running per iteration; nothing limits how many run at once or waits for them [threads-unbounded-detach]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: the trip count of this loop is not a compile-time constant
  }
  pthread_attr_destroy(&attr);
}

void positive_array_handles(void) {
  pthread_t pool[64];
  for (int i = 0; i < 64; ++i) {
    pthread_create(&pool[i], NULL, serve, NULL);
    pthread_detach(pool[i]);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_detach' inside a loop
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is created here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: this loop repeats 64 times, more than 'MaxBoundedIterations' (16)
  }
}

/* --- negative ---------------------------------------------------------- */

void negative_bounded(void) {
  for (int i = 0; i < 4; ++i) {
    pthread_t t;
    pthread_create(&t, NULL, serve, NULL);
    pthread_detach(t);
  }
}

void negative_joinable_attribute(int n) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
  pthread_t t[8];
  for (int i = 0; i < n && i < 8; ++i)
    pthread_create(&t[i], &attr, serve, NULL);
  pthread_attr_destroy(&attr);
}

void negative_detach_existing(pthread_t *threads, int n) {
  /* Detaches threads created elsewhere: none is added here. */
  for (int i = 0; i < n; ++i)
    pthread_detach(threads[i]);
}

void negative_not_in_loop(void) {
  pthread_t t;
  pthread_create(&t, NULL, serve, NULL);
  pthread_detach(t);
  pthread_detach(pthread_self());
}
