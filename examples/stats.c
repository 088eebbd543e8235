/* Request statistics shared by the server threads (C, pthreads).
 *
 * Bugs on purpose: the error path returns with the mutex held
 * (threads-unreleased-lock) and a reporter thread is created and detached
 * per batch without bound (threads-unbounded-detach). */
#include <pthread.h>
#include <stdlib.h>

struct stats {
  pthread_mutex_t mu;
  long requests;
  long errors;
};

int stats_record(struct stats *s, int status) {
  pthread_mutex_lock(&s->mu);
  if (status < 0) {
    s->errors++;
    return -1; /* still locked */
  }
  s->requests++;
  pthread_mutex_unlock(&s->mu);
  return 0;
}

static void *report(void *arg) {
  free(arg);
  return NULL;
}

void stats_report_forever(void) {
  for (;;) {
    pthread_t t;
    long *batch = malloc(sizeof *batch);
    if (!batch || pthread_create(&t, NULL, report, batch) != 0)
      continue;
    pthread_detach(t);
  }
}
