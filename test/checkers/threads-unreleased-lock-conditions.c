// Path conditions in C (docs/engine.md): a side-effect-free condition
// re-tested with no visible write to anything it reads in between has the
// same value. Real <pthread.h>.
// RUN: %check_tidy %s threads-unreleased-lock %t

#include <pthread.h>
#include <stddef.h>

struct config {
  int num_workers;
  pthread_mutex_t mu;
};
static struct config cfg;

void work(void);
void touch(struct config *c);

void negative_global_field(void) {
  if (cfg.num_workers)
    pthread_mutex_lock(&cfg.mu);
  work();
  if (cfg.num_workers)
    pthread_mutex_unlock(&cfg.mu);
}

void positive_address_passed(void) {
  if (cfg.num_workers)
    pthread_mutex_lock(&cfg.mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cfg.mu' is locked here and not released on every path
  touch(&cfg);
  if (cfg.num_workers)
    pthread_mutex_unlock(&cfg.mu);
}

struct entry {
  pthread_mutex_t mu;
  struct entry *next;
};

void negative_pointer_field(struct entry *self) {
  pthread_mutex_lock(&self->mu);
  if (self->next != NULL)
    pthread_mutex_lock(&self->next->mu);
  work();
  if (self->next != NULL)
    pthread_mutex_unlock(&self->next->mu);
  pthread_mutex_unlock(&self->mu);
}

void positive_field_assigned(struct entry *self, struct entry *other) {
  if (self->next)
    pthread_mutex_lock(&self->next->mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'self->next->mu' is locked here and not released on every path
  self->next = other;
  if (self->next)
    pthread_mutex_unlock(&self->next->mu);
}

struct entry *first(void);
int list_empty(void);

int negative_lock_proves_non_null(void) {
  struct entry *e;
  if (!list_empty()) {
    e = first();
    pthread_mutex_lock(&e->mu);
  } else {
    e = NULL;
  }
  if (!e)
    return -1;
  work();
  pthread_mutex_unlock(&e->mu);
  return 0;
}

void negative_count_compared(int n) {
  int limit = n * 2;
  if (limit > 8)
    pthread_mutex_lock(&cfg.mu);
  work();
  if (limit > 8)
    pthread_mutex_unlock(&cfg.mu);
}

// A condition wait or a release lets other threads write what a condition
// reads through a pointer, a global or `this`: the value re-tested after it
// is not assumed to be the same (the loop below can end).
struct waiter {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int ready;
  int count;
};

int positive_state_changes_while_waiting(struct waiter *w) {
  pthread_mutex_lock(&w->mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'w->mu' is locked here and not released on every path
  if (w->ready) {
    pthread_mutex_unlock(&w->mu);
    return 0;
  }
  while (!w->ready)
    pthread_cond_wait(&w->cv, &w->mu);
  if (w->count < 0)
    return -1;
  pthread_mutex_unlock(&w->mu);
  return 0;
}
