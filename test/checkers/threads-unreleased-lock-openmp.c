// REQUIRES: openmp
// RUN: %check_tidy -std=c99,c11 %s threads-unreleased-lock %t -- -- %openmp_flags

// C: OpenMP simple and nestable locks with a real <omp.h>, inside and outside
// parallel regions.

#include <omp.h>

struct table {
  omp_lock_t lock;
  omp_nest_lock_t nest;
  int slots[16];
};

static omp_lock_t global_lock;
static omp_nest_lock_t global_nest;
static int counter;

int positive_set(struct table *t, int key) {
  omp_set_lock(&t->lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 't->lock' is locked here and not released on every path; the next attempt to lock it deadlocks [threads-unreleased-lock]
  if (key < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't->lock' is still locked when 'positive_set' returns here
  int value = t->slots[key % 16];
  omp_unset_lock(&t->lock);
  return value;
}

void positive_parallel_loop(struct table *t) {
#pragma omp parallel for
  for (int i = 0; i < 16; ++i) {
    omp_set_lock(&t->lock);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 't->lock' is locked here and not released
    // The path to the end needs two branches: the notes name them.
    // CHECK-NOTES: :[[@LINE-4]]:19: note: assuming 'i < 16' is false
    // CHECK-NOTES: :[[@LINE-4]]:5: note: the next loop iteration locks 't->lock' again here while it is still held
    if (t->slots[i] < 0)
      // CHECK-NOTES: :[[@LINE-1]]:9: note: assuming 't->slots[i] < 0' is true
      continue;
    t->slots[i]++;
    omp_unset_lock(&t->lock);
  }
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't->lock' is still locked when 'positive_parallel_loop' reaches its end here

int positive_test(int x) {
  if (omp_test_lock(&global_lock)) {
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'global_lock' is locked here and not released
    if (x)
      return 2;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'global_lock' is still locked when 'positive_test' returns here
    omp_unset_lock(&global_lock);
    return 1;
  }
  return 0;
}

void positive_set_twice(void) {
  omp_set_lock(&global_lock);
  omp_set_lock(&global_lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'global_lock' is locked again while this thread already holds it; a non-recursive lock deadlocks
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'global_lock' was locked here
  omp_unset_lock(&global_lock);
}

void positive_nest(struct table *t, int x) {
  omp_set_nest_lock(&t->nest);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 't->nest' is locked here and not released
  if (x)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't->nest' is still locked when 'positive_nest' returns here
  omp_unset_nest_lock(&t->nest);
}

int positive_test_nest(int x) {
  if (!omp_test_nest_lock(&global_nest))
    return 0;
  // CHECK-NOTES: :[[@LINE-2]]:8: warning: 'global_nest' is locked here and not released
  if (x)
    return 2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'global_nest' is still locked when 'positive_test_nest' returns here
  omp_unset_nest_lock(&global_nest);
  return 1;
}

// --- negative: balanced on every path -----------------------------------------

void negative_parallel(struct table *t) {
#pragma omp parallel for
  for (int i = 0; i < 16; ++i) {
    omp_set_lock(&t->lock);
    t->slots[i]++;
    omp_unset_lock(&t->lock);
  }
}

int negative_test(void) {
  if (!omp_test_lock(&global_lock))
    return 0;
  counter++;
  omp_unset_lock(&global_lock);
  return 1;
}

// A nest lock may be set again by its owner; every set has its unset.
void negative_nest_twice(void) {
  omp_set_nest_lock(&global_nest);
  omp_set_nest_lock(&global_nest);
  counter++;
  omp_unset_nest_lock(&global_nest);
  omp_unset_nest_lock(&global_nest);
}

int negative_test_nest(void) {
  if (omp_test_nest_lock(&global_nest)) {
    counter++;
    omp_unset_nest_lock(&global_nest);
    return 1;
  }
  return 0;
}

// Initialisation and destruction are not lock operations; an unset alone
// releases a caller's lock.
void negative_setup(struct table *t) {
  omp_init_lock(&t->lock);
  omp_init_nest_lock(&t->nest);
  omp_destroy_lock(&t->lock);
  omp_destroy_nest_lock(&t->nest);
}
void negative_unset_only(omp_lock_t *l) { omp_unset_lock(l); }
