#include <pthread.h>

static pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;
static int Count;

int bump(int Fail) {
  pthread_mutex_lock(&Mu);
  ++Count;
  pthread_mutex_unlock(&Mu);
  return 0;
}
