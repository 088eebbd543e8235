// The check is for C++ (SPEC: std::thread, std::jthread, std::stop_token); in
// C it does not run, and pthread_create is left to the C-capable checks.
// RUN: %check_tidy -std=c11,c17 %s threads-missing-stop-token %t

#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

static bool stop = false;

static void *spin(void *arg) {
  (void)arg;
  for (;;)
    sleep(1);
  return NULL;
}

static void *poll_flag(void *arg) {
  (void)arg;
  while (!stop)
    sleep(1);
  return NULL;
}

void start(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  pthread_create(&t, NULL, poll_flag, NULL);
}
