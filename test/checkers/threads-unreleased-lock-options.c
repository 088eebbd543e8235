// RUN: %check_tidy -std=c99,c11 %s threads-unreleased-lock %t -- \
// RUN:   -config="{CheckOptions: {threads-unreleased-lock.AcquireFunctionsRegex: '^stats_(get|grab)$'}}"

// C: with AcquireFunctionsRegex set, the regex alone decides which functions
// return holding a lock on purpose; the built-in name rule is off.

#define _XOPEN_SOURCE 700
#include <pthread.h>

struct stats {
  pthread_mutex_t mu;
  int hits;
};
struct stats global_stats;

struct stats *stats_get(int fail) {
  pthread_mutex_lock(&global_stats.mu);
  if (fail)
    return 0;
  return &global_stats;
}

int lock_and_count(int fail) {
  pthread_mutex_lock(&global_stats.mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'global_stats.mu' is locked here and not released on every path
  if (fail)
    return -1;
  int hits = ++global_stats.hits;
  pthread_mutex_unlock(&global_stats.mu);
  return hits;
}

int stats_trylock(int fail) {
  if (pthread_mutex_trylock(&global_stats.mu) != 0)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'global_stats.mu' is locked here and not released on every path
  if (fail)
    return -2;
  pthread_mutex_unlock(&global_stats.mu);
  return 0;
}
