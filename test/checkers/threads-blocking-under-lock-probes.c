// RUN: %check_tidy -std=c99,c11 %s threads-blocking-under-lock %t

// Readiness probes, with real <poll.h>, <sys/select.h>, <sys/socket.h>,
// <unistd.h>: a read of a descriptor that the same function has passed to
// select, poll or a function that probes, before the read, returns what
// the probe reported ready; a probe whose timeout is zero for this call
// (constants, or parameters the caller gives as zero) returns at once.

#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

struct conn {
  int fd;
  int peer;
};

static ssize_t read_some(int fd, char *buf) { return read(fd, buf, 16); }

static int readable_now(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, 0);
}

void selectThenRecv(struct conn *c, char *buf) {
  pthread_mutex_lock(&mu);
  fd_set set;
  FD_ZERO(&set);
  FD_SET(c->fd, &set);
  struct timeval zero = {0, 0};
  if (select(c->fd + 1, &set, NULL, NULL, &zero) > 0) {
    recv(c->fd, buf, 16, 0);
    read_some(c->fd, buf);
  }
  pthread_mutex_unlock(&mu);
}

void pollArrayThenRead(int a, int b, char *buf) {
  struct pollfd fds[2];
  fds[0].fd = a;
  fds[0].events = POLLIN;
  fds[1].fd = b;
  fds[1].events = POLLIN;
  pthread_mutex_lock(&mu);
  if (poll(fds, 2, 0) > 0) {
    read(a, buf, 1);
    accept(b, NULL, NULL);
  }
  pthread_mutex_unlock(&mu);
}

void probingHelper(struct conn *c, char *buf) {
  pthread_mutex_lock(&mu);
  if (readable_now(c->peer) > 0)
    read_some(c->peer, buf);
  pthread_mutex_unlock(&mu);
}

// A helper that may answer without probing (a return before its probe) is
// no probe: with `fd >= FD_SETSIZE` it says "readable" and the read waits.
static int readable_or_guess(int fd) {
  if (fd >= FD_SETSIZE)
    return 1;
  fd_set set;
  FD_ZERO(&set);
  FD_SET(fd, &set);
  struct timeval tv = {0, 0};
  return select(fd + 1, &set, NULL, NULL, &tv);
}

void guessed(struct conn *c, char *buf) {
  pthread_mutex_lock(&mu);
  if (readable_or_guess(c->fd) > 0)
    recv(c->fd, buf, 1, MSG_PEEK);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'recv' blocks while 'mu' is held
  pthread_mutex_unlock(&mu);
}

// Reported: another descriptor was probed, the read comes before the probe,
// or nothing probes.
void otherDescriptor(struct conn *c, char *buf) {
  struct pollfd p = {c->peer, POLLIN, 0};
  pthread_mutex_lock(&mu);
  read(c->fd, buf, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' blocks while 'mu' is held; every thread that needs 'mu' waits as long [threads-blocking-under-lock]
  if (poll(&p, 1, 0) > 0)
    recv(c->fd, buf, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'recv' blocks while 'mu' is held
  if (readable_now(c->peer) > 0)
    read_some(c->fd, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'read_some' blocks while 'mu' is held
  pthread_mutex_unlock(&mu);
}

void readBeforeProbe(struct conn *c, char *buf) {
  pthread_mutex_lock(&mu);
  recv(c->peer, buf, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'recv' blocks while 'mu' is held
  readable_now(c->peer);
  pthread_mutex_unlock(&mu);
}

// Timeouts zero for the call.
static int wait_readable(int fd, long sec, long usec) {
  fd_set set;
  FD_ZERO(&set);
  FD_SET(fd, &set);
  struct timeval tv;
  tv.tv_sec = sec;
  tv.tv_usec = usec;
  return select(fd + 1, &set, NULL, NULL, &tv);
}

static int poll_seconds(int fd, int sec) {
  struct pollfd p = {fd, POLLIN, 0};
  const int ms = sec * 1000;
  return poll(&p, 1, ms);
}

static int alive(int fd) {
  if (wait_readable(fd, 0, 0) <= 0)
    return 0;
  char b;
  return recv(fd, &b, 1, MSG_PEEK) > 0;
}

static int through_two(int fd, int sec) { return poll_seconds(fd, sec); }

void zeroTimeouts(struct conn *c) {
  pthread_mutex_lock(&mu);
  wait_readable(c->fd, 0, 0);
  poll_seconds(c->fd, 0);
  alive(c->peer);
  through_two(c->fd, 0);
  struct timeval tv;
  tv.tv_sec = 0;
  tv.tv_usec = 0;
  select(0, NULL, NULL, NULL, &tv);
  pthread_mutex_unlock(&mu);
}

// Reported: a timeout the caller gives as non-zero or unknown, a timeout
// changed after it was set, a timeval given to something else.
static int wait_longer(int fd, long sec) {
  struct timeval tv = {0, 0};
  tv.tv_sec = sec + 1;
  return select(fd + 1, NULL, NULL, NULL, &tv);
}

static int poll_retry(int fd, int ms) {
  struct pollfd p = {fd, POLLIN, 0};
  ms += 10;
  return poll(&p, 1, ms);
}

void adjust(struct timeval *tv);

void nonZeroTimeouts(struct conn *c, int ms) {
  pthread_mutex_lock(&mu);
  wait_readable(c->fd, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait_readable' blocks while 'mu' is held
  poll_seconds(c->fd, ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll_seconds' blocks while 'mu' is held
  wait_longer(c->fd, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'wait_longer' blocks while 'mu' is held
  poll_retry(c->fd, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'poll_retry' blocks while 'mu' is held
  struct timeval tv = {0, 0};
  adjust(&tv);
  select(0, NULL, NULL, NULL, &tv);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'select' blocks while 'mu' is held
  pthread_mutex_unlock(&mu);
}
