// RUN: %check_tidy -std=c99,c11 %s threads-blocking-under-lock %t

// C with real <pthread.h>, <unistd.h>, <sys/socket.h>, <poll.h>,
// <sys/select.h>, <semaphore.h>, <stdio.h>, <stdlib.h>.

#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

struct server {
  pthread_mutex_t mu;
  pthread_mutex_t stats_mu;
  pthread_cond_t ready;
  pthread_rwlock_t rw;
  int fd;
  int done;
};

void handle(struct server *s, char *buf) {
  pthread_mutex_lock(&s->mu);
  recv(s->fd, buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recv' blocks while 's->mu' is held; every thread that needs 's->mu' waits as long [threads-blocking-under-lock]
  pthread_mutex_unlock(&s->mu);
  recv(s->fd, buf, 16, 0);
}

void joinUnderLock(struct server *s, pthread_t worker, sem_t *sem) {
  pthread_mutex_lock(&s->mu);
  pthread_join(worker, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_join' blocks while 's->mu' is held; every thread that needs 's->mu' waits as long and deadlocks if the awaited thread needs 's->mu' [threads-blocking-under-lock]
  sem_wait(sem);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sem_wait' blocks while 's->mu' is held; every thread that needs 's->mu' waits as long and deadlocks
  pthread_mutex_unlock(&s->mu);
}

// The condition wait gives back its own mutex; another one stays held.
void waitReady(struct server *s) {
  pthread_mutex_lock(&s->mu);
  while (!s->done)
    pthread_cond_wait(&s->ready, &s->mu);
  pthread_mutex_unlock(&s->mu);
}

void waitHoldingStats(struct server *s) {
  pthread_mutex_lock(&s->stats_mu);
  pthread_mutex_lock(&s->mu);
  while (!s->done)
    pthread_cond_wait(&s->ready, &s->mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' blocks while 's->stats_mu' is held; every thread that needs 's->stats_mu' waits as long and deadlocks if the awaited thread needs 's->stats_mu'
  pthread_mutex_unlock(&s->mu);
  pthread_mutex_unlock(&s->stats_mu);
}

// A timed wait bounds the wait.
void timedWait(struct server *s, const struct timespec *deadline) {
  pthread_mutex_lock(&s->stats_mu);
  pthread_mutex_lock(&s->mu);
  pthread_cond_timedwait(&s->ready, &s->mu, deadline);
  pthread_mutex_unlock(&s->mu);
  pthread_mutex_unlock(&s->stats_mu);
}

// The failure branch of a try-lock, and a checked lock.
int tryLock(struct server *s) {
  if (pthread_mutex_trylock(&s->mu) != 0) {
    usleep(100);
    return -1;
  }
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks while 's->mu' is held
  pthread_mutex_unlock(&s->mu);
  return 0;
}

int checkedLock(struct server *s) {
  if (pthread_mutex_lock(&s->mu) != 0) {
    sleep(1);
    return -1;
  }
  pthread_mutex_unlock(&s->mu);
  return 0;
}

// I/O, polls and processes under a read lock.
void io(struct server *s, char *buf, struct pollfd *fds, fd_set *set,
        FILE *in) {
  pthread_rwlock_rdlock(&s->rw);
  read(s->fd, buf, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' blocks while 's->rw' is held
  accept(s->fd, NULL, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'accept' blocks while 's->rw' is held
  recvmsg(s->fd, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recvmsg' blocks while 's->rw' is held
  getc(in);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'getc' blocks while 's->rw' is held
  getchar();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'getchar' blocks while 's->rw' is held
  scanf("%d", &s->done);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'scanf' blocks while 's->rw' is held
  poll(fds, 1, 100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll' blocks while 's->rw' is held
  poll(fds, 1, 0);
  select(s->fd + 1, set, NULL, NULL, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'select' blocks while 's->rw' is held
  struct timeval zero = {0, 0};
  select(s->fd + 1, set, NULL, NULL, &zero);
  system("sync");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'system' blocks while 's->rw' is held
  wait(NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait' blocks while 's->rw' is held
  pthread_rwlock_unlock(&s->rw);
}

// MSG_DONTWAIT in constant flags returns at once; other flags, and flags
// not known before the call, may wait.
void receives(struct server *s, char *buf, struct msghdr *msg, int flags) {
  pthread_mutex_lock(&s->mu);
  recv(s->fd, buf, 16, MSG_DONTWAIT);
  recvfrom(s->fd, buf, 16, MSG_DONTWAIT | MSG_NOSIGNAL, NULL, NULL);
  recvmsg(s->fd, msg, MSG_PEEK);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recvmsg' blocks while 's->mu' is held
  recv(s->fd, buf, 16, flags);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recv' blocks while 's->mu' is held
  recv(s->fd, buf, 16, MSG_WAITALL | MSG_NOSIGNAL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recv' blocks while 's->mu' is held
  pthread_mutex_unlock(&s->mu);
}

// Through a visible callee, and a lock macro.
static int read_all(int fd, char *buf) { return (int)read(fd, buf, 16); }
#define LOCK(s) pthread_mutex_lock(&(s)->mu)
#define UNLOCK(s) pthread_mutex_unlock(&(s)->mu)
void viaCallee(struct server *s, char *buf) {
  LOCK(s);
  read_all(s->fd, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read_all' blocks while 'mu' is held; every thread that needs 'mu' waits as long
  UNLOCK(s);
}

// Spin locks.
pthread_spinlock_t spin;
void spinning(void) {
  pthread_spin_lock(&spin);
  usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks while 'spin' is held
  pthread_spin_unlock(&spin);
}
